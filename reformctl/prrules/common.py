"""What the pull-request rules share: who made the change, pairing tasks by id, entries by content, and places.

Rule modules import this module, never the package's __init__ (which lists the rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Optional, Sequence

from ..model import Ledger, Milestone, Task, Unit, UnitKind


@dataclass(frozen=True)
class Author:
    """One person behind a change, under every name they are known by (an email, a forge @login)."""

    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.names[0]


@dataclass(frozen=True)
class PRCommit:
    """A commit of the pull request: who made it and which ledger files it changes."""

    sha: str
    author: Author
    files: tuple[str, ...]


@dataclass(frozen=True)
class PRContext:
    """What the rules know besides the two ledgers.

    `authors`: who made the change. `commits`: the pull request's commits, newest first, when
    each commit's author is known (from signatures or claimed emails; empty when the identity is
    the forge's, which names one actor for the whole pull request). `changed`: every file below
    the ledger folder that differs between base and head. `unreadable`: head files that could not
    be read (their tasks are not missing, merely unread). `started`: the day the pull request
    began (its first commit), against which back-dated completions are measured.
    """

    authors: tuple[Author, ...] = ()
    commits: tuple[PRCommit, ...] = ()
    changed: tuple[str, ...] = ()
    unreadable: frozenset[str] = frozenset()
    started: Optional[date] = None


def late_report(milestone: Milestone, before: Optional[Milestone], started: Optional[date], ledger: Ledger,
                calendar: Any = None) -> Optional[int]:
    """Working days between a done date this pull request adds and the day the pull request began,
    when more than the ledger allows (a late report, 补报); None otherwise."""
    if started is None or milestone.done is None or (before is not None and before.done == milestone.done):
        return None
    from ..calendar import WorkCalendar

    lag = (calendar or WorkCalendar(ledger.config.calendar.value)).workdays_between(milestone.done, started)
    return lag if lag > ledger.config.pull_requests.late_report_workdays else None


def author_units(ledger: Ledger) -> dict[str, list[Unit]]:
    """Lower-cased email, forge @login or team handle → the units it belongs to."""
    index: dict[str, list[Unit]] = {}
    for unit in ledger.units.values():
        for name in (*unit.members, *unit.teams):
            index.setdefault(name.strip().lower(), []).append(unit)
    return index


def units_of(author: Author, mapping: dict[str, list[Unit]]) -> list[Unit]:
    """The units of every name of the author, each once, in the order found."""
    units: list[Unit] = []
    for name in author.names:
        for unit in mapping.get(name.strip().lower(), []):
            if unit not in units:
                units.append(unit)
    return units


def is_office(units: list[Unit]) -> bool:
    return any(unit.kind is UnitKind.office for unit in units)


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
