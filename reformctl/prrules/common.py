"""What the pull-request rules share: pairing tasks by id, entries by content, and places."""

from __future__ import annotations

from typing import Any, Iterator, Optional, Sequence

from ..model import Ledger, Task


def paired_tasks(base: Ledger, head: Ledger) -> Iterator[tuple[Task, Task]]:
    """(base task, head task) for every task id present in both that may differ, in the base's order.

    A task at the same place of a file whose content is the same at both revisions is the same
    task: it is skipped, so that a pull request touching one file of a large ledger is cheap.
    """
    same_files = unchanged_files(base, head)
    for task in base.tasks:
        other = head.task(task.id)
        if other is not None and not (task.src == other.src and task.src.file in same_files):
            yield task, other


def missing_at_head(base: Ledger, head: Ledger, unreadable: frozenset[str]) -> Iterator[Task]:
    """Base tasks that are gone at head: not there, not merely failing to build or in an unreadable file."""
    unbuilt = getattr(head, "unbuilt_task_ids", frozenset())
    for task in base.tasks:
        if head.task(task.id) is None and task.id not in unbuilt and task.src.file not in unreadable:
            yield task


def unchanged_files(base: Ledger, head: Ledger) -> set[str]:
    """Ledger files whose content is identical at base and head."""
    before = {file.path: file.sha256 for file in base.files}
    return {file.path for file in head.files if before.get(file.path) == file.sha256}


def dump(record: Any) -> Any:
    """A record as plain data, for comparing content regardless of where it sits."""
    return record.model_dump(mode="json", by_alias=True)


def differing_keys(old: dict, new: dict) -> list[str]:
    """Top-level keys whose values differ, in the order they appear (old first, then new ones)."""
    keys = list(old) + [key for key in new if key not in old]
    return [key for key in keys if old.get(key) != new.get(key)]


def match_entries(old: Sequence[Any], new: Sequence[Any]) -> tuple[list[int], list[int]]:
    """Pair entries by content: (indexes of old entries not found in new, indexes of new entries unpaired).

    An entry stays paired when other entries are inserted before it; only an edit or a
    removal leaves an old entry unpaired.
    """
    old_data = [dump(entry) for entry in old]
    new_data = [dump(entry) for entry in new]
    free = list(range(len(new_data)))
    missing = []
    for index, entry in enumerate(old_data):
        found = next((j for j in free if new_data[j] == entry), None)
        if found is None:
            missing.append(index)
        else:
            free.remove(found)
    return missing, free


def file_slot(head: Ledger, file: str, index: int) -> tuple:
    """The key path in the head's `file` nearest to where item `index` was (the last item if beyond)."""
    count = max((task.src.keypath[0] + 1 for task in head.tasks if task.src.file == file), default=0)
    return (min(index, count - 1),) if count else ()


def task_key(task: Task, *keys: Any) -> tuple:
    return task.src.keypath + keys


def text(value: Optional[Any]) -> str:
    """A field's value as the text a change records ('' for none)."""
    if value is None:
        return ""
    return str(getattr(value, "value", value))
