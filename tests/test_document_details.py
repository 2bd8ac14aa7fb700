"""Details left from issue 10: what 已到期 counts on the as-of day, `--unit` and the milestones a unit
owns on others' tasks, and a 抄送 line that never copies the office to itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CONFIG, write_ledger
from report_fixture import report_args, write_report_ledger

OWNED = """\
- id: T-1
  title: 优化营商环境改革
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-05-29, what: 完成调研, done: 2026-05-28}
    - {id: m2, due: 2026-06-10, what: 鼓楼区试点方案, owner: gulou}
    - {id: m3, due: 2026-06-12, what: 形成总体方案}
- id: T-2
  title: 城市更新试点
  lead_unit: hitech
  status: in_progress
  milestones:
    - {id: m1, due: 2026-06-15, what: 园区方案}
"""


@pytest.fixture
def report_ledger(tmp_path: Path) -> Path:
    return write_report_ledger(tmp_path / "ledger")


def test_the_milestone_due_on_the_as_of_day_and_open_is_said_beside_yidaoqi(report_ledger, cli):
    """T-1's 印发实施 is due on 30 June, the bulletin's day, and not done: not late, not reckoned,
    and the documents say so where they give the count of 已到期."""
    bulletin = cli(*report_args("bulletin", report_ledger)).stdout
    assert "截至2026年6月30日已到期6个（当日到期尚未完成的1个不计入），已完成4个，节点完成率66.7%；" in bulletin
    quarterly = cli(*report_args("quarterly", report_ledger)).stdout
    assert "截至2026年6月30日已到期节点6个（当日到期尚未完成的1个不计入），完成4个，" in quarterly
    data = json.loads(cli(*report_args("bulletin", report_ledger, "-f", "json")).stdout)
    assert (data["total"]["due"], data["total"]["due_today_open"]) == (6, 1)


def test_nothing_is_said_when_nothing_falls_due_that_day(report_ledger, cli):
    bulletin = cli(*report_args("bulletin", report_ledger, "--as-of", "2026-06-29")).stdout
    assert "截至2026年6月29日已到期6个，已完成4个，" in bulletin and "不计入" not in bulletin


def test_unit_lists_the_milestones_it_owns_on_other_units_tasks(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": OWNED})
    data = json.loads(cli("status", "-l", root, "--unit", "gulou", "--format", "json").stdout)
    assert [(r["task_id"], r["milestone_id"], r["unit_id"]) for r in data["overdue"]] == [("T-1", "m2", "gulou")]
    assert (data["tasks"], data["milestones"], data["due_so_far"]) == (1, 1, 1)  # only gulou's milestone of it
    assert [(u["unit_id"], u["overdue"]) for u in data["units"]] == [("gulou", 1)]
    overdue = json.loads(cli("overdue", "-l", root, "--unit", "gulou", "--format", "json").stdout)
    assert [(r["task_id"], r["milestone_id"]) for r in overdue["overdue"]] == [("T-1", "m2")]
    # the lead unit still sees its whole task, the owned milestone included
    dev = json.loads(cli("status", "-l", root, "--unit", "dev", "--format", "json").stdout)
    assert [(r["task_id"], r["milestone_id"]) for r in dev["overdue"]] == [("T-1", "m2"), ("T-1", "m3")]
    assert dev["tasks"] == 1


def test_the_cc_line_never_names_the_office_itself(report_ledger, cli):
    """The fixture's office is 市委改革办 (units.yaml) and 江州市委改革办 (printer): a document is
    not copied to the body that issues it, whichever of its names is given."""
    out = cli(*report_args("overdue", report_ledger, "--cc", "市委改革办", "--cc", "市纪委",
                           "--cc", "江州市委全面深化改革委员会办公室", "--cc", "江州市委改革办")).stdout
    assert "抄送：市纪委。" in out and "抄送：市纪委，" not in out
    data = json.loads(cli(*report_args("overdue", report_ledger, "--cc", "江州市委改革办", "-f", "json")).stdout)
    assert data["document"]["cc"] == []
    assert "抄送" not in cli(*report_args("overdue", report_ledger, "--cc", "市委改革办")).stdout


def test_the_office_is_left_out_of_the_configured_cc_too(tmp_path, cli):
    config = CONFIG + "documents:\n  cc: [市委办公室, 江州市委改革办]\n"
    root = write_ledger(tmp_path / "ledger", config=config)
    assert "抄送：市委办公室。" in cli("report", "overdue", "-l", root).stdout
