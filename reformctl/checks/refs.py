"""TaskRefs: what the ledger-scope checks read of a task, light enough to keep per file."""

from __future__ import annotations

from typing import NamedTuple, Optional

from ..model import SourceRef, Task


class TaskRefs(NamedTuple):
    id: str
    src: SourceRef
    lead_unit: str
    lead_leader: Optional[str]
    lists: tuple
    depends_on: tuple
    refs: tuple  # (unit id, key path from the task) of every unit the task names

    @classmethod
    def of(cls, task: Task) -> "TaskRefs":
        return cls(task.id, task.src, task.lead_unit, task.lead_leader, tuple(task.lists),
                   tuple(task.depends_on), tuple(task.unit_refs()))

    def unit_refs(self) -> tuple:
        return self.refs
