"""Milestones: in date order, none done in the future, every task has some."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger
from ..problems import Problem
from . import CheckContext, register


@register
def milestones_in_order(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        for previous, milestone in zip(task.milestones, task.milestones[1:]):
            if milestone.due < previous.due:
                yield Problem("R401", milestone.src.file, milestone.src.keypath + ("due",), {
                    "id": milestone.id, "due": milestone.due, "prev": previous.id, "prev_due": previous.due})


@register
def tasks_have_milestones(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if not task.milestones and task.status.value != "withdrawn":
            yield Problem("R403", task.src.file, task.src.keypath + ("id",), {"id": task.id})


@register
def done_dates_plausible(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    year = ledger.config.year
    for task in ledger.tasks:
        for milestone in task.milestones:
            if milestone.done is None:
                continue
            where = milestone.src.keypath + ("done",)
            if ctx.now and milestone.done > ctx.now:
                yield Problem("R402", milestone.src.file, where,
                              {"id": milestone.id, "done": milestone.done, "now": ctx.now})
            elif milestone.done.year < year - 1:
                yield Problem("R404", milestone.src.file, where,
                              {"id": milestone.id, "done": milestone.done, "year": year})
