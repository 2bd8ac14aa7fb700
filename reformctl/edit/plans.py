"""Writes to plans, the agenda, meetings and pilots (issue 14): a plan's review step recorded, an
agenda item proposed, scheduled, reviewed or deferred, a meeting recorded and its results, a
pilot's deadline or a plan's planned meeting moved with its approval. Each goes through the same round trip, check and atomic write
as a task's (engine.finish): only the lines touched change, and a write that would add an error
is refused.

A plan (plans/*.yaml) and a meeting (meetings/*.yaml) are one mapping per file; agenda.yaml is a
mapping with its `items` list."""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from ..model import Pilot
from ..model_plans import REVIEW_STEP_NAMES, REVIEW_STEPS
from ..problems import suggest
from .engine import Change, Outcome, edit_task, finish, read_back
from .errors import EditRefused, Notice
from .ops import authority, check_evidence, record_change
from .facts import Facts, check_day, check_unit, read_facts, read_plain
from .records import block_list, flow_list, new_map
from .records import put as put_key
from .roundtrip import dump_mapping, guess_indent, keep_comment_gaps, lift_insertions, load_mapping, merge
from .storage import DEFAULT_WAIT, ledger_lock

PLANS_DIR, MEETINGS_DIR, AGENDA_NAME = "plans", "meetings", "agenda.yaml"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def record_review(root: Path | str, plan_id: str, step: str, *, day: Optional[date] = None, evidence: list[str] = (),
                  by: Optional[str] = None, not_needed: Optional[str] = None, today: Optional[date] = None,
                  dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Record a review step of a plan (征求意见、专家论证、合法性审查、社会稳定风险评估): done on `day`
    with its evidence, or `not_needed` for a reason."""
    if step not in REVIEW_STEPS:
        raise EditRefused("unknown_step", {"step": step, "choices": ", ".join(REVIEW_STEPS)})
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        rel = _record_file(root, PLANS_DIR, plan_id, "unknown_plan")
        entry = (new_map([("not_needed", not_needed)], flow=True) if not_needed else
                 new_map([("date", check_day(facts, day)), ("by", by),
                          ("evidence", flow_list(list(evidence)) if evidence else None)], flow=True))

        def mutate(data: Any) -> Outcome:
            review = data.get("review")
            if review is None:
                data["review"] = review = new_map([])
            if review.get(step) is not None:
                raise EditRefused("step_recorded", {"plan": plan_id, "step": step, "step_zh": REVIEW_STEP_NAMES[step]})
            earlier = REVIEW_STEPS[:REVIEW_STEPS.index(step)]  # in the flow's order, after the steps before it
            review.insert(max((i + 1 for i, key in enumerate(review) if key in earlier), default=0), step, entry)
            return Outcome(Notice("did_review", {"plan": plan_id, "step_zh": REVIEW_STEP_NAMES[step]}),
                           f"方案 {plan_id} 记录{REVIEW_STEP_NAMES[step]}")

        return _edit_mapping(facts, rel, mutate, plan_id, dry_run)


def propose_agenda_item(root: Path | str, item: dict, *, today: Optional[date] = None, dry_run: bool = False,
                        lock_wait: float = DEFAULT_WAIT) -> Change:
    """Put an item in the agenda pool (议题储备库): {id, title, unit, plan, want_meeting}; it enters
    in reserve, submitted today (the office schedules it)."""
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        check_unit(facts, str(item.get("unit") or ""))
        path = root / AGENDA_NAME
        if not path.exists():
            return _new_file(facts, AGENDA_NAME, new_map([("items", [])]), lambda data: _append_item(data, item, facts),
                             str(item.get("id") or ""), dry_run)
        return _edit_mapping(facts, AGENDA_NAME, lambda data: _append_item(data, item, facts),
                             str(item.get("id") or ""), dry_run)


def _append_item(data: Any, item: dict, facts: Facts) -> Outcome:
    items = data.get("items")
    if items is None:
        data["items"] = items = []
    taken = {str(entry.get("id")) for entry in items if hasattr(entry, "get")}
    item_id = str(item.get("id") or _next_id(taken, facts.now.year))
    if item_id in taken:
        raise EditRefused("plan_id_taken", {"id": item_id, "what": "agenda item", "what_zh": "议题"})
    pairs = [("id", item_id), ("title", item.get("title")), ("unit", item.get("unit")), ("plan", item.get("plan")),
             ("want_meeting", item.get("want_meeting")), ("submitted", facts.now), ("state", "reserve")]
    items.append(new_map([(k, v) for k, v in pairs if v is not None], flow=True))
    return Outcome(Notice("did_propose", {"id": item_id}), f"报送议题 {item_id} {item.get('title') or ''}")


def _next_id(taken: set, year: int) -> str:
    number = len(taken) + 1
    while f"YT-{year}-{number:03d}" in taken:
        number += 1
    return f"YT-{year}-{number:03d}"


def record_meeting(root: Path | str, meeting: dict, *, today: Optional[date] = None, dry_run: bool = False,
                   lock_wait: float = DEFAULT_WAIT) -> Change:
    """Record a meeting in meetings/ID.yaml: {id, kind, date, theme, items: [...], assigned: [...]}."""
    root = Path(root)
    meeting_id = str(meeting.get("id") or "")
    if not _ID.match(meeting_id):
        raise EditRefused("bad_record_id", {"id": meeting_id})
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        rel = f"{MEETINGS_DIR}/{meeting_id}.yaml"
        if (root / rel).exists() or meeting_id in _ids(root, MEETINGS_DIR):
            raise EditRefused("plan_id_taken", {"id": meeting_id, "what": "meeting", "what_zh": "会议"})
        keys = ("id", "kind", "date", "theme", "items", "assigned")
        extra = [key for key in meeting if key not in keys]
        if extra:
            raise EditRefused("bad_snippet", {"detail": "unknown key " + ", ".join(extra)})
        pairs = [(key, _meeting_value(key, meeting[key])) for key in keys if meeting.get(key) is not None]
        outcome = Outcome(Notice("did_meeting", {"id": meeting_id}), f"记录会议 {meeting_id} {meeting.get('theme') or ''}")
        return _new_file(facts, rel, new_map(pairs), lambda data: outcome, meeting_id, dry_run)


def _meeting_value(key: str, value: Any) -> Any:
    if key == "items" and isinstance(value, list):
        return block_list([new_map(list(item.items()), flow=True) if isinstance(item, dict) else item for item in value])
    if key == "assigned" and isinstance(value, list):
        return flow_list(value)
    if key == "date" and not isinstance(value, date):
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise EditRefused("bad_date", {"value": value}) from None
    return value


# --- the mechanics: a whole file that is one mapping ---------------------------------------------


def _record_file(root: Path, folder: str, record_id: str, missing_key: str) -> str:
    """The file of folder/ whose record has this id (by its text: `id:` at the top)."""
    found = _ids(root, folder)
    if record_id not in found:
        raise EditRefused(missing_key, {"id": record_id, **suggest(record_id, found)})
    return found[record_id]


def _ids(root: Path, folder: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    base = root / folder
    for path in sorted(base.rglob("*.y*ml")) if base.is_dir() else []:
        match = re.search(r"(?m)^id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)", path.read_text(encoding="utf-8-sig",
                                                                                        errors="replace"))
        if match:
            ids.setdefault(match.group(1), path.relative_to(root).as_posix())
    return ids


def _edit_mapping(facts: Facts, rel: str, mutate: Callable[[Any], Outcome], record_id: str, dry_run: bool) -> Change:
    """Change the mapping that is the whole file `rel`, keeping every line not touched."""
    path = facts.root / rel
    before = path.read_bytes()
    text = before.decode("utf-8-sig")
    if "\r\n" in text:
        raise EditRefused("rt_mismatch", {"path": rel, "detail": "CRLF"}, usage=False)
    lines = text.splitlines(keepends=True)
    indents = guess_indent(text)
    data = load_mapping(text)
    unchanged = dump_mapping(data, indents).splitlines(keepends=True)
    outcome = mutate(data)
    changed = lift_insertions(unchanged, dump_mapping(data, indents).splitlines(keepends=True))
    new_lines = keep_comment_gaps(lines, merge(lines, unchanged, changed))
    after = (b"\xef\xbb\xbf" if before.startswith(b"\xef\xbb\xbf") else b"") + "".join(new_lines).encode()
    read_back(rel, lines, new_lines, after, read_plain("".join(changed).encode(), rel))
    return finish(facts, rel, before, after, record_id, outcome, dry_run)


def _new_file(facts: Facts, rel: str, data: Any, mutate: Callable[[Any], Outcome], record_id: str,
              dry_run: bool) -> Change:
    outcome = mutate(data)
    after = dump_mapping(data, (2, 4, 2)).encode()
    return finish(facts, rel, None, after, record_id, outcome, dry_run)


# --- a meeting's results and the agenda's states (the office's writes) ---------------------------

ITEM_KEYS = ("kind", "plan", "task", "agenda", "text", "unit", "fixed", "result")
MEETING_KEYS = ("id", "kind", "date", "theme", "items", "assigned")


def record_result(root: Path | str, meeting_id: str, item: int, result: str, *, assign: list[str] = (),
                  today: Optional[date] = None, dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Record what a meeting decided on its item number `item` (1-based: 议定事项) and the tasks it
    assigned (交办任务, appended to `assigned`). A recorded result stays as written; a task named
    must exist (the ledger check refuses the write otherwise, with every problem listed)."""
    root = Path(root)
    if not result.strip():
        raise EditRefused("empty_result", {})
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        rel = _record_file(root, MEETINGS_DIR, meeting_id, "unknown_meeting")

        def mutate(data: Any) -> Outcome:
            entry = _meeting_item(data, meeting_id, item)
            if entry.get("result"):
                raise EditRefused("result_recorded", {"id": meeting_id, "n": item, "result": entry["result"]})
            _held(data, meeting_id, facts)
            put_key(entry, "result", result, ITEM_KEYS)
            added = _assign(data, list(assign))
            return Outcome(Notice("did_result", {"id": meeting_id, "n": item, "tasks": _task_words(added, "en"),
                                                 "tasks_zh": _task_words(added, "zh")}),
                           f"会议 {meeting_id} 第{item}项议题议定：{result}" + (f"；交办 {'、'.join(added)}" if added else ""))

        return _edit_mapping(facts, rel, mutate, meeting_id, dry_run)


def _meeting_item(data: Any, meeting_id: str, number: int) -> Any:
    items = data.get("items") if hasattr(data, "get") else None
    count = len(items) if isinstance(items, list) else 0
    if not 1 <= number <= count or not hasattr(items[number - 1], "get"):
        raise EditRefused("no_meeting_item", {"id": meeting_id, "n": number, "count": count})
    return items[number - 1]


def _held(data: Any, meeting_id: str, facts: Facts) -> None:
    """A meeting's results are recorded once it has met (its date on or before the ledger's today)."""
    held = data.get("date")
    held = held if isinstance(held, date) else None
    if held is not None and held > facts.now:
        raise EditRefused("meeting_not_held", {"id": meeting_id, "date": held, "now": facts.now})


def _assign(data: Any, tasks: list[str]) -> list[str]:
    assigned = data.get("assigned")
    if not isinstance(assigned, list):
        assigned = flow_list([])
        put_key(data, "assigned", assigned, MEETING_KEYS)
    added = [task for task in dict.fromkeys(tasks) if task not in assigned]
    assigned.extend(added)
    return added


def _task_words(tasks: list[str], lang: str) -> str:
    if not tasks:
        return ""
    return f"; tasks assigned: {', '.join(tasks)}" if lang == "en" else f"，交办任务 {'、'.join(tasks)}"


AGENDA_MOVES = {"scheduled": ("reserve", "deferred", "scheduled"), "reviewed": ("scheduled",),
                "deferred": ("reserve", "scheduled")}
AGENDA_STATE_ZH = {"reserve": "储备", "scheduled": "已排会", "reviewed": "已审议", "deferred": "暂缓"}
AGENDA_KEYS = ("id", "title", "unit", "plan", "want_meeting", "submitted", "state")


def set_agenda_state(root: Path | str, item_id: str, state: str, *, meeting: Optional[str] = None,
                     today: Optional[date] = None, dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """The office's moves of an agenda item: scheduled for a meeting (排会: `meeting`, else the one
    it asked for), reviewed (已审议) once that meeting has met, or deferred (暂缓). An item whose
    plan's review is not done cannot be scheduled (R370 refuses the write)."""
    if state not in AGENDA_MOVES:
        raise EditRefused("agenda_state_move", {"id": item_id, "old": "?", "new": state, "old_zh": "?",
                                                "new_zh": state})
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        if not (root / AGENDA_NAME).exists():
            raise EditRefused("unknown_agenda_item", {"id": item_id, "hint": "", "hint_zh": ""})
        meetings = _ids(root, MEETINGS_DIR)
        if meeting is not None and meeting not in meetings:
            raise EditRefused("unknown_meeting", {"id": meeting, **suggest(meeting, meetings)})

        def mutate(data: Any) -> Outcome:
            entry = _agenda_item(data, item_id)
            old = str(entry.get("state") or "reserve")
            if old not in AGENDA_MOVES[state] or (old == state and meeting in (None, entry.get("want_meeting"))):
                raise EditRefused("agenda_state_move", {"id": item_id, "old": old, "new": state,
                                                        "old_zh": AGENDA_STATE_ZH.get(old, old),
                                                        "new_zh": AGENDA_STATE_ZH[state]})
            target = meeting or entry.get("want_meeting")
            if state == "scheduled" and not target:
                raise EditRefused("agenda_needs_meeting", {"id": item_id})
            if state == "reviewed" and target in meetings:
                _held(load_mapping((root / meetings[target]).read_text(encoding="utf-8-sig")), target, facts)
            if meeting is not None:
                put_key(entry, "want_meeting", meeting, AGENDA_KEYS)
            put_key(entry, "state", state, AGENDA_KEYS)
            words = {"id": item_id, "new": state, "new_zh": AGENDA_STATE_ZH[state], "meeting": target or "-"}
            return Outcome(Notice("did_agenda_state", words),
                           f"议题 {item_id} {AGENDA_STATE_ZH[state]}" + (f"（{target}）" if target else ""))

        return _edit_mapping(facts, AGENDA_NAME, mutate, item_id, dry_run)


def _agenda_item(data: Any, item_id: str) -> Any:
    items = data.get("items") if hasattr(data, "get") else None
    found = {str(entry.get("id")): entry for entry in items or () if hasattr(entry, "get")}
    if item_id not in found:
        raise EditRefused("unknown_agenda_item", {"id": item_id, **suggest(item_id, found)})
    return found[item_id]


# --- deadlines moved with their approval (as a milestone's due date: edit.ops.postpone) ---------

PLAN_KEYS = ("id", "title", "unit", "leader", "docks", "tasks", "review", "meeting", "issued", "evaluation", "changes")
DEADLINE_ZH = {"pilot.period.to": "试点期限届满日", "pilot.acceptance.due": "试点应验收日期", "meeting.target": "拟上会议"}


def postpone_pilot(root: Path | str, task_id: str, field: str, *, to: date, reason: str, approved_by: str,
                   ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
                   dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Move a pilot's deadline (`field`: pilot.period.to or pilot.acceptance.due) with its approval:
    the date changes and the task's `changes` records it. Setting a deadline the pilot does not
    have yet is the office's approval of the pilot, written by hand."""
    if field not in Pilot.DEADLINES:
        raise EditRefused("unknown_deadline", {"field": field, "choices": ", ".join(Pilot.DEADLINES)})
    part, key = Pilot.DEADLINES[field]

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        pilot = task.get("pilot")
        holder = pilot.get(part) if hasattr(pilot, "get") else None
        old = holder.get(key) if hasattr(holder, "get") else None
        if old is None:
            raise EditRefused("no_deadline", {"what": f"task {task_id}", "what_zh": f"任务 {task_id}", "field": field})
        if str(old) == to.isoformat():
            raise EditRefused("same_value", {"task": task_id, "field": field, "value": str(old)})
        holder[key] = to
        record_change(task, when, field, old, to, reason, approved_by, ref)
        words = {"what": f"task {task_id}", "what_zh": f"任务 {task_id}", "field": field, "field_zh": DEADLINE_ZH[field],
                 "old": str(old), "new": to.isoformat()}
        return Outcome(Notice("did_move_deadline", words),
                       f"{task_id} {DEADLINE_ZH[field]}由{old}调整为{to.isoformat()}{authority(ref, approved_by)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, lock_wait=lock_wait)


def postpone_plan(root: Path | str, plan_id: str, meeting: str, *, reason: str, approved_by: str,
                  ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
                  dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Move the meeting a plan is planned for (meeting.target, its 上会审议计划) with its approval:
    the target changes and the plan's `changes` records it."""
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        rel = _record_file(root, PLANS_DIR, plan_id, "unknown_plan")
        meetings = _ids(root, MEETINGS_DIR)
        if meeting not in meetings:
            raise EditRefused("unknown_meeting", {"id": meeting, **suggest(meeting, meetings)})

        def mutate(data: Any) -> Outcome:
            when = check_day(facts, day)
            held = data.get("meeting")
            old = held.get("target") if hasattr(held, "get") else None
            if not old:
                raise EditRefused("no_deadline", {"what": f"plan {plan_id}", "what_zh": f"方案 {plan_id}",
                                                  "field": "meeting.target"})
            if str(old) == meeting:
                raise EditRefused("same_value", {"task": plan_id, "field": "meeting.target", "value": meeting})
            held["target"] = meeting
            record_change(data, when, "meeting.target", old, meeting, reason, approved_by, ref, order=PLAN_KEYS)
            words = {"what": f"plan {plan_id}", "what_zh": f"方案 {plan_id}", "field": "meeting.target",
                     "field_zh": DEADLINE_ZH["meeting.target"], "old": str(old), "new": meeting}
            return Outcome(Notice("did_move_deadline", words),
                           f"方案 {plan_id} 拟上会议由{old}调整为{meeting}{authority(ref, approved_by)}")

        return _edit_mapping(facts, rel, mutate, plan_id, dry_run)


# --- the office's other writes: an upper document to dock, a pilot accepted ----------------------

UPPER_NAME = "upper.yaml"
UPPER_KEYS = ("id", "level", "doc", "title", "date", "dock_by", "dock_unit")


def add_upper_document(root: Path | str, document: dict, *, today: Optional[date] = None, dry_run: bool = False,
                       lock_wait: float = DEFAULT_WAIT) -> Change:
    """Put a central or provincial document to dock in upper.yaml: {id, level, doc, title, date,
    dock_by, dock_unit}; the ledger check refuses what it would make wrong (an unknown unit)."""
    root = Path(root)
    document_id = str(document.get("id") or "")
    if not _ID.match(document_id):
        raise EditRefused("bad_record_id", {"id": document_id})
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)

        def mutate(data: Any) -> Outcome:
            documents = data.get("documents")
            if not isinstance(documents, list):
                documents = block_list([])
                put_key(data, "documents", documents, ("documents",))
            if document_id in {str(entry.get("id")) for entry in documents if hasattr(entry, "get")}:
                raise EditRefused("plan_id_taken", {"id": document_id, "what": "upper document", "what_zh": "上级文件"})
            flow = not documents or bool(getattr(documents[-1], "fa", None) and documents[-1].fa.flow_style())
            documents.append(new_map([(key, document.get(key)) for key in UPPER_KEYS], flow=flow))  # as its siblings
            return Outcome(Notice("did_upper", {"id": document_id}), f"登记上级文件 {document.get('doc') or document_id}")

        if not (root / UPPER_NAME).exists():
            return _new_file(facts, UPPER_NAME, new_map([("documents", block_list([]))]), mutate, document_id, dry_run)
        return _edit_mapping(facts, UPPER_NAME, mutate, document_id, dry_run)


def accept_pilot(root: Path | str, task_id: str, *, evidence: list[str] = (), reason: Optional[str] = None,
                 day: Optional[date] = None, today: Optional[date] = None, dry_run: bool = False,
                 lock_wait: float = DEFAULT_WAIT) -> Change:
    """Record a pilot's acceptance (总结验收): the day, its evidence, and the reason when it is
    accepted before its period ends (R352 refuses the write without one)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        pilot = task.get("pilot")
        if not hasattr(pilot, "get"):
            raise EditRefused("not_a_pilot", {"task": task_id})
        notices = check_evidence(facts, evidence)
        acceptance = pilot.get("acceptance")
        if hasattr(acceptance, "get") and acceptance.get("done"):
            raise EditRefused("pilot_accepted", {"task": task_id, "day": str(acceptance.get("done"))})
        if not hasattr(acceptance, "get"):
            acceptance = new_map([], flow=True)
            put_key(pilot, "acceptance", acceptance, PILOT_KEYS)
        put_key(acceptance, "done", when, ACCEPTANCE_KEYS)
        if evidence:
            put_key(acceptance, "evidence", flow_list(list(evidence)), ACCEPTANCE_KEYS)
        if reason:
            put_key(acceptance, "reason", reason, ACCEPTANCE_KEYS)
        return Outcome(Notice("did_accept_pilot", {"task": task_id, "day": when.isoformat()}),
                       f"{task_id} 试点通过总结验收（{when.isoformat()}）", notices)

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, lock_wait=lock_wait)


def promote_pilot(root: Path | str, task_id: str, *, scope: str, doc: Optional[str] = None,
                  day: Optional[date] = None, today: Optional[date] = None, dry_run: bool = False,
                  lock_wait: float = DEFAULT_WAIT) -> Change:
    """Record that an accepted pilot's experience is promoted for others to copy (复制推广): the
    day, where (全市, 全省, 全国 …) and the document that did it. Refused when already recorded, and
    unless the pilot was accepted on or before that day (R353 warns of a promotion before it)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        pilot = task.get("pilot")
        if not hasattr(pilot, "get"):
            raise EditRefused("not_a_pilot", {"task": task_id})
        promoted = pilot.get("promoted")
        if hasattr(promoted, "get"):
            raise EditRefused("pilot_promoted", {"task": task_id, "day": str(promoted.get("date")),
                                                 "scope": str(promoted.get("scope"))})
        acceptance = pilot.get("acceptance")
        accepted = acceptance.get("done") if hasattr(acceptance, "get") else None
        if not isinstance(accepted, date) or accepted > when:
            raise EditRefused("pilot_not_accepted", {"task": task_id})
        put_key(pilot, "promoted", new_map([("date", when), ("scope", scope), ("doc", doc)], flow=True), PILOT_KEYS)
        return Outcome(Notice("did_promote_pilot", {"task": task_id, "day": when.isoformat(), "scope": scope}),
                       f"{task_id} 试点经验复制推广（{scope}，{when.isoformat()}）", ())

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, lock_wait=lock_wait)


PILOT_KEYS = ("level", "approved_by", "approval_doc", "plan", "period", "contact", "acceptance", "outcome", "promoted")
ACCEPTANCE_KEYS = ("due", "done", "evidence", "reason")
