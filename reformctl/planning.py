"""The words for plans, upper documents, meetings and agenda items on a day, each defined once
(as reformctl/timeline.py defines them for tasks): a review step settled, a plan ready for its
meeting, late, issued; an upper document docked or overdue (对接提醒); the next meeting and what
of it is not ready.

A step, a meeting or an issue dated after the as-of day has not happened yet in that day's view.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable, Optional

from .model_plans import REVIEW_STEPS, AgendaItem, AgendaState, Meeting, Plan, ReviewStep, UpperDocument

PLAN_STATES = ("drafting", "in_review", "ready", "reviewed", "issued")
PLAN_STATE_NAMES = {"drafting": "起草中", "in_review": "审查中", "ready": "待上会", "reviewed": "已审议",
                    "issued": "已印发"}


def step_settled(step: Optional[ReviewStep], as_of: Optional[date] = None) -> bool:
    """A review step is settled when it is done (dated, by `as_of` when given) or not needed."""
    if step is None:
        return False
    if step.not_needed:
        return True
    return step.date is not None and (as_of is None or step.date <= as_of)


def missing_steps(plan: Plan, as_of: Optional[date] = None) -> list[str]:
    """The review steps not settled (consult, expert, legality, stability, in that order)."""
    return [name for name in REVIEW_STEPS if not step_settled(getattr(plan.review, name), as_of)]


def is_sent_to_meeting(plan: Plan, meeting_days: dict[str, date], now: Optional[date]) -> bool:
    """Whether the plan has gone to a meeting: reviewed by one, issued, or its planned meeting's day
    has come (on `now`). Its review must then be complete; before, a missing step only makes it
    not ready (the status lists it)."""
    if plan.issued is not None or (plan.meeting and plan.meeting.reviewed):
        return True
    target = plan.meeting.target if plan.meeting else None
    return bool(target and now and target in meeting_days and meeting_days[target] <= now)


def plan_state(plan: Plan, as_of: date, meeting_days: dict[str, date]) -> str:
    """Where a plan stands on `as_of`: issued, reviewed (its meeting has met), ready (every step
    settled), in review (some step settled), or drafting."""
    if plan.issued and plan.issued.date <= as_of:
        return "issued"
    reviewed = plan.meeting.reviewed if plan.meeting else None
    if reviewed and meeting_days.get(reviewed, as_of) <= as_of:
        return "reviewed"
    missing = missing_steps(plan, as_of)
    if not missing:
        return "ready"
    return "in_review" if len(missing) < len(REVIEW_STEPS) else "drafting"


def is_plan_late(plan: Plan, as_of: date, meeting_days: dict[str, date]) -> bool:
    """Late: the meeting it was planned for has met (before `as_of`) and did not review it."""
    target = plan.meeting.target if plan.meeting else None
    day = meeting_days.get(target) if target else None
    return day is not None and day < as_of and plan_state(plan, as_of, meeting_days) not in ("reviewed", "issued")


def meeting_days(meetings: Iterable[Meeting]) -> dict[str, date]:
    return {meeting.id: meeting.date for meeting in meetings}


def docked_ids(plans: Iterable[Plan]) -> set[str]:
    return {doc_id for plan in plans for doc_id in plan.docks}


def dock_overdue(document: UpperDocument, docked: set[str], as_of: date) -> bool:
    """对接提醒: the document's deadline for a local plan has passed and no plan docks it."""
    return document.dock_by is not None and document.dock_by < as_of and document.id not in docked


def next_meeting(meetings: Iterable[Meeting], as_of: date) -> Optional[Meeting]:
    """The first meeting on or after `as_of` (of two on one day, the first listed)."""
    ahead = [meeting for meeting in meetings if meeting.date >= as_of]
    return min(ahead, key=lambda meeting: meeting.date) if ahead else None


def submitted_late(item: AgendaItem, meeting: Meeting, lead_days: int) -> bool:
    """An agenda item submitted less than the office's lead time before its meeting."""
    return item.submitted is not None and (meeting.date - item.submitted).days < lead_days


def is_scheduled(item: AgendaItem) -> bool:
    return item.state in (AgendaState.scheduled, AgendaState.reviewed)
