"""No silent drift: a due date, lead unit, lead leader, halting status or milestone's `what` moves only with a
new approved change."""

from __future__ import annotations

from typing import Iterator, Optional

from ..model import Change, Ledger, Task
from ..problems import Problem
from ..timeline import is_halted
from .common import PRContext, match_entries, paired_tasks, task_key, text

_LEAD_FIELDS = ("lead_unit", "lead_leader")


def new_changes(old: Task, new: Task) -> list[Change]:
    """The head's change entries that the base did not have, in the order written."""
    _, added = match_entries(old.changes, new.changes)
    return [new.changes[index] for index in added]


def recorded(changes: list[Change], field: str, old: str, new: str, milestone: Optional[str] = None) -> bool:
    """Whether the new changes lead from `old` to `new` (one entry, or a chain of them)."""
    value, steps = old, [c for c in changes if c.field == field and c.milestone == milestone]
    for change in sorted(steps, key=lambda c: c.date):
        if (change.from_ or "") == value:
            value = change.to or ""
    return value == new


def due_dates_moved_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        added = new_changes(old, new)
        old_due = {m.id: m.due.isoformat() for m in old.milestones}
        for index, milestone in enumerate(new.milestones):
            before, after = old_due.get(milestone.id), milestone.due.isoformat()
            if before and before != after and not recorded(added, "due", before, after, milestone.id):
                yield Problem("R911", new.src.file, new.src.keypath + ("milestones", index, "due"),
                              {"task": new.id, "id": milestone.id, "old": before, "new": after})


def leads_moved_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        added = new_changes(old, new)
        for field in _LEAD_FIELDS:
            before, after = text(getattr(old, field)), text(getattr(new, field))
            if before != after and not recorded(added, field, before, after):
                yield Problem("R912", new.src.file, task_key(new, field) if after else task_key(new, "id"),
                              {"task": new.id, "field": field, "old": before, "new": after})


def halts_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        before, after = old.status.value, new.status.value
        # a task leaving the count of what is due needs an approval, as a postponement does
        if before != after and is_halted(new.status) and not recorded(new_changes(old, new), "status", before, after):
            yield Problem("R913", new.src.file, task_key(new, "status"), {"id": new.id, "old": before, "new": after})


def milestones_reworded_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        added = new_changes(old, new)
        old_what = {m.id: m.what for m in old.milestones}
        for index, milestone in enumerate(new.milestones):
            before = old_what.get(milestone.id)
            if before is not None and before != milestone.what and not recorded(added, "what", before, milestone.what, milestone.id):
                yield Problem("R914", new.src.file, new.src.keypath + ("milestones", index, "what"),
                              {"task": new.id, "id": milestone.id, "old": before, "new": milestone.what})
