"""Nothing disappears: a task or milestone of the base is still there at head, under the same id."""

from __future__ import annotations

from typing import Iterator, Optional

from ..model import Ledger, Task
from ..problems import Problem
from .common import PRContext, file_slot, missing_at_head, paired_tasks, task_key


def tasks_kept(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    base_ids = {task.id for task in base.tasks}
    head_files = {f.path for f in head.files}
    for task in missing_at_head(base, head, ctx.unreadable):
        renamed = _task_at(head, task.src.file, task.src.keypath[0])
        if renamed is not None and renamed.id not in base_ids:
            yield Problem("R902", renamed.src.file, task_key(renamed, "id"), {"old": task.id, "new": renamed.id})
        elif task.src.file in head_files:
            yield Problem("R901", task.src.file, file_slot(head, task.src.file, task.src.keypath[0]),
                          {"id": task.id, "title": task.title, "file": task.src.file})
        else:  # its file is gone too: line 1 of the file it was in
            yield Problem("R901", task.src.file, (), {"id": task.id, "title": task.title, "file": task.src.file}).located(1, 1)


def _task_at(ledger: Ledger, file: str, index: int) -> Optional[Task]:
    return next((t for t in ledger.tasks if t.src.file == file and t.src.keypath[0] == index), None)


def milestones_kept(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        old_ids = [m.id for m in old.milestones]
        new_ids = {m.id for m in new.milestones}
        for index, milestone in enumerate(old.milestones):
            if milestone.id in new_ids:
                continue
            renamed = new.milestones[index] if index < len(new.milestones) else None
            if renamed is not None and renamed.id not in old_ids:
                yield Problem("R904", new.src.file, new.src.keypath + ("milestones", index, "id"),
                              {"old": milestone.id, "new": renamed.id, "task": new.id})
            else:
                yield Problem("R903", new.src.file, task_key(new, "milestones"),
                              {"id": milestone.id, "what": milestone.what, "task": new.id}, at_key=True)
