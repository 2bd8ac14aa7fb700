"""半年通报: overall figures, units ranked by progress (比进度), the lagging named (晾晒), next steps."""

from __future__ import annotations

from datetime import date

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.status import compute_status
from .common import by_list, by_unit, lagging_tasks, lagging_units, milestone_row, milestones_due_between, total
from .period import Period
from .pilots import pilot_summary
from .unit_ranking import unit_rankings


def build(ledger: Ledger, period: Period, as_of: date, calendar: WorkCalendar) -> dict:
    report = compute_status(ledger, as_of, calendar)
    following = period.following()
    upcoming = [row for row in milestones_due_between(ledger, following.start, following.end, as_of)
                if not row["done"]]
    return {
        "total": total(ledger, as_of, report),
        "by_status": report.by_status,
        "by_light": report.by_light,
        "by_list": by_list(ledger, as_of, report),
        "rankings": unit_rankings(ledger, by_unit(ledger, as_of, report)),
        "lagging_tasks": lagging_tasks(report),
        "lagging_units": lagging_units(report),
        "overdue": [milestone_row(row) for row in report.overdue],
        "stale": [{"task_id": r.task_id, "task_title": r.task_title, "unit": r.unit,
                   "last_progress": r.last_progress, "days": r.days} for r in report.stale],
        "pilots": pilot_summary(ledger, as_of),
        "next_period": {"period": following.to_dict(), "milestones": len(upcoming),
                        "units": len({row["unit_id"] for row in upcoming})},
    }
