"""上会审议计划 and 销账台账: the plans planned for meetings in the period, and every plan's account
(issued, in review, late), with the 对接提醒 list of upper documents not docked in time.

A plan's state is `reformctl.planning.plan_state`; late is `is_plan_late`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..model_plans import REVIEW_STEP_NAMES, Plan
from ..ops.planning import dock_reminders, meetings_of, plans_of, upper_of
from ..planning import PLAN_STATE_NAMES, PLAN_STATES, is_plan_late, meeting_days, missing_steps, plan_state
from .period import Period

EVALUATE_AFTER = timedelta(days=183)  # 清单式评估: a plan issued more than six months ago is evaluated


def build(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar) -> dict:
    meetings = {meeting.id: meeting for meeting in meetings_of(ledger)}
    days = meeting_days(meetings.values())
    rows = [_row(ledger, plan, as_of, days, meetings) for plan in plans_of(ledger)]
    start = period.start if period else date.min
    end = min(period.end, as_of) if period else as_of
    schedule = [row for row in rows if row["target_date"] and start <= row["target_date"]
                and (period is None or row["target_date"] <= period.end)]
    counts = {state: sum(row["state"] == state for row in rows) for state in PLAN_STATES}
    return {
        "schedule": sorted(schedule, key=lambda r: (r["target_date"], r["plan_id"])),  # 上会审议计划
        "plans": rows,  # 销账台账
        "issued": [row for row in rows if row["state"] == "issued"],
        "in_review": [row for row in rows if row["state"] not in ("issued",) and not row["late"]],
        "late": [row for row in rows if row["late"]],
        "issued_in_period": [row for row in rows if row["issued_on"] and start <= row["issued_on"] <= end],
        "evaluation_due": [row for row in rows if row["evaluation_due"]],
        "counts": {**counts, "total": len(rows), "late": sum(row["late"] for row in rows)},
        "state_names": PLAN_STATE_NAMES,
        "upper": {"total": len(upper_of(ledger)), "not_docked": dock_reminders(ledger, as_of)},
    }


def _row(ledger: Ledger, plan: Plan, as_of: date, days: dict, meetings: dict) -> dict:
    target = plan.meeting.target if plan.meeting else None
    issued = plan.issued if plan.issued and plan.issued.date <= as_of else None
    state = plan_state(plan, as_of, days)
    missing = missing_steps(plan, as_of)
    return {
        "plan_id": plan.id, "title": plan.title, "unit_id": plan.unit, "unit": ledger.unit_name(plan.unit),
        "leader": ledger.leader_name(plan.leader), "docks": list(plan.docks), "tasks": list(plan.tasks),
        "state": state, "state_name": PLAN_STATE_NAMES[state],
        "missing": missing, "missing_zh": [REVIEW_STEP_NAMES[m] for m in missing],
        "target": target, "target_date": days.get(target) if target else None,
        "target_kind": meetings[target].kind if target in meetings else None,
        "reviewed": plan.meeting.reviewed if plan.meeting else None,
        "issued_on": issued.date if issued else None, "issued_doc": issued.doc if issued else None,
        "issued_by": issued.by.value if issued else None,
        "late": is_plan_late(plan, as_of, days),
        "evaluation_due": bool(issued and issued.date + EVALUATE_AFTER < as_of
                               and not (plan.evaluation and plan.evaluation.report)),
    }
