"""`reformctl log` (a task's story from git) and `reformctl trend` (figures at each period's end),
against real git repositories made in a temporary folder."""

from __future__ import annotations

import json

import pytest
from ci_repo import LedgerRepo, git

STORY = """\
- id: T-1
  title: 优化营商环境改革
  lead_leader: li
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-20, what: 完成调研}
    - {id: m2, due: 2026-06-30, what: 印发实施}
- id: T-2
  title: 城市更新试点
  lead_unit: gulou
  milestones:
    - {id: m1, due: 2026-04-30, what: 试点方案}
"""


@pytest.fixture
def story(tmp_path) -> LedgerRepo:
    """Five commits over the half-year: a completion reported late, a postponement, a handover."""
    repo = LedgerRepo(tmp_path / "repo", sub="ledger", tasks={"main.yaml": STORY})
    git(repo.top, "commit", "-q", "--amend", "--no-edit", "--reset-author", day="2026-01-05")
    repo.edit("tasks/main.yaml", "{id: m1, due: 2026-03-20, what: 完成调研}",
              "{id: m1, due: 2026-03-20, what: 完成调研, done: 2026-03-18}")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-30, what: 印发实施}\n",
              "    - {id: m2, due: 2026-06-30, what: 印发实施}\n  progress:\n"
              "    - {date: 2026-04-10, by: dev, text: 调研报告已报分管领导}\n")
    repo.commit("T-1 四月进展", day="2026-04-12")
    repo.edit("tasks/main.yaml", "{id: m2, due: 2026-06-30,", "{id: m2, due: 2026-09-30,")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-16, milestone: m2, field: due, "
              "from: 2026-06-30, to: 2026-09-30, reason: 待省级方案出台, approved_by: 市委改革办}\n- id: T-2\n")
    repo.commit("T-1 调整时限", day="2026-06-17")
    repo.edit("tasks/main.yaml", "  lead_unit: dev\n", "  lead_unit: gulou\n")
    repo.edit("tasks/main.yaml", "reason: 待省级方案出台, approved_by: 市委改革办}\n",
              "reason: 待省级方案出台, approved_by: 市委改革办}\n    - {date: 2026-06-18, field: lead_unit, "
              "from: dev, to: gulou, reason: 职能划转, approved_by: 市委深改委}\n")
    repo.commit("T-1 牵头单位变更", day="2026-06-18")
    repo.edit("tasks/main.yaml", "{id: m1, due: 2026-04-30, what: 试点方案}", "{id: m1, due: 2026-04-30, what: 试点方案, done: 2026-04-29}")
    repo.commit("T-2 completion \x1b[31m*bold* <b>", day="2026-06-19")
    return repo


def _short(repo: LedgerRepo, rev: str) -> str:
    return git(repo.top, "rev-parse", "--short=12", rev)


