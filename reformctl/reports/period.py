"""Report periods: a month (2026-05), a quarter (2026Q2), a half-year (2026H1), a year (2026), or
the years of a multi-year plan (2018-2020: grain "years", `year` the first, `index` the last)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, Optional

Grain = Literal["month", "quarter", "half", "year", "years"]

_PATTERNS: list[tuple[Grain, re.Pattern]] = [
    ("month", re.compile(r"^(\d{4})-(\d{1,2})$")),
    ("quarter", re.compile(r"^(\d{4})[Qq]([1-4])$")),
    ("half", re.compile(r"^(\d{4})[Hh]([12])$")),
    ("year", re.compile(r"^(\d{4})$")),
    ("years", re.compile(r"^(\d{4})\s*[-–—~～]\s*(\d{4})$")),
]
_MONTHS_PER = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_QUARTERS_ZH = "一二三四"


class PeriodError(ValueError):
    """The text is not a period this tool understands."""


@dataclass(frozen=True)
class Period:
    grain: Grain
    year: int
    index: int  # month 1–12, quarter 1–4, half 1–2, or 1 for the year

    @property
    def start(self) -> date:
        if self.grain == "years":
            return date(self.year, 1, 1)
        return date(self.year, (self.index - 1) * _MONTHS_PER[self.grain] + 1, 1)

    @property
    def end(self) -> date:
        if self.grain == "years":
            return date(self.index, 12, 31)
        months = _MONTHS_PER[self.grain]
        last_month = self.index * months
        following = date(self.year + 1, 1, 1) if last_month == 12 else date(self.year, last_month + 1, 1)
        return following - timedelta(days=1)

    @property
    def code(self) -> str:
        if self.grain == "years":
            return f"{self.year}-{self.index}"
        if self.grain == "month":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}" + {"quarter": f"Q{self.index}", "half": f"H{self.index}", "year": ""}[self.grain]

    @property
    def label(self) -> str:
        """The period in the words of a Chinese document: 2026年5月, 2026年第二季度, 2026年上半年."""
        if self.grain == "years":
            return f"{self.year}—{self.index}年"
        if self.grain == "month":
            return f"{self.year}年{self.index}月"
        if self.grain == "quarter":
            return f"{self.year}年第{_QUARTERS_ZH[self.index - 1]}季度"
        if self.grain == "half":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年"

    @property
    def last_year(self) -> int:
        """The period's last year: of a span of years its last, else its one year."""
        return self.index if self.grain == "years" else self.year

    def previous(self) -> "Period":
        if self.grain == "years":
            length = self.index - self.year + 1
            return Period("years", self.year - length, self.year - 1)
        if self.index > 1:
            return Period(self.grain, self.year, self.index - 1)
        return Period(self.grain, self.year - 1, 12 // _MONTHS_PER[self.grain])

    def following(self) -> "Period":
        if self.grain == "years":
            length = self.index - self.year + 1
            return Period("years", self.index + 1, self.index + length)
        if self.index < 12 // _MONTHS_PER[self.grain]:
            return Period(self.grain, self.year, self.index + 1)
        return Period(self.grain, self.year + 1, 1)

    def to_dict(self) -> dict:
        return {"code": self.code, "grain": self.grain, "start": self.start, "end": self.end,
                "label": self.label}


def parse_period(text: str) -> Period:
    value = text.strip()
    for grain, pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            year = int(match.group(1))
            index = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
            if not 2000 <= year <= 2100 or (grain == "month" and not 1 <= index <= 12):
                break
            if grain == "years" and not year < index <= 2100:
                break
            return Period(grain, year, index)
    raise PeriodError(value)


def period_containing(grain: Grain, day: date) -> Period:
    index = (day.month - 1) // _MONTHS_PER[grain] + 1
    return Period(grain, day.year, index)


def default_as_of(period: Optional[Period], ledger_now: date) -> date:
    """A report looks at the end of its period, but never past the ledger's own "now"."""
    if period is None:
        return ledger_now
    return min(period.end, ledger_now)
