"""The operations of the office's ledger, one function each. Every one finds the task by id,
changes only its record, checks the whole ledger as it would be, and writes atomically under the
ledger's lock; each returns a :class:`~reformctl.edit.engine.Change` with the unified diff.

Common keyword arguments: `today` (the real day; the ledger's pinned `as_of` wins when set),
`day` (the day of the entry, default the ledger's today; never after it), `dry_run` (check and
return the change without writing), `lock_wait` (seconds to wait for another writer).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from ..problems import suggest
from .engine import Change, Mutation, Outcome, edit_task
from .errors import EditRefused, Notice
from .facts import Facts, check_day, check_leader, check_unit
from .messages import status_params
from .records import MILESTONE_KEYS, TASK_KEYS, add_to_list, append_entry, find_milestone, put

STATUS_ZH = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "closed": "已销号",
             "suspended": "暂缓", "withdrawn": "已撤销"}
PLAIN_STATUSES = ("not_started", "in_progress", "done")  # moves that need no approval
CHANGE_KEYS = ("date", "milestone", "field", "from", "to", "reason", "approved_by", "ref")


def add_progress(root: Path | str, task_id: str, text: str, *, by: Optional[str] = None,
                 problem: Optional[str] = None, coordination: Optional[str] = None,
                 evidence: Sequence[str] = (), day: Optional[date] = None, today: Optional[date] = None,
                 dry_run: bool = False, **options: Any) -> Change:
    """Append a progress entry (进展报送); `by` defaults to the task's lead unit."""
    mutate = progress_mutation(task_id, text, by=by, problem=problem, coordination=coordination,
                               evidence=evidence, day=day)
    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def progress_mutation(task_id: str, text: str, *, by: Optional[str] = None, problem: Optional[str] = None,
                      coordination: Optional[str] = None, evidence: Sequence[str] = (),
                      day: Optional[date] = None) -> Mutation:
    """What `add_progress` does to the task, for a batch of writes (reformctl.edit.batch)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        unit = by or str(task.get("lead_unit") or "")
        check_unit(facts, unit)
        notices = check_evidence(facts, evidence)
        append_entry(task, "progress", [("date", when), ("by", unit), ("text", text), ("evidence", list(evidence)),
                                        ("problem", problem), ("coordination", coordination)], TASK_KEYS)
        summary = Notice("did_progress", {"task": task_id, "day": when.isoformat(), "by": facts.unit_names.get(unit, unit)})
        return Outcome(summary, f"{task_id} {facts.unit_names.get(unit, unit)}报送进展（{when.isoformat()}）：{_short(text)}",
                       notices)

    return mutate


def complete_milestone(root: Path | str, task_id: str, milestone_id: str, *, evidence: Sequence[str] = (),
                       finish: bool = False, day: Optional[date] = None, today: Optional[date] = None,
                       dry_run: bool = False, **options: Any) -> Change:
    """Record a milestone's completion (`done: day`); with `finish`, once every milestone is done,
    set `status: done`. The change's `all_done` says whether every milestone is done."""
    mutate = completion_mutation(task_id, milestone_id, evidence=evidence, finish=finish, day=day)
    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def completion_mutation(task_id: str, milestone_id: str, *, evidence: Sequence[str] = (), finish: bool = False,
                        day: Optional[date] = None) -> Mutation:
    """What `complete_milestone` does to the task, for a batch of writes (reformctl.edit.batch)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        milestone = milestone_of(task, task_id, milestone_id)
        if milestone.get("done"):
            raise EditRefused("already_done", {"task": task_id, "id": milestone_id, "done": str(milestone["done"])})
        notices = check_evidence(facts, evidence)
        put(milestone, "done", when, MILESTONE_KEYS)
        add_to_list(milestone, "evidence", evidence, MILESTONE_KEYS)
        all_done = all(m.get("done") for m in task.get("milestones") or [])
        message = f"{task_id} {milestone_id} 于{when.isoformat()}完成"
        if all_done and finish:
            put(task, "status", "done", TASK_KEYS)
            notices += (Notice("did_finish", {"task": task_id}),)
            message += "，任务全部节点完成"
        elif all_done:
            notices += (Notice("all_done_hint", {"task": task_id, "milestone": milestone_id}),)
        summary = Notice("did_done", {"task": task_id, "milestone": milestone_id, "day": when.isoformat()})
        return Outcome(summary, message, notices, all_done)

    return mutate


def postpone(root: Path | str, task_id: str, milestone_id: str, *, to: date, reason: str, approved_by: str,
             ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
             dry_run: bool = False, **options: Any) -> Change:
    """Move a milestone's due date with its approval: `due` changes and a `changes` entry records it."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        milestone = milestone_of(task, task_id, milestone_id)
        old = str(milestone.get("due"))
        if old == to.isoformat():
            raise EditRefused("same_value", {"task": task_id, "field": f"{milestone_id}.due", "value": old})
        put(milestone, "due", to, MILESTONE_KEYS)
        record_change(task, when, "due", _date_or_text(old), to, reason, approved_by, ref, milestone_id)
        summary = Notice("did_postpone", {"task": task_id, "milestone": milestone_id, "old": old, "new": to.isoformat()})
        return Outcome(summary, f"{task_id} {milestone_id} 时限由{old}调整为{to.isoformat()}{authority(ref, approved_by)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def reassign(root: Path | str, task_id: str, *, lead_unit: Optional[str] = None, lead_leader: Optional[str] = None,
             reason: str, approved_by: str, ref: Optional[str] = None, day: Optional[date] = None,
             today: Optional[date] = None, dry_run: bool = False, **options: Any) -> Change:
    """Give a task a new lead unit and/or lead leader, with the approved `changes` entries."""
    if not lead_unit and not lead_leader:
        raise EditRefused("need_lead")

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        moves = []
        for field, value, check, word in (("lead_unit", lead_unit, check_unit, "牵头单位"),
                                          ("lead_leader", lead_leader, check_leader, "牵头领导")):
            if not value:
                continue
            check(facts, value)
            old = str(task.get(field) or "")
            if old == value:
                raise EditRefused("same_value", {"task": task_id, "field": field, "value": value})
            put(task, field, value, TASK_KEYS)
            record_change(task, when, field, old or None, value, reason, approved_by, ref)
            moves.append((field, old, value, word))
        summary = Notice("did_reassign", {"task": task_id, "field": ", ".join(m[0] for m in moves),
                                          "field_zh": "、".join(m[3] for m in moves),
                                          "old": ", ".join(m[1] or "—" for m in moves), "new": ", ".join(m[2] for m in moves),
                                          "old_zh": "、".join(m[1] or "—" for m in moves), "new_zh": "、".join(m[2] for m in moves)})
        said = "，".join(f"{word}由{old or '无'}调整为{new}" for _, old, new, word in moves)
        return Outcome(summary, f"{task_id} {said}{authority(ref, approved_by)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def change_status(root: Path | str, task_id: str, status: Optional[str], *, reason: str, approved_by: str,
                  ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
                  dry_run: bool = False, **options: Any) -> Change:
    """Suspend (`suspended`), withdraw (`withdrawn`) or, with status None, resume a task, with the
    approved `changes` entry. Resuming returns the task to the status it had before."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        old = str(task.get("status") or "not_started")
        new = status or _status_before(task, old)
        if old == new:
            raise EditRefused("same_value", {"task": task_id, "field": "status", "value": old})
        put(task, "status", new, TASK_KEYS)
        record_change(task, when, "status", old, new, reason, approved_by, ref)
        verb = {"suspended": "暂缓推进", "withdrawn": "撤销", "in_progress": "恢复推进"}.get(new, f"恢复为{STATUS_ZH.get(new, new)}")
        summary = Notice("did_status", {"task": task_id, **status_params(old, new)})
        return Outcome(summary, f"{task_id} {verb}{authority(ref, approved_by)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def _status_before(task: Any, current: str) -> str:
    if current not in ("suspended", "withdrawn"):
        raise EditRefused("not_suspended", {"task": str(task.get("id")), **status_params(current, current)})
    for change in reversed(task.get("changes") or []):
        if change.get("field") == "status" and str(change.get("to")) == current and change.get("from"):
            return str(change["from"])
    return "in_progress"


def set_status(root: Path | str, task_id: str, status: str, *, today: Optional[date] = None,
               dry_run: bool = False, **options: Any) -> Change:
    """Move a task between not_started, in_progress and done (moves that need no approval)."""
    if status not in PLAIN_STATUSES:
        raise EditRefused("bad_status_move", {"choices": ", ".join(PLAIN_STATUSES)})

    def mutate(task: Any, facts: Facts) -> Outcome:
        old = str(task.get("status") or "not_started")
        if old == status:
            raise EditRefused("same_value", {"task": task_id, "field": "status", "value": old})
        put(task, "status", status, TASK_KEYS)
        summary = Notice("did_status", {"task": task_id, **status_params(old, status)})
        return Outcome(summary, f"{task_id} 状态由{STATUS_ZH.get(old, old)}改为{STATUS_ZH[status]}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def reword(root: Path | str, task_id: str, milestone_id: str, *, what: str, reason: str, approved_by: str,
           ref: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
           dry_run: bool = False, **options: Any) -> Change:
    """Change what a milestone is to achieve, with the approved `changes` entry (field: what)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        when = check_day(facts, day)
        milestone = milestone_of(task, task_id, milestone_id)
        old = str(milestone.get("what") or "")
        if old == what:
            raise EditRefused("same_value", {"task": task_id, "field": f"{milestone_id}.what", "value": what})
        put(milestone, "what", what, MILESTONE_KEYS)
        record_change(task, when, "what", old, what, reason, approved_by, ref, milestone_id)
        summary = Notice("did_reword", {"task": task_id, "milestone": milestone_id})
        return Outcome(summary, f"{task_id} {milestone_id} 节点内容调整为“{_short(what)}”{authority(ref, approved_by)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def close_task(root: Path | str, task_id: str, *, evidence: Sequence[str], ref: Optional[str] = None,
               by: Optional[str] = None, day: Optional[date] = None, today: Optional[date] = None,
               dry_run: bool = False, **options: Any) -> Change:
    """Strike a finished task off (销号): `status: closed` and a `closed` record with its evidence."""
    if not evidence:
        raise EditRefused("no_evidence")

    def mutate(task: Any, facts: Facts) -> Outcome:
        from .records import new_map

        when = check_day(facts, day)
        if task.get("closed") is not None or task.get("status") == "closed":
            raise EditRefused("already_closed", {"task": task_id, "day": str((task.get("closed") or {}).get("date", ""))})
        unit = by or facts.office_unit()
        check_unit(facts, unit)
        notices = check_evidence(facts, evidence)
        put(task, "status", "closed", TASK_KEYS)
        put(task, "closed", new_map([("date", when), ("by", unit), ("evidence", list(evidence)), ("ref", ref)]),
            TASK_KEYS)
        summary = Notice("did_close", {"task": task_id, "day": when.isoformat()})
        return Outcome(summary, f"{task_id} 销号（{ref or when.isoformat()}）", notices)

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


