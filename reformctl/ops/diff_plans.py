"""What a pull request changes in plans, meetings, the agenda, upper documents and pilots, for
`reformctl diff`: one line per record added or step taken (a review step recorded, a plan
reviewed, issued or evaluated, a meeting's result and the tasks it assigned, an agenda item
scheduled, a pilot accepted or promoted) and per deadline moved (a plan's planned meeting, a
pilot's period end or acceptance due date, an upper document's dock_by)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..model import Ledger
from ..model_plans import REVIEW_STEP_NAMES, REVIEW_STEPS
from ..prrules.common import dump
from ..prrules.plans import records


@dataclass(frozen=True)
class RecordChange:
    kind: str  # plan, meeting, agenda, upper, pilot
    id: str
    title: str
    change: str  # added, step, reviewed, issued, evaluated, result, assigned, state, accepted, promoted, moved
    detail: str  # the step, the document number, the new state, the day ...


def record_changes(base: Ledger, head: Ledger) -> list[RecordChange]:
    return [*_plans(base, head), *_added(base, head, "meetings", "meeting", "kind"), *_results(base, head),
            *_added(base, head, "upper", "upper", "title"), *_docking_moved(base, head), *_agenda(base, head),
            *_pilots(base, head)]


def _added(base: Ledger, head: Ledger, kind: str, word: str, title: str) -> Iterator[RecordChange]:
    before = records(base, kind)
    for record_id, record in records(head, kind).items():
        if record_id not in before:
            yield RecordChange(word, record_id, str(getattr(record, title)), "added", "")


def _plans(base: Ledger, head: Ledger) -> Iterator[RecordChange]:
    before = records(base, "plans")
    for plan_id, new in records(head, "plans").items():
        old = before.get(plan_id)
        if old is None:
            yield RecordChange("plan", plan_id, new.title, "added", "")
        for step in REVIEW_STEPS:
            was, now = (getattr(old.review, step) if old else None), getattr(new.review, step)
            if now is not None and (was is None or dump(was) != dump(now)):
                yield RecordChange("plan", plan_id, new.title, "step",
                                   f"{REVIEW_STEP_NAMES[step]} {now.date or now.not_needed}")
        if new.meeting and new.meeting.reviewed and not (old and old.meeting and old.meeting.reviewed):
            yield RecordChange("plan", plan_id, new.title, "reviewed", new.meeting.reviewed)
        if new.issued and not (old and old.issued):
            yield RecordChange("plan", plan_id, new.title, "issued", f"{new.issued.date} {new.issued.doc}")
        if new.evaluation and new.evaluation.report and not (old and old.evaluation and old.evaluation.report):
            yield RecordChange("plan", plan_id, new.title, "evaluated", new.evaluation.report)
        was = old.meeting.target if old and old.meeting else None
        now = new.meeting.target if new.meeting else None
        if was and now and was != now:
            yield RecordChange("plan", plan_id, new.title, "moved", f"meeting.target {was} → {now}")


def _results(base: Ledger, head: Ledger) -> Iterator[RecordChange]:
    before = records(base, "meetings")
    for meeting_id, new in records(head, "meetings").items():
        old = before.get(meeting_id)
        for index, item in enumerate(new.items):
            was = old.items[index].result if old and index < len(old.items) else None
            if item.result and item.result != was:
                yield RecordChange("meeting", meeting_id, new.kind, "result", item.result)
        assigned = [task for task in new.assigned if not (old and task in old.assigned)]
        if assigned:
            yield RecordChange("meeting", meeting_id, new.kind, "assigned", "、".join(assigned))


def _docking_moved(base: Ledger, head: Ledger) -> Iterator[RecordChange]:
    before = records(base, "upper")
    for document_id, new in records(head, "upper").items():
        old = before.get(document_id)
        if old is not None and old.dock_by and new.dock_by and old.dock_by != new.dock_by:
            yield RecordChange("upper", document_id, new.title, "moved", f"dock_by {old.dock_by} → {new.dock_by}")


def _agenda(base: Ledger, head: Ledger) -> Iterator[RecordChange]:
    before = records(base, "agenda")
    for item_id, new in records(head, "agenda").items():
        old = before.get(item_id)
        if old is None:
            yield RecordChange("agenda", item_id, new.title, "added", new.state.value)
        elif old.state != new.state:
            yield RecordChange("agenda", item_id, new.title, "state", new.state.value)


def _pilots(base: Ledger, head: Ledger) -> Iterator[RecordChange]:
    for new in head.tasks:
        if new.pilot is None:
            continue
        old = base.task(new.id)
        was: Any = old.pilot if old else None
        if was is None:
            yield RecordChange("pilot", new.id, new.title, "added", new.pilot.level.value)
            continue
        if new.pilot.acceptance and new.pilot.acceptance.done and not (was.acceptance and was.acceptance.done):
            yield RecordChange("pilot", new.id, new.title, "accepted", str(new.pilot.acceptance.done))
        if new.pilot.promoted and not was.promoted:
            yield RecordChange("pilot", new.id, new.title, "promoted", f"{new.pilot.promoted.date} {new.pilot.promoted.scope}")
        for field, before, after in new.pilot.moved_deadlines(was):
            yield RecordChange("pilot", new.id, new.title, "moved", f"{field} {before} → {after}")
