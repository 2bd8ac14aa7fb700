"""What `check` keeps in the cache, as plain data, and the test of its shape when read back.

The cache (:mod:`.cache`) holds plain data only. Problems and task references are turned into
tuples of text and numbers here, and back; anything else in a problem's parameters (which would
not come back the same) means the entry is not kept. An entry read back with the wrong shape
is a miss: :class:`BadEntry` is raised here and caught by the caller.
"""

from __future__ import annotations

from datetime import date
from itertools import chain, repeat
from typing import Any, NamedTuple, Optional

from ..problems import Problem

_PLAIN = (str, int, float, bool, type(None))


class BadEntry(Exception):
    """A cache entry that is not what this code writes: a miss."""


class NotPlain(Exception):
    """A value that cannot be kept as plain data: the entry is not written."""


class CheckSummary(NamedTuple):
    """What `reformctl check` reports besides the problems: the files read and the tasks built."""

    files: tuple[str, ...]  # relative paths
    tasks: tuple[str, ...]  # task ids

    @classmethod
    def of(cls, ledger: Any) -> Optional["CheckSummary"]:
        """The summary of a loaded ledger (None when it could not be loaded)."""
        if ledger is None:
            return None
        return cls(tuple(f.path for f in ledger.files), tuple(task.id for task in ledger.tasks))


# --- problems -------------------------------------------------------------------------------------

def problem_to_plain(problem: Problem) -> tuple:
    params = tuple((name, *_param_to_plain(value)) for name, value in problem.params.items())
    return (problem.code, problem.file, _plain_keys(problem.keypath), params, problem.at_key, problem.line, problem.col)


def problem_from_plain(plain: Any) -> Problem:
    _expect(isinstance(plain, tuple) and len(plain) == 7)
    code, file, keypath, params, at_key, line, col = plain
    _expect(type(code) is str and type(file) is str and _is_keys(keypath) and type(at_key) is bool
            and _is_position(line) and _is_position(col) and isinstance(params, tuple))
    return Problem(code, file, keypath, dict(_param_from_plain(item) for item in params), at_key, line, col)


def _param_to_plain(value: Any) -> tuple[str, Any]:
    if type(value) is date:
        return "date", value.isoformat()
    if not _is_plain(value):
        raise NotPlain(type(value).__name__)
    return "plain", value


def _param_from_plain(item: Any) -> tuple[str, Any]:
    _expect(isinstance(item, tuple) and len(item) == 3 and type(item[0]) is str)
    name, tag, value = item
    if tag == "date":
        _expect(type(value) is str)
        try:
            return name, date.fromisoformat(value)
        except ValueError:
            raise BadEntry from None
    _expect(tag == "plain" and _is_plain(value))
    return name, value


def _is_plain(value: Any) -> bool:
    if type(value) in _PLAIN:
        return True
    if type(value) in (list, tuple):
        return all(_is_plain(item) for item in value)
    if type(value) is dict:
        return all(_is_plain(key) and _is_plain(item) for key, item in value.items())
    return False


def _plain_keys(keys: tuple) -> tuple:
    if not _is_keys(keys):
        raise NotPlain("key path")
    return keys


def _is_keys(keys: Any) -> bool:
    return type(keys) is tuple and all(type(step) in (str, int) for step in keys)


def _is_position(value: Any) -> bool:
    return value is None or type(value) is int


def _expect(condition: bool) -> None:
    if not condition:
        raise BadEntry


# --- one task file's findings ---------------------------------------------------------------------

class FileFindings(NamedTuple):
    """What checking one task file on its own found: kept while the file is unchanged."""

    problems: tuple[Problem, ...]  # located
    refs: tuple  # a TaskRefs for each task built
    unbuilt: tuple[str, ...]  # ids of the tasks that failed validation
    readable: bool  # False when the file could not be parsed
    # what `refs` name (checks.refs.RefNames), made as they are made or read back, while fresh in
    # memory; not kept (made again from the refs when read back)
    names: Any = None


