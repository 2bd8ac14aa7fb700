"""`reformctl finding add|progress|done|close` and `reformctl notice send|reply`: writing findings (督察问题) and
notices (督办通知) through the edit layer (reformctl.edit.supervision), as every write is made."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, session
from .edit_common import CommitOpt, DayOpt, DryRunOpt, EvidenceOpt, RefOpt, parse_day, run_write

_HELP = {"help_option_names": ["-h", "--help"]}
finding_app = typer.Typer(help="Findings of inspections (督察问题): finding add, finding progress, finding done, "
                               "finding close.",
                          no_args_is_help=True, context_settings=_HELP)
notice_app = typer.Typer(help="Notices to units (督办通知): notice send, notice reply.",
                         no_args_is_help=True, context_settings=_HELP)
app.add_typer(finding_app, name="finding")
app.add_typer(notice_app, name="notice")

UnitOpt = Annotated[str, typer.Option("--unit", metavar="UNIT", show_default=False,
                                      help="The unit that rectifies it (整改责任单位), its id in units.yaml.")]
ByOpt = Annotated[Optional[str], typer.Option("--by", metavar="UNIT", show_default=False,
                                              help="Who writes it. Default: see the command.")]


@finding_app.command("add")
def finding_add(
    inspection: Annotated[str, typer.Argument(metavar="INSPECTION", help="The inspection's id (督察编号).")],
    finding_id: Annotated[str, typer.Option("--id", show_default=False, help="The new finding's id, unique in the ledger.")],
    unit: UnitOpt,
    text: Annotated[str, typer.Option("--text", show_default=False, help="The problem found (问题描述).")],
    rectify_by: Annotated[Optional[str], typer.Option("--rectify-by", metavar="YYYY-MM-DD", show_default=False,
                                                      help="The day it is to be rectified by (整改时限).")] = None,
    task: Annotated[Optional[str], typer.Option("--task", show_default=False, help="The task concerned (its id).")] = None,
    milestone: Annotated[Optional[str], typer.Option("--milestone", show_default=False,
                                                     help="The milestone of --task concerned (its id).")] = None,
    severity: Annotated[str, typer.Option("--severity", help="serious (严重), major (较重) or general (一般).")] = "general",
    dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None,
) -> None:
    """Add a finding (督察发现的问题) to an inspection, with the unit that rectifies it and by when."""
    s = session(lang)
    deadline = parse_day(s, rectify_by, "--rectify-by")
    from ..edit.supervision import add_finding

    run_write(s, ledger, lambda root, **kw: add_finding(
        root, inspection, finding_id=finding_id, unit=unit, text=text, rectify_by=deadline, task=task,
        milestone=milestone, severity=severity, **kw), dry_run=dry_run, commit=commit)


@finding_app.command("progress")
def finding_progress(
    finding: Annotated[str, typer.Argument(metavar="FINDING", help="The finding's id.")],
    text: Annotated[str, typer.Option("--text", show_default=False, help="What was done (整改进展).")],
    evidence: EvidenceOpt = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="UNIT", show_default=False,
                                              help="The unit reporting. Default: the finding's unit.")] = None,
    day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
    lang: LangOpt = None,
) -> None:
    """Report the rectification's progress on a finding (整改进展), with its evidence."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.supervision import finding_progress as write

    run_write(s, ledger, lambda root, **kw: write(root, finding, text=text, by=by, evidence=evidence or [], day=when,
                                                  **kw), dry_run=dry_run, commit=commit)


@finding_app.command("done")
def finding_done(
    finding: Annotated[str, typer.Argument(metavar="FINDING", help="The finding's id.")],
    milestone: Annotated[str, typer.Argument(metavar="MILESTONE",
                                             help="The id of one of its rectification milestones (整改节点).")],
    evidence: EvidenceOpt = None, day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False,
    ledger: LedgerOpt = None, lang: LangOpt = None,
) -> None:
    """Record that a rectification milestone of a finding is done (整改节点完成), with its evidence."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.supervision import complete_rectification_milestone

    run_write(s, ledger, lambda root, **kw: complete_rectification_milestone(
        root, finding, milestone, evidence=evidence or [], day=when, **kw), dry_run=dry_run, commit=commit)


@finding_app.command("close")
def finding_close(
    finding: Annotated[str, typer.Argument(metavar="FINDING", help="The finding's id.")],
    evidence: EvidenceOpt = None, ref: RefOpt = None, by: ByOpt = None, day: DayOpt = None,
    dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None,
) -> None:
    """Close a finding (整改销号), only with the rectification's evidence; --by defaults to the office."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.supervision import close_finding

    run_write(s, ledger, lambda root, **kw: close_finding(root, finding, evidence=evidence or [], by=by, ref=ref,
                                                          day=when, **kw), dry_run=dry_run, commit=commit)


@notice_app.command("send")
def notice_send(
    notice_id: Annotated[str, typer.Option("--id", show_default=False, help="The notice's id; the file is notices/ID.yaml.")],
    to: Annotated[str, typer.Option("--to", metavar="UNIT", show_default=False, help="The unit it is sent to (督办对象).")],
    ask: Annotated[str, typer.Option("--ask", show_default=False, help="What is asked of the unit (督办要求).")],
    reply_by: Annotated[str, typer.Option("--reply-by", metavar="YYYY-MM-DD", show_default=False,
                                          help="The day the reply is due (回复时限).")],
    tasks: Annotated[Optional[list[str]], typer.Option("--task", show_default=False, help="A task it is about (repeatable).")] = None,
    milestones: Annotated[Optional[list[str]], typer.Option("--milestone", metavar="TASK/MILESTONE", show_default=False,
                                                            help="A milestone it is about, as TASK/MILESTONE (repeatable).")] = None,
    findings: Annotated[Optional[list[str]], typer.Option("--finding", show_default=False,
                                                          help="A finding it is about (repeatable).")] = None,
    ref: Annotated[Optional[str], typer.Option("--ref", metavar="DOC", show_default=False,
                                               help="The notice's number (文号), e.g. 江改督〔2026〕4号.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", show_default=False, help="Also write the 督办通知 "
                                                "document here (.docx or .md), as `report notice --notice ID` does.")] = None,
    day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
    lang: LangOpt = None,
) -> None:
    """Send a notice (发督办通知): write notices/ID.yaml and, with --out, the 督办通知 document."""
    s = session(lang)
    when, deadline = parse_day(s, day), parse_day(s, reply_by, "--reply-by")
    from ..edit.supervision import send_notice

    run_write(s, ledger, lambda root, **kw: send_notice(
        root, notice_id=notice_id, to=to, ask=ask, reply_by=deadline, tasks=tasks or [], milestones=milestones or [],
        findings=findings or [], ref=ref, day=when, **kw), dry_run=dry_run, commit=commit)
    if out is not None and not dry_run:
        from .report_supervision import write_notice_document

        write_notice_document(s, ledger, notice_id, out)


@notice_app.command("reply")
def notice_reply(
    notice: Annotated[str, typer.Argument(metavar="NOTICE", help="The notice's id.")],
    text: Annotated[str, typer.Option("--text", show_default=False, help="The reply (回复内容).")],
    evidence: EvidenceOpt = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="UNIT", show_default=False,
                                              help="The unit replying. Default: the unit the notice was sent to.")] = None,
    day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
    lang: LangOpt = None,
) -> None:
    """Record a unit's reply to a notice (督办回复)."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.supervision import reply_notice

    run_write(s, ledger, lambda root, **kw: reply_notice(root, notice, text=text, by=by, evidence=evidence or [],
                                                         day=when, **kw), dry_run=dry_run, commit=commit)
