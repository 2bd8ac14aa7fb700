"""Every task id unique across the ledger; every milestone id unique within its task."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger
from ..problems import Problem
from . import CheckContext, register, register_ledger


@register_ledger
def unique_task_ids(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    first_seen: dict[str, str] = {}
    for task in ledger.tasks:
        if task.id in first_seen:
            yield Problem("R201", task.src.file, task.src.keypath + ("id",),
                          {"id": task.id, "first": first_seen[task.id]})
        else:
            first_seen[task.id] = task.src.file


@register
def unique_milestone_ids(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    for task in ledger.tasks:
        if len({m.id for m in task.milestones}) == len(task.milestones):
            continue
        seen: set[str] = set()
        for index, milestone in enumerate(task.milestones):
            if milestone.id in seen:
                yield Problem("R202", task.src.file, task.src.keypath + ("milestones", index, "id"),
                              {"id": milestone.id, "task": task.id})
            seen.add(milestone.id)


@register_ledger
def unique_list_ids(ledger: Ledger, ctx: CheckContext) -> Iterator[Problem]:
    seen: set[str] = set()
    for item in ledger.config.lists:
        if item.id in seen:
            yield Problem("R203", item.src.file, item.src.keypath + ("id",),
                          {"id": item.id, "what_en": "lists", "what_zh": "清单", "first": item.src.file})
        seen.add(item.id)