def findings_to_plain(found: FileFindings) -> tuple:
    """The findings as plain data; NotPlain when a key path holds anything but text and numbers.

    Each process of `status --no-cache` sends 10,000 tasks' references this way: the key paths
    are tested column by column (C loops), not path by path."""
    keypaths = [ref.src.keypath for ref in found.refs]
    if not (_types(keypaths) <= {tuple} and _types(chain.from_iterable(keypaths)) <= {str, int}):
        raise NotPlain("key path")
    refs = tuple((ref.id, ref.src.file, ref.src.keypath, ref.lead_unit, ref.lead_leader, tuple(ref.lists),
                  tuple(ref.depends_on), tuple(ref.units), tuple(ref.milestones), ref.contact, tuple(ref.places))
                 for ref in found.refs)
    return (tuple(problem_to_plain(p) for p in found.problems), refs, tuple(found.unbuilt), found.readable)


def findings_from_plain(plain: Any) -> FileFindings:
    _expect(isinstance(plain, tuple) and len(plain) == 4)
    problems, refs, unbuilt, readable = plain
    _expect(_is_texts(unbuilt) and type(readable) is bool)
    from ..checks.refs import RefNames

    refs = _refs_from_plain(refs)
    return FileFindings(_problems_from_plain(problems), refs, unbuilt, readable, RefNames.of(refs))


def _refs_from_plain(refs: Any) -> tuple:
    """TaskRefs back from plain data, the type of every field and part tested.

    A check with one file changed reads 20,000 of them: the tests run column by column (C loops
    over `map(type, ...)`), not record by record."""
    from ..checks.refs import TaskRefs
    from ..model import SourceRef

    _expect(type(refs) is tuple and _types(refs) <= {tuple} and set(map(len, refs)) <= {11})
    if not refs:
        return ()
    ids, files, keypaths, leads, leaders, lists, depends_on, units, milestones, contacts, places = zip(*refs)
    _expect(_types(ids, files, leads) <= {str} and _types(leaders, contacts) <= {str, type(None)}
            and _types(keypaths, lists, depends_on, units, milestones, places) <= {tuple}
            and _types(chain.from_iterable(milestones)) <= {str}
            and _types(chain.from_iterable(lists), chain.from_iterable(depends_on), chain.from_iterable(units)) <= {str}
            and _types(chain.from_iterable(keypaths)) <= {str, int}
            and _types(chain.from_iterable(places)) <= {int} and min(chain.from_iterable(places), default=0) >= 0
            and list(map(len, units)) == list(map(len, places)))
    # tuple.__new__ straight from C: a NamedTuple's own __new__ is Python, 20,000 calls of it
    sources = map(tuple.__new__, repeat(SourceRef), zip(files, keypaths))
    return tuple(map(tuple.__new__, repeat(TaskRefs),
                     zip(ids, sources, leads, leaders, lists, depends_on, units, milestones, contacts, places)))


def _types(*columns: Any) -> set:
    """The set of the types of every item of the columns."""
    return set(map(type, chain.from_iterable(columns)))


def _is_texts(value: Any) -> bool:
    return type(value) is tuple and all(type(item) is str for item in value)


def _problems_from_plain(plain: Any) -> tuple[Problem, ...]:
    _expect(isinstance(plain, tuple))
    return tuple(problem_from_plain(item) for item in plain)


# --- a whole check --------------------------------------------------------------------------------

def check_to_plain(summary: Optional[CheckSummary], problems: list[Problem]) -> tuple:
    plain_summary = None if summary is None else (tuple(summary.files), tuple(summary.tasks))
    return plain_summary, tuple(problem_to_plain(p) for p in problems)


def check_from_plain(plain: Any) -> tuple[Optional[CheckSummary], list[Problem]]:
    _expect(isinstance(plain, tuple) and len(plain) == 2)
    summary, problems = plain
    if summary is not None:
        _expect(isinstance(summary, tuple) and len(summary) == 2 and _is_texts(summary[0]) and _is_texts(summary[1]))
        summary = CheckSummary(*summary)
    return summary, list(_problems_from_plain(problems))
