"""`reformctl postpone`, `reassign`, `reword`, `suspend`, `withdraw`, `resume`: approved adjustments,
each written with its `changes` entry (date, from, to, reason, approval)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, session
from .edit_common import (ApprovedByOpt, CommitOpt, DayOpt, DryRunOpt, MilestoneArg, ReasonOpt, RefOpt, TaskArg,
                          parse_day, run_write)


@app.command()
def postpone(task: TaskArg, milestone: MilestoneArg,
             to: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", show_default=False, help="The new due date.")],
             reason: ReasonOpt, approved_by: ApprovedByOpt, ref: RefOpt = None, day: DayOpt = None,
             dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Change a milestone's due date with its approval (时限调整), recorded in changes."""
    s = session(lang)
    new_due, when = parse_day(s, to, "--to"), parse_day(s, day)
    from ..edit import postpone as write

    run_write(s, ledger, lambda root, **kw: write(root, task, milestone, to=new_due, reason=reason,
                                                  approved_by=approved_by, ref=ref, day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command()
def reassign(task: TaskArg, reason: ReasonOpt, approved_by: ApprovedByOpt,
             lead_unit: Annotated[Optional[str], typer.Option("--lead-unit", metavar="UNIT", show_default=False,
                                                              help="The new lead unit's id (牵头单位).")] = None,
             lead_leader: Annotated[Optional[str], typer.Option("--lead-leader", metavar="LEADER", show_default=False,
                                                                help="The new lead leader's id (牵头领导).")] = None,
             ref: RefOpt = None, day: DayOpt = None,
             dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Give a task a new lead unit or lead leader with its approval (调整牵头), recorded in changes."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit import reassign as write

    run_write(s, ledger, lambda root, **kw: write(root, task, lead_unit=lead_unit, lead_leader=lead_leader,
                                                  reason=reason, approved_by=approved_by, ref=ref, day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command()
def reword(task: TaskArg, milestone: MilestoneArg,
           what: Annotated[str, typer.Option("--what", show_default=False, help="What the milestone is now to achieve.")],
           reason: ReasonOpt, approved_by: ApprovedByOpt, ref: RefOpt = None, day: DayOpt = None,
           dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Change what a milestone is to achieve, with its approval (节点内容调整), recorded in changes."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit import reword as write

    run_write(s, ledger, lambda root, **kw: write(root, task, milestone, what=what, reason=reason,
                                                  approved_by=approved_by, ref=ref, day=when, **kw),
              dry_run=dry_run, commit=commit)


def _status_command(name: str, status: Optional[str], doc: str) -> None:
    def command(task: TaskArg, reason: ReasonOpt, approved_by: ApprovedByOpt, ref: RefOpt = None, day: DayOpt = None,
                dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                lang: LangOpt = None) -> None:
        s = session(lang)
        when = parse_day(s, day)
        from ..edit import change_status

        run_write(s, ledger, lambda root, **kw: change_status(root, task, status, reason=reason,
                                                              approved_by=approved_by, ref=ref, day=when, **kw),
                  dry_run=dry_run, commit=commit)

    command.__doc__ = doc
    app.command(name)(command)


_status_command("suspend", "suspended", "Suspend a task with its approval (暂缓): no light, no overdue; recorded in changes.")
_status_command("withdraw", "withdrawn", "Withdraw a task with its approval (撤销); tasks are never deleted. Recorded in changes.")
_status_command("resume", None, "Resume a suspended or withdrawn task (恢复推进) to the status it had; recorded in changes.")
