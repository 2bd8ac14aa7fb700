"""月调度: the month's milestones done or not, new progress, coordination asked, and next month."""

from __future__ import annotations

from datetime import date

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.status import compute_status
from ..timeline import is_counted, progress_until
from .common import milestone_row, milestones_due_between, rate
from .period import Period


def build(ledger: Ledger, period: Period, as_of: date, calendar: WorkCalendar) -> dict:
    report = compute_status(ledger, as_of, calendar)
    due = milestones_due_between(ledger, period.start, period.end, as_of)
    passed = [row for row in due if is_counted(row["due"], row["done"], as_of)]  # the reckoned ones
    done = [row for row in due if row["done"]]
    following = period.following()
    upcoming = [row for row in milestones_due_between(ledger, following.start, following.end, as_of)
                if not row["done"]]
    progress = _progress_in(ledger, period, as_of)
    return {
        "counts": {
            "due_in_month": len(due), "due_so_far": len(passed), "done": len(done),
            "done_on_time": sum(row["on_time"] for row in due),
            "open": len(due) - len(done), "completion_rate": rate(len([r for r in passed if r["done"]]), len(passed)),
            "progress": len(progress), "coordination": sum(1 for p in progress if p["coordination"]),
            "overdue_total": len(report.overdue), "due_next_month": len(upcoming),
        },
        "due_done": done,
        "due_open": [row for row in due if not row["done"]],
        "progress": progress,
        "coordination": [entry for entry in progress if entry["coordination"]],
        "next_month": {"period": following.to_dict(), "milestones": upcoming},
        "overdue": [milestone_row(row) for row in report.overdue],
    }


def _progress_in(ledger: Ledger, period: Period, as_of: date) -> list[dict]:
    entries = []
    for task in ledger.tasks:
        for entry in progress_until(task, as_of):
            if period.start <= entry.date <= period.end:
                entries.append({
                    "task_id": task.id, "task_title": task.title, "unit_id": task.lead_unit,
                    "unit": ledger.unit_name(task.lead_unit), "date": entry.date,
                    "by": ledger.unit_name(entry.by), "text": entry.text, "problem": entry.problem,
                    "coordination": entry.coordination, "evidence": list(entry.evidence)})
    entries.sort(key=lambda e: (e["unit_id"], e["task_id"], e["date"]))
    return entries
