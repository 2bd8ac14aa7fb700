"""Every task id unique across the ledger; every milestone id unique within its task."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger
from ..problems import Problem
from .base import CheckContext
from .refs import TaskRefIndex


def unique_task_ids(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    if index.ids_unique:  # no id twice: the usual case, known at once
        return
    first_seen: dict[str, str] = {}
    for task in index.refs:
        if task.id in first_seen:
            yield Problem("R201", task.src.file, task.src.keypath + ("id",),
                          {"id": task.id, "first": first_seen[task.id]})
        else:
            first_seen[task.id] = task.src.file


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


def unique_list_ids(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    seen: set[str] = set()
    for item in index.config.lists:
        if item.id in seen:
            yield Problem("R203", item.src.file, item.src.keypath + ("id",),
                          {"id": item.id, "what_en": "lists", "what_zh": "清单", "first": item.src.file})
        seen.add(item.id)
