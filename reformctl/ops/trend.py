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
from typing import Any, Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from .revisions import RevisionReader, current_at, ledger_revisions
from .status import Filters, compute_status


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


def figures(ledger: Ledger, day: date, work_calendar: WorkCalendar, filters: Filters,
            commit: Optional[str] = None) -> Figures:
    report = compute_status(ledger, day, work_calendar, filters)
    return Figures(report.tasks, report.finished, report.due_so_far, report.on_time, len(report.overdue),
                   _round(report.on_time_rate), _round(report.task_completion_rate), commit)


def _round(rate: Optional[float]) -> Optional[float]:
    return None if rate is None else round(rate, 4)


def compute_trend(ledger: Ledger, spans: list[Period], by: str, unit: Optional[str] = None,
                  recorded_root: Optional[Path] = None, cache: bool = True) -> Trend:
    """The figures at each period's end; with `recorded_root`, also as committed to git there
    (GitError when its history cannot be read)."""
    work_calendar = WorkCalendar(ledger.config.calendar.value)
    filters = Filters(unit=unit)
    recorded = _recorded(recorded_root, spans, work_calendar, filters, cache) if recorded_root else {}
    trend = Trend(ledger.config.office, spans[0].label if spans else "", spans[-1].label if spans else "", by, unit,
                  recorded_root is not None)
    for span in spans:
        trend.points.append(TrendPoint(span.label, span.end, figures(ledger, span.end, work_calendar, filters),
                                       recorded.get(span.label)))
    return trend


def _recorded(root: Path, spans: list[Period], work_calendar: WorkCalendar, filters: Filters,
              cache: bool) -> dict[str, Figures]:
    """The figures of the revision current at each period's end, on that day (the main branch's
    line of commits: the ledger as the office had it then)."""
    revisions = ledger_revisions(root, first_parent=True)
    reader = RevisionReader(root, cache)
    found: dict[str, Figures] = {}
    for span in spans:
        revision = current_at(revisions, span.end)
        ledger = reader.ledger_at(revision.commit) if revision else None
        if ledger is not None:
            found[span.label] = figures(ledger, span.end, work_calendar, filters, revision.short)
    return found