def test_log_tells_the_story_oldest_first(story, cli):
    result = cli("log", "T-1", "-l", story.root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    c0, c1, c2, c3 = (_short(story, f"HEAD~{n}") for n in (4, 3, 2, 1))
    assert result.stdout == f"""\
T-1 优化营商环境改革 的台账记录（4 次提交）

2026-01-05  {c0}  台账测试 <office@jz.gov.cn>  base ledger
  新增任务：优化营商环境改革（牵头单位：市发展改革委）

2026-04-12  {c1}  台账测试 <office@jz.gov.cn>  T-1 四月进展
  节点完成：m1“完成调研”，2026-03-18 完成（时限 2026-03-20）
  新增进展：2026-04-10 市发展改革委：调研报告已报分管领导

2026-06-17  {c2}  台账测试 <office@jz.gov.cn>  T-1 调整时限
  时限调整：m2“印发实施”，2026-06-30 → 2026-09-30；原因：待省级方案出台；批准：市委改革办

2026-06-18  {c3}  台账测试 <office@jz.gov.cn>  T-1 牵头单位变更
  牵头单位变更：市发展改革委 → 鼓楼区；原因：职能划转；批准：市委深改委
"""


def test_log_narrowed_to_a_milestone_in_english(story, cli):
    result = cli("log", "T-1", "--milestone", "m2", "-l", story.root, "--lang", "en")
    c0, c2 = _short(story, "HEAD~4"), _short(story, "HEAD~2")
    assert result.stdout == f"""\
History of T-1 优化营商环境改革, milestone m2 (2 commits)

2026-01-05  {c0}  台账测试 <office@jz.gov.cn>  base ledger
  Task added: 优化营商环境改革 (lead: 市发展改革委)

2026-06-17  {c2}  台账测试 <office@jz.gov.cn>  T-1 调整时限
  Due date moved: m2 印发实施, 2026-06-30 → 2026-09-30; reason: 待省级方案出台; approved by 市委改革办
"""


def test_log_escapes_the_commit_subject_per_destination(story, cli):
    text = cli("log", "T-2", "-l", story.root, "--lang", "en").stdout
    assert text.splitlines()[-2].endswith("T-2 completion ␛[31m*bold* <b>")
    md = cli("log", "T-2", "-l", story.root, "--lang", "en", "-f", "md").stdout
    assert md.splitlines()[-3].endswith("T-2 completion ␛\\[31m\\*bold\\* \\<b\\>")
    assert md.splitlines()[-1] == "- Milestone done: m1 试点方案, done 2026-04-29 (due 2026-04-30)"


def test_log_as_json(story, cli):
    data = json.loads(cli("log", "T-2", "-l", story.root, "-f", "json").stdout)
    assert [entry["subject"] for entry in data["entries"]] == ["base ledger", "T-2 completion \x1b[31m*bold* <b>"]
    assert data["entries"][1]["events"] == [{
        "kind": "done", "milestone": "m1", "what": "试点方案", "old": "", "new": "2026-04-30", "reason": "",
        "approver": "", "ref": "", "day": "2026-04-29", "unit": "", "text": ""}]


def test_log_of_an_unknown_task_or_milestone_says_so(story, cli):
    result = cli("log", "T-9", "-l", story.root, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("No revision of the ledger in git has the task T-9;")
    assert cli("log", "T-1", "-m", "m9", "-l", story.root, "--lang", "en").stderr.startswith(
        "No revision of the ledger in git has the task T-1 m9;")


def test_log_outside_git_fails_closed(ledger_dir, cli):
    result = cli("log", "T-1", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{ledger_dir} is not inside a git repository;")


def test_trend_looking_back_and_as_recorded(story, cli):
    result = cli("trend", "--to", "2026-06", "--by", "quarter", "--recorded", "-l", story.root, "-f", "json")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert [(p["period"], p["day"]) for p in points] == [("2026Q1", "2026-03-31"), ("2026Q2", "2026-06-20")]
    q1 = points[0]
    # looking back, m1 was done on 18 March; as recorded at the quarter's end, nobody had said so yet
    assert (q1["looking_back"]["on_time_rate"], q1["looking_back"]["overdue"]) == (1.0, 0)
    assert (q1["recorded"]["on_time_rate"], q1["recorded"]["overdue"]) == (0.0, 1)
    assert q1["recorded"]["commit"] == _short(story, "HEAD~4")
    assert points[1]["recorded"]["commit"] == _short(story, "HEAD")


def test_trend_table_by_month_for_a_unit(story, cli):
    result = cli("trend", "--from", "2026-04", "--unit", "gulou", "-l", story.root, "--lang", "en", "-f", "md")
    assert result.stdout == """\
## 江州市委改革办: trend 2026-04 to 2026-06 · gulou

| Period | As of | On time | Overdue | Finished |
|---|---|---|---|---|
| 2026-04 | 2026-04-30 | 100.0% | 0 | 0.0% |
| 2026-05 | 2026-05-31 | 100.0% | 0 | 0.0% |
| 2026-06 | 2026-06-20 | 100.0% | 0 | 0.0% |
"""


@pytest.mark.parametrize("args, message", [
    (("--from", "2026-13"), "--from 2026-13 is not a month; write it as YYYY-MM, for example 2026-01."),
    (("--from", "2026-05", "--to", "2026-02"), "--from 2026-05 is after --to 2026-02;"),
    (("--unit", "nobody"), "There is no unit 'nobody' in units.yaml;"),
])
def test_trend_refuses_what_it_cannot_read(ledger_dir, cli, args, message):
    result = cli("trend", *args, "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def test_trend_recorded_outside_git_fails_closed(ledger_dir, cli):
    result = cli("trend", "--recorded", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_reading_revision_after_revision_builds_the_same_ledger_as_a_full_load(story):
    from reformctl.ops.revisions import RevisionReader, ledger_at, ledger_revisions
    from reformctl.pipeline.ledger import load_ledger

    story.write("notices/db1.yaml", "id: DB-1\ndate: 2026-06-02\nto: gulou\nask: 请报告试点进展\nreply_by: 2026-06-12\n")
    story.commit("DB-1 督办", day="2026-06-19")
    story.write("tasks/more.yaml", "- {id: T-3, title: 新增任务, lead_unit: dev}\n")
    story.commit("T-3 新增", day="2026-06-20")  # records as before: kept, not read again
    reader, seeded = RevisionReader(story.root), RevisionReader(story.root)  # the second from the working tree
    story.edit("tasks/main.yaml", "  lead_unit: gulou\n", "  lead_unit: hitech\n")  # uncommitted: not HEAD's
    seeded.start_from(load_ledger(story.root)[0])
    for revision in [*ledger_revisions(story.root, first_parent=True)] * 2:
        for step in (reader.ledger_at(revision.commit), seeded.ledger_at(revision.commit)):
            whole = ledger_at(story.root, revision.commit)
            assert [t.model_dump() for t in step.tasks] == [t.model_dump() for t in whole.tasks]
            assert [t.src for t in step.tasks] == [t.src for t in whole.tasks]
            assert step.files == whole.files
            assert (step.records, step.unreadable_kinds) == (whole.records, whole.unreadable_kinds)


def test_trend_counts_as_status_does_on_the_demo():
    """trend's quick counts (ops.trend.figures) and status's full report agree, month by month, unit by unit."""
    from datetime import date

    from reformctl.load.find import demo_ledger
    from reformctl.ops.status import Filters, compute_status
    from reformctl.ops.trend import figures
    from reformctl.pipeline.ledger import load_ledger

    ledger, _ = load_ledger(demo_ledger())
    for day in (date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 18)):
        for unit in (None, *list(ledger.units)[:6]):
            quick, full = figures(ledger, day, Filters(unit=unit)), compute_status(ledger, day, filters=Filters(unit=unit))
            assert (quick.tasks, quick.finished, quick.due_so_far, quick.on_time, quick.overdue) == (
                full.tasks, full.finished, full.due_so_far, full.on_time, len(full.overdue)), (day, unit)


def test_trend_from_the_kept_figures_is_the_trend_counted_afresh(story, cli):
    args = ("trend", "--recorded", "--to", "2026-06", "-l", story.root, "-f", "json")
    fresh = cli(*args, "--no-cache").stdout
    assert cli(*args).stdout == fresh  # counts, and keeps each task file's figures
    assert cli(*args).stdout == fresh  # from the kept figures
    story.edit("tasks/main.yaml", "{id: m1, due: 2026-04-30, what: 试点方案, done: 2026-04-29}",
               "{id: m1, due: 2026-04-30, what: 试点方案}")
    changed = cli(*args).stdout
    assert changed != fresh and changed == cli(*args, "--no-cache").stdout  # the changed file counted again


def test_kept_figures_of_another_shape_are_a_miss(story):
    from datetime import date

    from reformctl.load.cache import Cache, digest
    from reformctl.ops.trend import known_figures, task_figures
    from reformctl.pipeline.ledger import load_ledger

    ledger, _ = load_ledger(story.root)
    days = [date(2026, 3, 31), date(2026, 6, 30)]
    store = Cache.for_ledger(story.root)
    sha = next(f.sha256 for f in ledger.files if f.path == "tasks/main.yaml")
    key = digest("task figures", sha, [day.isoformat() for day in days])
    for odd in ([[None, None]], [[None, None], [None]], [[(1, 2, 3), None], [None, None]],
                [[(1, 2, 3, "4"), None], [None, None]], {"T-1": None}, "figures"):
        store.put("figures", key, odd)
        assert known_figures(ledger, days, store)[0] == {day: {} for day in days}, odd
    right = [[task_figures(task, day) for day in days] for task in ledger.tasks]
    store.put("figures", key, right)
    known = known_figures(ledger, days, store)[0]
    assert {day: [known[day][id(task)] for task in ledger.tasks] for day in days} == {
        day: [(task, task_figures(task, day)) for task in ledger.tasks] for day in days}


PILOT = """\
- id: P-1
  title: 城市更新试点
  lead_leader: li
  lead_unit: gulou
  pilot:
    level: provincial
    approved_by: 省委改革办
    approval_doc: 省改办〔2026〕3号
    period: {from: 2026-01-01, to: 2026-12-31}
    acceptance: {due: 2026-12-31}
  milestones:
    - {id: m1, due: 2026-06-30, what: 试点方案}
"""


def test_log_tells_a_pilot_deadline_moved_with_its_approval(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo", sub="ledger", tasks={"pilots.yaml": PILOT})
    repo.edit("tasks/pilots.yaml", "to: 2026-12-31}", "to: 2027-06-30}")
    repo.edit("tasks/pilots.yaml", "    - {id: m1, due: 2026-06-30, what: 试点方案}\n",
              "    - {id: m1, due: 2026-06-30, what: 试点方案}\n  changes:\n    - {date: 2026-07-01, field: pilot.period.to, "
              "from: 2026-12-31, to: 2027-06-30, reason: 省里同意延期。, approved_by: 省委改革办}\n")
    repo.commit("P-1 试点延期", day="2026-07-02")
    result = cli("log", "P-1", "-l", repo.root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "  试点时限调整：试点期限，2026-12-31 → 2027-06-30；原因：省里同意延期；批准：省委改革办"


def test_trend_table_title_stays_on_one_line_where_it_fits(cli):
    # the demo's table is narrower than its title (the office's full name): the title wraps only
    # where the terminal is narrower than the title
    from reformctl.load.find import demo_ledger

    result = cli("trend", "--to", "2026-03", "-l", demo_ledger(), "--lang", "zh", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "中共江州市委全面深化改革委员会办公室：走势（2026-01 至 2026-03）"
