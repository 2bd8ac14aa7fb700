"""Each task file's part of the site's figures, kept in the cache: only a changed file is counted again.

What the site shows of the whole ledger is made of sums over the tasks: the status report
(ops.status.tally_status of each file, added up by merge_tallies, as `status --no-cache` does it),
the rankings' tallies per unit, and each unit's, leader's and list's figures at each month's end.
A task file's part of each depends on that file and on nothing but the ledger's other files (the
settings, units and leaders: names, lists, calendar), the day looked at and the months shown. So
each file's part is kept as plain data (cache kind ``site``) under a key made of the file's content
and name, the content of every file that is not a task file, the day and the months (and, as every
entry, the code). A file whose part is not kept is counted now; many such files are shared with a
forked child (load.parallel). The sums are the ones counted over the whole ledger at once
(tests/test_site_parts.py holds them equal).
"""

from __future__ import annotations

import hashlib
from itertools import chain
from datetime import date
from typing import Any, Iterator, NamedTuple, Optional

from ..calendar import WorkCalendar
from ..load.cache import digest
from ..load.parallel import split_work
from ..model import Ledger
from ..ops.status import StatusReport, merge_tallies, tally_status
from ..ops.status_files import tally_from_plain, tally_to_plain
from ..ops.trend import Figures, Period, task_figures
from ..timeline import lead_on, ledger_on, status_on
from .common import COUNTED, unit_counts, unit_tallies

KIND = "site"
GROUP_SUMS = 5  # tasks, finished, due, on time, overdue


class SiteFigures(NamedTuple):
    """The sums of every file's part."""

    report: StatusReport  # what compute_status gives on the day
    units: list[dict]  # what reports.common.by_unit gives of the ledger as it stood on the day
    group_sums: list[list[list[int]]]  # per period, per group (in the order given): GROUP_SUMS
    totals: list[Figures]  # per period: the whole ledger's figures (ops.trend.figures, no filter)
    rows: dict[int, tuple]  # id(task) -> (its row of a task table (ROW_FIELDS), a digest of that row and its overdue rows)


ROW_FIELDS = ("id", "title", "unit", "unit_id", "leader", "status", "light")  # a task table's row, as the templates read it


class BadPart(Exception):
    """A kept part that is not what this code writes: a miss."""


def site_figures(ledger: Ledger, as_of: date, spans: list[Period], groups: list[tuple[str, str]],
                 store: Any = None) -> SiteFigures:
    """The site's figures on `as_of`, for `groups` ((kind, id) of each unit, leader and list, in
    order) at each of `spans`' ends, from each task file's part (kept, else counted now)."""
    by_file: dict[str, list] = {}
    for task in ledger.tasks:
        by_file.setdefault(task.src.file, []).append(task)
    shas = {f.path: f.sha256 for f in ledger.files}
    context = digest("site part", sorted((f.path, f.sha256) for f in ledger.files if f.kind != "tasks"),
                     as_of.isoformat(), [(span.label, span.end.isoformat()) for span in spans],
                     groups)
    keys = {rel: digest(context, rel, shas.get(rel), len(tasks)) for rel, tasks in by_file.items()}
    parts: dict[str, Any] = {}
    for rel, key in keys.items():
        if store is not None and shas.get(rel):
            parts[rel] = _kept(store.get(KIND, key), len(spans), len(groups), len(by_file[rel]))
    missing = {rel: sum(len(task.milestones) + 1 for task in by_file[rel]) for rel in by_file if parts.get(rel) is None}
    index = {group: position for position, group in enumerate(groups)}
    calendar = WorkCalendar(ledger.config.calendar.value)
    made = split_work(missing, lambda rel: file_part(_file_ledger(ledger, by_file[rel]), as_of, spans, index,
                                                     calendar.sharing()),
                      threshold=20_000)
    for rel, part in made.items():
        if store is not None and shas.get(rel):
            store.put(KIND, keys[rel], part)
        parts[rel] = (tally_from_plain(part[0]), *part[1:])
    figures = _merge(ledger, as_of, spans, len(groups), [parts[rel] for rel in by_file])
    for rel, tasks in by_file.items():
        figures.rows.update((id(task), (tuple(row[:-1]), row[-1])) for task, row in zip(tasks, parts[rel][4]))
    if len({task.id for task in ledger.tasks}) < len(ledger.tasks):
        # a task id twice (a ledger shown with --force): a unit's overdue milestones are those of
        # every task of that id, whichever file it is in, as by_unit counts them over the whole ledger
        late = {(row.task_id, row.milestone_id) for row in figures.report.overdue}
        figures = figures._replace(units=unit_tallies(ledger, unit_counts(ledger_on(ledger, as_of), as_of, late)))
    return figures


