"""What `status` says of plans and meetings on a day: the 对接提醒 list (upper documents past their
docking deadline with no plan) and the next meeting's items that are not ready."""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..model import Ledger
from ..model_plans import REVIEW_STEP_NAMES, Meeting, Plan
from ..planning import dock_overdue, docked_ids, missing_steps, next_meeting


def plans_of(ledger: Ledger) -> tuple:
    return ledger.records.get("plans", ())


def meetings_of(ledger: Ledger) -> tuple:
    return ledger.records.get("meetings", ())


def upper_of(ledger: Ledger) -> tuple:
    upper = ledger.records.get("upper")
    return tuple(upper.documents) if upper else ()


def agenda_of(ledger: Ledger) -> tuple:
    agenda = ledger.records.get("agenda")
    return tuple(agenda.items) if agenda else ()


def dock_reminders(ledger: Ledger, as_of: date) -> list[dict]:
    """对接提醒: upper documents past `dock_by` that no plan docks, the longest overdue first."""
    docked = docked_ids(plans_of(ledger))
    rows = [{"id": d.id, "level": d.level.value, "doc": d.doc, "title": d.title, "dock_by": d.dock_by,
             "unit_id": d.dock_unit, "unit": ledger.unit_name(d.dock_unit) if d.dock_unit else None,
             "days": (as_of - d.dock_by).days}
            for d in upper_of(ledger) if dock_overdue(d, docked, as_of)]
    return sorted(rows, key=lambda r: (r["dock_by"], r["id"]))


def not_ready(ledger: Ledger, as_of: date) -> tuple[Optional[dict], list[dict]]:
    """The next meeting (on or after `as_of`), and its items whose plan's review is not done: the
    meeting's own items, and the agenda items that want it and are not in reserve or deferred."""
    meeting = next_meeting(meetings_of(ledger), as_of)
    if meeting is None:
        return None, []
    plans = {plan.id: plan for plan in plans_of(ledger)}
    rows = []
    for title, unit, plan_id in _items_of(ledger, meeting, plans):
        plan = plans.get(plan_id) if plan_id else None
        missing = missing_steps(plan, as_of) if plan else []
        if missing:
            rows.append({"title": title, "unit": ledger.unit_name(unit) if unit else "", "plan": plan_id,
                         "missing": missing, "missing_zh": [REVIEW_STEP_NAMES[m] for m in missing]})
    facts = {"id": meeting.id, "kind": meeting.kind, "date": meeting.date, "theme": meeting.theme}
    return facts, rows


def _items_of(ledger: Ledger, meeting: Meeting, plans: dict[str, Plan]) -> list[tuple]:
    """(title, unit, plan id) of what goes to the meeting, each plan once."""
    items, seen = [], set()
    for item in meeting.items:
        plan = plans.get(item.plan) if item.plan else None
        key = item.plan or item.agenda
        if key and key in seen:
            continue
        seen.add(key)
        items.append((plan.title if plan else (item.text or item.plan or ""), item.unit or (plan.unit if plan else None),
                      item.plan))
    for entry in agenda_of(ledger):
        if entry.want_meeting == meeting.id and entry.state.value == "scheduled" and (entry.plan or entry.id) not in seen:
            seen.add(entry.plan or entry.id)
            items.append((entry.title, entry.unit, entry.plan))
    return items
