"""Who may write plans, meetings, the agenda, upper documents and pilots, and what stays put.

A unit may edit the plans it leads (review steps, evidence) and propose agenda items of its own;
only the office writes upper.yaml, the meetings, a plan's `issued` field, an agenda item's state,
and a pilot's approval (level, approved_by, approval_doc) and its deadlines when first set or
removed (period, acceptance due). Nobody deletes a plan, meeting, upper document, agenda item or
pilot (R960); a recorded review step, a recorded meeting result and a plan's change entry stay as
written (R963).

Deadlines move as a milestone's due date does (R911, R944): a pilot's period end or acceptance due
date, and a plan's planned meeting (meeting.target, its 上会审议计划), move only with a new approved
change entry recording the move (R964: the task's `changes` with field pilot.period.to or
pilot.acceptance.due; the plan's own `changes` with field meeting.target); a unit may write such a
move in its pull request, and the change entry stands once the office confirms it with a commit of
its own (R944 for a task, R965 for a plan).

Authors are mapped to units as in ownership.py (the base's units.yaml); with no mapping, the
authorship rules stay silent, and the deletion and history rules still hold.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

from ..model import Ledger, Pilot
from ..problems import Problem
from .common import PRContext, author_units, dump, is_office, match_entries, paired_tasks, task_key, units_of
from .ownership import unconfirmed_by
from .timetable import new_changes, recorded

_KINDS = {"plans": ("plan", "改革方案"), "meetings": ("meeting", "会议"), "upper": ("upper document", "上级文件"),
          "agenda": ("agenda item", "议题")}
PILOT_APPROVAL = ("level", "approved_by", "approval_doc")  # the office's approval of a pilot
PILOT_DEADLINES = ("period.from", "period.to", "acceptance.due")


def records(ledger: Ledger, kind: str) -> dict[str, Any]:
    """The records of a kind by id, in file order."""
    value = ledger.records.get(kind)
    if kind == "upper":
        value = value.documents if value else ()
    elif kind == "agenda":
        value = value.items if value else ()
    found: dict[str, Any] = {}
    for record in value or ():
        found.setdefault(record.id, record)
    return found


def records_kept(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """R960: no plan, meeting, upper document, agenda item or pilot is removed."""
    for kind, (what_en, what_zh) in _KINDS.items():
        after = records(head, kind)
        for record_id, record in records(base, kind).items():
            if record_id not in after and record.src.file not in ctx.unreadable:
                yield Problem("R960", record.src.file, (), {"id": record_id, "what_en": what_en, "what_zh": what_zh})
    for old, new in paired_tasks(base, head):
        if old.pilot is not None and new.pilot is None:
            yield Problem("R960", new.src.file, task_key(new, "id"),
                          {"id": f"{new.id} pilot", "what_en": "pilot record", "what_zh": "试点记录"})


def history_kept(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """R963: a recorded review step and a recorded meeting result stay as written."""
    after = records(head, "plans")
    for plan_id, old in records(base, "plans").items():
        new = after.get(plan_id)
        for name in ("consult", "expert", "legality", "stability"):
            was = getattr(old.review, name)
            now = getattr(new.review, name) if new else None
            if new and was is not None and (was.date or was.not_needed) and dump(was) != (dump(now) if now else None):
                yield Problem("R963", new.src.file, ("review", name), {"id": plan_id, "what_en": f"review step {name}",
                                                                       "what_zh": f"审查环节 {name}"}, at_key=True)
        if new is not None:
            for index in match_entries(old.changes, new.changes)[0]:
                yield Problem("R963", new.src.file, ("changes",), {"id": plan_id, "what_en": f"change entry {index + 1}",
                                                                   "what_zh": f"第 {index + 1} 条调整记录"}, at_key=True)
    meetings = records(head, "meetings")
    for meeting_id, old in records(base, "meetings").items():
        new = meetings.get(meeting_id)
        for index, item in enumerate(old.items):
            if new and item.result and (index >= len(new.items) or new.items[index].result != item.result):
                yield Problem("R963", new.src.file, ("items",), {"id": meeting_id, "what_en": f"result of item {index + 1}",
                                                                 "what_zh": f"第 {index + 1} 项议题的议定事项"}, at_key=True)


def only_the_office_approves(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """R961: a unit changed what only the office writes; R962: a unit changed a plan or an agenda
    item that is not its own."""
    mapping = author_units(base)
    if not mapping:
        return
    edits = list(_edits(base, head))
    for author in ctx.authors:
        units = units_of(author, mapping)
        if not units or is_office(units):
            continue
        mine = {unit.id for unit in units}
        names = "、".join(unit.name for unit in units)
        for file, keys, what, owner in edits:
            params = {"author": author.label, "units": names, "what": what}
            if owner is None:
                yield Problem("R961", file, keys, params)
            elif owner not in mine:
                yield Problem("R962", file, keys, {**params, "owner": head.unit_name(owner)})


def _edits(base: Ledger, head: Ledger) -> Iterator[tuple[str, tuple, str, Optional[str]]]:
    """(file, key path, what, the unit that may make it or None for the office alone) of each change
    in the files units may write (plans/, agenda.yaml, tasks/); upper.yaml and meetings/ are the
    office's files as a whole (R943)."""
    before = records(base, "plans")
    for plan_id, new in records(head, "plans").items():
        old = before.get(plan_id)
        if old is None or dump(old) != dump(new):
            old_issued = dump(old.issued) if old and old.issued else None
            new_issued = dump(new.issued) if new.issued else None
            if old_issued != new_issued:
                yield new.src.file, ("issued",), f"plan {plan_id}: issued", None
            yield new.src.file, ("id",), f"plan {plan_id}", old.unit if old else new.unit
    items = records(base, "agenda")
    for item_id, new in records(head, "agenda").items():
        old = items.get(item_id)
        if old is not None and old.state != new.state or old is None and new.state.value != "reserve":
            yield new.src.file, ("state",), f"agenda item {item_id}: state", None
        if old is None or dump(old) != dump(new):
            yield new.src.file, ("unit",), f"agenda item {item_id}", old.unit if old else new.unit
    yield from _pilot_edits(base, head)


