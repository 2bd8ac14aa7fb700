"""What the ledger-scope checks read of a ledger: an index of each task's references.

A ledger check looks across files (ids, units, leaders, lists, dependencies). It reads of a task
only its :class:`TaskRefs`, light enough to keep per file while the file is unchanged, and of the
ledger only the settings, the units and leaders, and what could not be read: a
:class:`TaskRefIndex`. A whole loaded ledger gives one with :meth:`TaskRefIndex.of`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import NamedTuple, Optional

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
                                   tuple(task.depends_on), units, tuple([m.id for m in task.milestones]),
                                   task.pilot.contact if task.pilot is not None else None, places))

    def unit_refs(self) -> list[tuple[str, tuple]]:
        """(unit id, key path from the task) of every unit the task names."""
        return [(unit, unit_place(place)) for unit, place in zip(self.units, self.places)]


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

    # What several checks need of the references, each made once per index, in C loops: a
    # province ledger's 20,000 references, walked once per check in Python, cost a tenth of a second.
    @cached_property
    def by_id(self) -> dict[str, TaskRefs]:
        """The references of each task id: of the first task with that id (another is R201's)."""
        backwards = self.refs[::-1]
        return dict(zip(map(_ID, backwards), backwards))  # the first of an id, written last, stays

    @cached_property
    def named_units(self) -> set[str]:
        """Every unit some task names."""
        return set(chain.from_iterable(map(_UNITS, self.refs)))

    @cached_property
    def named_lists(self) -> set[str]:
        """Every list some task is on."""
        return set(chain.from_iterable(map(_LISTS, self.refs)))

    @cached_property
    def named_dependencies(self) -> set[str]:
        """Every task some task depends on."""
        return set(chain.from_iterable(map(_DEPENDS_ON, self.refs)))

    @cached_property
    def named_leaders(self) -> set[Optional[str]]:
        """Every lead leader some task names (None for a task that names none)."""
        return set(map(_LEAD_LEADER, self.refs))

    @classmethod
    def of(cls, ledger: Ledger) -> "TaskRefIndex":
        return cls(ledger.config, ledger.leaders, ledger.units, tuple(TaskRefs.of(task) for task in ledger.tasks),
                   ledger.unreadable_kinds, ledger.unbuilt_task_ids, ledger.records)


_ID, _UNITS, _LISTS, _DEPENDS_ON, _LEAD_LEADER = map(attrgetter, ("id", "units", "lists", "depends_on", "lead_leader"))
