"""The state of the ledger on a day: one computation behind the table, JSON and documents.

Lateness is computed, never stored, with the words of `reformctl.timeline`: a milestone is overdue
when its due date (as it stood on the as-of day) has passed and it is not done; due soon when it
falls within the office's window. A task's light (亮灯) is red with an overdue milestone, yellow with one due soon or when its
progress is stale, green otherwise; finished, suspended and withdrawn tasks carry no light, and
the milestones of suspended and withdrawn tasks count in no rate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any, Optional

from ..calendar import WorkCalendar
from ..model import Ledger, Milestone, Task, TaskStatus, WindowUnit
from ..timeline import (TaskOnDay, is_active, is_counted, is_due_soon, is_finished, is_on_time,
                        is_overdue, is_reckoned, latest_progress, ledger_on, stale_since, tasks_on_day, window_end)

LIGHTS = ("red", "yellow", "green")


@dataclass(frozen=True)
class Filters:
    unit: Optional[str] = None  # tasks the unit leads or co-leads, and the milestones it owns on others
    leader: Optional[str] = None
    list: Optional[str] = None

    def keep(self, task: Task) -> bool:
        if self.unit and not self.answers_for(task):
            return False
        if self.leader and self.leader != task.lead_leader:
            return False
        return not (self.list and self.list not in task.lists)

    def answers_for(self, task: Task) -> bool:
        """The unit leads or co-leads the task, or owns one of its milestones."""
        return (self.unit == task.lead_unit or self.unit in task.co_units
                or any(m.owner == self.unit for m in task.milestones))

    def whole(self, task: Task) -> bool:
        """The whole task is kept (no unit asked for, or the unit leads or co-leads it); otherwise only
        the milestones the unit owns on it."""
        return not self.unit or self.unit == task.lead_unit or self.unit in task.co_units

    def keeps_milestone(self, task: Task, milestone: Milestone) -> bool:
        return self.whole(task) or milestone.owner == self.unit


# The rows are values, never changed once made, but not frozen dataclasses: a frozen one sets each
# field through object.__setattr__, and a province ledger's report makes 30,000 rows (a frozen
# MilestoneRow took 4.5 µs to make, a plain one 0.8 µs).
@dataclass
class MilestoneRow:
    task_id: str
    task_title: str
    milestone_id: str
    what: str
    due: date
    unit_id: str
    unit: str
    leader: str
    days: int  # calendar days late (overdue) or left (due soon)
    workdays: int  # the same in working days
    postponed: bool  # its due date was moved by an approved change
    latest_progress: Optional[str] = None
    latest_progress_date: Optional[date] = None
    problem: Optional[str] = None
    unit_short: str = ""


@dataclass
class StaleRow:
    task_id: str
    task_title: str
    unit: str
    last_progress: Optional[date]
    days: int


@dataclass
class UnitRow:
    unit_id: str
    unit: str
    unit_short: str = ""
    tasks: int = 0
    active: int = 0
    overdue: int = 0
    due_soon: int = 0
    due_so_far: int = 0
    on_time: int = 0

    @property
    def on_time_rate(self) -> Optional[float]:
        return self.on_time / self.due_so_far if self.due_so_far else None


@dataclass
class StatusReport:
    office: str
    as_of: date
    window_end: date
    window: str
    tasks: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_light: dict[str, int] = field(default_factory=dict)
    finished: int = 0  # tasks done or struck off
    milestones: int = 0
    due_so_far: int = 0  # reckoned milestones (timeline.is_counted)
    done_so_far: int = 0  # of those, done
    on_time: int = 0
    units: list[UnitRow] = field(default_factory=list)
    overdue: list[MilestoneRow] = field(default_factory=list)
    due_soon: list[MilestoneRow] = field(default_factory=list)
    stale: list[StaleRow] = field(default_factory=list)
    lights: dict[str, str] = field(default_factory=dict)  # task id -> light
    calendar_fallback_years: list[int] = field(default_factory=list)
    span: Optional[str] = None  # a multi-year plan's years (reformctl.yaml `years`), e.g. 2018-2020

    @property
    def on_time_rate(self) -> Optional[float]:
        return self.on_time / self.due_so_far if self.due_so_far else None

    @property
    def task_completion_rate(self) -> Optional[float]:
        """任务完成率: finished tasks / tasks on the ledger."""
        return self.finished / self.tasks if self.tasks else None

    @property
    def milestone_completion_rate(self) -> Optional[float]:
        """节点完成率: reckoned milestones done / reckoned milestones."""
        return self.done_so_far / self.due_so_far if self.due_so_far else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["task_completion_rate"] = _round(self.task_completion_rate)
        data["milestone_completion_rate"] = _round(self.milestone_completion_rate)
        data["on_time_rate"] = _round(self.on_time_rate)
        for unit, row in zip(data["units"], self.units):
            unit["on_time_rate"] = _round(row.on_time_rate)
        return data


def _round(rate: Optional[float]) -> Optional[float]:
    return None if rate is None else round(rate, 4)


def compute_status(ledger: Ledger, as_of: date, calendar: Optional[WorkCalendar] = None,
                   filters: Filters = Filters()) -> StatusReport:
    """Everything `reformctl status` shows, for the tasks that pass `filters`, on `as_of`."""
    calendar = calendar or WorkCalendar(ledger.config.calendar.value)
    return merge_tallies(ledger.config, as_of, calendar, [tally_status(ledger, as_of, calendar, filters)])


def tally_status(ledger: Ledger, as_of: date, calendar: WorkCalendar, filters: Filters = Filters()) -> StatusReport:
    """The counts, rows and lights of `ledger`'s tasks on `as_of`, in task order and not yet
    sorted: one part of a report (`status --no-cache` tallies each task file in the check's pass,
    reformctl.ops.status_files), which merge_tallies adds up. `by_status` holds the statuses met,
    `units` the units charged in the order met."""
    ledger = ledger_on(ledger, as_of)
    report = _empty_report(ledger.config, as_of, calendar)
    units: dict[str, UnitRow] = {}
    statuses: Counter = Counter()
    days = tasks_on_day(ledger, as_of)
    every = filters == Filters()  # the plain status: every task whole
    for task in ledger.tasks:
        on_day = days[id(task)]
        if every or (filters.keep(task) and filters.whole(task)):
            _add_task(report, ledger, task, on_day, as_of, calendar, units, statuses)
        elif filters.keep(task):  # the unit takes part through milestones it owns: only those are listed
            report.tasks += 1
            statuses[on_day.status.value] += 1
            if is_reckoned(on_day.status):
                _add_milestones(report, units, ledger, task, on_day, as_of, calendar, filters)
    report.by_status = dict(statuses)
    report.units = list(units.values())
    report.calendar_fallback_years = sorted(calendar.fallback_years)
    return report


# The counts of a report that its parts add up to.
SUMMED = ("tasks", "finished", "milestones", "due_so_far", "done_so_far", "on_time")
UNIT_SUMMED = ("tasks", "active", "overdue", "due_soon", "due_so_far", "on_time")


def merge_tallies(config: Any, as_of: date, calendar: WorkCalendar, parts: list[StatusReport]) -> StatusReport:
    """The report of all the tasks of `parts` (tally_status's, in task order), in the order shown."""
    report = _empty_report(config, as_of, calendar)
    units: dict[str, UnitRow] = {}
    statuses: Counter = Counter()
    fallback_years = set(calendar.fallback_years)
    for part in parts:
        for name in SUMMED:
            setattr(report, name, getattr(report, name) + getattr(part, name))
        statuses.update(part.by_status)
        for row in part.units:
            _add_unit_row(units, row)
        report.overdue += part.overdue
        report.due_soon += part.due_soon
        report.stale += part.stale
        report.lights.update(part.lights)
        fallback_years.update(part.calendar_fallback_years)
    report.by_status = {s.value: statuses[s.value] for s in TaskStatus}
    report.by_light = {light: list(report.lights.values()).count(light) for light in LIGHTS}
    report.units = sorted(units.values(), key=_lag_order)
    report.overdue.sort(key=lambda r: (-r.days, r.unit_id, r.task_id, r.milestone_id))
    report.due_soon.sort(key=lambda r: (r.days, r.unit_id, r.task_id, r.milestone_id))
    report.stale.sort(key=lambda r: (-r.days, r.task_id))
    report.calendar_fallback_years = sorted(fallback_years)
    report.span = config.years
    return report


def _empty_report(config: Any, as_of: date, calendar: WorkCalendar) -> StatusReport:
    end = window_end(config, as_of, calendar)
    unit_label = "workdays" if config.due_soon_unit is WindowUnit.workdays else "days"
    return StatusReport(config.office, as_of, end, f"{config.due_soon_days} {unit_label}")


def _add_unit_row(units: dict[str, UnitRow], row: UnitRow) -> None:
    kept = units.get(row.unit_id)
    if kept is None:
        units[row.unit_id] = replace(row)
        return
    for name in UNIT_SUMMED:
        setattr(kept, name, getattr(kept, name) + getattr(row, name))


def _lag_order(row: UnitRow) -> tuple:
    rate = row.on_time_rate
    return (-row.overdue, 2.0 if rate is None else rate, -row.due_soon, row.unit_id)


def _add_task(report: StatusReport, ledger: Ledger, task: Task, on_day: TaskOnDay, as_of: date,
              calendar: WorkCalendar, units: dict[str, UnitRow], statuses: Counter) -> None:
    status = on_day.status
    statuses[status.value] += 1
    report.tasks += 1
    report.finished += is_finished(status)
    unit = _unit_row(units, ledger, task.lead_unit)
    unit.tasks += 1
    unit.active += is_active(status)
    if not is_reckoned(status):  # an approved halt takes the task's milestones out of the reckoning
        return
    overdue, due_soon = _add_milestones(report, units, ledger, task, on_day, as_of, calendar)
    if is_active(status):
        stale = _stale_row(ledger, task, status, as_of)
        if stale:
            report.stale.append(stale)
        report.lights[task.id] = "red" if overdue else "yellow" if (due_soon or stale) else "green"


def _unit_row(units: dict[str, UnitRow], ledger: Ledger, unit_id: str) -> UnitRow:
    row = units.get(unit_id)
    if row is None:
        row = units[unit_id] = UnitRow(unit_id, ledger.unit_name(unit_id), ledger.unit_short(unit_id))
    return row


def _add_milestones(report: StatusReport, units: dict[str, UnitRow], ledger: Ledger, task: Task,
                    on_day: TaskOnDay, as_of: date, calendar: WorkCalendar,
                    filters: Filters = Filters()) -> tuple[int, int]:
    """Count the task's milestones (those the filters keep) into the report and the unit each is
    charged to (its owner, else the lead unit); (overdue, due soon) of the task."""
    overdue = due_soon = 0
    whole, window_end = filters.whole(task), report.window_end
    rows = None  # made at the first row: most tasks have none
    for milestone, charged, due, done in on_day.milestones:
        if not (whole or filters.keeps_milestone(task, milestone)):
            continue
        unit = units.get(charged) or _unit_row(units, ledger, charged)
        report.milestones += 1
        if is_counted(due, done, as_of):
            on_time = is_on_time(due, done)
            report.due_so_far += 1
            report.done_so_far += done is not None
            unit.due_so_far += 1
            report.on_time += on_time
            unit.on_time += on_time
        if is_overdue(due, done, as_of):
            overdue += 1
            unit.overdue += 1
            rows = rows or _RowMaker(ledger, task, as_of, calendar)
            report.overdue.append(rows.row(milestone, due, unit, late=True))
        elif is_due_soon(due, done, as_of, window_end):
            due_soon += 1
            unit.due_soon += 1
            rows = rows or _RowMaker(ledger, task, as_of, calendar)
            report.due_soon.append(rows.row(milestone, due, unit, late=False))
    return overdue, due_soon


class _RowMaker:
    """The rows of one task's milestones: what they share (the task's latest report, its leader)
    worked out once, and only when a row is made."""

    def __init__(self, ledger: Ledger, task: Task, as_of: date, calendar: WorkCalendar):
        self.ledger, self.task, self.as_of, self.calendar = ledger, task, as_of, calendar
        self.shared: Optional[tuple] = None

    def row(self, milestone: Milestone, due: date, unit: UnitRow, late: bool) -> MilestoneRow:
        """The row of a milestone charged to `unit` (its names looked up once, in its UnitRow)."""
        ledger, task, as_of = self.ledger, self.task, self.as_of
        if self.shared is None:
            latest = latest_progress(task, as_of)
            self.shared = (ledger.leader_name(task.lead_leader), latest.text if latest else None,
                           latest.date if latest else None, latest.problem if latest else None)
        leader, text, day, problem = self.shared
        start, end = (due, as_of) if late else (as_of, due)
        return MilestoneRow(
            task.id, task.title, milestone.id, milestone.what, due, unit.unit_id, unit.unit, leader,
            (end - start).days, self.calendar.workdays_between(start, end),
            bool(task.changes) and any(c.field == "due" and c.milestone == milestone.id and c.date <= as_of
                                       for c in task.changes),
            text, day, problem, unit.unit_short)


def _stale_row(ledger: Ledger, task: Task, status: TaskStatus, as_of: date) -> Optional[StaleRow]:
    if status is not TaskStatus.in_progress:
        return None
    latest = latest_progress(task, as_of)
    days = (as_of - stale_since(task, ledger.config.first_year, as_of)).days
    if days <= ledger.config.stale_after_days:
        return None
    return StaleRow(task.id, task.title, ledger.unit_short(task.lead_unit), latest.date if latest else None, days)
