"""What a pull request changes in the ledger, in people's words, as data.

One computation behind the text, the Markdown that CI posts on a pull request, and the JSON:
tasks added (and removed, which `check --base` refuses), milestones done, due dates moved (with the reason and who approved it), status
changes, new progress, and milestones that are newly overdue on the head's as-of day.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator, Optional

from ..model import Change, Ledger, Milestone, Task
from ..prrules.common import late_report, match_entries
from ..timeline import done_on, due_on, is_on_time, is_overdue, is_reckoned, status_on


@dataclass(frozen=True)
class TaskAdded:
    task: str
    title: str
    unit: str


@dataclass(frozen=True)
class TaskRemoved:
    task: str
    title: str
    unit: str


@dataclass(frozen=True)
class MilestoneDone:
    task: str
    milestone: str
    what: str
    due: date
    done: date


@dataclass(frozen=True)
class LateReport:
    """A completion reported well after the fact (补报): done more than the ledger's allowance of
    working days before the pull request began (check asks for its evidence, R915)."""

    task: str
    milestone: str
    what: str
    done: date
    started: date
    workdays: int


@dataclass(frozen=True)
class LateStepReport:
    """The same for a milestone of a finding's own rectification (check asks for its evidence, R956)."""

    finding: str
    milestone: str
    what: str
    done: date
    started: date
    workdays: int


@dataclass(frozen=True)
class Postponement:
    task: str
    milestone: str
    what: str
    old: date
    new: date
    reason: str  # empty when no approved change records it (check flags that)
    approver: str
    ref: str


@dataclass(frozen=True)
class StatusChange:
    task: str
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class NewProgress:
    task: str
    date: date
    unit: str
    text: str


@dataclass(frozen=True)
class RewrittenProgress:
    """A progress entry edited in place (check refuses it, R921): shown as the rewrite it is, with
    what it said before, never as new progress."""

    task: str
    date: date
    unit: str
    text: str
    was_date: date
    was_text: str


@dataclass(frozen=True)
class NewlyOverdue:
    task: str
    milestone: str
    what: str
    due: date
    unit: str


@dataclass(frozen=True)
class FindingNew:
    finding: str
    inspection: str
    unit: str
    text: str
    rectify_by: str  # the day, or "—" when none is set


@dataclass(frozen=True)
class FindingClosed:
    finding: str
    unit: str
    text: str
    closed: date
    late: bool  # closed after its rectify_by


@dataclass(frozen=True)
class StepDone:
    """A milestone of a finding's own rectification (rectification.milestones) newly done."""

    finding: str
    milestone: str
    what: str
    unit: str
    due: date
    done: date
    late: bool  # done after its due


@dataclass(frozen=True)
class NoticeSent:
    notice: str  # its 文号, else its id
    unit: str
    reply_by: date


@dataclass(frozen=True)
class NoticeAnswered:
    notice: str
    unit: str
    day: date
    late: bool  # answered after its reply_by


