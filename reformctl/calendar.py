"""Working days: China's statutory holidays and make-up working days (调休), or Monday–Friday.

`chinesecalendar` carries the State Council's schedule year by year; for a year it does not
know, the calendar falls back to Monday–Friday and remembers that it did, so the caller can
say so once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional


class WorkCalendar:
    def __init__(self, kind: str = "cn"):
        self.kind = kind
        self.fallback_years: set[int] = set()
        self._cache: dict[date, bool] = {}

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
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.workdays_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count

    def add_workdays(self, start: date, count: int) -> date:
        """The day `count` working days after `start`."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            count -= self.is_workday(day)
        return day


def _cn_workday(day: date) -> Optional[bool]:
    try:
        import chinese_calendar
    except ImportError:  # the package is a dependency; a broken install falls back
        return None
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None