def _file_ledger(ledger: Ledger, tasks: list) -> Ledger:
    """The ledger with these tasks alone (one file's)."""
    return Ledger(ledger.root, ledger.config, ledger.leaders, ledger.units, tuple(tasks))


def file_part(ledger: Ledger, as_of: date, spans: list[Period], index: dict[tuple[str, str], int],
              calendar: WorkCalendar) -> tuple:
    """One file's part, as plain data: (its tally, its unit tallies, its group sums per period, its
    totals per period). `ledger`: the ledger with that file's tasks alone; `calendar`: one that
    names the fallback years of this file's days alone (WorkCalendar.sharing: a kept part must
    not carry another file's)."""
    tally = tally_status(ledger, as_of, calendar)
    late = {(row.task_id, row.milestone_id) for row in tally.overdue}
    units = [[unit_id, *counts] for unit_id, counts in unit_counts(ledger_on(ledger, as_of), as_of, late).items()]
    sums, totals = _group_sums(ledger, spans, index)
    plain = tally_to_plain(tally)
    return plain, units, sums, totals, _rows(ledger, as_of, tally.lights, plain[3])


def _rows(ledger: Ledger, as_of: date, lights: dict[str, str], overdue: list[tuple]) -> list[list]:
    """Each task's row of a task table (ROW_FIELDS) and a digest of it and of its overdue rows (as
    plain data): what a page that lists the task shows of it, so that a page's key can be made
    without making its rows again."""
    late: dict[str, list[tuple]] = {}
    for row in overdue:
        late.setdefault(row[0], []).append(row)
    rows = []
    for task in ledger.tasks:
        row = [task.id, task.title, ledger.unit_name(task.lead_unit), task.lead_unit,
               ledger.leader_name(task.lead_leader), status_on(task, as_of).value, lights.get(task.id, "")]
        shown = repr((row, late.get(task.id, []))).encode("utf-8", "surrogatepass")
        rows.append([*row, hashlib.blake2b(shown, digest_size=16).digest()])
    return rows


def _group_sums(ledger: Ledger, spans: list[Period], index: dict[tuple[str, str], int]) -> tuple[list, list]:
    """Per period: [[group, tasks, finished, due, on time, overdue] of each group with a task here],
    and [tasks, finished, due, on time, overdue] of all the file's tasks. Each task is reckoned
    once per period, then added to the groups it belongs to (a unit counts the tasks it led or
    co-led on that day)."""
    member_of = [(task, _memberships(task, index)) for task in ledger.tasks]
    sums_by_span, totals_by_span = [], []
    for span in spans:
        sums: dict[int, list[int]] = {}
        totals = [0] * GROUP_SUMS
        for task, memberships in member_of:
            found = task_figures(task, span.end)
            if found is None:
                continue
            finished, due, on_time, overdue = found
            lead: Any = False
            for position, check in (((-1, None),) + memberships):
                if check is not None:
                    if lead is False:
                        lead = lead_on(task, "lead_unit", span.end)
                    if check != lead:
                        continue
                total = totals if position < 0 else (sums.get(position) or sums.setdefault(position, [0] * GROUP_SUMS))
                total[0] += 1
                total[1] += finished
                total[2] += due
                total[3] += on_time
                total[4] += overdue
        sums_by_span.append([[position, *values] for position, values in sorted(sums.items())])
        totals_by_span.append(totals)
    return sums_by_span, totals_by_span