def _pilot_edits(base: Ledger, head: Ledger) -> Iterator[tuple]:
    base_ids = {task.id for task in base.tasks}
    pairs = list(paired_tasks(base, head)) + [(None, task) for task in head.tasks
                                              if task.id not in base_ids and task.pilot is not None]
    for old, new in pairs:
        was = dump(old.pilot) if old is not None and old.pilot else {}
        now = dump(new.pilot) if new.pilot else {}
        changed = [key for key in (*PILOT_APPROVAL, *PILOT_DEADLINES) if _get(was, key) != _get(now, key)
                   and not (key in _MOVABLE and _get(was, key) and _get(now, key))]  # a move: R964, R944
        if changed:
            yield new.src.file, task_key(new, "pilot"), f"task {new.id}: " + ", ".join(f"pilot.{k}" for k in changed), None


_MOVABLE = ("period.to", "acceptance.due")  # deadlines moved with an approved change, as a milestone's due


def _get(data: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def deadlines_moved_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """R964: a pilot's deadline or a plan's planned meeting moved without a new approved change
    entry that records the move (one entry, or a chain of them), whoever made it."""
    for old, new in paired_tasks(base, head):
        if old.pilot is None or new.pilot is None:
            continue
        added = new_changes(old, new)
        for field, before, after in new.pilot.moved_deadlines(old.pilot):
            if not recorded(added, field, before.isoformat(), after.isoformat()):
                part, key = Pilot.DEADLINES[field]
                yield Problem("R964", new.src.file, task_key(new, "pilot", part, key), {
                    "what": f"task {new.id}", "what_zh": f"任务 {new.id}", "field": field, "old": before,
                    "new": after, "where": "the task's changes", "where_zh": "该任务的 changes"})
    before_plans = records(base, "plans")
    for plan_id, new in records(head, "plans").items():
        old = before_plans.get(plan_id)
        was = old.meeting.target if old and old.meeting else None
        now = new.meeting.target if new.meeting else None
        if was and now and was != now and not _plan_move_recorded(old, new, was, now):
            yield Problem("R964", new.src.file, ("meeting", "target"), {
                "what": f"plan {plan_id}", "what_zh": f"方案 {plan_id}", "field": "meeting.target", "old": was,
                "new": now, "where": "the plan's changes", "where_zh": "该方案的 changes"})


def _plan_move_recorded(old: Any, new: Any, was: str, now: str) -> bool:
    added = [new.changes[index] for index in match_entries(old.changes, new.changes)[1]]
    value = was
    for change in sorted((c for c in added if c.field == "meeting.target"), key=lambda c: c.date):
        if (change.from_ or "") == value:
            value = change.to or ""
    return value == now


def plan_changes_approved_by_the_office(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """R965: a plan's new change entry is an approval: it stands only when the office made or
    confirmed it (a commit of the office after the last commit touching the plan's file)."""
    mapping = author_units(base)
    if not mapping:
        return
    before = records(base, "plans")
    for plan_id, new in records(head, "plans").items():
        old = before.get(plan_id)
        added = match_entries(old.changes, new.changes)[1] if old else range(len(new.changes))
        for index in added:
            author = unconfirmed_by(new.src.file, ctx, mapping)
            if author is not None:
                yield Problem("R965", new.src.file, ("changes", index), {
                    "author": author.label, "units": "、".join(u.name for u in units_of(author, mapping)),
                    "id": plan_id, "field": new.changes[index].field, "file": new.src.file})
