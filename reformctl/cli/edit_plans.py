"""`reformctl plan-review`, `plan-postpone`, `pilot-postpone`, `pilot-accept`, `pilot-promote`, `upper-add`, `agenda-propose`,
`agenda-schedule`, `agenda-reviewed`, `agenda-defer`, `meeting-record` and `meeting-result`: the writes of
plans, pilots, upper documents, the agenda pool and meetings (issue 14), through reformctl.edit as every write is."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, session
from .edit_common import (ApprovedByOpt, CommitOpt, DayOpt, DryRunOpt, EvidenceOpt, ReasonOpt, RefOpt, TaskArg, parse_day,
                          run_write)


class Step(str, Enum):
    consult = "consult"
    expert = "expert"
    legality = "legality"
    stability = "stability"


@app.command("plan-review")
def plan_review(plan: Annotated[str, typer.Argument(metavar="PLAN", help="The plan's id, e.g. JZFA-2026-03.")],
                step: Annotated[Step, typer.Argument(help="consult (征求意见), expert (专家论证), legality "
                                                          "(合法性审查) or stability (社会稳定风险评估).")],
                by: Annotated[Optional[str], typer.Option("--by", show_default=False,
                                                          help="Who did it (a unit's id or a body's name).")] = None,
                not_needed: Annotated[Optional[str], typer.Option("--not-needed", metavar="REASON", show_default=False,
                                                                  help="The step is not needed, for this reason (无需开展的理由).")] = None,
                evidence: EvidenceOpt = None, day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False,
                ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Record a review step of a plan (方案审查环节): done on a day with its evidence, or not needed."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.plans import record_review

    run_write(s, ledger, lambda root, **kw: record_review(root, plan, step.value, day=when, evidence=evidence or [],
                                                          by=by, not_needed=not_needed, **kw),
              dry_run=dry_run, commit=commit)


@app.command("agenda-propose")
def agenda_propose(title: Annotated[str, typer.Option("--title", show_default=False, help="The item's title (议题名称).")],
                   unit: Annotated[str, typer.Option("--unit", show_default=False, help="The proposing unit's id (报送单位).")],
                   plan: Annotated[Optional[str], typer.Option("--plan", show_default=False,
                                                               help="The plan it takes to the meeting.")] = None,
                   meeting: Annotated[Optional[str], typer.Option("--meeting", show_default=False,
                                                                  help="The meeting it asks for (拟上会议).")] = None,
                   item_id: Annotated[Optional[str], typer.Option("--id", show_default=False,
                                                                  help="The item's id. Default: YT-YEAR-NNN, the next free.")] = None,
                   dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                   lang: LangOpt = None) -> None:
    """Propose an agenda item (报送议题) into agenda.yaml's pool, in reserve, submitted today."""
    s = session(lang)
    from ..edit.plans import propose_agenda_item

    item = {"id": item_id, "title": title, "unit": unit, "plan": plan, "want_meeting": meeting}
    run_write(s, ledger, lambda root, **kw: propose_agenda_item(root, item, **kw), dry_run=dry_run, commit=commit)


@app.command("meeting-record")
def meeting_record(source: Annotated[Path, typer.Argument(metavar="FILE", help="The meeting as YAML: id, kind, date, "
                                                                              "theme, items, assigned ('-': standard input).")],
                   dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                   lang: LangOpt = None) -> None:
    """Record a meeting (记录会议) as meetings/ID.yaml: its theme, items, results and assigned tasks."""
    import sys

    from ..edit import EditRefused
    from ..edit.facts import read_plain
    from ..edit.plans import record_meeting

    s = session(lang)
    try:
        data = read_plain(sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes(), str(source))
    except OSError as err:
        raise s.fail("cannot_read_file", path=source, detail=err.strerror or str(err)) from None
    except EditRefused as refused:
        s.err(refused.message(s.lang))
        raise typer.Exit(2) from None
    if not isinstance(data, dict):
        raise s.fail("meeting_not_mapping", path=source)
    run_write(s, ledger, lambda root, **kw: record_meeting(root, data, **kw), dry_run=dry_run, commit=commit)


