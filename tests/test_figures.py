"""The figures an office signs (issue 10), each pinned on a small ledger: which milestones are
reckoned, who answers for them, and how the totals add up. The definitions are in
docs/ledger-format.md §6 and reformctl/timeline.py."""

from __future__ import annotations

import json
import re
from datetime import date

from helpers import write_ledger
from report_fixture import report_args, write_report_ledger
from reformctl import load_ledger
from reformctl.ops.status import compute_status
from reformctl.reports.common import by_unit, total
from reformctl.timeline import ledger_on, task_on

DUE_TODAY = """\
- id: D-1
  title: 今日到期的任务
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-06-10, what: 完成调研, done: 2026-06-09}
    - {id: m2, due: 2026-06-20, what: 形成方案}
    - {id: m3, due: 2026-06-20, what: 征求意见, done: 2026-06-20}
    - {id: m4, due: 2026-06-19, what: 报送初稿}
    - {id: m5, due: 2026-06-30, what: 印发实施, done: 2026-06-18}
"""


def test_a_milestone_due_today_and_not_done_is_not_reckoned(tmp_path):
    """Item 1: reckoned = due before the as-of day, plus due on it and done; m2 (due today, open)
    is not held against the unit, m5 (done early, due later) is not reckoned yet."""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": DUE_TODAY})
    ledger, problems = load_ledger(root)
    assert [p.code for p in problems] == ["R702", "R401"]  # stale, and m4 overdue: warnings only
    as_of = date(2026, 6, 20)
    report = compute_status(ledger, as_of)
    assert (report.milestones, report.due_so_far, report.on_time) == (5, 3, 2)
    assert [(row.milestone_id, row.days) for row in report.overdue] == [("m4", 1)]
    assert [row.milestone_id for row in report.due_soon] == ["m2"]
    unit = next(row for row in report.units if row.unit_id == "dev")
    assert (unit.due_so_far, unit.on_time, unit.overdue) == (3, 2, 1)
    figures = total(ledger, as_of, report)
    assert (figures["due"], figures["done"], figures["on_time"], figures["overdue"]) == (3, 2, 2, 1)
    assert figures["on_time_rate"] == 0.6667


HANDED_OVER = """\
- id: H-1
  title: 交接的任务
  lead_unit: gulou
  lead_leader: wang
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-20, what: 完成调研}
  progress:
    - {date: 2026-06-15, by: gulou, text: 已接手推进}
  changes:
    - {date: 2026-04-15, field: lead_unit, from: dev, to: gulou, reason: 职能调整, approved_by: 市委改革办}
    - {date: 2026-04-15, field: lead_leader, from: li, to: wang, reason: 分工调整, approved_by: 市委改革办}
"""


def test_looking_back_a_later_handover_is_not_made_yet(tmp_path):
    """Item 2: on 03-31 the milestone is charged to the unit and leader that had the task then."""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": HANDED_OVER})
    ledger, problems = load_ledger(root)
    assert problems == []
    march = compute_status(ledger, date(2026, 3, 31))
    assert [(row.unit_id, row.leader) for row in march.overdue] == [("dev", "李明")]
    assert [(row.unit_id, row.overdue) for row in march.units] == [("dev", 1)]
    assert [row["key"] for row in by_unit(ledger_on(ledger, date(2026, 3, 31)), date(2026, 3, 31), march)] == ["dev"]
    june = compute_status(ledger, date(2026, 6, 20))
    assert [(row.unit_id, row.leader) for row in june.overdue] == [("gulou", "王芳")]
    then = task_on(ledger.tasks[0], date(2026, 3, 31))
    assert (then.lead_unit, then.lead_leader) == ("dev", "li")


OWNED = """\
- id: O-1
  title: 分工推进的任务
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-05-31, what: 出台区级方案, owner: gulou}
    - {id: m2, due: 2026-06-10, what: 形成市级方案}
    - {id: m3, due: 2026-04-30, what: 完成园区试点, owner: hitech, done: 2026-04-28}
  progress:
    - {date: 2026-06-15, by: dev, text: 市级方案征求意见}
"""


def test_a_milestone_with_an_owner_is_charged_to_that_unit(tmp_path):
    """Item 3: overdue rows, per-unit rows and the reports' unit tables charge m1 to its owner."""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": OWNED})
    ledger, _ = load_ledger(root)  # warnings only: two milestones overdue
    as_of = date(2026, 6, 20)
    report = compute_status(ledger, as_of)
    assert [(row.milestone_id, row.unit_id, row.unit) for row in report.overdue] == [
        ("m1", "gulou", "鼓楼区"), ("m2", "dev", "市发展改革委")]
    assert sorted((u.unit_id, u.tasks, u.due_so_far, u.on_time, u.overdue) for u in report.units) == [
        ("dev", 1, 1, 0, 1), ("gulou", 0, 1, 0, 1), ("hitech", 0, 1, 1, 0)]
    rows = {row["key"]: (row["tasks"], row["due"], row["on_time"], row["overdue"]) for row in by_unit(ledger, as_of, report)}
    assert rows == {"dev": (1, 1, 0, 1), "gulou": (0, 1, 0, 1), "hitech": (0, 1, 1, 0)}


