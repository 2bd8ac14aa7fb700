"""Rules that compare a pull request's head with its base: pure functions in one explicit list.

Each rule is `(base, head, ctx) -> Iterable[Problem]` over two loaded ledgers. Problems point
at files and key paths of the head; :func:`locate_at_head` gives them lines and columns from the
head's texts, with the same locator the loader uses. A thing that exists only at the base (a
deleted task) is pointed at where it was in the head's file, or line 1 of a file that is gone.

The rule modules import only .common (never this file), so the package has no import circle.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from ..model import Ledger
from ..problems import Problem
from . import backdating, history, identity, ownership, plans, records, timetable
from .common import Author, PRCommit, PRContext  # noqa: F401  (the names callers use)

PRRule = Callable[[Ledger, Ledger, PRContext], Iterable[Problem]]

# Every rule, in the order they run.
PR_RULES: tuple[PRRule, ...] = (
    identity.tasks_kept,
    identity.milestones_kept,
    timetable.due_dates_moved_with_approval,
    timetable.leads_moved_with_approval,
    timetable.halts_with_approval,
    timetable.milestones_reworded_with_approval,
    backdating.backdated_completions,
    backdating.backdated_step_completions,
    history.history_append_only,
    history.closed_tasks_stay_closed,
    ownership.only_owners_change_tasks,
    ownership.only_the_office_changes_the_rest,
    ownership.changes_approved_by_the_office,
    plans.records_kept,
    plans.history_kept,
    plans.only_the_office_approves,
    plans.deadlines_moved_with_approval,
    plans.plan_changes_approved_by_the_office,
    records.records_kept,
    records.history_append_only,
    records.deadlines_moved_with_approval,
    records.step_deadlines_moved_with_approval,
    records.only_the_office_writes_records,
    records.closed_records_stay_closed,
)


def run_pr_rules(base: Ledger, head: Ledger, ctx: PRContext) -> list[Problem]:
    problems: list[Problem] = []
    for rule in PR_RULES:
        problems.extend(rule(base, head, ctx))
    return problems


def locate_at_head(problems: list[Problem], files: Any) -> list[Problem]:
    """Lines and columns for `problems` from the head's file source (DiskFiles or GitFiles)."""
    from ..load.stages import LoadState, locate_stage
    from ..load.yamlread import Source, decode

    state = LoadState(root=None, files=files, problems=list(problems))
    for rel in sorted({p.file for p in problems if p.line is None}):
        try:
            data = files.read_bytes(rel)
        except (OSError, ValueError):
            continue
        text = decode(data, rel)[0] if data is not None else None
        if text is not None:
            state.sources[rel] = Source(rel, text)
    return locate_stage(state)
