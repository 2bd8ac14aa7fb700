"""What the ledger-scope checks read of a ledger: an index of each task's references.

A ledger check looks across files (ids, units, leaders, lists, dependencies). It reads of a task
only its :class:`TaskRefs`, light enough to keep per file while the file is unchanged, and of the
ledger only the settings, the units and leaders, and what could not be read: a
:class:`TaskRefIndex`. A whole loaded ledger gives one with :meth:`TaskRefIndex.of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain, compress, count
from operator import attrgetter
from typing import Iterable, NamedTuple, Optional

from ..model import Config, Ledger, SourceRef, Task, unit_place


class TaskRefs(NamedTuple):
    id: str
    src: SourceRef
    lead_unit: str
    lead_leader: Optional[str]
    lists: tuple
    depends_on: tuple
    units: tuple  # every unit the task names, in order (Task.unit_places)
    milestones: tuple = ()  # the ids of its milestones (findings and notices name them)
    contact: Optional[str] = None  # a pilot's 联系点: a leader or a unit
    places: tuple = ()  # where each of `units` is named (model.unit_place)

    @classmethod
    def of(cls, task: Task) -> "TaskRefs":
        units, places = task.unit_places()
        # tuple.__new__ from C: a NamedTuple's own __new__ is Python, and a province ledger makes 20,000
        return tuple.__new__(cls, (task.id, task.src, task.lead_unit, task.lead_leader, tuple(task.lists),
                                   tuple(task.depends_on), units, tuple(map(_ID, task.milestones)),
                                   task.pilot.contact if task.pilot is not None else None, places))

    def unit_refs(self) -> list[tuple[str, tuple]]:
        """(unit id, key path from the task) of every unit the task names."""
        return [(unit, unit_place(place)) for unit, place in zip(self.units, self.places)]


class RefNames(NamedTuple):
    """What some tasks' references name, as sets: what most ledger checks ask of them.

    Made of each task file's references where they are made (in either process of a forked
    check, or as they come back from the other process or the cache), while they are fresh in
    memory, and joined: the ledger checks of a province ledger then look at 200 small sets instead
    of walking 20,000 references one by one, each walk waiting on memory (~25 ms each)."""

    count: int = 0  # how many tasks (an id written twice: fewer ids than tasks)
    ids: frozenset = frozenset()
    units: frozenset = frozenset()  # every unit named (TaskRefs.units)
    lists: frozenset = frozenset()
    leaders: frozenset = frozenset()  # every lead leader named
    dependencies: frozenset = frozenset()  # every task depended on
    contacts: frozenset = frozenset()  # every pilot's contact point named
    depending: tuple = ()  # the positions, among the references, of the tasks that depend on another

    @classmethod
    def of(cls, refs: tuple) -> "RefNames":
        return cls(len(refs), frozenset(map(_ID, refs)), frozenset(chain.from_iterable(map(_UNITS, refs))),
                   frozenset(chain.from_iterable(map(_LISTS, refs))), frozenset(map(_LEAD_LEADER, refs)) - _NONE,
                   frozenset(chain.from_iterable(map(_DEPENDS_ON, refs))), frozenset(map(_CONTACT, refs)) - _NONE,
                   tuple(compress(count(), map(_DEPENDS_ON, refs))))

    @classmethod
    def joined(cls, parts: Iterable["RefNames"]) -> "RefNames":
        """The names of references laid end to end, in the order of `parts`."""
        parts = list(parts)
        depending, offset = [], 0
        for part in parts:
            depending += [offset + position for position in part.depending]
            offset += part.count
        unions = (frozenset().union(*(getattr(part, name) for part in parts)) for name in _SETS)
        return cls(offset, *unions, tuple(depending))


_NONE = frozenset({None})
_SETS = ("ids", "units", "lists", "leaders", "dependencies", "contacts")  # RefNames' sets, in order


@dataclass(frozen=True)
class TaskRefIndex:
    """Everything a ledger-scope check may read: the settings, the units and leaders by id, the
    references of every task in file order, and what could not be read (so that the checks stay
    quiet instead of piling on)."""

    config: Config
    leaders: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    refs: tuple[TaskRefs, ...] = ()
    unreadable_kinds: frozenset[str] = frozenset()
    unbuilt_task_ids: frozenset[str] = frozenset()
    # the records of the other kinds (inspections, notices, ...), as Ledger.records holds them:
    # few and small, so built whole on every check, never kept per file
    records: dict = field(default_factory=dict)
    given_names: Optional[RefNames] = None  # the names of `refs`, when made as they were (see RefNames)

    @cached_property
    def names(self) -> RefNames:
        """What the references name (RefNames), as given, else made now."""
        return self.given_names if self.given_names is not None else RefNames.of(self.refs)

    @cached_property
    def known_ids(self) -> frozenset[str]:
        """The ids of the tasks built and of those that failed validation (what refers to one of
        these stays quiet: the task is there, its problem reported where it stands)."""
        return self.names.ids | self.unbuilt_task_ids if self.unbuilt_task_ids else self.names.ids

    @property
    def ids_unique(self) -> bool:
        """No task id written twice: every task is the first of its id."""
        return len(self.names.ids) == len(self.refs)

    @cached_property
    def by_id(self) -> dict[str, TaskRefs]:
        """The references of each task id: of the first task with that id (another is R201's)."""
        backwards = self.refs[::-1]
        return dict(zip(map(_ID, backwards), backwards))  # the first of an id, written last, stays

    def with_ids(self, wanted: Iterable[str]) -> list[TaskRefs]:
        """The references of the tasks whose ids are `wanted`, in file order (one walk, in C)."""
        wanted = set(wanted)
        return list(compress(self.refs, map(wanted.__contains__, map(_ID, self.refs)))) if wanted else []

    @classmethod
    def of(cls, ledger: Ledger) -> "TaskRefIndex":
        return cls(ledger.config, ledger.leaders, ledger.units, tuple(TaskRefs.of(task) for task in ledger.tasks),
                   ledger.unreadable_kinds, ledger.unbuilt_task_ids, ledger.records)


_ID, _UNITS, _LISTS, _DEPENDS_ON, _LEAD_LEADER, _CONTACT = map(
    attrgetter, ("id", "units", "lists", "depends_on", "lead_leader", "contact"))
