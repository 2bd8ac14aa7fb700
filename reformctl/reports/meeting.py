"""One meeting's record: its theme (一会一主题), its items (学习、审议、听取、研究决定) with what was
decided (议定事项), and the tasks it assigned (交办任务) with their units and first deadlines."""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.planning import meetings_of, plans_of
from ..timeline import done_on, due_on
from .common import task_facts
from .period import Period

ITEM_KINDS = {"study": "学习", "review": "审议", "hear": "听取", "decide": "研究决定"}


class UnknownMeeting(ValueError):
    """The meeting of `report meeting ID` is not in meetings/."""


def build(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar, subject: str) -> dict:
    wanted = subject
    meeting = next((m for m in meetings_of(ledger) if m.id == wanted), None)
    if meeting is None:
        raise UnknownMeeting(wanted)
    plans = {plan.id: plan for plan in plans_of(ledger)}
    items = []
    for item in meeting.items:
        plan = plans.get(item.plan) if item.plan else None
        task = ledger.task(item.task) if item.task else None
        what = plan.title if plan else (task.title if task else (item.text or ""))
        items.append({"kind": item.kind.value, "kind_name": ITEM_KINDS[item.kind.value], "what": what,
                      "plan": item.plan, "task": item.task, "text": item.text, "fixed": item.fixed,
                      "unit": ledger.unit_name(item.unit) if item.unit else (ledger.unit_name(plan.unit) if plan else ""),
                      "result": item.result})
    return {
        "title": f"{meeting.kind}议定事项和交办任务",
        "meeting": {"id": meeting.id, "kind": meeting.kind, "date": meeting.date, "theme": meeting.theme,
                    "held": meeting.date <= as_of},
        "items": items,
        "decisions": [item for item in items if item["result"]],  # 议定事项
        "assigned": [_assigned(ledger, task_id, as_of) for task_id in meeting.assigned],  # 交办任务
    }


def _assigned(ledger: Ledger, task_id: str, as_of: date) -> dict:
    task = ledger.task(task_id)
    if task is None:
        return {"task_id": task_id, "task_title": "", "unit": "", "leader": "", "next_due": None, "next_what": None}
    open_ones = sorted((due_on(task, m, as_of), m.what) for m in task.milestones if not done_on(m, as_of))
    return {**task_facts(ledger, task, as_of), "next_due": open_ones[0][0] if open_ones else None,
            "next_what": open_ones[0][1] if open_ones else None}