@dataclass
class LedgerDiff:
    as_of: date  # the head's as-of day, on which lateness is judged
    added: list[TaskAdded] = field(default_factory=list)
    removed: list[TaskRemoved] = field(default_factory=list)  # an error for check (R901), shown all the same
    done: list[MilestoneDone] = field(default_factory=list)
    late: list[LateReport] = field(default_factory=list)
    late_steps: list[LateStepReport] = field(default_factory=list)  # shown under 补报 with the tasks' late reports
    postponed: list[Postponement] = field(default_factory=list)
    status: list[StatusChange] = field(default_factory=list)
    progress: list[NewProgress] = field(default_factory=list)
    overdue: list[NewlyOverdue] = field(default_factory=list)
    rewritten: list[RewrittenProgress] = field(default_factory=list)  # an error for check (R921), shown all the same
    findings_new: list[FindingNew] = field(default_factory=list)
    findings_closed: list[FindingClosed] = field(default_factory=list)
    steps_done: list[StepDone] = field(default_factory=list)
    notices_sent: list[NoticeSent] = field(default_factory=list)
    notices_answered: list[NoticeAnswered] = field(default_factory=list)
    records: list = field(default_factory=list)  # plans, meetings, agenda, upper documents, pilots (ops/diff_plans.py)
    assessment: list = field(default_factory=list)  # the assessment method (ops/diff_assessment.py)

    SECTIONS = ("added", "removed", "done", "late", "late_steps", "postponed", "status", "progress", "overdue",
                "rewritten", "findings_new", "findings_closed", "steps_done", "notices_sent", "notices_answered", "records", "assessment")

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in self.SECTIONS)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff_ledgers(base: Ledger, head: Ledger, base_as_of: date, head_as_of: date,
                 started: Optional[date] = None, tasks_only: bool = False) -> LedgerDiff:
    """What changed from `base` to `head`; lateness is compared on each side's own as-of day.
    `started`: the day the pull request began, against which late reports are measured.
    `tasks_only`: the tasks' changes alone (a task's story asks for nothing else, once per commit,
    and comparing every plan, meeting and finding for each would cost more than the story)."""
    diff = LedgerDiff(as_of=head_as_of)
    for new in head.tasks:
        old = base.task(new.id)
        if old is None:
            diff.added.append(TaskAdded(new.id, new.title, head.unit_name(new.lead_unit)))
        _task_changes(diff, head, old, new)
        if old is not None and started is not None:
            diff.late += [LateReport(new.id, milestone.id, milestone.what, milestone.done, started, lag)
                          for milestone, lag in _late_reports(base, old.milestones, new.milestones, started)]
        diff.overdue += _newly_overdue(head, old, new, base_as_of, head_as_of)
    diff.removed = [TaskRemoved(old.id, old.title, base.unit_name(old.lead_unit))
                    for old in base.tasks if head.task(old.id) is None]
    if tasks_only:
        return diff
    _finding_changes(diff, base, head, started)
    _notice_changes(diff, base, head)
    from .diff_plans import record_changes

    diff.records = record_changes(base, head)
    from .diff_assessment import assessment_changes

    diff.assessment = assessment_changes(base, head)
    return diff


def _findings(ledger: Ledger) -> dict:
    return {finding.id: (inspection, finding) for inspection in ledger.inspections for finding in inspection.findings}


def _finding_changes(diff: LedgerDiff, base: Ledger, head: Ledger, started: Optional[date]) -> None:
    """Findings new in the head, findings closed in it (整改销号), their rectification milestones
    done, and those reported late (补报) as a task's are: of a finding already at the base (a new
    finding's history is its own, as a new task's is)."""
    before = _findings(base)
    for finding_id, (inspection, finding) in _findings(head).items():
        old = before.get(finding_id)
        unit = head.unit_name(finding.unit)
        if old is None:
            diff.findings_new.append(FindingNew(finding.id, inspection.id, unit, finding.text,
                                                finding.rectify_by.isoformat() if finding.rectify_by else "—"))
        if finding.closed and not (old and old[1].closed):
            late = bool(finding.rectify_by and not is_on_time(finding.rectify_by, finding.closed.date))
            diff.findings_closed.append(FindingClosed(finding.id, unit, finding.text, finding.closed.date, late))
        diff.steps_done += _steps_done(head, old[1] if old else None, finding)
        if old is not None and started is not None:
            diff.late_steps += _late_steps(base, old[1], finding, started)


def _steps_done(head: Ledger, old, finding) -> Iterator[StepDone]:
    """The rectification milestones of `finding` done in the head and not at the base."""
    was = {m.id: m.done for m in old.rectification.milestones} if old and old.rectification else {}
    for milestone in finding.rectification.milestones if finding.rectification else ():
        if milestone.done and not was.get(milestone.id):
            yield StepDone(finding.id, milestone.id, milestone.what, head.unit_name(milestone.owner or finding.unit),
                           milestone.due, milestone.done, not is_on_time(milestone.due, milestone.done))


def _late_steps(base: Ledger, old, finding, started: date) -> Iterator[LateStepReport]:
    before = old.rectification.milestones if old.rectification else ()
    after = finding.rectification.milestones if finding.rectification else ()
    for milestone, lag in _late_reports(base, before, after, started):
        yield LateStepReport(finding.id, milestone.id, milestone.what, milestone.done, started, lag)


