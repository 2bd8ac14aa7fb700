"""Milestones: in date order, none done in the future, every task has some."""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..model import Ledger
from ..problems import Problem
from .base import CheckContext


def milestones_in_order(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if not ctx.reports("R401"):
        return
    for task in ledger.tasks:
        dues = [m.due for m in task.milestones]
        if dues == sorted(dues):
            continue
        for index, (previous, milestone) in enumerate(zip(task.milestones, task.milestones[1:]), start=1):
            if milestone.due < previous.due:
                yield Problem("R401", task.src.file, task.src.keypath + ("milestones", index, "due"), {
                    "id": milestone.id, "due": milestone.due, "prev": previous.id, "prev_due": previous.due})


def tasks_have_milestones(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if not ctx.reports("R403"):
        return
    for task in ledger.tasks:
        if not task.milestones and task.status.value != "withdrawn":
            yield Problem("R403", task.src.file, task.src.keypath + ("id",), {"id": task.id})


def added_not_in_future(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if ctx.now is None:
        return
    for task in ledger.tasks:
        if task.added and task.added > ctx.now:
            yield Problem("R405", task.src.file, task.src.keypath + ("added",), {"date": task.added, "now": ctx.now})


def done_dates_plausible(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    year = ledger.config.first_year  # of a multi-year plan, its first year
    earliest = date(year - 1, 1, 1)
    latest = ctx.now or date.max
    for task in ledger.tasks:
        for index, milestone in enumerate(task.milestones):
            done = milestone.done
            if done is None or earliest <= done <= latest:
                continue
            where = task.src.keypath + ("milestones", index, "done")
            if done > latest:
                yield Problem("R402", task.src.file, where, {"id": milestone.id, "done": done, "now": ctx.now})
            else:
                yield Problem("R404", task.src.file, where, {"id": milestone.id, "done": done, "year": year})
