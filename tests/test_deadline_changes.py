"""Deadlines of pilots and plans move as a milestone's due date does (issue 14, "approved changes of
deadlines"), on real git repositories: a pilot's period end or acceptance due date, and a plan's
planned meeting (meeting.target), move in a unit's pull request only with a new approved change
entry (R964), which stands once the office confirms it (R944 for a task, R965 for a plan); the
first setting of a pilot's deadlines stays the office's (R961); the ledger checks that a deadline
agrees with its last change (R606, R381)."""

from __future__ import annotations

import json

import pytest
from ci_repo import DEV, OFFICE, LedgerRepo
from helpers import TASKS, write_ledger
from reformctl import load_ledger
from test_plans_rules import MEETING, PLAN

PILOT = ("  status: in_progress\n  pilot:\n    level: municipal\n    approval_doc: 江改办〔2026〕2号\n"
         "    period: {from: 2026-01-01, to: 2026-12-31}\n    acceptance: {due: 2027-01-31}\n")
PERIOD_MOVE = ("    period: {from: 2026-01-01, to: 2027-06-30}\n")
PERIOD_CHANGE = ("  changes:\n    - {date: 2026-06-18, field: pilot.period.to, from: 2026-12-31, to: 2027-06-30, "
                 "reason: 试点范围扩大, approved_by: 市委改革办}\n")
PLAN_CHANGE = ("meeting: {target: M-8}\nchanges:\n  - {date: 2026-06-18, field: meeting.target, from: M-7, to: M-8, "
               "reason: 征求意见未完成, approved_by: 市委改革办}\n")


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    repo = LedgerRepo(tmp_path / "repo")
    repo.edit("tasks/main.yaml", "  status: in_progress\n", PILOT)
    repo.write("plans/fa-1.yaml", PLAN)
    repo.write("meetings/m-7.yaml", MEETING)
    repo.write("meetings/m-8.yaml", MEETING.replace("M-7", "M-8").replace("2026-06-28", "2026-07-28"))
    repo.commit("a pilot, a plan and its meetings", email=OFFICE)
    return repo


def check(cli, repo: LedgerRepo, base: str = "HEAD~1"):
    result = cli("check", "-l", repo.root, "--base", base, "-f", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, [(p["code"], p["file"], p["line"], p["col"]) for p in json.loads(result.stdout)["problems"]]


def _move_the_pilots_period(repo: LedgerRepo, with_change: bool) -> None:
    repo.edit("tasks/main.yaml", "    period: {from: 2026-01-01, to: 2026-12-31}\n", PERIOD_MOVE)
    if with_change:
        repo.edit("tasks/main.yaml", "    acceptance: {due: 2027-01-31}\n", "    acceptance: {due: 2027-01-31}\n" + PERIOD_CHANGE)


def test_a_unit_moves_its_pilots_period_with_a_change_the_office_confirms(repo, cli):
    _move_the_pilots_period(repo, with_change=True)
    repo.commit("试点期限调整", email=DEV)
    assert check(cli, repo) == (1, [("R944", "tasks/main.yaml", 14, 7)])
    repo.confirm()
    assert check(cli, repo, "HEAD~2") == (0, [])


def test_a_pilots_period_moved_without_a_change_is_refused_to_everyone(repo, cli):
    _move_the_pilots_period(repo, with_change=False)
    repo.commit("试点期限调整", email=DEV)
    assert check(cli, repo) == (1, [("R964", "tasks/main.yaml", 11, 36)])
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "--lang", "zh")
    assert ("tasks/main.yaml:11:36: R964 任务 T-1 的 pilot.period.to 从 2026-12-31 改为 2027-06-30，但没有新增经批准的调整记录；"
            "请在该任务的 changes 中补充：{date: YYYY-MM-DD, field: pilot.period.to, from: 2026-12-31, to: 2027-06-30, "
            "reason: 调整原因, approved_by: 批准单位}（单位可填写，须经改革办确认）。") in result.stdout
    repo.edit("tasks/main.yaml", "    acceptance: {due: 2027-01-31}\n", "    acceptance: {due: 2027-03-31}\n")
    repo.commit("验收时限", email=OFFICE)
    assert check(cli, repo) == (1, [("R964", "tasks/main.yaml", 12, 23)])


