"""季度盘点: tallies by list and by unit, completion, what lags, and the change since last quarter."""

from __future__ import annotations

from datetime import date

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.status import compute_status
from ..timeline import ledger_on
from .common import by_list, by_unit, lagging_tasks, milestone_row, milestones_due_between, rate, total
from .period import Period
from .unit_ranking import unit_rankings, unranked_units

_COMPARED = ("tasks", "finished", "closed", "due", "done", "on_time", "overdue")
_RATES = ("completion_rate", "on_time_rate", "finished_rate")


def build(ledger: Ledger, period: Period, as_of: date, calendar: WorkCalendar) -> dict:
    report = compute_status(ledger, as_of, calendar)
    now = total(ledger, as_of, report)
    previous = period.previous()
    before_day = min(previous.end, as_of)
    earlier = ledger_on(ledger, before_day)
    before = total(earlier, before_day, compute_status(earlier, before_day, calendar))
    units = by_unit(ledger, as_of, report)
    in_quarter = milestones_due_between(ledger, period.start, period.end, as_of)
    return {
        "total": now,
        "by_list": by_list(ledger, as_of, report),
        "by_unit": units,
        "rankings": unit_rankings(ledger, units),
        "unranked": unranked_units(ledger, units),
        "quarter_milestones": {"due": len(in_quarter), "done": sum(1 for r in in_quarter if r["done"]),
                               "on_time": sum(r["on_time"] for r in in_quarter),
                               "completion_rate": rate(sum(1 for r in in_quarter if r["done"]), len(in_quarter))},
        "lagging_tasks": lagging_tasks(report),
        "overdue": [milestone_row(row) for row in report.overdue],
        "previous": {"period": previous.to_dict(), "as_of": before_day, "total": before},
        "change": {**{key: now[key] - before[key] for key in _COMPARED},
                   **{key: _delta(now[key], before[key]) for key in _RATES}},
    }


def _delta(now, before):
    return None if now is None or before is None else round(now - before, 4)
