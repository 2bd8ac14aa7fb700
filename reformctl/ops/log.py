"""A task's story from git (`reformctl log`): every commit that changed it, oldest first, with what
changed in people's words, as data.

Each commit is compared with its first parent by the computation of `reformctl diff`
(ops.diff.diff_ledgers) on the one task, plus what that leaves out: a new lead unit or leader, a
new milestone. Only the task files a commit changed are read at it and at its parent: a task that
is in none of them did not change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Optional

from ..model import Ledger, Task
from .diff import diff_ledgers
from .revisions import Revision, ledger_at, ledger_revisions

# What a commit did to a task, in the order the story tells it.
KINDS = ("added", "lead_unit", "lead_leader", "milestone_added", "done", "postponed", "pilot_moved", "status", "closed",
         "progress", "edited", "removed")


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    milestone: str = ""
    what: str = ""
    old: str = ""
    new: str = ""
    reason: str = ""
    approver: str = ""
    ref: str = ""
    day: Optional[date] = None  # the day the ledger gives: a milestone's done date, a report's date
    unit: str = ""
    text: str = ""


@dataclass(frozen=True)
class LogEntry:
    commit: str
    day: date
    author: str
    email: str
    subject: str
    events: tuple[Event, ...]


@dataclass
class TaskLog:
    task: str
    title: str  # as the latest revision that has the task names it
    milestone: Optional[str]
    entries: list[LogEntry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class TaskNotFound(Exception):
    """No revision of the ledger has the task (or the task has no such milestone)."""


def task_log(root: Path, task_id: str, milestone: Optional[str] = None, rev: str = "HEAD",
             cache: bool = True) -> TaskLog:
    """The story of `task_id` up to `rev`; TaskNotFound when no revision has it; GitError from git."""
    log = TaskLog(task_id, "", milestone)
    seen_milestone = False
    for revision, old, new in _changes(root, rev, cache, task_id):
        if new is not None:
            log.title = new[1].title
            seen_milestone = seen_milestone or any(m.id == milestone for m in new[1].milestones)
        events = [e for e in task_events(old, new) if milestone is None or _about(e, milestone)]
        if events:
            log.entries.append(_entry(revision, events))
    if not log.title or (milestone is not None and not seen_milestone):
        raise TaskNotFound(task_id)
    return log


def ledger_log(root: Path, rev: str = "HEAD", cache: bool = True) -> dict[str, list[LogEntry]]:
    """Every task's story up to `rev` at once (one walk through the history): task id -> entries."""
    found: dict[str, list[LogEntry]] = {}
    for revision, old, new in _changes(root, rev, cache, None):
        events = task_events(old, new)
        if events:
            found.setdefault((new or old)[1].id, []).append(_entry(revision, events))
    return found


def _entry(revision: Revision, events: list[Event]) -> LogEntry:
    return LogEntry(revision.short, revision.day, revision.author, revision.email, revision.subject, tuple(events))


def _changes(root: Path, rev: str, cache: bool, task_id: Optional[str]) -> Iterator[tuple[Revision, Any, Any]]:
    """(commit, (ledger, task) before or None, after or None) for each task that a commit's task
    files hold at it or at its parent (only `task_id` when given), oldest commit first."""
    for revision in ledger_revisions(root, rev):
        changed = {rel for rel in revision.files if rel.startswith("tasks/")}
        if not changed:
            continue
        head = ledger_at(root, revision.commit, changed, cache)
        base = ledger_at(root, revision.parent, changed, cache) if revision.parent else None
        ids = [task_id] if task_id else list(dict.fromkeys(
            [t.id for t in (head.tasks if head else ())] + [t.id for t in (base.tasks if base else ())]))
        for one in ids:
            new, old = _task_in(head, one), _task_in(base, one)
            if new is not None or old is not None:
                yield revision, old, new


def _task_in(ledger: Optional[Ledger], task_id: str) -> Optional[tuple[Ledger, Task]]:
    task = ledger.task(task_id) if ledger is not None else None
    return (ledger, task) if task is not None else None


def _about(event: Event, milestone: str) -> bool:
    """Whether the event belongs to the story of one milestone (the task's coming and going do)."""
    return event.milestone == milestone or event.kind in ("added", "removed")


def task_events(old: Optional[tuple[Ledger, Task]], new: Optional[tuple[Ledger, Task]]) -> list[Event]:
    """What changed in one task from `old` to `new` ((ledger, task) each, or None where it is not)."""
    if new is None:
        ledger, task = old
        return [Event("removed", what=task.title, unit=ledger.unit_name(task.lead_unit))]
    ledger, task = new
    base = replace(old[0], tasks=(old[1],)) if old else replace(ledger, tasks=())
    head = replace(ledger, tasks=(task,))
    day = ledger.config.as_of or date(ledger.config.year, 12, 31)
    changes = diff_ledgers(base, head, day, day, tasks_only=True)
    events = [Event("added", what=task.title, unit=ledger.unit_name(task.lead_unit))] if old is None else []
    if old is not None:
        events += _lead_changes(old, new) + _new_milestones(old[1], task) + _pilot_deadlines(old[1], task)
    events += [Event("done", x.milestone, x.what, day=x.done, new=x.due.isoformat()) for x in changes.done]
    events += [Event("postponed", x.milestone, x.what, x.old.isoformat(), x.new.isoformat(), x.reason, x.approver, x.ref)
               for x in changes.postponed]
    events += [_status_event(task, x.old, x.new) for x in changes.status]
    events += [Event("progress", day=x.date, unit=x.unit, text=x.text) for x in changes.progress]
    if old is not None and not events and old[1].model_dump() != task.model_dump():
        events.append(Event("edited", what=task.title))
    return sorted(events, key=lambda e: KINDS.index(e.kind))


def _status_event(task: Task, old: str, new: str) -> Event:
    if new == "closed" and task.closed:
        closed = task.closed
        return Event("closed", old=old, new=new, day=closed.date, ref=closed.ref or "")
    return Event("status", old=old, new=new)


def _lead_changes(old: tuple[Ledger, Task], new: tuple[Ledger, Task]) -> list[Event]:
    events = []
    for name, field_name in (("lead_unit", "unit_name"), ("lead_leader", "leader_name")):
        before, after = getattr(old[1], name), getattr(new[1], name)
        if before != after:
            record = [c for c in new[1].changes if c.field == name and c.milestone is None and c.to == after]
            last = max(record, key=lambda c: c.date) if record else None
            events.append(Event(name, old=getattr(old[0], field_name)(before) if before else "",
                                new=getattr(new[0], field_name)(after) if after else "",
                                reason=last.reason if last else "", approver=last.approved_by if last else "",
                                ref=(last.ref or "") if last else ""))
    return events


def _pilot_deadlines(old: Task, new: Task) -> list[Event]:
    """A pilot's period end or acceptance date moved (试点期限调整), with the change entry behind it."""
    if old.pilot is None or new.pilot is None:
        return []
    events = []
    for name, before, after in new.pilot.moved_deadlines(old.pilot):
        record = [c for c in new.changes if c.field == name and str(c.to) == after.isoformat()]
        last = max(record, key=lambda c: c.date) if record else None
        events.append(Event("pilot_moved", milestone=name, old=before.isoformat(), new=after.isoformat(),
                            reason=last.reason if last else "", approver=(last.approved_by or "") if last else "",
                            ref=(last.ref or "") if last else ""))
    return events


def _new_milestones(old: Task, new: Task) -> list[Event]:
    before = {m.id for m in old.milestones}
    return [Event("milestone_added", m.id, m.what, new=m.due.isoformat()) for m in new.milestones if m.id not in before]
