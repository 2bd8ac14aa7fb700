"""The pull-request guard against a unit that wants its lateness gone (issue 8, section 4).

Each test is an attack tried on a real git repository, and the guard holding; most passed
silently before. Authors come from the forge, verified signatures or claimed emails, in that order.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from ci_repo import DEV, GULOU, HITECH, OFFICE, UNITS_WITH_MEMBERS, LedgerRepo, git, line_of
from helpers import CONFIG

M2 = "    - {id: m2, due: 2026-06-10, what: 形成方案}\n"
PROGRESS = "    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n"
MORE_PROGRESS = PROGRESS + "    - {date: 2026-06-18, by: dev, text: 已报市政府}\n"
POSTPONE = "    - {id: m2, due: 2026-06-25, what: 形成方案}\n"
POSTPONE_ENTRY = """\
  changes:
    - {date: 2026-06-08, milestone: m2, field: due, from: 2026-06-10, to: 2026-06-25, reason: 待省级方案出台后衔接, approved_by: 市委改革办}
- id: T-2
"""
# Staff known to the forge by their logins, beside their emails.
FORGE_UNITS = UNITS_WITH_MEMBERS.replace("members: [dev@jz.gov.cn]", "members: [dev@jz.gov.cn, '@dev-clerk']").replace(
    "members: [office@jz.gov.cn]", "members: [office@jz.gov.cn, '@office-clerk']").replace(
    "members: [hitech@jz.gov.cn]", "members: [hitech@jz.gov.cn, '@hitech-clerk']")
NO_FORGE = {"GITHUB_ACTIONS": "", "GITHUB_ACTOR": "", "GITHUB_TRIGGERING_ACTOR": "", "GITLAB_CI": "",
            "GITLAB_USER_LOGIN": "", "GITLAB_USER_EMAIL": ""}


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    return LedgerRepo(tmp_path / "repo")


def check(cli, repo: LedgerRepo, *args: str, env: dict | None = None):
    """`check --base <the first commit> -f json`: (exit code, [(code, file, line, col)])."""
    result = cli("check", "-l", repo.root, "--base", repo.base, "-f", "json", "--lang", "en", *args,
                 env={**NO_FORGE, **(env or {})})
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, [(p["code"], p["file"], p["line"], p["col"]) for p in json.loads(result.stdout)["problems"]]


def failure(cli, repo: LedgerRepo, *args: str, env: dict | None = None) -> str:
    """The message of a check that cannot run (exit 2)."""
    result = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", *args, env={**NO_FORGE, **(env or {})})
    assert result.exit_code == 2, result.stdout + result.stderr
    return result.stderr


def at(repo: LedgerRepo, needle: str, word: str, rel: str = "tasks/main.yaml") -> tuple[int, int]:
    """(line, column) of `word` on the first line holding `needle`."""
    text = repo.path(rel).read_text(encoding="utf-8")
    line = line_of(text, needle)
    return line, text.splitlines()[line - 1].index(word) + 1


# --- the base is the merge base, not the base's tip (R901, R941) -----------------------------------

T3 = "- id: T-3\n  title: 一网通办升级\n  lead_unit: gulou\n  milestones:\n    - {id: m1, due: 2026-09-30, what: 上线}\n"


def test_a_branch_behind_main_is_not_blamed_for_mains_new_tasks(repo, cli):
    git(repo.top, "checkout", "-q", "-b", "progress")
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    repo.commit("dev reports progress", email=DEV)
    git(repo.top, "checkout", "-q", "main")
    repo.write("tasks/gulou.yaml", T3)
    repo.commit("office adds T-3")
    git(repo.top, "checkout", "-q", "progress")
    result = cli("check", "-l", repo.root, "--base", "main", "-f", "json", env=NO_FORGE)
    assert result.exit_code == 0 and json.loads(result.stdout)["problems"] == []  # was R901 and R941 on T-3


def test_unrelated_histories_stop_the_check(repo, cli, tmp_path):
    other = LedgerRepo(tmp_path / "other", tasks={})  # another ledger, with a history of its own
    git(repo.top, "fetch", "-q", str(other.top), "main:other")
    result = cli("check", "-l", repo.root, "--base", "other", "--lang", "en", env=NO_FORGE)
    assert result.exit_code == 2 and result.stderr.startswith("The revisions 'other' and 'HEAD' share no history")


# --- suspension, withdrawal and a milestone's `what` need an approved change (R913, R914) ------------


@pytest.mark.parametrize("status", ["suspended", "withdrawn"])
def test_silent_halt_is_an_error(repo, cli, status):
    repo.edit("tasks/main.yaml", "  status: in_progress\n", f"  status: {status}\n")
    repo.commit(f"T-1 {status}")
    assert check(cli, repo) == (1, [("R913", "tasks/main.yaml", *at(repo, "status:", status))])


def test_approved_suspension_passes(repo, cli):
    repo.edit("tasks/main.yaml", "  status: in_progress\n", "  status: suspended\n  changes:\n"
              "    - {date: 2026-06-18, field: status, from: in_progress, to: suspended, reason: 等待上级政策, approved_by: 市委改革办}\n")
    repo.commit("T-1 suspended with approval")
    assert check(cli, repo) == (0, [])


def test_silent_rewording_of_a_milestone_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案初稿}\n")
    repo.commit("m2 asks less")
    assert check(cli, repo) == (1, [("R914", "tasks/main.yaml", *at(repo, "id: m2", "形成方案初稿"))])
    message = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", env=NO_FORGE).stdout
    assert "R914 what milestone m2 of task T-1 delivers changed from '形成方案' to '形成方案初稿' without a new approved change" in message


def test_approved_rewording_passes(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案初稿}\n")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-18, milestone: m2, field: what, "
              "from: 形成方案, to: 形成方案初稿, reason: 分两步报批, approved_by: 市委改革办}\n- id: T-2\n")
    repo.commit("m2 reworded with approval")
    assert check(cli, repo) == (0, [])


# --- a late report (补报) needs evidence (R915) ---------------------------------------------------


def test_back_dated_completion_without_evidence_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09}\n")
    repo.commit("m2 was done on time, it says", email=DEV, day="2026-06-20")
    assert check(cli, repo) == (1, [("R915", "tasks/main.yaml", *at(repo, "id: m2", "2026-06-09"))])
    message = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", env=NO_FORGE).stdout
    assert "reported done on 2026-06-09, 7 working days before this pull request began (2026-06-20)" in message


def test_back_dated_completion_with_evidence_passes_and_is_listed(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09, evidence: [docs/t1-m2.pdf]}\n")
    repo.commit("m2 done, with the document", email=DEV, day="2026-06-20")
    assert check(cli, repo) == (0, [])
    data = json.loads(cli("diff", repo.base, "-l", repo.root, "-f", "json").stdout)
    assert data["late"] == [{"task": "T-1", "milestone": "m2", "what": "形成方案", "done": "2026-06-09",
                             "started": "2026-06-20", "workdays": 7}]
    text = cli("diff", repo.base, "-l", repo.root, "--lang", "zh").stdout
    assert "补报（1）" in text


def test_recent_completion_passes(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-16}\n")
    repo.commit("m2 done this week", email=DEV, day="2026-06-20")
    assert check(cli, repo) == (0, [])


def test_the_allowance_is_the_bases_setting(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", config=CONFIG + "pull_requests: {late_report_workdays: 10}\n")
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09}\n")
    repo.edit("reformctl.yaml", "late_report_workdays: 10", "late_report_workdays: 0")
    repo.commit("m2 done 8 working days ago", day="2026-06-20")
    assert check(cli, repo) == (0, [])  # the office's own change of the setting counts from the next pull request


def test_a_back_dated_first_commit_does_not_hide_a_late_report(repo, cli):
    repo.edit("tasks/main.yaml", M2, "    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09}\n")
    repo.commit("dated before the base", email=DEV, day="2026-06-09")
    # the pull request cannot begin before the commit it starts from (dated 2026-06-20; 19 June is a holiday)
    assert [p[0] for p in check(cli, repo)[1]] == ["R915"]


# --- every file that is not a task file is the office's (R942, R943) ------------------------------


def test_a_unit_changing_a_template_is_an_error(repo, cli):
    repo.write("templates/bulletin.md.j2", "# {{ title }}\n")
    repo.commit("the office's template", email=OFFICE)
    repo.base = git(repo.top, "rev-parse", "HEAD")
    repo.write("templates/bulletin.md.j2", "# {{ title }} (all on time)\n")
    repo.write("README.md", "说明\n")
    repo.commit("dev restyles the bulletin", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R943", "README.md", 1, 1), ("R943", "templates/bulletin.md.j2", 1, 1)]
    git(repo.top, "commit", "-q", "--amend", "--no-edit", "--reset-author", email=OFFICE)
    assert check(cli, repo) == (0, [])  # the office may


def test_an_unknown_author_may_change_nothing(repo, cli):
    repo.write("templates/bulletin.md.j2", "# {{ title }}\n")
    repo.commit("a stranger adds a template", email="stranger@example.com")
    assert check(cli, repo) == (1, [("R942", "units.yaml", 4, 1)])  # was exit 0: no task had changed


# --- a change entry is an approval: a unit cannot approve itself (R944) -----------------------------


def test_a_unit_approving_its_own_postponement_is_an_error(repo, cli):
    repo.edit("tasks/main.yaml", M2, POSTPONE)
    repo.edit("tasks/main.yaml", "- id: T-2\n", POSTPONE_ENTRY)
    repo.commit("postpone m2, 'approved by the office'", email=DEV)
    line, col = at(repo, "field: due", "{date")
    assert check(cli, repo) == (1, [("R944", "tasks/main.yaml", line, col)])
    message = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", env=NO_FORGE).stdout
    assert "R944 dev@jz.gov.cn (市发展改革委) added a change of due to task T-1; a change is an approval" in message


def test_the_office_confirms_with_a_commit_of_its_own(repo, cli):
    repo.edit("tasks/main.yaml", M2, POSTPONE)
    repo.edit("tasks/main.yaml", "- id: T-2\n", POSTPONE_ENTRY)
    repo.commit("postpone m2 (request)", email=DEV)
    repo.confirm("确认 T-1 m2 推迟至 6月25日")
    assert check(cli, repo) == (0, [])
    repo.edit("tasks/main.yaml", "待省级方案出台后衔接", "待省级方案出台后衔接，并顺延其余节点")  # edited after the confirmation
    repo.commit("and a bit more", email=DEV)
    assert [p[0] for p in check(cli, repo)[1]] == ["R944"]


# --- authors: the forge first -------------------------------------------------------------------


def test_the_forge_actor_outranks_a_claimed_email(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", units=FORGE_UNITS)
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    repo.commit("progress on T-1", email=OFFICE)  # claims to be the office
    github = {"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "hitech-clerk"}
    assert check(cli, repo, env=github) == (1, [("R941", "tasks/main.yaml", 1, 7)])
    assert check(cli, repo, env={**github, "GITHUB_ACTOR": "dev-clerk"}) == (0, [])
    assert check(cli, repo, env={**github, "GITHUB_ACTOR": "someone"}) == (1, [("R942", "units.yaml", 4, 1)])


def test_a_re_run_by_the_office_does_not_make_a_units_change_the_offices(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", units=FORGE_UNITS)
    repo.edit("tasks/main.yaml", M2, POSTPONE)
    repo.edit("tasks/main.yaml", "- id: T-2\n", POSTPONE_ENTRY)
    repo.commit("postpone m2", email=OFFICE)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "dev-clerk", "GITHUB_TRIGGERING_ACTOR": "office-clerk"}
    assert [p[0] for p in check(cli, repo, env=env)[1]] == ["R944"]
    assert check(cli, repo, env={**env, "GITHUB_ACTOR": "office-clerk"}) == (0, [])  # the office pushed


def test_gitlab_names_the_user(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", units=FORGE_UNITS)
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    repo.commit("progress on T-1", email=OFFICE)
    gitlab = {"GITLAB_CI": "true", "GITLAB_USER_LOGIN": "someone", "GITLAB_USER_EMAIL": HITECH}
    assert check(cli, repo, env=gitlab) == (1, [("R941", "tasks/main.yaml", 1, 7)])
    result = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", env={**NO_FORGE, **gitlab})
    assert "authors: @someone (named by the forge)" in result.stderr


def test_author_option_is_refused_where_the_forge_names_the_actor(repo, cli):
    env = {"GITHUB_ACTIONS": "true", "GITHUB_ACTOR": "hitech-clerk"}
    assert failure(cli, repo, "--author", OFFICE, env=env) == (
        "--author cannot be used here: the forge names who made this change (@hitech-clerk).\n")


# --- authors: signatures when the ledger asks for them ------------------------------------------------

SIGNED = CONFIG + "pull_requests: {signed_commits: true}\n"


@pytest.fixture
def keys(tmp_path) -> dict[str, Path]:
    """SSH signing keys of the office and of 高新区, and the runner's allowed-signers file."""
    folder = tmp_path / "keys"
    folder.mkdir()
    found = {}
    lines = []
    for name, email in (("office", OFFICE), ("hitech", HITECH)):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)], check=True)
        lines.append(f"{email} {(folder / f'{name}.pub').read_text().strip()}\n")
        found[name] = folder / name
    (folder / "allowed_signers").write_text("".join(lines))
    found["allowed"] = folder / "allowed_signers"
    return found


