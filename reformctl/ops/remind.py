"""临期提醒: per unit, what falls due within a window of working days and what is overdue.

The reckoning is `status`'s own (ops/status.compute_status, with the words of reformctl.timeline):
only the window changes, to the `--days` working days the reminder asks for. Each milestone is
charged to the unit that answers for it (its owner, else the task's lead unit), as in `overdue`.
Units are listed in the order of units.yaml, so a reminder run is the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Optional

from ..calendar import WorkCalendar
from ..model import Ledger, WindowUnit
from .status import MilestoneRow, compute_status


@dataclass(frozen=True)
class OpenItem:
    """Something a unit must answer besides a milestone, overdue or due within the window: a
    督办通知 not answered (kind "notice", id its 文号) or a finding not rectified ("finding")."""

    kind: str
    id: str
    what: str
    due: date
    overdue: bool
    workdays: int  # working days late (overdue) or left


@dataclass(frozen=True)
class UnitReminder:
    unit_id: str
    unit: str
    overdue: tuple[MilestoneRow, ...]
    due_soon: tuple[MilestoneRow, ...]
    others: tuple[OpenItem, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.others)


@dataclass
class RemindReport:
    office: str
    as_of: date
    window_end: date
    workdays: int
    units: list[UnitReminder] = field(default_factory=list)
    calendar_fallback_years: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"office": self.office, "as_of": self.as_of, "window_end": self.window_end,
                "workdays": self.workdays, "units": [asdict(unit) for unit in self.units]}


def window_ledger(ledger: Ledger, workdays: int) -> Ledger:
    """The ledger with its due-soon window set to `workdays` working days (nothing else changes)."""
    config = ledger.config.model_copy(update={"due_soon_days": workdays, "due_soon_unit": WindowUnit.workdays})
    return replace(ledger, config=config)


def compute_reminders(ledger: Ledger, as_of: date, workdays: Optional[int] = None,
                      calendar: Optional[WorkCalendar] = None, unit: Optional[str] = None) -> RemindReport:
    """The reminders of every unit with something overdue or due within `workdays` working days
    (default: the office's own window), or of `unit` alone: milestones, findings not rectified and
    notices not answered."""
    calendar = calendar or WorkCalendar(ledger.config.calendar.value)
    days = ledger.config.due_soon_days if workdays is None else workdays
    windowed = window_ledger(ledger, days)
    status = compute_status(windowed, as_of, calendar)
    others = open_items(windowed, as_of, calendar)
    report = RemindReport(ledger.config.office, as_of, status.window_end, days,
                          calendar_fallback_years=sorted(calendar.fallback_years))
    for unit_id in _unit_order(ledger, status, others):
        if unit and unit_id != unit:
            continue
        reminder = UnitReminder(
            unit_id, ledger.unit_name(unit_id),
            tuple(row for row in status.overdue if row.unit_id == unit_id),
            tuple(row for row in status.due_soon if row.unit_id == unit_id),
            tuple(sorted(others.get(unit_id, ()), key=lambda item: (not item.overdue, item.due, item.id))))
        if not reminder.empty:
            report.units.append(reminder)
    return report


def open_items(ledger: Ledger, as_of: date, calendar: WorkCalendar) -> dict[str, list[OpenItem]]:
    """Per unit, its findings and notices overdue or due within the ledger's window (supervision's rows)."""
    from .supervision import finding_rows, in_state, notice_rows

    items: dict[str, list[OpenItem]] = {}
    for rows in (finding_rows(ledger, as_of, calendar), notice_rows(ledger, as_of, calendar)):
        for row in in_state(rows, "overdue", "due_soon"):
            item = OpenItem(row.kind, row.source if row.kind == "notice" else row.id, row.text, row.due,
                            row.state == "overdue", row.workdays)
            items.setdefault(row.unit_id, []).append(item)
    return items


def _unit_order(ledger: Ledger, status, others: dict) -> list[str]:
    """units.yaml's order, then any unit it does not list (a check reports those) by id."""
    named = {row.unit_id for row in status.overdue} | {row.unit_id for row in status.due_soon} | set(others)
    listed = [unit_id for unit_id in ledger.units if unit_id in named]
    return listed + sorted(named - set(listed))
