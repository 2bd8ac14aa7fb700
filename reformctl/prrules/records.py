"""Inspections, findings and notices in a pull request (督察、督办): the office writes them; a unit
may only append its replies to notices sent to it, progress to the findings it answers for, and
the done day and evidence of the rectification milestones it answers for; a closed finding or
notice is frozen for the units.
Nothing is deleted, recorded entries stay as written, and a deadline (rectify_by, reply_by) moves
only with a new approved change, as a milestone's due date does (R901, R921, R911)."""

from __future__ import annotations

from typing import Any, Iterator

from ..model import Ledger, SourceRef
from ..problems import Problem
from .common import PRContext, author_units, differing_keys, dump, is_office, match_entries, units_of

# The kinds (reformctl.layout.RECORD_KINDS) whose files these rules judge; ownership's R943 leaves them out.
KINDS = ("inspections", "notices")
# What each record keeps as history, append-only: key -> (en, zh)
_HISTORY = {"progress": ("progress", "进展"), "changes": ("change", "调整"), "replies": ("reply", "回复")}


def _findings(ledger: Ledger) -> dict:
    return {finding.id: finding for inspection in ledger.inspections for finding in inspection.findings}


def paired_findings(base: Ledger, head: Ledger) -> Iterator[tuple[Any, Any]]:
    """(base finding, head finding) of each finding on both sides, by id."""
    after = _findings(head)
    for finding_id, old in _findings(base).items():
        if finding_id in after:
            yield old, after[finding_id]


def _paired(base: Ledger, head: Ledger) -> Iterator[tuple[str, Any, Any]]:
    """(what, base record, head record) of each inspection, finding and notice on both sides, by id."""
    for what, before, after in (("inspection", {i.id: i for i in base.inspections}, {i.id: i for i in head.inspections}),
                                ("finding", _findings(base), _findings(head)),
                                ("notice", {n.id: n for n in base.notices}, {n.id: n for n in head.notices})):
        for record_id, old in before.items():
            if record_id in after:
                yield what, old, after[record_id]