def signing(key: Path) -> tuple[str, ...]:
    return ("gpg.format=ssh", f"user.signingkey={key}", "commit.gpgsign=true")


def test_signatures_name_the_author_when_the_ledger_asks(tmp_path, cli, keys):
    repo = LedgerRepo(tmp_path / "repo", config=SIGNED)
    git(repo.top, "config", "gpg.ssh.allowedSignersFile", str(keys["allowed"]))
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    repo.commit("progress on T-1", email=OFFICE, config=signing(keys["hitech"]))  # 高新区's key, the office's email
    assert check(cli, repo) == (1, [("R941", "tasks/main.yaml", 1, 7)])
    git(repo.top, "commit", "-q", "--amend", "--no-edit", config=signing(keys["office"]))
    assert check(cli, repo) == (0, [])
    result = cli("check", "-l", repo.root, "--base", repo.base, "--lang", "en", env=NO_FORGE)
    assert "authors: office@jz.gov.cn (signers of the commits, verified by git)" in result.stderr


def test_an_unsigned_commit_stops_the_check(tmp_path, cli, keys):
    repo = LedgerRepo(tmp_path / "repo", config=SIGNED)
    git(repo.top, "config", "gpg.ssh.allowedSignersFile", str(keys["allowed"]))
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    sha = repo.commit("progress on T-1", email=OFFICE)
    assert failure(cli, repo).startswith(f"Commit {sha[:12]} is not signed by a key that git accepts")