def test_the_first_setting_of_a_pilots_deadlines_stays_the_offices(repo, cli):
    repo.edit("tasks/main.yaml", "    period: {from: 2026-01-01, to: 2026-12-31}\n", "    period: {from: 2026-03-01, to: 2026-12-31}\n")
    repo.edit("tasks/main.yaml", "    acceptance: {due: 2027-01-31}\n", "")
    repo.commit("试点起始日期", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R961"]


def test_a_plans_meeting_moves_only_with_an_approved_change(repo, cli):
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-7}\n", "meeting: {target: M-8}\n")
    repo.commit("改期上会", email=DEV)
    assert check(cli, repo) == (1, [("R964", "plans/fa-1.yaml", 6, 19)])
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-8}\n", PLAN_CHANGE)
    repo.commit("补记调整", email=DEV)
    assert check(cli, repo, "HEAD~2") == (1, [("R965", "plans/fa-1.yaml", 8, 5)])
    repo.confirm()
    assert check(cli, repo, "HEAD~3") == (0, [])


def test_a_plans_change_entry_stays_as_written(repo, cli):
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-7}\n", PLAN_CHANGE)
    repo.commit("改期上会", email=OFFICE)
    repo.edit("plans/fa-1.yaml", "reason: 征求意见未完成", "reason: 专家论证未完成")
    repo.commit("改写理由", email=OFFICE)
    code, problems = check(cli, repo)
    assert code == 1 and ("R963", "plans/fa-1.yaml", 7, 1) in problems


def test_a_deadline_agrees_with_its_last_change(tmp_path):
    from test_plans import _files

    tasks = TASKS.replace("  status: in_progress\n", PILOT + PERIOD_CHANGE, 1)
    plan = _files()["plans/fa-1.yaml"].replace("meeting: {target: M-7}\n", PLAN_CHANGE.replace("to: M-8", "to: M-6"))
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": tasks}, files=_files(**{"plans/fa-1.yaml": plan}))
    _, problems = load_ledger(root)
    found = [f"{p.where()}: {p.code} {p.message('en')}" for p in problems if p.code in ("R606", "R381")]
    assert found == [
        "plans/fa-1.yaml:13:62: R381 the last approved change moves plan FA-1 to meeting 'M-6', but its meeting.target "
        "is 'M-8'; the planned meeting and its changes must agree.",
        "tasks/main.yaml:14:72: R606 the last approved change sets pilot.period.to to '2027-06-30', but the task's "
        "pilot.period.to is '2026-12-31'; they must agree.",
    ]


UPPER = """\
documents:
  - {id: UP-1, level: central, doc: 中发〔2026〕3号, title: 关于优化营商环境的意见, date: 2026-01-10, dock_by: 2026-06-30, dock_unit: dev}
"""


def test_diff_says_which_deadlines_moved_and_what_meetings_assigned(repo, cli):
    repo.write("upper.yaml", UPPER)
    repo.commit("上级文件", email=OFFICE)
    _move_the_pilots_period(repo, with_change=True)
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-7}\n", PLAN_CHANGE)
    repo.edit("upper.yaml", "dock_by: 2026-06-30", "dock_by: 2026-09-30")
    repo.edit("meetings/m-7.yaml", "  - {kind: review, plan: FA-1, unit: dev}\n",
              "  - {kind: review, plan: FA-1, unit: dev}\nassigned: [T-2]\n")
    repo.commit("调整期限，会议交办", email=OFFICE)
    result = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("方案、会议、议题和试点（4）")
    assert lines[start + 1:start + 5] == [
        "  方案 FA-1 关于深化营商环境改革的实施方案：调整 meeting.target M-7 → M-8",
        "  会议 M-7 深改委全体会议：交办任务 T-2",
        "  上级文件 UP-1 关于优化营商环境的意见：调整 dock_by 2026-06-30 → 2026-09-30",
        "  试点 T-1 优化营商环境改革：调整 pilot.period.to 2026-12-31 → 2027-06-30",
    ]
    english = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en").stdout.splitlines()
    assert "  meeting M-7 深改委全体会议: assigned the tasks T-2" in english


