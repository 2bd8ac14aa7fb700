"""A pilot (试点) has what the seeds ask of every pilot: one lead leader and one plan; it is
accepted when its period ends, or earlier for a stated reason; it is accepted before it is promoted; its contact point (联系点) is a leader or a unit of
units.yaml."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger, Task
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex


def pilots_are_sound(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if task.pilot is not None:
            yield from _pilot_problems(task)


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
    for task in index.refs:
        if task.contact and task.contact not in index.leaders and task.contact not in index.units:
            here = task.src.at("pilot", "contact")
            yield Problem("R380", here.file, here.keypath,
                          {"id": task.contact, **suggest(task.contact, [*index.leaders, *index.units])})