MeetingArg = Annotated[str, typer.Argument(metavar="MEETING", show_default=False, help="The meeting's id, e.g. M-2026-03.")]
ItemArg = Annotated[str, typer.Argument(metavar="ITEM", show_default=False, help="The agenda item's id, e.g. YT-2026-004.")]


@app.command("meeting-result")
def meeting_result(meeting: MeetingArg,
                   item: Annotated[int, typer.Option("--item", show_default=False, metavar="N",
                                                     help="The item's number in the meeting's list (1 for the first).")],
                   result: Annotated[str, typer.Option("--result", show_default=False,
                                                       help="What the meeting decided on it (议定事项).")],
                   assign: Annotated[Optional[list[str]], typer.Option(
                       "--assign", metavar="TASK", show_default=False,
                       help="A task the meeting assigned (交办任务), added to its assigned list (repeatable).")] = None,
                   dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                   lang: LangOpt = None) -> None:
    """Record what a meeting decided on one of its items (议定事项) and the tasks it assigned (交办任务)."""
    s = session(lang)
    from ..edit.plans import record_result

    run_write(s, ledger, lambda root, **kw: record_result(root, meeting, item, result, assign=assign or [], **kw),
              dry_run=dry_run, commit=commit)


def _agenda_move(lang: Optional[str], ledger: Optional[Path], item: str, state: str, meeting: Optional[str],
                 dry_run: bool, commit: bool) -> None:
    s = session(lang)
    from ..edit.plans import set_agenda_state

    run_write(s, ledger, lambda root, **kw: set_agenda_state(root, item, state, meeting=meeting, **kw),
              dry_run=dry_run, commit=commit)


@app.command("agenda-schedule")
def agenda_schedule(item: ItemArg,
                    meeting: Annotated[Optional[str], typer.Option(
                        "--meeting", show_default=False,
                        help="The meeting to take it to (上会会议). Default: the one it asks for (want_meeting).")] = None,
                    dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                    lang: LangOpt = None) -> None:
    """Schedule an agenda item for a meeting (排会): from reserve or deferred, once its plan's review is done."""
    _agenda_move(lang, ledger, item, "scheduled", meeting, dry_run, commit)


@app.command("agenda-reviewed")
def agenda_reviewed(item: ItemArg, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                    lang: LangOpt = None) -> None:
    """Mark a scheduled agenda item reviewed (已审议) once its meeting has met."""
    _agenda_move(lang, ledger, item, "reviewed", None, dry_run, commit)


@app.command("agenda-defer")
def agenda_defer(item: ItemArg, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                 lang: LangOpt = None) -> None:
    """Defer an agenda item (暂缓): it leaves its meeting and waits to be scheduled again."""
    _agenda_move(lang, ledger, item, "deferred", None, dry_run, commit)


class Deadline(str, Enum):
    period_to = "period.to"
    acceptance_due = "acceptance.due"


