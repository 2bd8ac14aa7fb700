"""What a unit reports on for a month (进展报送): its active tasks and their open milestones.

The same selection makes a return (`returns make`) and checks one that comes back (`returns
import`): a row's digest says what the office asked about, so that a return made from a ledger
that has since moved on for that row is noticed rather than written over the new state.
No spreadsheet library here: the rows are plain values.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..model import Ledger, Task
from ..timeline import done_on, due_on, is_active, ledger_on, status_on

FORMAT = "reformctl-return/1"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Month:
    code: str  # 2026-09
    start: date
    end: date


def parse_month(text: str) -> Optional[Month]:
    match = _MONTH.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        return None
    return Month(text, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReturnRow:
    """One line of a return: a task and one of its open milestones (or the task alone)."""

    task_id: str
    title: str
    milestone_id: str  # '' for a task with no open milestone this month: progress only
    what: str
    due: Optional[date]
    may_complete: bool  # the unit answers for this milestone (its owner, or the lead unit)
    lead: bool  # the unit leads the task (else it co-leads it)

    @property
    def key(self) -> tuple[str, str]:
        return (self.task_id, self.milestone_id)

    def digest(self) -> str:
        """What the office asked about in this row, in 16 hex digits."""
        text = "\x1f".join((self.task_id, self.title, self.milestone_id, self.what,
                            self.due.isoformat() if self.due else "", "1" if self.may_complete else "0"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def reporting_units(ledger: Ledger, as_of: date) -> list[str]:
    """Every unit that leads or co-leads an active task on `as_of`, in units.yaml's order."""
    named = set()
    for task in ledger_on(ledger, as_of).tasks:
        if is_active(status_on(task, as_of)):
            named.add(task.lead_unit)
            named.update(task.co_units)
    return [unit for unit in ledger.units if unit in named]


def return_rows(ledger: Ledger, unit: str, month: Month, as_of: date) -> list[ReturnRow]:
    """The rows of `unit`'s return for `month`: each active task it leads or co-leads, with every
    milestone not done on `as_of` and due by the month's end (overdue ones included)."""
    return rows_by_unit(ledger, [unit], month, as_of)[unit]


def rows_by_unit(ledger: Ledger, units: list[str], month: Month, as_of: date) -> dict[str, list[ReturnRow]]:
    """The rows of each unit's return, in one walk over the ledger (a hundred units of a province
    ledger would otherwise walk its 20,000 tasks a hundred times)."""
    rows: dict[str, list[ReturnRow]] = {unit: [] for unit in units}
    for task in ledger_on(ledger, as_of).tasks:
        named = [unit for unit in dict.fromkeys((task.lead_unit, *task.co_units)) if unit in rows]
        if named and is_active(status_on(task, as_of)):
            for unit in named:
                rows[unit].extend(_task_rows(task, unit, task.lead_unit == unit, month, as_of))
    return rows


def _task_rows(task: Task, unit: str, lead: bool, month: Month, as_of: date) -> list[ReturnRow]:
    rows = []
    for milestone in task.milestones:
        due = due_on(task, milestone, as_of)
        if done_on(milestone, as_of) is None and due <= month.end:
            answers = milestone.owner == unit if milestone.owner else lead
            rows.append(ReturnRow(task.id, task.title, milestone.id, milestone.what, due, answers, lead))
    return rows or [ReturnRow(task.id, task.title, "", "", None, False, lead)]


def rows_digest(rows: list[ReturnRow]) -> str:
    return hashlib.sha256("\n".join(row.digest() for row in rows).encode()).hexdigest()[:16]
