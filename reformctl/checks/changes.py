"""Approved adjustments (`changes`) agree with the timetable they adjusted."""

from __future__ import annotations

from typing import Iterator

from ..model import Change, Ledger, Task, iso_day
from ..problems import Problem, suggest
from .base import CheckContext

_MILESTONE_FIELDS = ("due", "what")
_TASK_FIELDS = ("lead_unit", "lead_leader", "status")


def changes_name_milestones(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if not task.changes:
            continue
        ids = [m.id for m in task.milestones]
        for index, change in enumerate(task.changes):
            here = task.src.at("changes", index)
            if change.field in _MILESTONE_FIELDS and not change.milestone:
                yield Problem("R603", here.file, here.keypath, {"field": change.field})
            elif change.milestone and change.milestone not in ids:
                yield Problem("R601", here.file, here.keypath + ("milestone",),
                              {"id": change.milestone, "task": task.id, **suggest(change.milestone, ids)})


def due_changes_agree(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if task.changes:
            yield from _due_change_problems(task)


def _due_change_problems(task: Task) -> Iterator[Problem]:
    latest: dict[str, Change] = {}
    for index, change in enumerate(task.changes):
        if change.field != "due" or not change.milestone:
            continue
        for key in ("from", "to"):
            value = change.from_ if key == "from" else change.to
            if iso_day(value) is None:
                yield Problem("R604", task.src.file, task.src.keypath + ("changes", index, key), {"value": value or ""})
        if iso_day(change.to) and (change.milestone not in latest or change.date >= latest[change.milestone].date):
            latest[change.milestone] = change
    for index, milestone in enumerate(task.milestones):
        change = latest.get(milestone.id)
        if change and iso_day(change.to) != milestone.due:
            yield Problem("R602", task.src.file, task.src.keypath + ("milestones", index, "due"),
                          {"id": milestone.id, "to": change.to, "due": milestone.due})


def task_field_changes_agree(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        latest: dict[str, tuple[int, Change]] = {}
        for index, change in enumerate(task.changes):
            if change.field in _TASK_FIELDS and (change.field not in latest
                                                 or change.date >= latest[change.field][1].date):
                latest[change.field] = (index, change)
        for field, (index, change) in latest.items():
            current = getattr(task, field)
            current = getattr(current, "value", current) or ""
            if change.to is not None and change.to != current:
                yield Problem("R606", task.src.file, task.src.keypath + ("changes", index, "to"),
                              {"field": field, "to": change.to, "current": current})


def changes_not_in_future(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if ctx.now is None:
        return
    for task in ledger.tasks:
        for index, change in enumerate(task.changes):
            if change.date > ctx.now:
                yield Problem("R605", task.src.file, task.src.keypath + ("changes", index, "date"),
                              {"date": change.date, "now": ctx.now})
