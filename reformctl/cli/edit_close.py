"""`reformctl close` (销号) and `carry-over` (结转): the year-end reckoning of each task."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, session
from .edit_common import CommitOpt, DayOpt, DryRunOpt, EvidenceOpt, RefOpt, TaskArg, parse_day, run_write


@app.command()
def close(task: TaskArg, evidence: EvidenceOpt = None, ref: RefOpt = None,
          by: Annotated[Optional[str], typer.Option("--by", metavar="UNIT", show_default=False,
                                                    help="Who strikes it off. Default: the unit of kind office.")] = None,
          day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
          lang: LangOpt = None) -> None:
    """Strike a finished task off (销号), with the outcome's evidence: status closed and a closed record."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit import close_task

    run_write(s, ledger, lambda root, **kw: close_task(root, task, evidence=evidence or [], ref=ref, by=by, day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command("carry-over")
def carry_over(task: TaskArg,
               to_year: Annotated[int, typer.Option("--to-year", show_default=False, help="The year it carries into.")],
               reason: Annotated[str, typer.Option("--reason", show_default=False,
                                                   help="Why it was not finished this year (未完成原因).")],
               dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
               lang: LangOpt = None) -> None:
    """Carry a task not finished this year into the next (结转)."""
    s = session(lang)
    from ..edit import carry_over as write

    run_write(s, ledger, lambda root, **kw: write(root, task, to_year=to_year, reason=reason, **kw),
              dry_run=dry_run, commit=commit)
