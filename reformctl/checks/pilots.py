"""A pilot (试点) has what the seeds ask of every pilot: one lead leader and one plan; it is
accepted when its period ends, or earlier for a stated reason; it is accepted before it is promoted; its contact point (联系点) is a leader or a unit of
units.yaml."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger, Pilot, Task, iso_day
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex


def pilots_are_sound(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if task.pilot is not None:
            yield from _pilot_problems(task)
            yield from _deadlines_agree(task)


def _deadlines_agree(task: Task) -> Iterator[Problem]:
    """A pilot's deadline moved by approved changes (changes: field pilot.period.to or
    pilot.acceptance.due) agrees with the last of them (R606), whose dates are dates (R604)."""
    latest: dict[str, tuple[int, object]] = {}
    for index, change in enumerate(task.changes):
        if change.field not in Pilot.DEADLINES:
            continue
        for key, value in (("from", change.from_), ("to", change.to)):
            if value is not None and iso_day(value) is None:
                yield Problem("R604", task.src.file, task.src.keypath + ("changes", index, key), {"value": value})
        if change.field not in latest or change.date >= latest[change.field][1].date:
            latest[change.field] = (index, change)
    for field, (index, change) in latest.items():
        current = task.pilot.deadline(field)
        if iso_day(change.to) is not None and iso_day(change.to) != current:
            yield Problem("R606", task.src.file, task.src.keypath + ("changes", index, "to"),
                          {"field": field, "to": change.to, "current": current or ""})


def _pilot_problems(task: Task) -> Iterator[Problem]:
    pilot, here = task.pilot, task.src.at("pilot")
    if not task.lead_leader:
        yield Problem("R350", task.src.file, task.src.keypath + ("pilot",), {"id": task.id}, at_key=True)
    if not (pilot.plan or pilot.approval_doc):
        yield Problem("R351", here.file, here.keypath, {"id": task.id}, at_key=True)
    accepted = pilot.acceptance.done if pilot.acceptance else None
    if accepted and pilot.period and accepted < pilot.period.to and not pilot.acceptance.reason:
        yield Problem("R352", here.file, here.keypath + ("acceptance", "done"),
                      {"done": accepted, "end": pilot.period.to})
    if pilot.promoted and (accepted is None or pilot.promoted.date < accepted):
        yield Problem("R353", here.file, here.keypath + ("promoted", "date"), {
            "promoted": pilot.promoted.date,
            "accepted": f", before its acceptance on {accepted}" if accepted else " with no acceptance recorded",
            "accepted_zh": f"，早于其验收日期 {accepted}" if accepted else "，但没有验收记录"})


def pilot_contacts_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R380: a pilot's contact point (联系点) names a leader or a unit of units.yaml. A ledger check:
    units.yaml may change while the task file does not."""
    if "units" in index.unreadable_kinds:  # the real problem is reported there
        return
    if index.names.contacts <= index.leaders.keys() | index.units.keys():
        return
    for task in index.refs:
        if task.contact and task.contact not in index.leaders and task.contact not in index.units:
            here = task.src.at("pilot", "contact")
            yield Problem("R380", here.file, here.keypath,
                          {"id": task.contact, **suggest(task.contact, [*index.leaders, *index.units])})