ADDED_LATE = """\
- id: A-9
  title: 年中新增的任务
  lead_unit: dev
  added: 2026-08-27
  status: in_progress
  milestones:
    - {id: m1, due: 2026-12-31, what: 出台方案}
"""


def test_staleness_counts_from_the_day_a_task_joined_the_ledger(tmp_path):
    """Item 4: a task added on 27 August and silent since is 14 days silent on 10 September,
    not 252; on 1 October it is 35 days, past the 30-day window, in status and in check alike."""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": ADDED_LATE})
    ledger, _ = load_ledger(root, as_of=date(2026, 10, 1))
    assert compute_status(ledger, date(2026, 9, 10)).stale == []
    assert [(row.task_id, row.last_progress, row.days) for row in compute_status(ledger, date(2026, 10, 1)).stale] == [
        ("A-9", None, 35)]
    _, problems = load_ledger(root, as_of=date(2026, 9, 10))
    assert problems == []
    _, problems = load_ledger(root, as_of=date(2026, 10, 1))
    assert [(p.code, p.params["last"], p.params["days"]) for p in problems] == [("R702", date(2026, 8, 27), 35)]


def test_task_and_milestone_completion_are_two_named_figures(tmp_path, cli):
    """Item 5: 任务完成率 (finished tasks / tasks on the ledger) and 节点完成率 (reckoned milestones
    done / reckoned milestones), beside 按时完成率: in status's JSON and, by name, in the bulletin."""
    root = write_ledger(tmp_path / "l")  # T-1 in progress (m1 done, m2 overdue), T-2 closed (late)
    result = cli("status", "-l", root, "--format", "json")
    data = json.loads(result.stdout)
    assert (data["tasks"], data["finished"], data["task_completion_rate"]) == (2, 1, 0.5)
    assert (data["due_so_far"], data["done_so_far"], data["milestone_completion_rate"]) == (3, 2, 0.6667)
    assert data["on_time_rate"] == 0.3333
    bulletin = cli("report", "bulletin", "-l", root, "--period", "2026H1", "--as-of", "2026-06-20").stdout
    assert "已完成1项（其中已销号1项），正在推进1项，暂缓或撤销0项，任务完成率50.0%。" in bulletin
    assert "已到期3个，已完成2个，节点完成率66.7%；按时完成1个，按时完成率33.3%；" in bulletin


def test_quarterly_and_bulletin_totals_add_up(tmp_path, cli):
    """Item 7: 已完成 + 正在推进 + 暂缓/撤销 = 总数 in both documents (the fixture has one halted task)."""
    report_ledger = write_report_ledger(tmp_path / "ledger")
    pattern = re.compile(r"改革任务共(\d+)项，已完成(\d+)项（其中已销号\d+项），正在推进(\d+)项，暂缓或撤销(\d+)项")
    for kind in ("quarterly", "bulletin"):
        found = pattern.search(cli(*report_args(kind, report_ledger)).stdout)
        assert found, kind
        total, finished, active, halted = map(int, found.groups())
        assert (total, finished, active, halted) == (5, 2, 2, 1)
        assert finished + active + halted == total


def test_the_monthly_reckons_as_status_does(tmp_path, cli):
    """Item 1 in the monthly: m2 due on the as-of day and open is not in its completion rate."""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": DUE_TODAY})
    monthly = cli("report", "monthly", "-l", root, "--period", "2026-06", "--as-of", "2026-06-20").stdout
    assert "截至2026年6月20日已到期节点的完成率为66.7%" in monthly  # m1, m3 done; m4 late; m2 not reckoned


def test_the_quarterly_names_both_completion_rates(tmp_path, cli):
    """Item 5 in the quarterly: 任务完成率 after the task totals, 节点完成率 for the milestones."""
    quarterly = cli(*report_args("quarterly", write_report_ledger(tmp_path / "ledger"))).stdout
    assert "暂缓或撤销1项，任务完成率40.0%。" in quarterly
    assert "完成4个，节点完成率66.7%，按时完成率50.0%" in quarterly
    assert "| 节点完成率 | 按时完成率 |" in quarterly


def test_the_settlement_names_the_task_completion_rate_as_everywhere(tmp_path, cli):
    """Item 5 in the settlement: 任务完成率 is finished / tasks on the ledger (2 of 5), as in status
    and the other reports; the share without withdrawn and suspended tasks is named apart."""
    settlement = cli(*report_args("settlement", write_report_ledger(tmp_path / "ledger"))).stdout
    assert "暂缓0项，任务完成率40.0%。扣除撤销和暂缓任务后，已完成任务占50.0%，销号率25.0%。" in settlement
