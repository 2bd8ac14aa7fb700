"""`status --no-cache` file by file: each task file's part of the status tallied in the check's pass.

Without a cache, `status` must check the whole ledger (a ledger with errors is refused), and the
check builds every task file's records anyway, one file at a time, on both cores
(reformctl.pipeline.incremental). So each file's part of the report is tallied there, on the
records just built and checked (`tally_status`, the one computation of reformctl.ops.status, with
the words of reformctl.timeline); a forked child's parts cross the pipe as plain data; the parts
are added up in file order (`merge_tallies`). The ledger's tasks are never gathered in one
process, nor read again as lean tasks. The report is the one `compute_status` makes of the whole
ledger (tests/test_status_files.py holds them equal).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..timeline import now
from .status import SUMMED, Filters, MilestoneRow, StaleRow, StatusReport, UnitRow, merge_tallies, tally_status


def status_by_file(root: Path | str, *, today: Optional[date], chosen: Optional[date] = None, files: Any = None,
                   filters: Filters = Filters(), meanwhile: Any = None) -> tuple[Optional[Ledger], Any]:
    """(the ledger without its tasks, the status report on the day) of a ledger without errors,
    checked file by file without a cache; (None, the problems) when it has an error; (None, None)
    when it cannot be read this way (the settings cannot be read, or a part could not be
    tallied): the caller then reads it as before, which says why.

    The day is the one `status` shows: `chosen`, else the ledger's pinned `as_of`, else `today`.
    The ledger carries the settings, units, leaders and records (findings, notices, plans) that
    `status` shows beside the report; its tasks are in the report only. `meanwhile()`, given, is
    done while a forked child checks its share of the files (say, getting the printing ready)."""
    from ..load.files import DiskFiles, ReadOnce
    from ..pipeline.incremental import PerFile, check_files
    from ..pipeline.lean import lean_ledger
    from ..pipeline.ledger import collector_paused

    root = Path(root)
    tally = _FileTally(today, chosen, filters)
    with collector_paused():
        checked = check_files(root, ReadOnce(files or DiskFiles(root)), None, today=today, as_of=None,
                              per_file=PerFile(tally, tally_to_plain, tally_from_plain, errors_only=True),
                              meanwhile=meanwhile)
        if checked is None:
            return None, None
        if any(problem.severity == "error" for problem in checked.problems):
            return None, checked.problems
        parts = [checked.per_file.get(rel) for rel, kind in checked.state.kinds.items() if kind == "tasks"]
        if any(part is None for part in parts):
            return None, None
        ledger = lean_ledger(root, checked.state, checked.config, checked.leaders, checked.units, [], checked.records)
        as_of = now(checked.config, today, chosen)
        report = merge_tallies(checked.config, as_of, tally.calendar_of(checked.config), parts)
    return ledger, report


class _FileTally:
    """tally_status of one task file's ledger (None when it cannot be tallied).

    One calendar for every file a process tallies (its running totals are made once); the
    fallback years a child met come back with its parts."""

    def __init__(self, today: Optional[date], chosen: Optional[date], filters: Filters):
        self.today, self.chosen, self.filters = today, chosen, filters
        self.calendar: Optional[WorkCalendar] = None

    def calendar_of(self, config: Any) -> WorkCalendar:
        if self.calendar is None:
            self.calendar = WorkCalendar(config.calendar.value)
        return self.calendar

    def __call__(self, ledger: Ledger) -> Optional[StatusReport]:
        try:
            as_of = now(ledger.config, self.today, self.chosen)
            return tally_status(ledger, as_of, self.calendar_of(ledger.config), self.filters)
        except Exception:  # noqa: BLE001
            # a file with errors (which the check reports) may not be tallied: that ledger is refused
            # anyway; a ledger without errors is then read as before, which shows any fault itself
            return None


# --- a tally as plain data (what `marshal` carries: no dates, no dataclasses) -------------------

_MILESTONE_FIELDS = tuple(f.name for f in fields(MilestoneRow))
_UNIT_FIELDS = tuple(f.name for f in fields(UnitRow))
_STALE_FIELDS = tuple(f.name for f in fields(StaleRow))
_DAYS = frozenset({"due", "latest_progress_date", "last_progress"})  # the fields of rows that hold a date


def _days_of(names: tuple) -> tuple[int, ...]:
    """The positions of a row's fields that hold a date (made once: thousands of rows cross)."""
    return tuple(index for index, name in enumerate(names) if name in _DAYS)


_MILESTONE_DAYS, _UNIT_DAYS, _STALE_DAYS = _days_of(_MILESTONE_FIELDS), _days_of(_UNIT_FIELDS), _days_of(_STALE_FIELDS)


def tally_to_plain(report: StatusReport) -> tuple:
    """The parts of tally_status's report that merge_tallies adds up, as plain data."""
    return (tuple(getattr(report, name) for name in SUMMED), report.by_status,
            [_row_to_plain(row, _UNIT_FIELDS, _UNIT_DAYS) for row in report.units],
            [_row_to_plain(row, _MILESTONE_FIELDS, _MILESTONE_DAYS) for row in report.overdue],
            [_row_to_plain(row, _MILESTONE_FIELDS, _MILESTONE_DAYS) for row in report.due_soon],
            [_row_to_plain(row, _STALE_FIELDS, _STALE_DAYS) for row in report.stale],
            report.lights, report.calendar_fallback_years)


def tally_from_plain(plain: tuple) -> StatusReport:
    counts, by_status, units, overdue, due_soon, stale, lights, fallback_years = plain
    report = StatusReport("", date.min, date.min, "")  # the day and window are the merge's
    for name, value in zip(SUMMED, counts, strict=True):
        setattr(report, name, value)
    report.by_status, report.lights, report.calendar_fallback_years = by_status, lights, fallback_years
    report.units = [UnitRow(*_row_from_plain(row, _UNIT_FIELDS, _UNIT_DAYS)) for row in units]
    report.overdue = [MilestoneRow(*_row_from_plain(row, _MILESTONE_FIELDS, _MILESTONE_DAYS)) for row in overdue]
    report.due_soon = [MilestoneRow(*_row_from_plain(row, _MILESTONE_FIELDS, _MILESTONE_DAYS)) for row in due_soon]
    report.stale = [StaleRow(*_row_from_plain(row, _STALE_FIELDS, _STALE_DAYS)) for row in stale]
    return report


def _row_to_plain(row: Any, fields: tuple, days: tuple) -> tuple:
    plain = [getattr(row, name) for name in fields]
    for index in days:
        plain[index] = _day(plain[index])
    return tuple(plain)


def _row_from_plain(plain: tuple, fields: tuple, days: tuple) -> list:
    if len(plain) != len(fields):
        raise ValueError("a row of another shape")  # the parent then tallies that share itself
    row = list(plain)
    for index in days:
        row[index] = _date(row[index])
    return row


def _day(value: Optional[date]) -> Optional[int]:
    return None if value is None else value.toordinal()


def _date(value: Optional[int]) -> Optional[date]:
    return None if value is None else date.fromordinal(value)