def carry_over(root: Path | str, task_id: str, *, to_year: int, reason: str, today: Optional[date] = None,
               dry_run: bool = False, **options: Any) -> Change:
    """Carry a task not finished this year into `to_year` (结转)."""

    def mutate(task: Any, facts: Facts) -> Outcome:
        from .records import new_map

        put(task, "carry_over", new_map([("to_year", to_year), ("reason", reason)]), TASK_KEYS)
        summary = Notice("did_carry", {"task": task_id, "year": to_year})
        return Outcome(summary, f"{task_id} 结转至{to_year}年度：{_short(reason)}")

    return edit_task(root, task_id, mutate, today=today, dry_run=dry_run, **options)


# --- shared -----------------------------------------------------------------------------------


def milestone_of(task: Any, task_id: str, milestone_id: str) -> Any:
    milestone = find_milestone(task, milestone_id)
    if milestone is None:
        ids = [str(m.get("id")) for m in task.get("milestones") or [] if isinstance(m, dict)]
        raise EditRefused("unknown_milestone", {"task": task_id, "id": milestone_id, "ids": ", ".join(ids) or "—",
                                                **suggest(milestone_id, ids)})
    return milestone


def check_evidence(facts: Facts, paths: Iterable[str]) -> tuple[Notice, ...]:
    """Evidence must lie inside the ledger (else refused); a file not there yet is a warning."""
    notices = []
    root = facts.root.resolve()
    for path in paths:
        if "://" in path:  # a web reference, not a file of the ledger
            continue
        target = (root / path).resolve()
        if Path(path).is_absolute() or not target.is_relative_to(root):
            raise EditRefused("evidence_outside", {"path": path})
        if not target.exists():
            notices.append(Notice("evidence_missing", {"path": path}))
    return tuple(notices)


def record_change(record: Any, when: date, field: str, old: Any, new: Any, reason: str, approved_by: str,
                  ref: Optional[str], milestone: Optional[str] = None, order: tuple[str, ...] = TASK_KEYS) -> None:
    """Append an approved change to the record's `changes` (a task's, or a plan's with its keys' `order`)."""
    append_entry(record, "changes", [("date", when), ("milestone", milestone), ("field", field), ("from", old),
                                     ("to", new), ("reason", reason), ("approved_by", approved_by), ("ref", ref)],
                 order)


def _date_or_text(value: str) -> Any:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def authority(ref: Optional[str], approved_by: str) -> str:
    return f"（{ref}）" if ref else f"（{approved_by}批准）"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"

