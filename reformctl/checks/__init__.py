"""The checks: small pure functions, in two explicit lists, each reporting every instance it finds.

None raises. The codes they use are listed, with their words, in :mod:`reformctl.problems`.
A check has one of two scopes, which lets a large ledger be checked file by file:

* a **file** check `(ledger, ctx)`: what it finds in a task depends only on that task, the settings
  (reformctl.yaml) and the ledger's "now"; run on a ledger holding one file's tasks, it finds that
  file's problems. Such results can be kept per file and reused while the file is unchanged.
* a **ledger** check `(index, ctx)`: it looks across files (ids, references, dependencies) and
  reads only a :class:`~reformctl.checks.refs.TaskRefIndex`: each task's references, the settings,
  the units and leaders.

A new check is a function in the module of its topic, added to one of the lists below; the order
of the lists is the order in which problems at the same place are reported.
"""

from __future__ import annotations

from ..model import Ledger
from ..problems import Problem
from . import assessment, changes, identity, pilots, plans, progress, references, status, supervision, supervision_dates, timetable
from .base import CheckContext, FileCheck, LedgerCheck
from .refs import TaskRefIndex, TaskRefs

FILE_CHECKS: tuple[FileCheck, ...] = (
    identity.unique_milestone_ids,
    timetable.milestones_in_order,
    timetable.tasks_have_milestones,
    timetable.added_not_in_future,
    timetable.done_dates_plausible,
    status.finished_means_milestones_done,
    status.closed_record_agrees,
    changes.changes_name_milestones,
    changes.due_changes_agree,
    changes.task_field_changes_agree,
    changes.changes_not_in_future,
    progress.progress_not_in_future,
    progress.progress_is_fresh,
    pilots.pilots_are_sound,
)

LEDGER_CHECKS: tuple[LedgerCheck, ...] = (
    identity.unique_task_ids,
    identity.unique_list_ids,
    references.units_exist,
    references.leaders_exist,
    pilots.pilot_contacts_known,
    references.lists_exist,
    references.dependencies_exist,
    references.no_dependency_cycles,
    supervision.unique_record_ids,
    supervision.units_known,
    supervision.tasks_known,
    supervision.milestone_refs_written_right,
    supervision.findings_known,
    supervision.lists_known,
    supervision_dates.findings_closed_with_evidence,
    supervision_dates.dates_in_order,
    supervision_dates.not_in_future,
    supervision_dates.deadlines_agree_with_changes,
    supervision_dates.findings_have_deadlines,
    assessment.ids_unique,
    assessment.weights_add_up,
    assessment.measures_fit,
    assessment.kinds_grouped_once,
    assessment.awards_known,
    assessment.grades_in_order,
    *plans.LEDGER_CHECKS,
)


def run_file_checks(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    return [problem for check in FILE_CHECKS for problem in check(ledger, ctx)]


def run_ledger_checks(index: TaskRefIndex, ctx: CheckContext) -> list[Problem]:
    return [problem for check in LEDGER_CHECKS for problem in check(index, ctx)]


def run_all(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    """Every check on a whole loaded ledger."""
    return run_file_checks(ledger, ctx) + run_ledger_checks(TaskRefIndex.of(ledger), ctx)


__all__ = ["CheckContext", "FILE_CHECKS", "LEDGER_CHECKS", "TaskRefIndex", "TaskRefs", "run_all",
           "run_file_checks", "run_ledger_checks"]
