"""The ledger as it stood on a day: due dates, done dates and statuses as of `as_of`.

Looking back is normal (the H1 bulletin is written in July): an entry dated after the as-of day
is simply not there yet, and a due date moved by a later change still had its old value.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Optional

from ..model import Ledger, Milestone, Progress, Task, TaskStatus

_FINISHED = (TaskStatus.done, TaskStatus.closed)


def _iso(text: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def ledger_on(ledger: Ledger, as_of: date) -> Ledger:
    """The ledger without the tasks added after `as_of`: on that day they were not on it yet."""
    if all(task.added is None or task.added <= as_of for task in ledger.tasks):
        return ledger
    return replace(ledger, tasks=tuple(task for task in ledger.tasks if task.added is None or task.added <= as_of))


def due_on(task: Task, milestone: Milestone, as_of: date) -> date:
    """The milestone's due date as it stood on `as_of`, undoing changes approved later."""
    later = [c for c in task.changes
             if c.field == "due" and c.milestone == milestone.id and c.date > as_of and _iso(c.from_)]
    if not later:
        return milestone.due
    return _iso(min(later, key=lambda c: c.date).from_) or milestone.due


def done_on(milestone: Milestone, as_of: date) -> Optional[date]:
    return milestone.done if milestone.done and milestone.done <= as_of else None


def progress_until(task: Task, as_of: date) -> list[Progress]:
    return [entry for entry in task.progress if entry.date <= as_of]


def latest_progress(task: Task, as_of: date) -> Optional[Progress]:
    """The last report on or before `as_of` (of two on one day, the one written later)."""
    latest = None
    for entry in task.progress:
        if entry.date <= as_of and (latest is None or entry.date >= latest.date):
            latest = entry
    return latest


def status_on(task: Task, as_of: date) -> TaskStatus:
    """The task's status on `as_of`: a strike-off, a completion or an approved change of status
    (a suspension, a withdrawal) dated later has not happened yet."""
    status = _status_before_later_changes(task, as_of)
    if status not in _FINISHED:
        return status
    if task.closed and task.closed.date <= as_of and task.status is TaskStatus.closed:
        return TaskStatus.closed
    if all(done_on(m, as_of) for m in task.milestones):
        return TaskStatus.done
    started = any(done_on(m, as_of) for m in task.milestones) or progress_until(task, as_of)
    return TaskStatus.in_progress if started else TaskStatus.not_started


def _status_before_later_changes(task: Task, as_of: date) -> TaskStatus:
    later = [c for c in task.changes if c.field == "status" and c.date > as_of and c.from_]
    if not later:
        return task.status
    try:
        return TaskStatus(min(later, key=lambda c: c.date).from_)
    except ValueError:  # a change naming no status: the check reports it; keep the recorded one
        return task.status


def is_active(status: TaskStatus) -> bool:
    return status in (TaskStatus.not_started, TaskStatus.in_progress)
