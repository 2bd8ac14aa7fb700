"""The words of the reckoning, each defined once: now, finished, halted, active, reckoned, counted,
overdue, due soon, on time; and the ledger as it stood on a day.

Every command, report and rule takes these words from here, so that the terminal, the documents,
the pull-request diff and the checks cannot disagree about what is late.

Looking back is normal (the H1 bulletin is written in July): an entry dated after the as-of day
is simply not there yet, and a due date, status, lead unit or leader changed later still had its
old value.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple, Optional

from .calendar import WorkCalendar
from .model import Config, Ledger, Milestone, Progress, Task, TaskStatus, WindowUnit, iso_day

# --- the words for a task's status --------------------------------------------------------------

FINISHED = frozenset({TaskStatus.done, TaskStatus.closed})  # done, or struck off (销号)
HALTED = frozenset({TaskStatus.suspended, TaskStatus.withdrawn})  # stopped by an approved change
ACTIVE = frozenset({TaskStatus.not_started, TaskStatus.in_progress})  # neither finished nor halted


def is_finished(status: TaskStatus) -> bool:
    return status in FINISHED


def is_halted(status: TaskStatus) -> bool:
    return status in HALTED


def is_active(status: TaskStatus) -> bool:
    return status in ACTIVE


def is_reckoned(status: TaskStatus) -> bool:
    """Whether the task's milestones count in the figures: an approved halt takes them out."""
    return status not in HALTED


# --- the words for a milestone on a day ---------------------------------------------------------


def now(config: Config, today: Optional[date], chosen: Optional[date] = None) -> Optional[date]:
    """The ledger's "now": a day chosen on the command line, else the ledger's pinned `as_of`,
    else today (None when none is known: the date checks are then skipped)."""
    return chosen or config.as_of or today


def answering_unit(task: Task, milestone: Milestone) -> str:
    """The unit a milestone is charged to: its `owner` when it names one, else the task's lead unit."""
    return milestone.owner or task.lead_unit


def is_counted(due: date, done: Optional[date], as_of: date) -> bool:
    """Reckoned in the on-time and completion shares: due before the as-of day, or due on it and
    done. A milestone due today and not yet done is not late, so it does not count against anyone."""
    return due < as_of or (due == as_of and done is not None and done <= as_of)


def is_on_time(due: date, done: Optional[date]) -> bool:
    """Done, and by its due date."""
    return done is not None and done <= due


def is_overdue(due: date, done: Optional[date], as_of: date) -> bool:
    """Not done, and its due date has passed (the as-of day itself is not late)."""
    return done is None and due < as_of


def is_due_soon(due: date, done: Optional[date], as_of: date, window_end: date) -> bool:
    """Not done, and due from the as-of day to the end of the office's window."""
    return done is None and as_of <= due <= window_end


def window_end(config: Config, as_of: date, calendar: WorkCalendar) -> date:
    """The last day of the due-soon window: `due_soon_days` days or working days after `as_of`."""
    if config.due_soon_unit is WindowUnit.workdays:
        return calendar.add_workdays(as_of, config.due_soon_days)
    return as_of + timedelta(days=config.due_soon_days)


# --- the ledger as it stood on a day ------------------------------------------------------------


def ledger_on(ledger: Ledger, as_of: date) -> Ledger:
    """The ledger as it stood on `as_of`: without the tasks added later (they were not on it yet),
    and with each task's lead unit and leader as they were then (a later handover not made yet)."""
    tasks = tuple(_lead_as_it_stood(task, as_of) for task in ledger.tasks if task.added is None or task.added <= as_of)
    if len(tasks) == len(ledger.tasks) and all(a is b for a, b in zip(tasks, ledger.tasks)):
        return ledger
    return replace(ledger, tasks=tasks)


LEAD_FIELDS = ("lead_unit", "lead_leader")


def lead_on(task: Task, field: str, as_of: date) -> Optional[str]:
    """The task's `lead_unit` or `lead_leader` as it stood on `as_of`: a change approved later
    has not been made yet, so the first of them still had its `from` value."""
    later = [c for c in task.changes if c.field == field and c.milestone is None and c.date > as_of]
    if not later:
        return getattr(task, field)
    return min(later, key=lambda c: c.date).from_ or getattr(task, field)


def _lead_as_it_stood(task: Task, as_of: date) -> Task:
    if not task.changes:  # most tasks: nothing was handed over (the status of 20,000 tasks asks this)
        return task
    update = {name: lead_on(task, name, as_of) for name in LEAD_FIELDS}
    if all(update[name] == getattr(task, name) for name in LEAD_FIELDS):
        return task
    return _copy(task, update)


