"""Working days: China's statutory holidays and make-up working days (调休), or Monday–Friday.

`chinesecalendar` carries the State Council's schedule year by year; for a year it does not
know, the calendar falls back to Monday–Friday and remembers that it did, so the caller can
say so once.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Optional


class WorkCalendar:
    def __init__(self, kind: str = "cn"):
        self.kind = kind
        self.fallback_years: set[int] = set()
        self._cache: dict[date, bool] = {}
        self._running: dict[int, list[int]] = {}  # year -> working days from 1 January up to each day

    def is_workday(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = self._cache[day] = self._lookup(day)
        return known

    def _lookup(self, day: date) -> bool:
        if self.kind == "cn":
            verdict = _cn_workday(day)
            if verdict is not None:
                return verdict
            self.fallback_years.add(day.year)
        return day.weekday() < 5

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start).

        The count of `is_workday` over those days, year by year from running totals (a report at
        province scale asks it for ten thousand overdue milestones). Only the years holding a day
        of the span are looked up, as a walk day by day would: the same `fallback_years`."""
        if end < start:
            return -self.workdays_between(end, start)
        if end == start:  # an empty span looks nothing up
            return 0
        if start.year == end.year:  # most spans: one subtraction of running totals
            running, first_day = self._running_total(start.year), date(start.year, 1, 1).toordinal()
            return running[end.toordinal() - first_day + 1] - running[start.toordinal() - first_day + 1]
        first, count = start + timedelta(days=1), 0
        for year in range(first.year, end.year + 1):
            low = first if year == first.year else date(year, 1, 1)
            high = end if year == end.year else date(year, 12, 31)
            if low <= high:
                running, first_day = self._running_total(year), date(year, 1, 1).toordinal()
                count += running[high.toordinal() - first_day + 1] - running[low.toordinal() - first_day]
        return count

    def _running_total(self, year: int) -> list[int]:
        """[0, working days in 1 January, ... up to each day of the year]."""
        running = self._running.get(year)
        if running is None:
            running, day, last = [0], date(year, 1, 1), date(year, 12, 31)
            while day <= last:
                running.append(running[-1] + self.is_workday(day))
                day += timedelta(days=1)
            self._running[year] = running
        return running

    def sharing(self) -> "WorkCalendar":
        """A calendar that asks this one (each day and each year's running totals worked out once
        for both) but names as its fallback years only those of the days asked of it: one task
        file's part of a report kept apart from the others' (reports.site_parts). A year either
        has the official calendar or not (chinese_calendar knows whole years), so a year this one
        fell back in is one the other would have fallen back in."""
        return _Sharing(self)

    def add_workdays(self, start: date, count: int) -> date:
        """The day `count` working days after `start`."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            count -= self.is_workday(day)
        return day


class _Sharing(WorkCalendar):
    def __init__(self, shared: WorkCalendar):
        super().__init__(shared.kind)
        self._shared = shared

    def is_workday(self, day: date) -> bool:
        known = self._shared.is_workday(day)
        if day.year in self._shared.fallback_years:
            self.fallback_years.add(day.year)
        return known

    def _running_total(self, year: int) -> list[int]:
        running = self._shared._running_total(year)
        if year in self._shared.fallback_years:
            self.fallback_years.add(year)
        return running


@lru_cache(maxsize=None)  # every calendar of a run asks the same days; chinese_calendar takes ~35 µs a day
def _cn_workday(day: date) -> Optional[bool]:
    try:
        import chinese_calendar
    except ImportError:  # the package is a dependency; a broken install falls back
        return None
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None