# --- authors: claims that cannot be read are a failure, never 'authors: none' ----------------------------


def test_an_empty_author_email_stops_the_check(repo, cli):
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    sha = repo.commit("progress on T-1", email="")
    assert failure(cli, repo) == (f"The author of {sha[:12]} has no email, so who made this change cannot be told; "
                                  "set git config user.email and commit again.\n")


def test_a_team_handle_as_email_stops_the_check(repo, cli):
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    sha = repo.commit("progress on T-1", email="@jz/office")
    assert failure(cli, repo).startswith(f"The author email of {sha[:12]} is '@jz/office', which is not an email address")


def test_uncommitted_changes_are_the_local_users(repo, cli):
    repo.edit("tasks/main.yaml", PROGRESS, MORE_PROGRESS)
    git(repo.top, "config", "user.email", HITECH)
    assert check(cli, repo) == (1, [("R941", "tasks/main.yaml", 1, 7)])
    git(repo.top, "config", "user.email", GULOU)
    assert check(cli, repo) == (0, [])


def test_an_uncommitted_edit_after_the_confirmation_is_not_confirmed(repo, cli):
    repo.edit("tasks/main.yaml", M2, POSTPONE)
    repo.edit("tasks/main.yaml", "- id: T-2\n", POSTPONE_ENTRY)
    repo.commit("postpone m2 (request)", email=DEV)
    repo.confirm()
    git(repo.top, "config", "user.email", DEV)
    repo.edit("tasks/main.yaml", "待省级方案出台后衔接", "待省级方案出台后衔接，并顺延其余节点")  # not committed yet
    assert [p[0] for p in check(cli, repo)[1]] == ["R944"]