def _copy(task: Task, update: dict) -> Task:
    copy = task.model_copy(update=update)
    object.__setattr__(copy, "__pydantic_private__", task.__pydantic_private__)  # where it came from
    return copy


def due_on(task: Task, milestone: Milestone, as_of: date) -> date:
    """The milestone's due date as it stood on `as_of`, undoing changes approved later."""
    if not task.changes:
        return milestone.due
    later = [c for c in task.changes
             if c.field == "due" and c.milestone == milestone.id and c.date > as_of and iso_day(c.from_)]
    if not later:
        return milestone.due
    return iso_day(min(later, key=lambda c: c.date).from_) or milestone.due


def done_on(milestone: Milestone, as_of: date) -> Optional[date]:
    return milestone.done if milestone.done and milestone.done <= as_of else None


def progress_until(task: Task, as_of: date) -> list[Progress]:
    return [entry for entry in task.progress if entry.date <= as_of]


def latest_progress(task: Task, as_of: date) -> Optional[Progress]:
    """The last report on or before `as_of` (of two on one day, the one written later)."""
    latest = None
    for entry in task.progress:
        if entry.date <= as_of and (latest is None or entry.date >= latest.date):
            latest = entry
    return latest


def stale_since(task: Task, year: int, as_of: date) -> date:
    """The day a task's silence counts from: its last report by `as_of`; with none, the day it
    joined the ledger (`added`) when that is after 1 January of the ledger's year, else 1 January."""
    latest = latest_progress(task, as_of)
    if latest:
        return latest.date
    start = date(year, 1, 1)
    return task.added if task.added and task.added > start else start


def status_on(task: Task, as_of: date) -> TaskStatus:
    """The task's status on `as_of`: a strike-off, a completion or an approved change of status
    (a suspension, a withdrawal) dated later has not happened yet."""
    status = _status_before_later_changes(task, as_of)
    if status not in FINISHED:
        return status
    if task.closed and task.closed.date <= as_of and task.status is TaskStatus.closed:
        return TaskStatus.closed
    if all(done_on(m, as_of) for m in task.milestones):
        return TaskStatus.done
    started = any(done_on(m, as_of) for m in task.milestones) or progress_until(task, as_of)
    return TaskStatus.in_progress if started else TaskStatus.not_started


def _status_before_later_changes(task: Task, as_of: date) -> TaskStatus:
    if not task.changes:
        return task.status
    later = [c for c in task.changes if c.field == "status" and c.date > as_of and c.from_]
    if not later:
        return task.status
    try:
        return TaskStatus(min(later, key=lambda c: c.date).from_)
    except ValueError:  # a change naming no status: the check reports it; keep the recorded one
        return task.status


def task_on(task: Task, as_of: date) -> Task:
    """The task as it stood on `as_of`: its status then, its milestones with only the completions
    made by then, its strike-off record only if it was made by then, and its lead unit and leader
    as they were then. Lets a rule written for the ledger of today judge the ledger of a past day
    (the settlement's reconciliation)."""
    closed = task.closed if task.closed and task.closed.date <= as_of else None
    milestones = [m if m.done is None or m.done <= as_of else m.model_copy(update={"done": None})
                  for m in task.milestones]
    return _copy(task, {"status": status_on(task, as_of), "milestones": milestones, "closed": closed,
                        **{name: lead_on(task, name, as_of) for name in LEAD_FIELDS}})


# --- the words for a pilot (试点) on a day --------------------------------------------------------

# A pilot's life: approved (批准), running (实施中), accepted at its end (验收), its experience
# promoted (复制推广), or withdrawn (退出: its task suspended or withdrawn by an approved change).
PILOT_STATES = ("approved", "running", "accepted", "promoted", "withdrawn")
PILOT_DONE = frozenset({"accepted", "promoted"})  # 已完成: accepted, and perhaps promoted since
PILOT_LEVELS = ("national", "provincial", "municipal", "district")


def pilot_state(task: Task, as_of: date) -> Optional[str]:
    """Where the task's pilot stands on `as_of` (None: the task is no pilot). A step dated later
    has not been taken yet; a pilot with no period is running once its task has started."""
    pilot = task.pilot
    if pilot is None:
        return None
    status = status_on(task, as_of)
    if is_halted(status):
        return "withdrawn"
    if pilot.promoted and pilot.promoted.date <= as_of:
        return "promoted"
    if pilot.acceptance and pilot.acceptance.done and pilot.acceptance.done <= as_of:
        return "accepted"
    if pilot.period:
        return "running" if pilot.period.from_ <= as_of else "approved"
    return "approved" if status is TaskStatus.not_started else "running"


