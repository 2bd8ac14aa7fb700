"""The lean read (reformctl.pipeline.lean) gives the figures the full models give, to the last digit.

`status`, `overdue` and every report but the settlement read lean tasks; each figure they show is
compared here with the one computed from the pydantic models, on a ledger with milestones owned by
other units, a lead unit and a leader handed over after some of the days looked at, postponements
approved before and after them, tasks halted (suspended, withdrawn) by a change dated between
them, a carry-over, a task added mid-year, a strike-off, coordination and evidence, and on a
generated province-like ledger, at several as-of days.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import CONFIG, UNITS, write_ledger
from reformctl.load.lean import BadLean, LeanTask, task_to_plain, tasks_from_plain
from reformctl.ops.status import Filters, compute_status
from reformctl.pipeline.lean import load_lean
from reformctl.pipeline.ledger import load_ledger
from reformctl.reports import build_report, parse_period
from reformctl.timeline import ledger_on

VARIED = """\
- id: V-1
  title: 优化营商环境改革
  lists: [key, pilot]
  lead_leader: li
  lead_unit: gulou
  co_units: [hitech]
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-31, what: 完成调研, done: 2026-04-03, owner: hitech}
    - {id: m2, due: 2026-06-30, what: 形成方案, owner: dev}
    - {id: m3, due: 2026-09-30, what: 印发实施}
  progress:
    - {date: 2026-02-10, by: gulou, text: 启动调研}
    - {date: 2026-05-20, by: dev, text: 方案起草中, problem: 部门意见不一, coordination: 请市司法局审查, evidence: [docs/a.pdf]}
    - {date: 2026-05-20, by: gulou, text: 同日第二条进展}
  changes:
    - {date: 2026-05-15, field: lead_unit, from: dev, to: gulou, reason: 职能调整, approved_by: 市委改革办}
    - {date: 2026-07-20, field: lead_leader, from: wang, to: li, reason: 分工调整, approved_by: 市委改革办}
    - {date: 2026-06-25, milestone: m2, field: due, from: 2026-05-31, to: 2026-06-30, reason: 延期, approved_by: 市委改革办}
- id: V-2
  title: 城市更新试点
  lists: [pilot]
  lead_leader: wang
  lead_unit: dev
  status: suspended
  pilot:
    level: provincial
    approved_by: 省委改革办
    plan: 试点推进方案
    period: {from: 2026-01-01, to: 2026-12-31}
  milestones:
    - {id: m1, due: 2026-02-28, what: 试点方案, done: 2026-02-20}
    - {id: m2, due: 2026-05-31, what: 试点评估}
  changes:
    - {date: 2026-06-05, field: status, from: in_progress, to: suspended, reason: 上级政策调整, approved_by: 市委深改委}
- id: V-3
  title: 数据共享改革
  lead_unit: hitech
  status: withdrawn
  milestones:
    - {id: m1, due: 2026-04-30, what: 目录编制}
  changes:
    - {date: 2026-03-10, field: status, from: not_started, to: withdrawn, reason: 任务取消, approved_by: 市委深改委}
- id: V-4
  title: 园区体制改革
  lists: [key]
  lead_leader: li
  lead_unit: hitech
  status: closed
  milestones:
    - {id: m1, due: 2026-03-15, what: 方案, done: 2026-03-10}
    - {id: m2, due: 2026-05-15, what: 落地, done: 2026-05-30}
  progress:
    - {date: 2026-05-30, by: hitech, text: 已落地}
  closed: {date: 2026-06-10, by: office, evidence: [docs/v4.pdf], ref: 江改办〔2026〕9号}
- id: V-5
  title: 跨年度改革任务
  lead_unit: dev
  status: in_progress
  added: 2026-04-15
  carry_over: {to_year: 2027, reason: 周期较长}
  milestones:
    - {id: m1, due: 2026-06-15, what: 第一阶段, owner: gulou}
    - {id: m2, due: 2026-12-31, what: 第二阶段}
  changes:
    - {date: 2026-08-01, milestone: m1, field: due, from: 2026-05-31, to: 2026-06-15, reason: 延期, approved_by: 市委改革办}
- id: V-6
  title: 全部完成尚未销号
  lead_leader: wang
  lead_unit: gulou
  status: done
  pilot:
    level: national
    approval_doc: 国发〔2025〕1号
    acceptance: {due: 2026-06-30, done: 2026-05-20, reason: 提前完成试点任务}
    period: {from: 2025-07-01, to: 2026-06-30}
  milestones:
    - {id: m1, due: 2026-05-10, what: 完成, done: 2026-05-08}
