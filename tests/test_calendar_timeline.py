"""Working days on China's calendar, and the ledger as it stood on a past day."""

from __future__ import annotations

from datetime import date

from helpers import write_ledger
from reformctl import load_ledger
from reformctl.calendar import WorkCalendar
from reformctl.model import TaskStatus
from reformctl.ops.status import compute_status
from reformctl.timeline import due_on, ledger_on, status_on


def test_cn_calendar_knows_holidays_and_make_up_days():
    cal = WorkCalendar("cn")
    assert not cal.is_workday(date(2026, 10, 1))  # National Day
    assert cal.is_workday(date(2026, 2, 14))  # a Saturday worked in exchange (调休)
    assert cal.workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 2  # 10-08 is still a holiday
    assert cal.add_workdays(date(2026, 9, 18), 10) == date(2026, 10, 9)
    assert cal.fallback_years == set()


def test_unknown_year_falls_back_to_weekdays_and_remembers():
    cal = WorkCalendar("cn")
    assert cal.add_workdays(date(2031, 3, 6), 1) == date(2031, 3, 7)
    assert cal.is_workday(date(2031, 10, 1))  # a Wednesday; no holiday data for 2031
    assert cal.fallback_years == {2031}


def _walked(cal: WorkCalendar, start: date, end: date) -> int:
    """Working days after `start` up to `end`, walked day by day: what workdays_between means."""
    if end < start:
        return -_walked(cal, end, start)
    return sum(cal.is_workday(date.fromordinal(day)) for day in range(start.toordinal() + 1, end.toordinal() + 1))


def test_workdays_between_counts_as_a_walk_day_by_day_does():
    """The running totals give the walk's count across holidays, year ends and unknown years, and
    remember the same fallback years (only those holding a day of the span)."""
    days = [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 2, 14), date(2026, 9, 30),
            date(2026, 10, 8), date(2026, 12, 31), date(2027, 1, 4), date(2030, 12, 31), date(2031, 1, 2)]
    fast = WorkCalendar("cn")
    for start in days:
        for end in days:
            assert fast.workdays_between(start, end) == _walked(WorkCalendar("cn"), start, end), (start, end)
    assert WorkCalendar("weekdays").workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 7
    span = WorkCalendar("cn")
    span.workdays_between(date(2025, 12, 31), date(2026, 1, 5))
    assert span.workdays_between(date(2030, 12, 31), date(2030, 12, 31)) == 0  # an empty span looks nothing up
    assert span.fallback_years == set()
    span.workdays_between(date(2030, 12, 31), date(2031, 1, 2))  # 2030 (unknown too) holds no day of it
    assert span.fallback_years == {2031}


def test_weekdays_calendar_ignores_holidays():
    assert WorkCalendar("weekdays").is_workday(date(2026, 10, 1))


TASK = """\
- id: A-1
  title: 推进城市更新
  lead_unit: dev
  status: closed
  milestones:
    - {id: m1, due: 2026-03-31, what: 调研, done: 2026-03-30}
    - {id: m2, due: 2026-09-30, what: 印发, done: 2026-09-20}
  changes:
    - {date: 2026-05-10, milestone: m2, field: due, from: 2026-06-30, to: 2026-08-31, reason: 衔接省方案, approved_by: 市委改革办}
    - {date: 2026-08-20, milestone: m2, field: due, from: 2026-08-31, to: 2026-09-30, reason: 再次衔接, approved_by: 市委改革办}
  closed: {date: 2026-10-10, by: office, evidence: [docs/a1.pdf]}
"""


def test_a_later_suspension_or_addition_is_not_there_yet(tmp_path):
    tasks = """\
- id: S-1
  title: 暂缓的试点
  lead_unit: dev
  status: suspended
  milestones: [{id: m1, due: 2026-12-31, what: 验收}]
  changes:
    - {date: 2026-08-01, field: status, from: in_progress, to: suspended, reason: 上级暂停试点, approved_by: 市委深改委}
- id: N-1
  title: 新纳入的任务
  lead_unit: dev
  added: 2026-08-20
  milestones: [{id: m1, due: 2026-12-31, what: 出台方案}]
"""
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": tasks})
    ledger, problems = load_ledger(root, as_of=date(2026, 9, 1))
    assert problems == []
    assert status_on(ledger.tasks[0], date(2026, 7, 1)) is TaskStatus.in_progress
    assert status_on(ledger.tasks[0], date(2026, 8, 1)) is TaskStatus.suspended
    assert [t.id for t in ledger_on(ledger, date(2026, 8, 19)).tasks] == ["S-1"]
    assert compute_status(ledger, date(2026, 7, 1)).by_status["in_progress"] == 1
    assert compute_status(ledger, date(2026, 9, 1)).tasks == 2


def test_a_task_added_in_the_future_is_an_error(tmp_path):
    tasks = "- id: N-1\n  title: t\n  lead_unit: dev\n  added: 2026-12-01\n  milestones: [{id: m1, due: 2026-12-31, what: w}]\n"
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": tasks})
    assert [p.format("en") for p in load_ledger(root, as_of=date(2026, 9, 1))[1]] == [
        "tasks/t.yaml:4:10: R405 the task is added on 2026-12-01, after today (2026-09-01); "
        "use the day it joined the ledger."]


def test_due_dates_and_status_as_they_stood(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": TASK})
    ledger, problems = load_ledger(root, as_of=date(2026, 11, 1))
    assert problems == []
    task = ledger.tasks[0]
    m2 = task.milestones[1]
    assert due_on(task, m2, date(2026, 5, 1)) == date(2026, 6, 30)
    assert due_on(task, m2, date(2026, 6, 1)) == date(2026, 8, 31)
    assert due_on(task, m2, date(2026, 9, 1)) == date(2026, 9, 30)
    assert status_on(task, date(2026, 3, 1)) is TaskStatus.not_started
    assert status_on(task, date(2026, 4, 1)) is TaskStatus.in_progress
    assert status_on(task, date(2026, 9, 25)) is TaskStatus.done
    assert status_on(task, date(2026, 10, 10)) is TaskStatus.closed


def test_every_calendar_of_a_run_asks_chinese_calendar_each_day_once(monkeypatch):
    """chinese_calendar takes ~35 µs a day and a year's running totals ask 365 days: a second
    calendar (the supervision's beside the status's) asks none again, and still falls back alike."""
    import chinese_calendar

    from reformctl import calendar

    asked = []
    real = chinese_calendar.is_workday
    monkeypatch.setattr(chinese_calendar, "is_workday", lambda day: asked.append(day) or real(day))
    calendar._cn_workday.cache_clear()
    first, second = WorkCalendar("cn"), WorkCalendar("cn")
    assert first.workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 2 and len(asked) == 365
    assert second.workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 2 and len(asked) == 365
    assert second.is_workday(date(2031, 10, 1)) and second.fallback_years == {2031}
    assert WorkCalendar("cn").is_workday(date(2031, 10, 1)) and len(asked) == 366
    calendar._cn_workday.cache_clear()