def is_pilot_done(state: Optional[str]) -> bool:
    return state in PILOT_DONE


# --- findings and notices: deadlines judged with the milestone's words ----------------------------
#
# A finding (整改事项) is due by `rectify_by` and done when closed; a notice (督办通知) is due by
# `reply_by` and done when first answered (or closed by the office). Both are then overdue, due soon
# and on time exactly as a milestone is: is_overdue, is_due_soon and is_on_time above.


def deadline_on(current: Optional[date], changes, field: str, as_of: date) -> Optional[date]:
    """A deadline as it stood on `as_of`: an approved change of `field` dated later is undone, as
    due_on undoes a later postponement of a milestone."""
    later = [c for c in changes if c.field == field and c.date > as_of and iso_day(c.from_)]
    if not later:
        return current
    return iso_day(min(later, key=lambda c: c.date).from_) or current


def was_postponed(changes, field: str, as_of: date) -> bool:
    return any(c.field == field and c.date <= as_of for c in changes)


def rectify_by_on(finding, as_of: date) -> Optional[date]:
    return deadline_on(finding.rectify_by, finding.changes, "rectify_by", as_of)


def rectified_on(finding, as_of: date) -> Optional[date]:
    """The day the finding was closed (整改销号), if by `as_of`."""
    closed = finding.closed
    return closed.date if closed and closed.date <= as_of else None


def rectification_steps_on(finding, as_of: date) -> list[tuple[Milestone, date, Optional[date]]]:
    """Each milestone of a finding's own rectification (rectification.milestones) as it stood on
    `as_of`: (milestone, due, done). A step is done on its own `done` day, or at the latest when
    the finding was closed (整改销号 closes every step). Then overdue, due soon and on time are a
    milestone's: is_overdue, is_due_soon and is_on_time above."""
    rectification = finding.rectification
    if rectification is None or not rectification.milestones:
        return []
    closed = rectified_on(finding, as_of)
    steps = []
    for milestone in rectification.milestones:
        done = done_on(milestone, as_of)
        steps.append((milestone, step_due_on(finding, milestone, as_of),
                      min(done, closed) if done and closed else done or closed))
    return steps


def step_changes(finding, milestone) -> list:
    """The approved changes of a rectification milestone's due (field due, naming the milestone)."""
    return [c for c in finding.changes if c.field == "due" and c.milestone == milestone.id]


def step_due_on(finding, milestone, as_of: date) -> date:
    """A rectification milestone's due as it stood on `as_of`, as due_on gives a task's milestone's."""
    return deadline_on(milestone.due, step_changes(finding, milestone), "due", as_of)


def reply_by_on(notice, as_of: date) -> date:
    return deadline_on(notice.reply_by, notice.changes, "reply_by", as_of)


def answered_on(notice, as_of: date) -> Optional[date]:
    """The day a notice was first answered (or closed by the office), if by `as_of`."""
    days = [reply.date for reply in notice.replies if reply.date <= as_of]
    if notice.closed and notice.closed.date <= as_of:
        days.append(notice.closed.date)
    return min(days) if days else None


def inspection_known_on(inspection, as_of: date) -> bool:
    """An inspection (and its findings) is on the ledger from its day (the start of its period)."""
    day = inspection.date or (inspection.period.from_ if inspection.period else None)
    return day is None or day <= as_of


def notice_sent_on(notice, as_of: date) -> bool:
    return notice.date <= as_of


# --- each task on a day, worked out once ----------------------------------------------------------


class TaskOnDay(NamedTuple):
    """A task's status on a day and, for each milestone, (milestone, the unit charged, due date,
    done date) as they stood then: the words above, worked out once per task for every figure of
    a report (status_on, answering_unit, due_on, done_on)."""

    status: TaskStatus
    milestones: tuple


def task_on_day(task: Task, as_of: date) -> TaskOnDay:
    return TaskOnDay(status_on(task, as_of), tuple((m, answering_unit(task, m), due_on(task, m, as_of), done_on(m, as_of))
                                                   for m in task.milestones))


def tasks_on_day(ledger: Ledger, as_of: date) -> dict[int, TaskOnDay]:
    """task_on_day of every task of `ledger`, by id(task); kept with the ledger (a value: its tasks
    never change), so that the tallies of one report work each task out once."""
    kept = ledger.__dict__.setdefault("_on_day", {})
    days = kept.get(as_of)
    if days is None:
        days = kept[as_of] = {id(task): task_on_day(task, as_of) for task in ledger.tasks}
    return days
