"""`reformctl progress`, `done` and `set-status`: what units and the office write every month."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, session
from .edit_common import CommitOpt, DayOpt, DryRunOpt, EvidenceOpt, MilestoneArg, TaskArg, parse_day, run_write


@app.command()
def progress(task: TaskArg, text: Annotated[str, typer.Argument(metavar="TEXT", help="What moved (进展情况).")],
             by: Annotated[Optional[str], typer.Option("--by", metavar="UNIT", show_default=False,
                                                       help="The reporting unit's id. Default: the task's lead unit.")] = None,
             problem: Annotated[Optional[str], typer.Option("--problem", show_default=False,
                                                            help="Problems met, reasons for delay (存在问题).")] = None,
             coordination: Annotated[Optional[str], typer.Option("--coordination", show_default=False,
                                                                 help="Matters needing coordination (需协调事项).")] = None,
             evidence: EvidenceOpt = None, day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False,
             ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Append a progress report to a task (进展报送)."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit import add_progress

    run_write(s, ledger, lambda root, **kw: add_progress(root, task, text, by=by, problem=problem,
                                                         coordination=coordination, evidence=evidence or [], day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command()
def done(task: TaskArg, milestone: MilestoneArg, evidence: EvidenceOpt = None,
         finish: Annotated[bool, typer.Option("--finish", help="When every milestone is done, also set the task's status to done.")] = False,
         day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False,
         ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Record that a milestone is done (节点完成), with its evidence."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit import complete_milestone

    run_write(s, ledger, lambda root, **kw: complete_milestone(root, task, milestone, evidence=evidence or [],
                                                               finish=finish, day=when, **kw),
              dry_run=dry_run, commit=commit)


class PlainStatus(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"


@app.command("set-status")
def set_status(task: TaskArg, status: Annotated[PlainStatus, typer.Argument(help="not_started, in_progress or done.")],
               dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
               lang: LangOpt = None) -> None:
    """Set a task's status to not_started, in_progress or done (任务状态); suspend, withdraw, resume and close do the rest."""
    s = session(lang)
    from ..edit import set_status as write

    run_write(s, ledger, lambda root, **kw: write(root, task, status.value, **kw), dry_run=dry_run, commit=commit)