def task_groups(task: Any) -> Iterator[tuple[str, str]]:
    """(kind, id) of each group of the site (reports.site) that holds the task: its lead and
    co-units (each once), its leader, its lists. The one rule of a task's groups, for the pages
    (reports.site) and for the sums (_memberships)."""
    for unit_id in dict.fromkeys([task.lead_unit, *task.co_units]):
        yield "unit", unit_id
    yield "leader", task.lead_leader
    for list_id in task.lists:
        yield "list", list_id


def _memberships(task: Any, index: dict[tuple[str, str], int]) -> tuple[tuple[int, Optional[str]], ...]:
    """(group, check) of each group the task is in (task_groups) that the index sums. `check`: None
    when it counts on every day, else the unit that must lead it on a day for it to count then (the
    lead unit, where an approved change handed the task over)."""
    found = []
    handed_over = any(c.field == "lead_unit" and c.milestone is None for c in task.changes)
    for kind, key in task_groups(task):
        position = index.get((kind, key))
        if position is not None:
            led = kind == "unit" and handed_over and key not in task.co_units
            found.append((position, key if led else None))
    return tuple(found)


def _merge(ledger: Ledger, as_of: date, spans: list[Period], groups: int, parts: list[tuple]) -> SiteFigures:
    calendar = WorkCalendar(ledger.config.calendar.value)
    report = merge_tallies(ledger.config, as_of, calendar, [part[0] for part in parts])
    counts: dict[str, list[int]] = {}
    for part in parts:
        for unit_id, *added in part[1]:
            kept = counts.get(unit_id)
            counts[unit_id] = added if kept is None else [a + b for a, b in zip(kept, added)]
    sums = [[[0] * GROUP_SUMS for _ in range(groups)] for _ in spans]
    totals = [[0] * GROUP_SUMS for _ in spans]
    for part in parts:
        for at, rows in enumerate(part[2]):
            for position, *values in rows:
                _sum_into(sums[at][position], values)
        for at, values in enumerate(part[3]):
            _sum_into(totals[at], values)
    return SiteFigures(report, unit_tallies(ledger, counts), sums, [_figures(values) for values in totals], {})


def _sum_into(total: list[int], values: list[int]) -> None:
    for at, value in enumerate(values):
        total[at] += value


def _figures(values: list[int]) -> Figures:
    from ..ops.trend import rate

    tasks, finished, due, on_time, overdue = values
    return Figures(tasks, finished, due, on_time, overdue, rate(on_time, due), rate(finished, tasks))


def _kept(plain: Any, spans: int, groups: int, tasks: int) -> Optional[tuple]:
    """A kept part, its tally read back, when it has the shape this code writes; else None (a miss)."""
    if plain is None:
        return None
    try:
        _check_shape(plain, spans, groups, tasks)
        return (tally_from_plain(plain[0]), *plain[1:])
    except (BadPart, TypeError, ValueError, OverflowError):
        return None


def _check_shape(plain: Any, spans: int, groups: int, tasks: int) -> None:
    if not (type(plain) is tuple and len(plain) == 5 and type(plain[1]) is list and type(plain[2]) is list
            and type(plain[3]) is list and len(plain[2]) == spans and len(plain[3]) == spans):
        raise BadPart
    for row in plain[1]:
        if not (type(row) is list and len(row) == 1 + len(COUNTED) and type(row[0]) is str and _ints(row[1:])):
            raise BadPart
    for rows in plain[2]:
        if not (type(rows) is list and all(type(row) is list and len(row) == 1 + GROUP_SUMS and _ints(row)
                                           and 0 <= row[0] < groups for row in rows)):
            raise BadPart
    if not all(type(values) is list and len(values) == GROUP_SUMS and _ints(values) for values in plain[3]):
        raise BadPart
    rows = plain[4]
    if not (type(rows) is list and len(rows) == tasks
            and all(type(row) is list and len(row) == len(ROW_FIELDS) + 1 and type(row[-1]) is bytes for row in rows)
            and set(map(type, chain.from_iterable(row[:-1] for row in rows))) <= {str}):
        raise BadPart


def _ints(values: list) -> bool:
    return all(type(value) is int for value in values)
