"""逾期（滞后）任务通报: every overdue milestone, grouped by unit, with the counts on top."""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.status import compute_status
from .common import lagging_units, milestone_row
from .period import Period


def build(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar) -> dict:
    report = compute_status(ledger, as_of, calendar)
    rows = [milestone_row(row) for row in report.overdue]
    units = lagging_units(report)
    for unit in units:
        unit["rows"] = [row for row in rows if row["unit_id"] == unit["unit_id"]]
    return {
        "counts": {
            "milestones": len(rows),
            "tasks": len({row["task_id"] for row in rows}),
            "units": len(units),
            "max_workdays": max((row["workdays"] for row in rows), default=0),
            "with_reason": sum(1 for row in rows if row["reason"]),
            "due_soon": len(report.due_soon),
        },
        "overdue": rows,
        "by_unit": units,
        "due_soon": [milestone_row(row) for row in report.due_soon],
    }
