"""Progress reports: none from the future, and none missing for too long."""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from ..model import Ledger, TaskStatus
from ..timeline import stale_since
from ..problems import Problem
from .base import CheckContext


def progress_not_in_future(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if ctx.now is None:
        return
    if max((entry.date for task in ledger.tasks for entry in task.progress), default=ctx.now) <= ctx.now:
        return
    for task in ledger.tasks:
        for index, entry in enumerate(task.progress):
            if entry.date > ctx.now:
                yield Problem("R701", task.src.file, task.src.keypath + ("progress", index, "date"),
                              {"date": entry.date, "now": ctx.now})


def progress_is_fresh(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    if ctx.now is None or not ctx.reports("R702"):  # a province's 13,000 stale tasks: only warnings
        return
    window = ledger.config.stale_after_days
    fresh_from = ctx.now - timedelta(days=window)
    for task in ledger.tasks:
        if task.status is not TaskStatus.in_progress or any(
                fresh_from <= entry.date <= ctx.now for entry in task.progress):
            continue
        last = stale_since(task, ledger.config.first_year, ctx.now)
        if ctx.now - last > timedelta(days=window):
            yield Problem("R702", task.src.file, task.src.keypath + ("id",),
                          {"last": last, "days": (ctx.now - last).days, "window": window})