"""

DAYS = [date(2026, 3, 1), date(2026, 4, 30), date(2026, 5, 31), date(2026, 6, 20), date(2026, 7, 10),
        date(2026, 8, 15), date(2026, 12, 31)]
KINDS = [("overdue", None), ("monthly", "month"), ("quarterly", "quarter"), ("bulletin", "half")]


def _both(root: Path):
    full, problems = load_ledger(root, run_checks=True, cache=False)
    lean, lean_problems = load_lean(root, cache=False)
    assert [p for p in problems if p.severity == "error"] == []
    assert lean is not None and lean_problems == problems
    assert all(isinstance(task, LeanTask) for task in lean.tasks)
    assert [task.id for task in lean.tasks] == [task.id for task in full.tasks]
    return full, lean


def _period(grain: str, day: date):
    from reformctl.reports.period import period_containing

    return period_containing(grain, day)


def _same_figures(full, lean, day: date) -> None:
    assert compute_status(lean, day).to_dict() == compute_status(full, day).to_dict()
    for filters in (Filters(unit="gulou"), Filters(leader="li"), Filters(list="pilot")):
        assert compute_status(lean, day, filters=filters).to_dict() == compute_status(full, day, filters=filters).to_dict()
    for kind, grain in KINDS:
        period = _period(grain, day) if grain else None
        assert build_report(kind, lean, period, day) == build_report(kind, full, period, day), (kind, day)


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    root = write_ledger(tmp_path_factory.mktemp("varied"), config=CONFIG.replace("as_of: 2026-06-20\n", ""),
                        units=UNITS, tasks={"a.yaml": VARIED, "b.yaml": VARIED.replace("id: V-", "id: W-")})
    return _both(root)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_lean_figures_equal_the_full_models_on_a_varied_ledger(varied, day):
    full, lean = varied
    assert compute_status(full, day).tasks > 0
    _same_figures(full, lean, day)


def test_lean_figures_equal_the_full_models_on_a_generated_ledger(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_ledger import write_ledger as generate

    generate(tmp_path / "gen", 400, 4, seed=7)
    full, lean = _both(tmp_path / "gen")
    for day in (date(2026, 4, 30), date(2026, 9, 18), date(2026, 12, 31)):
        _same_figures(full, lean, day)


def test_a_lead_handed_over_later_is_the_old_lead_on_a_past_day(varied):
    full, lean = varied
    then = {task.id: task for task in ledger_on(lean, date(2026, 5, 1)).tasks}
    assert then["V-1"].lead_unit == "dev" and then["V-1"].lead_leader == "wang"
    assert isinstance(then["V-1"], LeanTask) and then["V-1"].src == full.task("V-1").src
    assert [t.id for t in ledger_on(lean, date(2026, 4, 1)).tasks].count("V-5") == 0  # added 2026-04-15


def test_lean_data_round_trips_and_a_wrong_shape_is_refused(varied):
    full, _ = varied
    plain = tuple(task_to_plain(task) for task in full.tasks)
    again = tasks_from_plain(plain, "tasks/a.yaml")
    assert [task_to_plain(task) for task in again] == list(plain)
    for bad in [(("V-1",),), ((1, *plain[0][1:]),), ((*plain[0][:8], "finished", *plain[0][9:]),), 5]:
        with pytest.raises(BadLean):
            tasks_from_plain(bad, "tasks/a.yaml")


def test_a_ledger_with_errors_is_not_read_lean(tmp_path):
    root = write_ledger(tmp_path, tasks={"a.yaml": VARIED.replace("lead_unit: hitech\n  status: withdrawn",
                                                                  "lead_unit: nowhere\n  status: withdrawn")})
    ledger, problems = load_lean(root, cache=False)
    assert ledger is None and "R301" in [p.code for p in problems if p.severity == "error"]  # unknown unit
    assert problems == load_ledger(root, cache=False)[1]


def test_status_and_reports_print_what_the_full_models_give(tmp_path, cli, monkeypatch):
    """The command line reads lean, warm and cold: its JSON is the full models' figures."""
    root = write_ledger(tmp_path / "l", config=CONFIG.replace("2026-06-20", "2026-12-31"), tasks={"a.yaml": VARIED})
    full, _ = load_ledger(root, cache=False)

    def not_in_full(*args, **kwargs):
        raise AssertionError("a ledger without errors is read lean")

    monkeypatch.setattr("reformctl.pipeline.ledger.load_ledger", not_in_full)
    day = date(2026, 6, 20)
    expected = json.loads(json.dumps(compute_status(full, day).to_dict(), default=str))
    for extra in (["--no-cache"], [], []):
        shown = json.loads(cli("status", "-l", root, "-f", "json", "--as-of", day, *extra).stdout)
        assert {key: shown[key] for key in expected} == expected
    period = parse_period("2026H1")
    report = json.loads(cli("report", "bulletin", "-p", "2026H1", "-l", root, "-f", "json", "--as-of", day).stdout)
    data = json.loads(json.dumps(build_report("bulletin", full, period, day), default=str))
    assert {key: report[key] for key in data} == data


def test_an_unchanged_ledger_is_read_lean_from_the_cache_alone(tmp_path, monkeypatch):
    """Once checked, an unchanged ledger's lean tasks come from the cache, without a check; one
    changed file is checked again."""
    import reformctl.pipeline.lean as lean_module

    root = write_ledger(tmp_path / "l", config=CONFIG.replace("as_of: 2026-06-20\n", ""), tasks={"a.yaml": VARIED})
    (root / ".gitignore").write_text(".reformctl-cache/\n", encoding="utf-8")
    full, _ = load_ledger(root, cache=False)
    first, problems = load_lean(root, today=date(2026, 12, 31))
    checks = []
    monkeypatch.setattr(lean_module, "check_files", lambda *a, **k: checks.append(1) or None)
    again, kept = load_lean(root, today=date(2026, 12, 31))
    assert checks == [] and kept == problems and again is not None
    _same_figures(full, again, date(2026, 8, 15))
    (root / "tasks" / "a.yaml").write_text(VARIED + "# 改动\n", encoding="utf-8")
    assert load_lean(root, today=date(2026, 12, 31)) == (None, None) and checks == [1]


def test_lean_figures_equal_the_full_models_on_the_demo():
    """The demo holds inspections and notices too: the lean ledger carries them, built in full."""
    full, lean = _both(Path(__file__).resolve().parent.parent / "ledgers" / "demo")
    assert lean.records == full.records
    for day in (date(2026, 6, 30), date(2026, 9, 18)):
        _same_figures(full, lean, day)
