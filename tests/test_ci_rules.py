"""Pull-request rules, each both ways: a pull request that breaks it (exit 1, the code, the file and
the line at head) and one that does the same thing properly (exit 0). Real git repositories."""

from __future__ import annotations

import json

import pytest
from ci_repo import DEV, GULOU, HITECH, OFFICE, LedgerRepo, git, line_of


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    return LedgerRepo(tmp_path / "repo")


def check(cli, repo: LedgerRepo, *args: str, base: str = "HEAD~1", env: dict | None = None):
    """Run `check --base HEAD~1 -f json` on the working tree; (exit code, [(code, file, line, col)])."""
    result = cli("check", "-l", repo.root, "--base", base, "-f", "json", "--lang", "en", *args, env=env)
    assert result.exit_code in (0, 1), result.stderr
    problems = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["code"], p["file"], p["line"], p["col"]) for p in problems]


def head_line(repo: LedgerRepo, needle: str, rel: str = "tasks/main.yaml") -> int:
    return line_of(repo.path(rel).read_text(encoding="utf-8"), needle)


WITHDRAW_T1 = """\
  status: withdrawn
  changes:
    - {date: 2026-06-18, field: status, from: in_progress, to: withdrawn, reason: 并入T-2统筹推进, approved_by: 市委改革办}
"""


# --- R901 / R902: tasks are never deleted or renamed ----------------------------------------------


def test_deleted_task_is_an_error_at_its_place(repo, cli):
    text = repo.path("tasks/main.yaml").read_text(encoding="utf-8")
    repo.path("tasks/main.yaml").write_text(text[text.index("- id: T-2"):], encoding="utf-8")
    repo.commit("drop T-1")
    code, problems = check(cli, repo)
    assert code == 1
    assert problems == [("R901", "tasks/main.yaml", 1, 3)]  # where T-1 stood, now T-2


def test_deleted_file_points_at_line_one(repo, cli):
    repo.write("tasks/extra.yaml", "- {id: X-1, title: 临时任务, lead_unit: dev, milestones: [{id: m1, due: 2026-09-30, what: 完成}]}\n")
    repo.commit("add X-1")
    repo.path("tasks/extra.yaml").unlink()
    repo.commit("drop extra.yaml")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R901", "tasks/extra.yaml", 1, 1)]


def test_withdrawn_task_with_approved_change_passes(repo, cli):
    repo.edit("tasks/main.yaml", "  status: in_progress\n", WITHDRAW_T1)
    repo.commit("withdraw T-1")
    assert check(cli, repo) == (0, [])


def test_renamed_task_id_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", "- id: T-1\n", "- id: T-1a\n")
    repo.commit("rename T-1")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R902", "tasks/main.yaml", 1, 7)]


def test_new_task_beside_the_old_passes(repo, cli):
    with repo.path("tasks/main.yaml").open("a", encoding="utf-8") as stream:
        stream.write("- id: T-3\n  title: 新任务\n  lead_unit: dev\n  milestones:\n"
                     "    - {id: m1, due: 2026-09-30, what: 形成方案}\n")
    repo.commit("add T-3")
    assert check(cli, repo) == (0, [])


# --- R903 / R904: milestones too ---------------------------------------------------------------


def test_deleted_milestone_points_at_milestones(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m3, due: 2026-06-30, what: 印发实施}\n", "")
    repo.commit("drop m3")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R903", "tasks/main.yaml", head_line(repo, "  milestones:"), 3)]