def _notice_changes(diff: LedgerDiff, base: Ledger, head: Ledger) -> None:
    """Notices sent in the head, and notices answered for the first time in it."""
    before = {notice.id: notice for notice in base.notices}
    for notice in head.notices:
        old = before.get(notice.id)
        unit, name = head.unit_name(notice.to), notice.ref or notice.id
        if old is None:
            diff.notices_sent.append(NoticeSent(name, unit, notice.reply_by))
        if notice.replies and not (old and old.replies):
            first = min(reply.date for reply in notice.replies)
            diff.notices_answered.append(NoticeAnswered(name, unit, first, first > notice.reply_by))


def _task_changes(diff: LedgerDiff, head: Ledger, old: Optional[Task], new: Task) -> None:
    before = {m.id: m for m in old.milestones} if old else {}
    added_changes = _new_entries(old.changes if old else [], new.changes)
    for milestone in new.milestones:
        prior = before.get(milestone.id)
        if milestone.done and not (prior and prior.done):
            diff.done.append(MilestoneDone(new.id, milestone.id, milestone.what, milestone.due, milestone.done))
        if prior and prior.due != milestone.due:
            diff.postponed.append(_postponement(new, prior, milestone, added_changes))
    if old and old.status != new.status:
        diff.status.append(StatusChange(new.id, new.title, old.status.value, new.status.value))
    _progress_changes(diff, head, old.progress if old else [], new)


def _progress_changes(diff: LedgerDiff, head: Ledger, before: list, new: Task) -> None:
    """New progress entries, and those edited in place (paired by position, as check pairs them)."""
    missing, added = match_entries(before, new.progress)
    for index in added:
        entry = new.progress[index]
        if index in missing:
            was = before[index]
            diff.rewritten.append(RewrittenProgress(new.id, entry.date, head.unit_name(entry.by), entry.text,
                                                    was.date, was.text))
        else:
            diff.progress.append(NewProgress(new.id, entry.date, head.unit_name(entry.by), entry.text))


def _late_reports(base: Ledger, old: Iterable[Milestone], new: Iterable[Milestone],
                  started: date) -> Iterator[tuple[Milestone, int]]:
    """(milestone, working days) of each milestone of `new` reported late (补报, prrules' late_report:
    the one definition that check's R915 and R956 use), paired by id with `old`."""
    before = {m.id: m for m in old}
    for milestone in new:
        lag = late_report(milestone, before.get(milestone.id), started, base)
        if lag is not None:
            yield milestone, lag


def _new_entries(old: list, new: list) -> list:
    return [new[index] for index in match_entries(old, new)[1]]


def _postponement(task: Task, prior: Milestone, milestone: Milestone, changes: list[Change]) -> Postponement:
    recorded = [c for c in changes if c.field == "due" and c.milestone == milestone.id]
    last = max(recorded, key=lambda c: c.date) if recorded else None
    return Postponement(task.id, milestone.id, milestone.what, prior.due, milestone.due,
                        last.reason if last else "", last.approved_by if last else "", (last.ref or "") if last else "")


def _newly_overdue(head: Ledger, old: Optional[Task], new: Task, base_as_of: date, head_as_of: date) -> Iterator[NewlyOverdue]:
    was = {m.id for m in _overdue_milestones(old, base_as_of)} if old else set()
    for milestone in _overdue_milestones(new, head_as_of):
        if milestone.id not in was:
            yield NewlyOverdue(new.id, milestone.id, milestone.what, due_on(new, milestone, head_as_of),
                               head.unit_name(milestone.owner or new.lead_unit))


def _overdue_milestones(task: Task, as_of: date) -> list[Milestone]:
    """The task's milestones overdue on `as_of` (as status counts them)."""
    if not is_reckoned(status_on(task, as_of)):
        return []
    return [m for m in task.milestones if is_overdue(due_on(task, m, as_of), done_on(m, as_of), as_of)]
