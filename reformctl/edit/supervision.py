"""Writing findings and notices (督察问题、督办通知) with the guarantees of every write (see
reformctl.edit): round trip that keeps comments, the whole ledger checked as it would be, atomic,
locked, never over a file that is there.

An inspection or a notice is a file holding one mapping (reformctl.layout.RECORD_KINDS); a write
edits that mapping as a task's item is edited (roundtrip.merge: only the lines touched change).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

from ..layout import RECORD_KIND
from ..load.files import DiskFiles
from ..problems import suggest
from .engine import Change, Outcome, finish
from .errors import EditRefused, Notice
from .facts import Facts, check_day, check_unit, read_facts, read_plain
from .ops import check_evidence
from .records import MILESTONE_KEYS, add_to_list, append_entry, new_map, put
from .roundtrip import (RoundTripError, dump_mapping, guess_indent, keep_comment_gaps, lift_insertions, load_mapping,
                        merge)
from .storage import DEFAULT_WAIT, ledger_lock

INSPECTION_KEYS = ("id", "kind", "title", "date", "period", "by", "ref", "scope", "findings")
FINDING_KEYS = ("id", "unit", "task", "milestone", "text", "severity", "rectify_by", "rectification", "progress",
                "changes", "closed")
NOTICE_KEYS = ("id", "ref", "date", "to", "about", "ask", "reply_by", "replies", "changes", "closed")
SEVERITIES = ("serious", "major", "general")


@dataclass(frozen=True)
class RecordPlace:
    rel: str
    data: bytes
    plain: Any


def record_files(root: Path, kind: str) -> list[str]:
    return [rel for rel, found in DiskFiles(root).ledger_files() if found == kind]


def _records(root: Path, kind: str) -> list[RecordPlace]:
    """Each readable file of the kind, with its plain data (a file that cannot be read is skipped:
    `check` reports it)."""
    places = []
    for rel in record_files(root, kind):
        try:
            data = DiskFiles(root).read_bytes(rel)
            places.append(RecordPlace(rel, data, read_plain(data, rel)))
        except (OSError, ValueError, EditRefused):
            continue
    return places


def find_notice(root: Path, notice_id: str) -> RecordPlace:
    places = _records(root, "notices")
    for place in places:
        if isinstance(place.plain, dict) and str(place.plain.get("id")) == notice_id:
            return place
    known = [str(p.plain.get("id")) for p in places if isinstance(p.plain, dict)]
    raise EditRefused("unknown_notice", {"id": notice_id, **suggest(notice_id, known)})


def find_inspection(root: Path, inspection_id: str) -> RecordPlace:
    places = _records(root, "inspections")
    for place in places:
        if isinstance(place.plain, dict) and str(place.plain.get("id")) == inspection_id:
            return place
    known = [str(p.plain.get("id")) for p in places if isinstance(p.plain, dict)]
    raise EditRefused("unknown_inspection", {"id": inspection_id, **suggest(inspection_id, known)})


def find_finding(root: Path, finding_id: str) -> tuple[RecordPlace, int]:
    """The inspection file holding the finding, and the finding's index in its findings."""
    places = _records(root, "inspections")
    known = []
    for place in places:
        findings = place.plain.get("findings") if isinstance(place.plain, dict) else None
        for index, finding in enumerate(findings if isinstance(findings, list) else []):
            if isinstance(finding, dict):
                if str(finding.get("id")) == finding_id:
                    return place, index
                known.append(str(finding.get("id")))
    raise EditRefused("unknown_finding", {"id": finding_id, **suggest(finding_id, known)})


# --- the writes -------------------------------------------------------------------------------------

def add_finding(root: Path | str, inspection_id: str, *, finding_id: str, unit: str, text: str,
                rectify_by: Optional[date] = None, task: Optional[str] = None, milestone: Optional[str] = None,
                severity: str = "general", today: Optional[date] = None, dry_run: bool = False,
                **options: Any) -> Change:
    """Add a finding (督察发现的问题) to an inspection, to be rectified by `unit` by `rectify_by`."""
    root = Path(root)
    if severity not in SEVERITIES:
        raise EditRefused("bad_severity", {"value": severity, "choices": ", ".join(SEVERITIES)})
    if _finding_taken(root, finding_id):
        raise EditRefused("record_id_taken", {"id": finding_id})

    def mutate(inspection: Any, facts: Facts) -> Outcome:
        check_unit(facts, unit)
        append_entry(inspection, "findings", [("id", finding_id), ("unit", unit), ("task", task),
                                              ("milestone", milestone), ("text", text), ("severity", severity),
                                              ("rectify_by", rectify_by)], INSPECTION_KEYS)
        name = facts.unit_names.get(unit, unit)
        return Outcome(Notice("did_add_finding", {"id": finding_id, "inspection": inspection_id, "unit": name}),
                       f"{inspection_id} 新增督察问题 {finding_id}（{name}）：{_short(text)}")

    return edit_record(root, find_inspection(root, inspection_id), inspection_id, mutate, today=today,
                       dry_run=dry_run, **options)