@app.command("pilot-postpone")
def pilot_postpone(task: TaskArg,
                   deadline: Annotated[Deadline, typer.Argument(
                       metavar="DEADLINE", help="period.to (试点期限届满日) or acceptance.due (应验收日期).")],
                   to: Annotated[str, typer.Option("--to", metavar="YYYY-MM-DD", show_default=False, help="The new date.")],
                   reason: ReasonOpt, approved_by: ApprovedByOpt, ref: RefOpt = None, day: DayOpt = None,
                   dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                   lang: LangOpt = None) -> None:
    """Move a pilot's deadline with its approval (试点期限调整), recorded in the task's changes."""
    s = session(lang)
    new_date, when = parse_day(s, to, "--to"), parse_day(s, day)
    from ..edit.plans import postpone_pilot

    run_write(s, ledger, lambda root, **kw: postpone_pilot(root, task, "pilot." + deadline.value, to=new_date,
                                                           reason=reason, approved_by=approved_by, ref=ref, day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command("plan-postpone")
def plan_postpone(plan: Annotated[str, typer.Argument(metavar="PLAN", help="The plan's id, e.g. JZFA-2026-03.")],
                  meeting: Annotated[str, typer.Option("--meeting", show_default=False,
                                                       help="The meeting it is now planned for (调整后的拟上会议).")],
                  reason: ReasonOpt, approved_by: ApprovedByOpt, ref: RefOpt = None, day: DayOpt = None,
                  dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                  lang: LangOpt = None) -> None:
    """Move a plan to another meeting with its approval (调整上会计划), recorded in the plan's changes."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.plans import postpone_plan

    run_write(s, ledger, lambda root, **kw: postpone_plan(root, plan, meeting, reason=reason, approved_by=approved_by,
                                                          ref=ref, day=when, **kw),
              dry_run=dry_run, commit=commit)


class UpperLevel(str, Enum):
    central = "central"
    provincial = "provincial"


@app.command("upper-add")
def upper_add(document_id: Annotated[str, typer.Option("--id", show_default=False, help="The document's id, e.g. UP-2026-04.")],
              level: Annotated[UpperLevel, typer.Option("--level", help="central (中央) or provincial (省).")],
              doc: Annotated[str, typer.Option("--doc", show_default=False, help="Its number (文号), e.g. 中发〔2026〕3号.")],
              title: Annotated[str, typer.Option("--title", show_default=False, help="Its title (文件标题).")],
              issued: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", show_default=False,
                                                  help="The day it was issued (印发日期).")],
              dock_by: Annotated[Optional[str], typer.Option("--dock-by", metavar="YYYY-MM-DD", show_default=False,
                                                             help="The deadline for a local plan docking it (对接时限).")] = None,
              dock_unit: Annotated[Optional[str], typer.Option("--dock-unit", show_default=False,
                                                               help="The unit answerable for docking it (对接单位).")] = None,
              dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
              lang: LangOpt = None) -> None:
    """Put a central or provincial document to dock (上级文件) in upper.yaml; the office's write."""
    s = session(lang)
    document = {"id": document_id, "level": level.value, "doc": doc, "title": title,
                "date": parse_day(s, issued), "dock_by": parse_day(s, dock_by, "--dock-by"), "dock_unit": dock_unit}
    from ..edit.plans import add_upper_document

    run_write(s, ledger, lambda root, **kw: add_upper_document(root, document, **kw), dry_run=dry_run, commit=commit)


@app.command("pilot-promote")
def pilot_promote(task: TaskArg,
                  scope: Annotated[str, typer.Option("--scope", show_default=False,
                                                     help="Where it is promoted (推广范围), e.g. 全市, 全省, 全国.")],
                  doc: Annotated[Optional[str], typer.Option(
                      "--doc", metavar="DOC", show_default=False,
                      help="The document that promotes it (推广文件), e.g. 江改办〔2026〕40号.")] = None,
                  day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False,
                  ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Record that an accepted pilot's experience is promoted for others to copy (试点经验复制推广)."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.plans import promote_pilot

    run_write(s, ledger, lambda root, **kw: promote_pilot(root, task, scope=scope, doc=doc, day=when, **kw),
              dry_run=dry_run, commit=commit)


@app.command("pilot-accept")
def pilot_accept(task: TaskArg, evidence: EvidenceOpt = None,
                 reason: Annotated[Optional[str], typer.Option(
                     "--reason", show_default=False,
                     help="Why it is accepted before its period ends (提前验收的理由), e.g. 提前完成试点任务.")] = None,
                 day: DayOpt = None, dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None,
                 lang: LangOpt = None) -> None:
    """Record a pilot's acceptance (试点总结验收): the day and its evidence."""
    s = session(lang)
    when = parse_day(s, day)
    from ..edit.plans import accept_pilot

    run_write(s, ledger, lambda root, **kw: accept_pilot(root, task, evidence=evidence or [], reason=reason, day=when, **kw),
              dry_run=dry_run, commit=commit)
