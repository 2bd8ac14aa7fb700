"""What inspections, findings and notices say of themselves: dates in order and not in the future,
closes with evidence, deadlines that agree with their approved changes. The same rules as a
task's (R402, R502, R602, R605, R701), with codes of their own where the words differ."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Optional

from ..model import SourceRef, iso_day
from ..problems import Problem
from .base import CheckContext
from .refs import TaskRefIndex
from .supervision import inspections, notices


def findings_closed_with_evidence(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """A finding is closed (整改销号) only with the evidence of its rectification (as R502 for a task)."""
    for inspection in inspections(index):
        for finding in inspection.findings:
            if finding.closed and not finding.closed.evidence:
                yield Problem("R758", finding.src.file, finding.src.keypath + ("closed",), {"id": finding.id})


def dates_in_order(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """A reply is not dated before its notice; a finding is not closed, nor due, before it was found;
    a period does not end before it starts; an inspection has a date or a period."""
    for notice in notices(index):
        for position, reply in enumerate(notice.replies):
            if reply.date < notice.date:
                yield Problem("R759", notice.src.file, notice.src.keypath + ("replies", position, "date"),
                              {"date": reply.date, "sent": notice.date})
        if notice.reply_by < notice.date:
            yield Problem("R762", notice.src.file, notice.src.keypath + ("reply_by",),
                          {"date": notice.reply_by, "start": notice.date})
    for inspection in inspections(index):
        yield from _inspection_dates(inspection)


def _inspection_dates(inspection) -> Iterator[Problem]:
    src = inspection.src
    if inspection.date is None and inspection.period is None:
        yield Problem("R763", src.file, src.keypath + ("id",), {"id": inspection.id}, at_key=True)
    if inspection.period and inspection.period.to < inspection.period.from_:
        yield Problem("R765", src.file, src.keypath + ("period", "to"),
                      {"start": inspection.period.from_, "end": inspection.period.to})
    start = inspection.date or (inspection.period.from_ if inspection.period else None)
    if start is None:
        return
    for finding in inspection.findings:
        if finding.rectify_by and finding.rectify_by < start:
            yield Problem("R762", finding.src.file, finding.src.keypath + ("rectify_by",),
                          {"date": finding.rectify_by, "start": start})
        if finding.closed and finding.closed.date < start:
            yield Problem("R762", finding.src.file, finding.src.keypath + ("closed", "date"),
                          {"date": finding.closed.date, "start": start})


def not_in_future(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """Nothing is recorded as having happened after the ledger's "now" (as R402/R505/R605/R701)."""
    if getattr(ctx, "now", None) is None:
        return
    for src, day in _recorded_days(index):
        if day > ctx.now:
            yield Problem("R760", src.file, src.keypath, {"date": day, "now": ctx.now})


def _recorded_days(index: TaskRefIndex) -> Iterator[tuple[SourceRef, date]]:
    """(where, day) of everything that says it happened: not deadlines, which lie ahead."""
    for inspection in inspections(index):
        if inspection.date:
            yield inspection.src.at("date"), inspection.date
        if inspection.period:
            yield inspection.src.at("period", "from"), inspection.period.from_
        for finding in inspection.findings:
            yield from _entry_days(finding.src, finding)
            for position, milestone in enumerate(finding.rectification.milestones if finding.rectification else ()):
                if milestone.done:
                    yield finding.src.at("rectification", "milestones", position, "done"), milestone.done
    for notice in notices(index):
        yield notice.src.at("date"), notice.date
        yield from _entry_days(notice.src, notice)
        for position, reply in enumerate(notice.replies):
            yield notice.src.at("replies", position, "date"), reply.date


def _entry_days(src: SourceRef, record) -> Iterator[tuple[SourceRef, date]]:
    for position, entry in enumerate(getattr(record, "progress", ())):
        yield src.at("progress", position, "date"), entry.date
    for position, change in enumerate(record.changes):
        yield src.at("changes", position, "date"), change.date
    if record.closed:
        yield src.at("closed", "date"), record.closed.date


def deadlines_agree_with_changes(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """The latest approved change of rectify_by / reply_by says the deadline the record holds (as
    R602 for a milestone's due), its from/to are dates (R604), and it changes the record's own field."""
    for inspection in inspections(index):
        for finding in inspection.findings:
            yield from _deadline_problems(finding.src, finding.changes, "rectify_by", finding.rectify_by, {"due"})
            yield from _step_deadline_problems(finding)
    for notice in notices(index):
        yield from _deadline_problems(notice.src, notice.changes, "reply_by", notice.reply_by)


def _step_deadline_problems(finding) -> Iterator[Problem]:
    """A change of `due` names one of the finding's rectification milestones (R781), its from/to are
    dates (R604), and the latest one for a milestone says the due it holds (R764)."""
    src = finding.src
    steps = {m.id: (i, m) for i, m in enumerate(finding.rectification.milestones)} if finding.rectification else {}
    latest: dict = {}
    for position, change in enumerate(finding.changes):
        if change.field != "due":
            continue
        if change.milestone not in steps:
            yield Problem("R781", src.file, src.keypath + ("changes", position, "milestone" if change.milestone else "field"),
                          {"id": finding.id, "milestone": change.milestone or "", "known": ", ".join(steps) or "—"})
            continue
        for key, value in (("from", change.from_), ("to", change.to)):
            if iso_day(value) is None:
                yield Problem("R604", src.file, src.keypath + ("changes", position, key), {"value": value or ""})
        last = latest.get(change.milestone)
        if iso_day(change.to) and (last is None or change.date >= last.date):
            latest[change.milestone] = change
    for milestone_id, change in latest.items():
        position, milestone = steps[milestone_id]
        if iso_day(change.to) != milestone.due:
            yield Problem("R764", src.file, src.keypath + ("rectification", "milestones", position, "due"),
                          {"field": f"{milestone_id}.due", "to": change.to, "value": milestone.due.isoformat()})


def _deadline_problems(src: SourceRef, changes, field: str, current: Optional[date],
                       elsewhere: frozenset = frozenset()) -> Iterator[Problem]:
    """`elsewhere`: fields of changes judged by another rule (a finding's milestones' due)."""
    latest = None
    for position, change in enumerate(changes):
        if change.field in elsewhere:
            continue
        if change.field != field:
            yield Problem("R761", src.file, src.keypath + ("changes", position, "field"),
                          {"value": change.field, "field": field})
            continue
        for key, value in (("from", change.from_), ("to", change.to)):
            if iso_day(value) is None:
                yield Problem("R604", src.file, src.keypath + ("changes", position, key), {"value": value or ""})
        if iso_day(change.to) and (latest is None or change.date >= latest.date):
            latest = change
    if latest is not None and iso_day(latest.to) != current:
        yield Problem("R764", src.file, src.keypath + (field,),
                      {"field": field, "to": latest.to, "value": current.isoformat() if current else ""})


def findings_have_deadlines(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """An open finding says by when it is rectified: a rectify_by, or the task it became (warning)."""
    for inspection in inspections(index):
        for finding in inspection.findings:
            rectification = finding.rectification
            if finding.closed or finding.rectify_by or (rectification and (rectification.task or rectification.milestones)):
                continue
            yield Problem("R766", finding.src.file, finding.src.keypath + ("id",), {"id": finding.id}, at_key=True)