def _finding_taken(root: Path, finding_id: str) -> bool:
    try:
        find_finding(root, finding_id)
    except EditRefused:
        return False
    return True


def close_finding(root: Path | str, finding_id: str, *, evidence: Sequence[str], by: Optional[str] = None,
                  ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
                  dry_run: bool = False, **options: Any) -> Change:
    """Close a finding (整改销号), only with the rectification's evidence."""
    root = Path(root)
    if not evidence:
        raise EditRefused("no_finding_evidence", {"id": finding_id})
    place, index = find_finding(root, finding_id)

    def mutate(inspection: Any, facts: Facts) -> Outcome:
        finding = inspection["findings"][index]
        if finding.get("closed"):
            raise EditRefused("finding_closed", {"id": finding_id, "day": str(finding["closed"].get("date"))})
        when = check_day(facts, day)
        closer = by or facts.office_unit()
        check_unit(facts, closer)
        notices = check_evidence(facts, evidence)
        put(finding, "closed", new_map([("date", when), ("by", closer), ("evidence", list(evidence)), ("ref", ref)],
                                       flow=True), FINDING_KEYS)
        return Outcome(Notice("did_close_finding", {"id": finding_id, "day": when.isoformat()}),
                       f"督察问题 {finding_id} 整改销号（{when.isoformat()}）", notices)

    return edit_record(root, place, finding_id, mutate, today=today, dry_run=dry_run, **options)


def finding_progress(root: Path | str, finding_id: str, *, text: str, by: Optional[str] = None,
                     evidence: Sequence[str] = (), day: Optional[date] = None, today: Optional[date] = None,
                     dry_run: bool = False, **options: Any) -> Change:
    """Append the rectification's progress (整改进展) to a finding; `by` defaults to its unit."""
    root = Path(root)
    place, index = find_finding(root, finding_id)

    def mutate(inspection: Any, facts: Facts) -> Outcome:
        finding = inspection["findings"][index]
        when = check_day(facts, day)
        unit = by or str(finding.get("unit") or "")
        check_unit(facts, unit)
        notices = check_evidence(facts, evidence)
        append_entry(finding, "progress", [("date", when), ("by", unit), ("text", text), ("evidence", list(evidence))],
                     FINDING_KEYS)
        name = facts.unit_names.get(unit, unit)
        return Outcome(Notice("did_finding_progress", {"id": finding_id, "unit": name, "day": when.isoformat()}),
                       f"{name}报送问题 {finding_id} 整改进展（{when.isoformat()}）：{_short(text)}", notices)

    return edit_record(root, place, finding_id, mutate, today=today, dry_run=dry_run, **options)