def test_renamed_milestone_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", "{id: m3,", "{id: m3b,")
    repo.commit("rename m3")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R904", "tasks/main.yaml", head_line(repo, "m3b"), 12)]


def test_added_milestone_passes(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m3, due: 2026-06-30, what: 印发实施}\n",
              "    - {id: m3, due: 2026-06-30, what: 印发实施}\n    - {id: m4, due: 2026-12-31, what: 评估}\n")
    repo.commit("add m4")
    assert check(cli, repo) == (0, [])


# --- R911 / R912: no silent drift --------------------------------------------------------------

POSTPONE_M2 = "    - {id: m2, due: 2026-06-25, what: 形成方案}\n"
APPROVED_M2 = """\
  changes:
    - {date: 2026-06-08, milestone: m2, field: due, from: 2026-06-10, to: 2026-06-25, reason: 待省级方案出台后衔接, approved_by: 市委改革办, ref: 江改办〔2026〕7号}
"""


def test_silent_postponement_is_one_error_on_the_due_date(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n", POSTPONE_M2)
    repo.commit("postpone m2", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R911", "tasks/main.yaml", 10, 21)]


def test_approved_postponement_passes(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n", POSTPONE_M2)
    repo.edit("tasks/main.yaml", "- id: T-2\n", APPROVED_M2 + "- id: T-2\n")
    repo.commit("postpone m2 with approval", email=DEV)
    repo.confirm()  # the unit asks, the office approves (until 2026-11 a unit's own entry passed alone: R944)
    assert check(cli, repo, base=repo.base) == (0, [])


def test_change_with_the_wrong_old_date_does_not_count(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n", POSTPONE_M2)
    repo.edit("tasks/main.yaml", "- id: T-2\n", APPROVED_M2.replace("from: 2026-06-10", "from: 2026-06-01") + "- id: T-2\n")
    repo.commit("postpone m2, change says another date")
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R911"]


def test_silent_change_of_lead_unit(repo, cli):
    repo.edit("tasks/main.yaml", "  lead_unit: dev\n", "  lead_unit: gulou\n")
    repo.commit("hand T-1 to gulou")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R912", "tasks/main.yaml", 5, 14)]


def test_approved_change_of_lead_leader_passes(repo, cli):
    repo.edit("tasks/main.yaml", "  lead_leader: li\n", "  lead_leader: wang\n")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-15, field: lead_leader, from: li, to: wang, "
                                                "reason: 市领导分工调整, approved_by: 市委深改委}\n- id: T-2\n")
    repo.commit("new lead leader")
    assert check(cli, repo) == (0, [])


# --- R921 / R922: history is append-only -------------------------------------------------------


def test_edited_progress_is_an_error_on_the_edited_key(repo, cli):
    repo.edit("tasks/main.yaml", "text: 方案已形成初稿", "text: 方案已定稿")
    repo.commit("rewrite history")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R921", "tasks/main.yaml", 13, 41)]  # the text that was edited


def test_removed_progress_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", "  progress:\n    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", "")
    repo.commit("drop progress")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R922", "tasks/main.yaml", 1, 3), ("R702", "tasks/main.yaml", 1, 7)]


def test_correction_as_a_new_progress_entry_passes(repo, cli):
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n",
              "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n"
              "    - {date: 2026-06-12, by: dev, text: 更正：6月1日形成的是方案征求意见稿}\n")
    repo.commit("correct by a new entry")
    assert check(cli, repo) == (0, [])


def test_edited_change_entry_is_an_error(tmp_path, cli):
    from helpers import TASKS

    tasks = TASKS.replace("    - {id: m2, due: 2026-06-10,", "    - {id: m2, due: 2026-06-25,").replace(
        "- id: T-2\n", APPROVED_M2 + "- id: T-2\n")
    repo = LedgerRepo(tmp_path / "repo", tasks={"main.yaml": tasks})
    repo.edit("tasks/main.yaml", "approved_by: 市委改革办, ref", "approved_by: 市政府办公室, ref")
    repo.commit("who approved it, again?")
    code, problems = check(cli, repo)
    line = head_line(repo, "approved_by: 市政府办公室")
    col = repo.path("tasks/main.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index("市政府办公室") + 1
    assert code == 1 and problems == [("R921", "tasks/main.yaml", line, col)]


# --- R931: a struck-off task stays put ---------------------------------------------------------


def test_changed_closed_task_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", "  title: 城市更新试点\n", "  title: 城市更新试点（扩围）\n")
    repo.commit("widen T-2")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R931", "tasks/main.yaml", head_line(repo, "城市更新试点"), 10)]


def test_new_progress_on_closed_task_passes(repo, cli):
    repo.edit("tasks/main.yaml", "  closed: {date: 2026-05-20",
              "  progress:\n    - {date: 2026-06-10, by: gulou, text: 试点经验已在全市推广}\n  closed: {date: 2026-05-20")
    repo.commit("news on T-2")
    assert check(cli, repo) == (0, [])


# --- R941 / R942: each unit edits its own tasks ------------------------------------------------

PROGRESS_T1 = "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n    - {date: 2026-06-18, by: dev, text: 已报市政府}\n"


@pytest.mark.parametrize("email", [DEV, GULOU, OFFICE])  # the lead unit, a co-unit, the office
def test_owners_may_change_their_task(repo, cli, email):
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", PROGRESS_T1)
    repo.commit("progress on T-1", email=email)
    assert check(cli, repo) == (0, [])


def test_other_unit_changing_a_task_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", PROGRESS_T1)
    repo.commit("progress on T-1", email=HITECH)
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R941", "tasks/main.yaml", 1, 7)]
    message = cli("check", "-l", repo.root, "--base", "HEAD~1", "--lang", "en").stdout
    assert "R941 hitech@jz.gov.cn (高新区) changed task T-1, which 市发展改革委 leads (co-units: 鼓楼区)" in message


def test_author_option_overrides_commit_authors(repo, cli):
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", PROGRESS_T1)
    repo.commit("progress on T-1", email=HITECH)
    assert check(cli, repo, "--author", DEV) == (0, [])
    code, problems = check(cli, repo, "--author", DEV, "--author", "stranger@example.com")
    assert code == 1 and problems == [("R942", "units.yaml", 4, 1)]  # units:


def test_ownership_is_silent_without_members(tmp_path, cli):
    from helpers import UNITS

    repo = LedgerRepo(tmp_path / "repo", units=UNITS)
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", PROGRESS_T1)
    repo.commit("progress on T-1", email=HITECH)
    assert check(cli, repo) == (0, [])


# --- what runs when ----------------------------------------------------------------------------


def test_single_revision_checks_still_run_on_head(repo, cli):
    repo.edit("tasks/main.yaml", "  lead_unit: dev\n", "  lead_unit: nobody\n")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-15, field: lead_unit, from: dev, to: nobody, "
                                                "reason: 机构改革, approved_by: 市委改革办}\n- id: T-2\n")
    repo.commit("unknown unit")
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R301"]


def test_rules_compare_revisions_with_head_option(repo, cli):
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n", POSTPONE_M2)
    repo.commit("postpone m2")
    first = git(repo.top, "rev-list", "--max-parents=0", "HEAD")
    repo.edit("tasks/main.yaml", "2026-06-25", "2026-06-10")  # the working tree undoes it: only --head sees it
    result = cli("check", "-l", repo.root, "--base", first, "--head", "HEAD", "-f", "json")
    assert result.exit_code == 1 and [p["code"] for p in json.loads(result.stdout)["problems"]] == ["R911"]
    assert cli("check", "-l", repo.root, "--base", first).exit_code == 0


def test_ledger_below_the_repository_top(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", sub="ledger/jz")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n", POSTPONE_M2)
    repo.commit("postpone m2")
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R911", "tasks/main.yaml", 10, 21)]
    github = cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "github", "--lang", "en").stdout
    assert github.startswith("::error file=ledger/jz/tasks/main.yaml,line=10,col=21,title=R911 silent-postponement::")


def test_broken_file_at_head_is_not_a_deleted_task(repo, cli):
    repo.edit("tasks/main.yaml", "  title: 优化营商环境改革\n", "  title: [优化营商环境改革\n")
    repo.commit("syntax error")
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R001"]


def test_task_failing_validation_is_not_a_deleted_task(repo, cli):
    repo.edit("tasks/main.yaml", "  title: 优化营商环境改革\n", "")
    repo.commit("title lost")
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R102"]


def test_author_may_be_a_team_handle(repo, cli):
    repo.edit("tasks/main.yaml", "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n", PROGRESS_T1)
    repo.commit("progress on T-1", email="bot@ci.example")
    assert check(cli, repo, "--author", "@JZ/Gulou") == (0, [])
    code, problems = check(cli, repo, "--author", "@jz/office-not")
    assert code == 1 and [p[0] for p in problems] == ["R942"]


def test_unit_changing_the_units_file_is_an_error(repo, cli):
    repo.edit("units.yaml", "members: [hitech@jz.gov.cn]", "members: [hitech@jz.gov.cn], teams: ['@jz/hitech']")
    repo.commit("hitech adds its team", email=HITECH)
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R943", "units.yaml", 1, 1)]
    assert check(cli, repo, "--author", OFFICE) == (0, [])  # the office may
