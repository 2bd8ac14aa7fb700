"""The ledger's figures at each period's end (`reformctl trend`), two ways, as data.

Looking back: the current ledger as it stood on each period's end (the timeline's words: what is
dated later is not there yet, a due date moved later still had its old value). Recorded: the
ledger as it was committed, in the revision current at each period's end. Where a unit reports
late, the recorded line lies below the line looked back on: the gap is the late reporting.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from itertools import chain
from typing import Any, Callable, Optional

from ..load.cache import digest
from ..model import Ledger, Task
from ..timeline import done_on, due_on, is_counted, is_finished, is_on_time, is_overdue, is_reckoned, lead_on, status_on
from .revisions import RevisionReader, current_at, ledger_revisions
from .status import Filters


@dataclass(frozen=True)
class Period:
    label: str  # 2026-03, or 2026Q1
    end: date  # the period's last day, or the as-of day for a period not over yet


@dataclass(frozen=True)
class Figures:
    tasks: int
    finished: int
    due_so_far: int
    on_time: int
    overdue: int  # overdue milestones
    on_time_rate: Optional[float]
    finished_rate: Optional[float]
    commit: Optional[str] = None  # the revision the figures were read from (recorded only)


@dataclass(frozen=True)
class TrendPoint:
    period: str
    day: date
    looking_back: Figures
    recorded: Optional[Figures] = None  # None without --recorded, or before the first commit


@dataclass
class Trend:
    office: str
    start: str
    end: str
    by: str
    unit: Optional[str]
    recorded: bool = False  # whether the recorded line was asked for
    points: list[TrendPoint] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def periods(first: tuple[int, int], last: tuple[int, int], by: str, as_of: date) -> list[Period]:
    """Each month (or quarter) from `first` to `last` (year, month), ending on its last day, or on
    `as_of` for the one not over on it; those beginning after `as_of` are left out."""
    found = []
    year, month = first
    while (year, month) <= last:
        if by == "month" or month % 3 == 0 or (year, month) == last:
            end = date(year, month, calendar.monthrange(year, month)[1])
            start = date(year, month, 1) if by == "month" else date(year, (month - 1) // 3 * 3 + 1, 1)
            if start <= as_of:
                label = f"{year}-{month:02d}" if by == "month" else f"{year}Q{(month - 1) // 3 + 1}"
                found.append(Period(label, min(end, as_of)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return list({p.label: p for p in found}.values())


def task_figures(task: Task, day: date) -> Optional[tuple[int, int, int, int]]:
    """(finished, milestones reckoned, of them on time, overdue) of one task on `day`, counted as
    `status` counts them (ops.status: tests/test_history.py holds the two together); None when the
    task was not on the ledger yet. Only the counts: no rows, no working days, so that a year of
    month-ends costs a few passes over the tasks."""
    if task.added is not None and task.added > day:
        return None
    status = status_on(task, day)
    due_count = on_time = overdue = 0
    if is_reckoned(status):
        for milestone in task.milestones:
            due, done = due_on(task, milestone, day), done_on(milestone, day)
            if is_counted(due, done, day):
                due_count += 1
                on_time += is_on_time(due, done)
            overdue += is_overdue(due, done, day)
    return int(is_finished(status)), due_count, on_time, overdue


def counted(known: dict[int, Any], task: Task, day: date) -> Optional[tuple[int, int, int, int]]:
    """task_figures(task, day), once: `known` holds id(task) -> (task, its figures) for `day`. The
    task is kept beside its figures, so that an id is never taken for another task's once the
    first is gone (revision after revision, tasks of files that changed are let go)."""
    found = known.get(id(task))
    if found is not None and found[0] is task:
        return found[1]
    figures = task_figures(task, day)
    known[id(task)] = (task, figures)
    return figures


def figures(ledger: Ledger, day: date, filters: Filters, commit: Optional[str] = None,
            known: Optional[dict[int, Any]] = None) -> Figures:
    """The figures of the tasks that pass `filters` (with their lead unit as it stood on `day`).
    `known`: each task's `task_figures` on `day` (see `counted`), filled here, for a caller that
    counts the same tasks on the same day again (a revision's tasks that are the working tree's,
    the site's units, leaders and lists)."""
    tasks = finished = due = on_time = overdue = 0
    known = {} if known is None else known
    for task in ledger.tasks:
        found = counted(known, task, day)
        if found is None or not filters.keep(_lead_then(task, day)):
            continue
        tasks += 1
        finished, due, on_time, overdue = (finished + found[0], due + found[1], on_time + found[2],
                                           overdue + found[3])
    return Figures(tasks, finished, due, on_time, overdue, rate(on_time, due), rate(finished, tasks), commit)


def _lead_then(task: Task, day: date) -> Task:
    """The task with its lead unit and leader as they stood on `day` (only when they changed since)."""
    if not any(c.field in ("lead_unit", "lead_leader") and c.date > day for c in task.changes):
        return task
    return task.model_copy(update={name: lead_on(task, name, day) for name in ("lead_unit", "lead_leader")})


def rate(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


def compute_trend(ledger: Ledger, spans: list[Period], by: str, unit: Optional[str] = None,
                  recorded_root: Optional[Path] = None, cache: bool = True,
                  known: Optional[dict[date, dict[int, Any]]] = None,
                  looking_back: Optional[list[Figures]] = None) -> Trend:
    """The figures at each period's end; with `recorded_root`, also as committed to git there
    (GitError when its history cannot be read). `known`: each task's figures at each period's end
    (see `figures`), as far as known (`known_figures`), and filled here: a revision's task built from
    the same file as the working tree's is the same task, and counted once. `looking_back`: the
    figures of every task (no unit) at each period's end, when the caller has them already."""
    filters = Filters(unit=unit)
    known = {} if known is None else known
    recorded = _recorded(recorded_root, ledger, spans, filters, cache, known) if recorded_root else {}
    trend = Trend(ledger.config.office, spans[0].label if spans else "", spans[-1].label if spans else "", by, unit,
                  recorded_root is not None)
    for at, span in enumerate(spans):
        back = looking_back[at] if looking_back is not None and unit is None else \
            figures(ledger, span.end, filters, known=known.setdefault(span.end, {}))
        trend.points.append(TrendPoint(span.label, span.end, back, recorded.get(span.label)))
    return trend


def _recorded(root: Path, current: Ledger, spans: list[Period], filters: Filters, cache: bool,
              known: dict[date, dict[int, Any]]) -> dict[str, Figures]:
    """The figures of the revision current at each period's end, on that day (the main branch's
    line of commits: the ledger as the office had it then)."""
    revisions = ledger_revisions(root, first_parent=True)
    reader = RevisionReader(root, cache)
    reader.start_from(current)  # the working tree's files, where they are a revision's, are not built twice
    found: dict[str, Figures] = {}
    for span in spans:
        revision = current_at(revisions, span.end)
        ledger = reader.ledger_at(revision.commit) if revision else None
        if ledger is not None:
            found[span.label] = figures(ledger, span.end, filters, revision.short, known.setdefault(span.end, {}))
    return found


def known_figures(ledger: Ledger, days: list[date], store: Any) -> tuple[dict[date, dict[int, Any]], Callable[[], None]]:
    """Each task's figures on each of `days` (task_figures, as `known` of `figures` holds them) as kept in the
    cache for its task file, and a function that keeps those of the files that were not there
    once they are all counted. The figures of a task depend on the task alone, so the key is its
    file's content and the days (and, as every entry, the code). No cache (`store` None): nothing."""
    known: dict[date, dict[int, Any]] = {day: {} for day in days}
    by_file: dict[str, list[Task]] = {}
    for task in ledger.tasks:
        by_file.setdefault(task.src.file, []).append(task)
    shas = {f.path: f.sha256 for f in ledger.files}
    missing: dict[str, str] = {}
    for rel, tasks in by_file.items():
        if store is None or not shas.get(rel):
            continue
        key = digest("task figures", shas[rel], [day.isoformat() for day in days])
        kept = store.get("figures", key)
        if not _kept_figures(kept, len(tasks), len(days)):
            missing[rel] = key
            continue
        for task, row in zip(tasks, kept):
            for day, found in zip(days, row):
                known[day][id(task)] = (task, found)

    def keep() -> None:
        for rel, key in missing.items():
            tasks = by_file[rel]
            if all(id(task) in known[day] for task in tasks for day in days):
                store.put("figures", key, [[known[day][id(task)][1] for day in days] for task in tasks])

    return known, keep


def _kept_figures(kept: Any, tasks: int, days: int) -> bool:
    """Whether a cache entry has the shape this code writes (else it is a miss)."""
    if not (isinstance(kept, list) and len(kept) == tasks
            and all(type(row) is list and len(row) == days for row in kept)):
        return False
    found = [one for row in kept for one in row if one is not None]
    return all(type(one) is tuple and len(one) == 4 for one in found) \
        and set(map(type, chain.from_iterable(found))) <= {int}