def complete_rectification_milestone(root: Path | str, finding_id: str, milestone_id: str, *,
                                     evidence: Sequence[str] = (), day: Optional[date] = None,
                                     today: Optional[date] = None, dry_run: bool = False, **options: Any) -> Change:
    """Record that one of a finding's own rectification milestones (整改节点) is done, with its
    evidence, as `done` records a task's milestone. Whether the writer may (R954: a closed finding
    is the office's) is the check's to say, as for every write."""
    root = Path(root)
    place, index = find_finding(root, finding_id)

    def mutate(inspection: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        finding = inspection["findings"][index]
        if finding.get("closed"):  # closing it closed its milestones
            raise EditRefused("finding_closed", {"id": finding_id, "day": str(finding["closed"].get("date"))})
        milestone = _rectification_milestone(finding, finding_id, milestone_id)
        if milestone.get("done"):
            raise EditRefused("rectification_step_done",
                              {"finding": finding_id, "id": milestone_id, "done": str(milestone["done"])})
        notices = check_evidence(facts, evidence)
        put(milestone, "done", when, MILESTONE_KEYS)
        add_to_list(milestone, "evidence", evidence, MILESTONE_KEYS)
        summary = Notice("did_rectification_done", {"finding": finding_id, "id": milestone_id, "day": when.isoformat()})
        return Outcome(summary, f"问题 {finding_id} 整改节点 {milestone_id} 于{when.isoformat()}完成", notices)

    return edit_record(root, place, finding_id, mutate, today=today, dry_run=dry_run, **options)


def _rectification_milestone(finding: Any, finding_id: str, milestone_id: str) -> Any:
    rectification = finding.get("rectification")
    steps = rectification.get("milestones") if isinstance(rectification, dict) else None
    steps = [step for step in steps if isinstance(step, dict)] if isinstance(steps, list) else []
    for step in steps:
        if str(step.get("id")) == milestone_id:
            return step
    ids = [str(step.get("id")) for step in steps]
    raise EditRefused("unknown_rectification_step", {"finding": finding_id, "id": milestone_id,
                                                     "ids": ", ".join(ids) or "—", **suggest(milestone_id, ids)})


def send_notice(root: Path | str, *, notice_id: str, to: str, ask: str, reply_by: date,
                tasks: Sequence[str] = (), milestones: Sequence[str] = (), findings: Sequence[str] = (),
                ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
                dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """A new notice (督办通知) in notices/NOTICE_ID.yaml; refused when that file or the id is there."""
    root = Path(root)
    rel = f"{RECORD_KIND['notices'].path}/{notice_id}.yaml"
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        when = check_day(facts, day)
        check_unit(facts, to)
        if (root / rel).exists() or (root / rel).is_symlink() or any(
                isinstance(p.plain, dict) and str(p.plain.get("id")) == notice_id for p in _records(root, "notices")):
            raise EditRefused("record_id_taken", {"id": notice_id})
        about = new_map([("tasks", list(tasks)), ("milestones", list(milestones)), ("findings", list(findings))])
        data = new_map([("id", notice_id), ("ref", ref), ("date", when), ("to", to), ("about", about or None),
                        ("ask", ask), ("reply_by", reply_by)])
        after = dump_mapping(data, (2, 4, 2)).encode("utf-8")
        name = facts.unit_names.get(to, to)
        outcome = Outcome(Notice("did_send_notice", {"id": notice_id, "unit": name, "reply_by": reply_by.isoformat()}),
                          f"向{name}发出督办通知 {ref or notice_id}（{when.isoformat()}），{reply_by.isoformat()}前回复")
        return finish(facts, rel, None, after, notice_id, outcome, dry_run)


def reply_notice(root: Path | str, notice_id: str, *, text: str, by: Optional[str] = None,
                 evidence: Sequence[str] = (), day: Optional[date] = None, today: Optional[date] = None,
                 dry_run: bool = False, **options: Any) -> Change:
    """Append a unit's reply to a notice (督办回复); `by` defaults to the unit it was sent to."""
    root = Path(root)
    place = find_notice(root, notice_id)

    def mutate(notice: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        unit = by or str(notice.get("to") or "")
        check_unit(facts, unit)
        notices = check_evidence(facts, evidence)
        append_entry(notice, "replies", [("date", when), ("by", unit), ("text", text), ("evidence", list(evidence))],
                     NOTICE_KEYS)
        name = facts.unit_names.get(unit, unit)
        return Outcome(Notice("did_reply_notice", {"id": notice_id, "unit": name, "day": when.isoformat()}),
                       f"{name}回复督办通知 {notice_id}（{when.isoformat()}）：{_short(text)}", notices)

    return edit_record(root, place, notice_id, mutate, today=today, dry_run=dry_run, **options)


# --- one record file, edited in place -------------------------------------------------------------

def edit_record(root: Path, place: RecordPlace, record_id: str, mutate: Callable[[Any, Facts], Outcome], *,
                today: Optional[date], dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Apply `mutate` to the mapping a record file holds; write as every write does (engine.finish)."""
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        current = (root / place.rel).read_bytes()
        if current != place.data:  # changed since it was found: find it again under the lock
            raise EditRefused("changed_underneath", {"path": place.rel}, usage=False)
        text = place.data.decode("utf-8-sig")
        done: list[Outcome] = []
        try:
            lines, changed = _edit_mapping(text.splitlines(keepends=True), lambda data: done.append(mutate(data, facts)))
        except RoundTripError as err:
            raise EditRefused(err.args[0], err.args[1], usage=False) from None
        after = ("\ufeff" if place.data.startswith(b"\xef\xbb\xbf") else "") + "".join(lines)
        if read_plain(after.encode("utf-8"), place.rel) != read_plain(changed.encode("utf-8"), place.rel):
            raise EditRefused("rt_mismatch", {"path": place.rel, "detail": "values"}, usage=False)
        _keeps_comments(place.rel, text, "".join(lines))
        return finish(facts, place.rel, place.data, after.encode("utf-8"), record_id, done[0], dry_run)


def _edit_mapping(lines: list[str], change: Callable[[Any], None]) -> tuple[list[str], str]:
    """The file's lines after `change`, and ruamel.yaml's dump of the changed mapping."""
    original = "".join(lines)
    indents = guess_indent(original)
    data = load_mapping(original)
    if not isinstance(data, dict):
        raise RoundTripError("rt_odd_item", {})
    unchanged = dump_mapping(data, indents)
    change(data)
    changed = "".join(lift_insertions(unchanged.splitlines(keepends=True),
                                      dump_mapping(data, indents).splitlines(keepends=True)))
    merged = merge(lines, unchanged.splitlines(keepends=True), changed.splitlines(keepends=True))
    return keep_comment_gaps(lines, merged), changed


def _keeps_comments(rel: str, before: str, after: str) -> None:
    from collections import Counter

    kept = Counter(line.strip() for line in after.splitlines() if line.strip().startswith("#"))
    for line, count in Counter(line.strip() for line in before.splitlines() if line.strip().startswith("#")).items():
        if kept[line] < count:
            raise EditRefused("rt_mismatch", {"path": rel, "detail": line[:40]}, usage=False)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