def test_pilot_postpone_moves_a_deadline_with_its_change(tmp_path, cli):
    tasks = TASKS.replace("  status: in_progress\n", PILOT.replace("    period:", "    # 试点期限以批复为准\n    period:"), 1)
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": tasks})
    result = cli("pilot-postpone", "T-1", "period.to", "--to", "2027-06-30", "--reason", "试点范围扩大",
                 "--approved-by", "市委改革办", "--ref", "江改办〔2026〕9号", "-l", root, "--lang", "zh")
    assert (result.exit_code, result.stdout) == (
        0, "已调整任务 T-1的试点期限届满日：2026-12-31 → 2027-06-30，并记录调整依据：tasks/main.yaml。\n")
    text = (root / "tasks" / "main.yaml").read_text(encoding="utf-8")
    assert "    # 试点期限以批复为准\n    period: {from: 2026-01-01, to: 2027-06-30}\n" in text
    assert ("  changes:\n    - date: 2026-06-20\n      field: pilot.period.to\n      from: 2026-12-31\n      to: 2027-06-30\n"
            "      reason: 试点范围扩大\n      approved_by: 市委改革办\n      ref: 江改办〔2026〕9号\n") in text
    again = cli("pilot-postpone", "T-2", "acceptance.due", "--to", "2027-06-30", "--reason", "x", "--approved-by", "y",
                "-l", root, "--lang", "en")
    assert (again.exit_code, again.stderr) == (2, "task T-2 has no pilot.acceptance.due to move; its first setting is the "
                                                  "office's approval, written by hand. Nothing was written.\n")


def test_plan_postpone_moves_the_planned_meeting_with_its_change(tmp_path, cli):
    from test_plans import _files

    later = _files()["meetings/m7.yaml"].replace("M-7", "M-8").replace("2026-06-28", "2026-07-28")
    root = write_ledger(tmp_path / "l", files=_files(**{"meetings/m8.yaml": later}))
    result = cli("plan-postpone", "FA-1", "--meeting", "M-8", "--reason", "合法性审查未完成", "--approved-by", "市委改革办",
                 "--dry-run", "-l", root, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-9:] == [
        "-meeting: {target: M-7}",
        "+meeting: {target: M-8}",
        "+changes:",
        "+  - date: 2026-06-20",
        "+    field: meeting.target",
        "+    from: M-7",
        "+    to: M-8",
        "+    reason: 合法性审查未完成",
        "+    approved_by: 市委改革办",
    ]
    done = cli("plan-postpone", "FA-1", "--meeting", "M-8", "--reason", "合法性审查未完成", "--approved-by", "市委改革办",
               "-l", root, "--lang", "zh")
    assert (done.exit_code, done.stdout) == (
        0, "已调整方案 FA-1的拟上会议：M-7 → M-8，并记录调整依据：plans/fa-1.yaml。\n")
    _, problems = load_ledger(root)
    assert not [p for p in problems if p.code in ("R381", "R605", "R364")]
    unknown = cli("plan-postpone", "FA-1", "--meeting", "M-9", "--reason", "x", "--approved-by", "y", "-l", root,
                  "--lang", "en")
    assert (unknown.exit_code, unknown.stderr) == (2, "There is no meeting M-9 in meetings/ (did you mean 'M-8'?); "
                                                      "nothing was written.\n")
