"""A task's status agrees with its milestones and its strike-off (销号) record."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger, Task, TaskStatus
from ..problems import Problem
from ..timeline import is_active, is_finished
from .base import CheckContext


def finished_means_milestones_done(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        all_done = all(m.done is not None for m in task.milestones)
        if is_finished(task.status) and not all_done:
            open_ids = ", ".join(m.id for m in task.milestones if m.done is None)
            yield Problem("R501", task.src.file, task.src.keypath + ("status",),
                          {"status": task.status.value, "open": open_ids})
        elif is_active(task.status) and task.milestones and all_done:
            yield Problem("R506", task.src.file, task.src.keypath + ("status",), {"status": task.status.value})


def closed_record_agrees(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if task.closed is not None or task.status is TaskStatus.closed:
            yield from _closed_problems(task, ctx)


def _closed_problems(task: Task, ctx: CheckContext) -> Iterator[Problem]:
    closed = task.closed
    if task.status is TaskStatus.closed and closed is None:
        yield Problem("R504", task.src.file, task.src.keypath + ("status",), {
            "detail_en": "the status is closed but there is no 'closed' record (date, by, evidence); add it.",
            "detail_zh": "状态为 closed（已销号），但没有 closed 销号记录（date、by、evidence）；请补上。"})
        return
    if closed is None:
        return
    if task.status is not TaskStatus.closed:
        yield Problem("R504", task.src.file, task.src.keypath + ("closed",), {
            "detail_en": f"a 'closed' record is present but the status is {task.status.value}; set status: closed.",
            "detail_zh": f"已有 closed 销号记录，但状态为 {task.status.value}；请将 status 改为 closed。"}, at_key=True)
    here = task.src.at("closed")
    if not closed.evidence:
        yield Problem("R502", here.file, here.keypath)
    done_dates = [m.done for m in task.milestones if m.done]
    if done_dates and closed.date < max(done_dates):
        yield Problem("R503", here.file, here.keypath + ("date",),
                      {"closed": closed.date, "done": max(done_dates)})
    if ctx.now and closed.date > ctx.now:
        yield Problem("R505", here.file, here.keypath + ("date",), {"date": closed.date, "now": ctx.now})
