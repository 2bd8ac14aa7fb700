"""Lean tasks: what `status`, `overdue` and the overdue, monthly, quarterly and bulletin reports read
of a task, as plain records, kept per task file in the cache beside `check`'s findings.

A province ledger's 20,000 tasks as pydantic models cost more to build than everything these
commands then compute. The file-by-file check (reformctl.pipeline.incremental) builds each file's
models anyway to check them, on both cores; it hands each task to :func:`task_to_plain`, and the
parent (or a later run, from the cache: kind ``lean``, keyed on the file's content) makes a
:class:`LeanTask` of it. A lean task carries the fields of a :class:`~reformctl.model.Task` that
these commands read, under the same names and with the same values, so that the words of
reformctl.timeline apply to it unchanged (tests/test_lean.py holds every figure equal to the full
models' on a varied ledger at several days). Only a ledger without errors is read this way.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, Optional

from ..model import SourceRef, TaskStatus

_fromordinal = date.fromordinal
_tuple_new = tuple.__new__  # a named tuple made from its values without the call of its __new__


class LeanMilestone(NamedTuple):
    id: str
    due: date
    what: str
    done: Optional[date]
    owner: Optional[str]


class LeanProgress(NamedTuple):
    date: date
    by: str
    text: str
    evidence: tuple
    problem: Optional[str]
    coordination: Optional[str]


class LeanChange(NamedTuple):
    date: date
    milestone: Optional[str]
    field: str
    from_: Optional[str]
    to: Optional[str]


class LeanClosed(NamedTuple):
    date: date
    by: str
    evidence: tuple
    ref: Optional[str]


_FIELDS = ("id", "title", "lists", "lead_leader", "lead_unit", "co_units", "milestones", "progress", "status",
           "added", "changes", "closed", "pilot", "depends_on")


class LeanTask:
    """A task's fields as `Task` names them (those the commands above read), and where it is.

    `model_copy(update=...)` and the private slot are those of a pydantic record, so that
    reformctl.timeline can give a task's lead unit as it stood on a past day (ledger_on)."""

    __slots__ = (*_FIELDS, "__pydantic_private__")

    def __init__(self, *values: Any, src: Optional[SourceRef] = None):
        for name, value in zip(_FIELDS, values, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "__pydantic_private__", {"_src": src} if src else None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a lean task is a value: {name} cannot be set")

    @property
    def src(self) -> SourceRef:
        private = self.__pydantic_private__
        return private["_src"] if private else SourceRef("?")

    def model_copy(self, update: Optional[dict] = None) -> "LeanTask":
        update = update or {}
        return LeanTask(*(update[name] if name in update else getattr(self, name) for name in _FIELDS), src=self.src)


# Each slot's setter, and the making of a lean task from its values without __init__'s generic
# loop: 20,000 tasks are made for every report of a province ledger.
_SETTERS = tuple(LeanTask.__dict__[name].__set__ for name in _FIELDS)
_set_private = LeanTask.__dict__["__pydantic_private__"].__set__


def _lean_task(values: tuple, src: SourceRef) -> LeanTask:
    task = object.__new__(LeanTask)
    for setter, value in zip(_SETTERS, values, strict=True):
        setter(task, value)
    _set_private(task, {"_src": src})
    return task


_STATUSES = {status.value: status for status in TaskStatus}


def _day(value: Optional[date]) -> Optional[int]:
    return None if value is None else value.toordinal()


def task_to_plain(task: Any) -> tuple:
    """A built (validated) Task as plain data for the cache and the pipe: text, numbers, tuples."""
    return (task.id, task.title, tuple(task.lists), task.lead_leader, task.lead_unit, tuple(task.co_units),
            tuple((m.id, m.due.toordinal(), m.what, _day(m.done), m.owner) for m in task.milestones),
            tuple((p.date.toordinal(), p.by, p.text, tuple(p.evidence), p.problem, p.coordination) for p in task.progress),
            task.status.value, _day(task.added),
            tuple((c.date.toordinal(), c.milestone, c.field, c.from_, c.to) for c in task.changes),
            None if task.closed is None else (task.closed.date.toordinal(), task.closed.by,
                                              tuple(task.closed.evidence), task.closed.ref),
            _pilot_to_plain(task.pilot), task.src.keypath, tuple(task.depends_on))


def _pilot_to_plain(pilot: Any) -> Optional[dict]:
    """A pilot (few tasks are) as the mapping it was read from: validated again when read back."""
    return None if pilot is None else pilot.model_dump(mode="json", by_alias=True, exclude_unset=True)


def _pilot(plain: Optional[dict]) -> Any:
    if plain is None:
        return None
    from ..model import Pilot

    try:
        return Pilot.model_validate(plain)
    except ValueError as err:  # pydantic's ValidationError: not what task_to_plain wrote
        raise TypeError(str(err)) from None


class BadLean(Exception):
    """Plain data that is not what task_to_plain writes: the caller reads the ledger in full."""


def tasks_from_plain(plain: Any, file: str) -> list[LeanTask]:
    """The lean tasks of one file from task_to_plain's data; BadLean when it has another shape."""
    try:
        return [_task(item, file) for item in plain]
    except (TypeError, ValueError, OverflowError, KeyError) as err:
        raise BadLean(str(err)) from None


def _optional_day(value: Optional[int]) -> Optional[date]:
    return None if value is None else _fromordinal(value)


def _task(item: tuple, file: str) -> LeanTask:
    (task_id, title, lists, leader, unit, co_units, milestones, progress, status, added, changes, closed, pilot,
     keypath, depends_on) = item
    for text in (task_id, title, unit):
        _expect(type(text) is str)
    return _lean_task((
        task_id, title, list(lists), leader, unit, list(co_units),
        [_tuple_new(LeanMilestone, (m_id, _fromordinal(due), what, _optional_day(done), owner))
         for m_id, due, what, done, owner in milestones],
        [_tuple_new(LeanProgress, (_fromordinal(day), by, text, evidence, problem, coordination))
         for day, by, text, evidence, problem, coordination in progress],
        _STATUSES[status], _optional_day(added),
        [_tuple_new(LeanChange, (_fromordinal(day), milestone, field, from_, to))
         for day, milestone, field, from_, to in changes],
        None if closed is None else LeanClosed(_fromordinal(closed[0]), closed[1], closed[2], closed[3]),
        _pilot(pilot), list(depends_on)), _tuple_new(SourceRef, (file, keypath)))


def _expect(condition: bool) -> None:
    if not condition:
        raise TypeError("not a lean task")
