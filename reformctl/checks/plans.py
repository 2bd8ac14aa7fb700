"""Plans, upper documents, meetings and agenda items (issue 14): a plan goes to a meeting only with
its review done and is issued after it; every id they name exists; an upper document past its
docking deadline without a plan is reported (对接提醒); an agenda item is scheduled only when its
plan is ready, and submitted within the office's lead time.

These are ledger checks: they read the records of the index (few and small) and its task ids."""

from __future__ import annotations

from typing import Iterator, Optional

from ..model_plans import REVIEW_STEP_NAMES, REVIEW_STEPS, Plan
from ..planning import dock_overdue, docked_ids, is_sent_to_meeting, missing_steps, submitted_late
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex


def _plans(index: TaskRefIndex) -> tuple:
    return index.records.get("plans", ())


def _meetings(index: TaskRefIndex) -> tuple:
    return index.records.get("meetings", ())


def _upper(index: TaskRefIndex) -> tuple:
    upper = index.records.get("upper")
    return tuple(upper.documents) if upper else ()


def _agenda(index: TaskRefIndex) -> tuple:
    agenda = index.records.get("agenda")
    return tuple(agenda.items) if agenda else ()


def plans_reviewed_before_meeting(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R362 a step written with neither its date nor `not_needed`; R360 a plan gone to a meeting
    (reviewed by one, issued, or its planned meeting's day come) with a step missing; R361 a plan
    issued before a review step or its meeting."""
    days = {meeting.id: meeting.date for meeting in _meetings(index)}
    now = ctx.now if ctx else None  # with no context, a plan counts as gone to a meeting only when reviewed or issued
    for plan in _plans(index):
        for name in REVIEW_STEPS:
            step = getattr(plan.review, name)
            if step is not None and step.date is None and not step.not_needed:
                yield _at(plan, ("review", name), "R362", step=name, step_zh=REVIEW_STEP_NAMES[name])
        if is_sent_to_meeting(plan, days, now):
            for name in missing_steps(plan):
                yield _at(plan, _meeting_key(plan), "R360", id=plan.id, step=name,
                          step_zh=REVIEW_STEP_NAMES[name], at_key=True)
        if plan.issued:
            yield from _issued_too_early(plan, days)


def _meeting_key(plan: Plan) -> tuple:
    return ("meeting",) if plan.meeting else ("issued",)


def _issued_too_early(plan: Plan, days: dict) -> Iterator[Problem]:
    earlier = [(getattr(plan.review, name).date, REVIEW_STEP_NAMES[name]) for name in REVIEW_STEPS
               if getattr(plan.review, name) and getattr(plan.review, name).date]
    reviewed = plan.meeting.reviewed if plan.meeting else None
    if reviewed in days:
        earlier.append((days[reviewed], "上会审议"))
    later = [(day, what) for day, what in earlier if day > plan.issued.date]
    if later:
        day, what = max(later)
        yield _at(plan, ("issued", "date"), "R361", issued=plan.issued.date, step_zh=what, date=day)


def record_ids_unique(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R203: two plans, meetings, upper documents or agenda items share an id."""
    for kind, records in (("plans", _plans(index)), ("meetings", _meetings(index)), ("upper", _upper(index)),
                          ("agenda", _agenda(index))):
        first: dict[str, object] = {}
        for record in records:
            if record.id in first:
                where = first[record.id].src
                yield _at(record, ("id",), "R203", id=record.id, what_en=_KIND_WORDS[kind][0] + "s",
                          what_zh=_KIND_WORDS[kind][1], first=where.file)
            else:
                first[record.id] = record


def records_named_exist(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R364 an upper document, meeting, plan or agenda item named that is not in the ledger;
    R365 a task named that is not; R301/R302 a unit or leader not in units.yaml."""
    if "tasks" in index.unreadable_kinds:
        return
    known = {"upper": {d.id for d in _upper(index)}, "meetings": {m.id for m in _meetings(index)},
             "plans": {p.id for p in _plans(index)}, "agenda": {a.id for a in _agenda(index)}}
    tasks = index.known_ids
    for record, keys, kind, value in _named(index):
        if kind == "tasks":
            if value not in tasks:
                yield _at(record, keys, "R365", id=value, **suggest(value, tasks))
        elif kind in ("units", "leaders"):
            table = index.units if kind == "units" else index.leaders
            if "units" not in index.unreadable_kinds and value not in table:
                yield _at(record, keys, "R301" if kind == "units" else "R302", id=value, **suggest(value, table))
        elif kind not in index.unreadable_kinds and value not in known[kind]:
            yield _at(record, keys, "R364", id=value, what=_KIND_WORDS[kind][0], what_zh=_KIND_WORDS[kind][1],
                           **suggest(value, known[kind]))


_KIND_WORDS = {"upper": ("upper document of upper.yaml", "upper.yaml 中的上级文件"),
               "meetings": ("meeting of meetings/", "meetings/ 中的会议"),
               "plans": ("plan of plans/", "plans/ 中的改革方案"),
               "agenda": ("agenda item of agenda.yaml", "agenda.yaml 中的议题")}


def _named(index: TaskRefIndex) -> Iterator[tuple]:
    """(record, key path from the record, the kind named, the id) of every reference."""
    for plan in _plans(index):
        yield plan, ("unit",), "units", plan.unit
        if plan.leader:
            yield plan, ("leader",), "leaders", plan.leader
        yield from ((plan, ("docks", i), "upper", v) for i, v in enumerate(plan.docks))
        yield from ((plan, ("tasks", i), "tasks", v) for i, v in enumerate(plan.tasks))
        for key in ("target", "reviewed"):
            value = getattr(plan.meeting, key) if plan.meeting else None
            if value:
                yield plan, ("meeting", key), "meetings", value
    for document in _upper(index):
        if document.dock_unit:
            yield document, ("dock_unit",), "units", document.dock_unit
    for meeting in _meetings(index):
        for i, item in enumerate(meeting.items):
            for key, kind in (("plan", "plans"), ("task", "tasks"), ("agenda", "agenda"), ("unit", "units")):
                if getattr(item, key):
                    yield meeting, ("items", i, key), kind, getattr(item, key)
        yield from ((meeting, ("assigned", i), "tasks", v) for i, v in enumerate(meeting.assigned))
    for item in _agenda(index):
        yield item, ("unit",), "units", item.unit
        for key, kind in (("plan", "plans"), ("want_meeting", "meetings")):
            if getattr(item, key):
                yield item, (key,), kind, getattr(item, key)


def upper_documents_docked(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R363 (对接提醒): an upper document past its `dock_by` with no plan docking it."""
    if ctx is None or ctx.now is None or "plans" in index.unreadable_kinds:
        return
    docked = docked_ids(_plans(index))
    for document in _upper(index):
        if dock_overdue(document, docked, ctx.now):
            unit = index.units.get(document.dock_unit) if document.dock_unit else None
            yield _at(document, ("dock_by",), "R363", doc=document.doc, dock_by=document.dock_by,
                      unit=unit.name if unit else (document.dock_unit or "the office"),
                      unit_zh=unit.name if unit else (document.dock_unit or "改革办"))


def agenda_items_ready(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R370 an item scheduled while its plan's review is not done; R371 an item submitted later
    than the office's lead time (agenda_lead_days) before the meeting it wants."""
    plans = {plan.id: plan for plan in _plans(index)}
    meetings = {meeting.id: meeting for meeting in _meetings(index)}
    lead = index.config.agenda_lead_days
    for item in _agenda(index):
        plan = plans.get(item.plan) if item.plan else None
        if item.state.value == "scheduled" and plan is not None:
            missing = missing_steps(plan)
            if missing:
                yield _at(item, ("state",), "R370", id=item.id, plan=plan.id,
                          steps=", ".join(missing), steps_zh="、".join(REVIEW_STEP_NAMES[s] for s in missing))
        meeting = meetings.get(item.want_meeting) if item.want_meeting else None
        if meeting is not None and submitted_late(item, meeting, lead):
            yield _at(item, ("submitted",), "R371", id=item.id, submitted=item.submitted, meeting=meeting.id,
                      date=meeting.date, days=lead)


def plan_changes_agree(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R381 a plan's meeting.target that is not where its last approved change moved it; R605 a
    change dated after today."""
    now = ctx.now if ctx else None
    for plan in _plans(index):
        latest = None
        for position, change in enumerate(plan.changes):
            if now is not None and change.date > now:
                yield _at(plan, ("changes", position, "date"), "R605", date=change.date, now=now)
            if latest is None or change.date >= latest[1].date:
                latest = (position, change)
        target = plan.meeting.target if plan.meeting else None
        if latest is not None and latest[1].to != target:
            yield _at(plan, ("changes", latest[0], "to"), "R381", id=plan.id, to=latest[1].to or "", target=target or "")


def _at(record, keys: tuple, code: str, at_key: bool = False, **params) -> Problem:
    here = record.src.at(*keys)
    return Problem(code, here.file, here.keypath, params, at_key=at_key)


LEDGER_CHECKS = (record_ids_unique, plans_reviewed_before_meeting, records_named_exist, upper_documents_docked, agenda_items_ready,
                 plan_changes_agree)