def records_kept(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """No inspection, finding or notice is deleted (nor its id changed)."""
    if ctx.unreadable & {f.path for f in base.files if f.kind in KINDS}:
        return  # a file that could not be read at the head: its records are unread, not gone
    for what, what_zh, before, after in (("inspection", "督察", base.inspections, head.inspections),
                                         ("finding", "问题", list(_findings(base).values()), _findings(head)),
                                         ("notice", "督办通知", base.notices, head.notices)):
        kept = {record.id for record in after} if not isinstance(after, dict) else set(after)
        for record in before:
            if record.id not in kept:
                yield Problem("R951", *_where(head, record.src), {"what_en": what, "what_zh": what_zh, "id": record.id,
                                                                  "file": record.src.file})


def _where(head: Ledger, src: SourceRef) -> tuple[str, tuple]:
    """The file and key path at the head nearest to where a record of the base was."""
    present = any(f.path == src.file for f in head.files)
    return src.file, (() if not present else src.keypath[:1] if src.keypath else ())


def history_append_only(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """Progress, replies and changes of findings and notices stay as written (as R921/R922 for tasks)."""
    for what, old, new in _paired(base, head):
        for key, (what_en, what_zh) in _HISTORY.items():
            if not hasattr(old, key):
                continue
            missing, _ = match_entries(getattr(old, key), getattr(new, key))
            for index in missing:
                yield Problem("R952", new.src.file, new.src.keypath + (key,), {
                    "id": new.id, "date": getattr(old, key)[index].date, "what_en": what_en, "what_zh": what_zh},
                    at_key=True)


def deadlines_moved_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """rectify_by and reply_by move only with a new approved change saying so (as R911)."""
    for what, old, new in _paired(base, head):
        field = {"finding": "rectify_by", "notice": "reply_by"}.get(what)
        if field is None or getattr(old, field) == getattr(new, field):
            continue
        added = [new.changes[i] for i in match_entries(old.changes, new.changes)[1]]
        target = getattr(new, field)
        if not any(c.field == field and c.to == (target.isoformat() if target else None) for c in added):
            yield Problem("R953", new.src.file, new.src.keypath + (field,), {
                "id": new.id, "field": field, "old": getattr(old, field) or "—", "new": target or "—"})


def step_deadlines_moved_with_approval(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """A rectification milestone's due moves only with a new approved change naming it (as R911)."""
    for what, old, new in _paired(base, head):
        if what != "finding" or not (old.rectification and new.rectification):
            continue
        before = {m.id: m for m in old.rectification.milestones}
        added = [new.changes[i] for i in match_entries(old.changes, new.changes)[1]]
        for position, milestone in enumerate(new.rectification.milestones):
            was = before.get(milestone.id)
            if was is None or was.due == milestone.due:
                continue
            if not any(c.field == "due" and c.milestone == milestone.id and c.to == milestone.due.isoformat()
                       for c in added):
                yield Problem("R955", new.src.file, new.src.keypath + ("rectification", "milestones", position, "due"),
                              {"id": new.id, "milestone": milestone.id, "old": was.due, "new": milestone.due})


def only_the_office_writes_records(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """A unit's author may append replies to notices sent to its unit and progress to findings it
    answers for; any other change of an inspection, finding or notice is the office's."""
    for author, units in _unit_authors(base, ctx):
        own = {unit.id for unit in units}
        for record, place in _not_theirs(base, head, own):
            yield Problem("R950", record.src.file, place, {
                "author": author.label, "units": "、".join(unit.name for unit in units), "id": record.id})


def _unit_authors(base: Ledger, ctx: PRContext) -> Iterator[tuple]:
    """Each author of the pull request who writes for units other than the office, with those units."""
    mapping = author_units(base)
    if not mapping:
        return
    for author in ctx.authors:
        units = units_of(author, mapping)
        if units and not is_office(units):
            yield author, units


def closed_records_stay_closed(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """A closed finding (整改销号) or notice (办结) is frozen: a unit may neither change nor reopen it,
    not even to append progress or a reply; the office may (it reopens a closing made in error)."""
    for author, units in _unit_authors(base, ctx):
        for what, old, new in _paired(base, head):
            if what == "inspection" or old.closed is None:
                continue
            before, after = dump(old), dump(new)
            fields = differing_keys(before, after)
            if fields:
                place = new.src.keypath + ((fields[0],) if after.get(fields[0]) is not None else ("id",))
                yield Problem("R954", new.src.file, place, {
                    "author": author.label, "units": "、".join(unit.name for unit in units), "id": new.id,
                    "what_en": what, "what_zh": _WHAT_ZH[what], "date": old.closed.date,
                    "fields": ", ".join(fields)}, at_key=True)


_WHAT_ZH = {"finding": "问题", "notice": "督办通知"}


def _not_theirs(base: Ledger, head: Ledger, own: set) -> Iterator[tuple[Any, tuple]]:
    """(head record, key path) of each record changed in a way a unit of `own` may not."""
    old_inspections = {i.id: i for i in base.inspections}
    old_findings = _findings(base)
    for inspection in head.inspections:
        old = old_inspections.get(inspection.id)
        if old is None or _without(old, "findings") != _without(inspection, "findings"):
            yield inspection, inspection.src.keypath + ("id",)
        for finding in inspection.findings:
            before = old_findings.get(finding.id)
            if before is not None and before.closed:
                continue  # frozen: closed_records_stay_closed judges it
            if before is None or not _finding_reported(before, finding, own):
                yield finding, finding.src.keypath + ("id",)
    old_notices = {n.id: n for n in base.notices}
    for notice in head.notices:
        before = old_notices.get(notice.id)
        if before is not None and before.closed:
            continue  # frozen: closed_records_stay_closed judges it
        if before is None or not _appended_only(before, notice, "replies", own, before.to):
            yield notice, notice.src.keypath + ("id",)


def _without(record: Any, *keys: str) -> dict:
    data = dump(record)
    for key in keys:
        data.pop(key, None)
    return data


def _finding_reported(old: Any, new: Any, own: set) -> bool:
    """The finding is as it was, but for progress appended by its unit, and the done day and
    evidence of the rectification milestones (rectification.milestones) a unit of `own` answers for."""
    if dump(old) == dump(new):
        return True
    if _rectification_key(old) != _rectification_key(new):
        return False
    steps = zip(old.rectification.milestones, new.rectification.milestones) if old.rectification else ()
    if not all(_step_reported(was, now, own, was.owner or old.unit) for was, now in steps):
        return False
    same = {"rectification": None}
    return _appended_only(old.model_copy(update=same), new.model_copy(update=same), "progress", own, old.unit)


def _rectification_key(finding: Any) -> Any:
    """What of a finding's rectification only the office writes: its task, and its milestones but
    for their done days and evidence."""
    rectification = finding.rectification
    if rectification is None:
        return None
    return rectification.task, [_without(step, "done", "evidence") for step in rectification.milestones]


def _step_reported(old: Any, new: Any, own: set, answering: str) -> bool:
    """A rectification milestone unchanged, or marked done and its evidence appended by the unit
    that answers for it (a done day once written stays)."""
    if dump(old) == dump(new):
        return True
    return (answering in own and (old.done is None or old.done == new.done)
            and list(new.evidence[:len(old.evidence)]) == list(old.evidence))


def _appended_only(old: Any, new: Any, key: str, own: set, answering: str) -> bool:
    """The record is as it was, but for entries appended under `key` by a unit of `own`, which is
    the unit that answers for it."""
    if dump(old) == dump(new):
        return True
    if answering not in own or differing_keys(_without(old, key), _without(new, key)):
        return False
    missing, added = match_entries(getattr(old, key), getattr(new, key))
    entries = getattr(new, key)
    return not missing and all((entries[i].by or answering) in own for i in added)

