"""What the commands that write to the ledger share: their options and one way to run a write."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from .common import Session, locate_ledger

DayOpt = Annotated[Optional[str], typer.Option(
    "--date", show_default=False, metavar="YYYY-MM-DD",
    help="The day of the entry. Default: the ledger's today (its pinned as_of, else today); a later day is refused.")]
DryRunOpt = Annotated[bool, typer.Option(
    "--dry-run", help="Print the unified diff that would be written, and write nothing.")]
CommitOpt = Annotated[bool, typer.Option(
    "--commit", help="Make a git commit of exactly the changed file, with a Chinese message saying what happened "
                     "(author from git's own configuration).")]
EvidenceOpt = Annotated[Optional[list[str]], typer.Option(
    "--evidence", metavar="PATH", show_default=False,
    help="A supporting file, as a path inside the ledger (repeatable). A missing file is a warning; one outside the ledger is refused.")]
ReasonOpt = Annotated[str, typer.Option("--reason", show_default=False, help="Why (调整理由), as approved.")]
ApprovedByOpt = Annotated[str, typer.Option(
    "--approved-by", show_default=False, help="Who approved it (批准单位或会议), e.g. 市委改革办.")]
RefOpt = Annotated[Optional[str], typer.Option(
    "--ref", metavar="DOC", show_default=False, help="The approving document's number (批准文号), e.g. 江改办〔2026〕26号.")]
MilestoneArg = Annotated[str, typer.Argument(metavar="MILESTONE", show_default=False, help="The milestone's id, e.g. m3.")]
TaskArg = Annotated[str, typer.Argument(metavar="TASK", show_default=False, help="The task's id, e.g. JZ-2026-010.")]


def parse_day(s: Session, value: Optional[str], option: str = "--date") -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from ..edit.messages import say

        s.err(say("bad_date", s.lang, value=f"{option} {value}"))
        raise typer.Exit(2) from None


def run_write(s: Session, ledger: Optional[Path], write: Callable[..., Any], *, dry_run: bool, commit: bool) -> None:
    """Run `write(root, today=..., dry_run=..., lock_wait=...)` and tell the person what happened.

    A refusal prints its reason (and the problems the write would have added) on standard error:
    exit 1 when the ledger said no, 2 when the request was wrong or the write could not be made.
    """
    from ..edit import EditRefused, commit as commit_change

    root = locate_ledger(s, ledger).root
    try:
        change = write(root, today=date.today(), dry_run=dry_run, lock_wait=_lock_wait())
    except EditRefused as refused:
        for problem in refused.problems:
            s.err(problem.format(s.lang))
        s.err(refused.message(s.lang))
        raise typer.Exit(1 if refused.problems else 2) from None
    if dry_run:
        sys.stdout.write(change.diff)
        s.err(_say("dry_run", s.lang))
        return
    s.out(change.summary.message(s.lang))
    for notice in change.notices:
        s.err(notice.message(s.lang))
    if commit:
        try:
            made = commit_change(change)
        except EditRefused as refused:
            s.err(refused.message(s.lang))
            raise typer.Exit(2) from None
        s.out(_say("committed", s.lang, commit=made[:12], message=change.commit_message))


def _say(key: str, lang: str, **params: Any) -> str:
    from ..edit.messages import say

    return say(key, lang, **params)


def _lock_wait() -> float:
    """Seconds to wait for another writer: $REFORMCTL_LOCK_WAIT, else the edit layer's default."""
    from ..edit.storage import DEFAULT_WAIT

    try:
        return float(os.environ.get("REFORMCTL_LOCK_WAIT", DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT
