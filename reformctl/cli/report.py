"""`reformctl report KIND`: the office's briefings as Markdown, Word (GB/T 9704-2012) or their data."""

from __future__ import annotations

from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, List, NamedTuple, Optional

import typer

from ..i18n import t
from .app import app
from .common import LangOpt, LedgerOpt, Session, ViewDayOpt, dump_json, open_sound_ledger, parse_as_of, session, write_file


_GRAINS_ZH = {"month": "月", "quarter": "季度", "half": "半年", "year": "年度"}


class Kind(str, Enum):
    overdue = "overdue"
    monthly = "monthly"
    quarterly = "quarterly"
    bulletin = "bulletin"
    settlement = "settlement"
    pilots = "pilots"
    letter = "letter"
    plans = "plans"
    meeting = "meeting"
    notice = "notice"
    inspection = "inspection"
    rectification = "rectification"
    assessment = "assessment"


# Kinds whose data reads only what a lean task holds (reformctl.load.lean; tests/test_lean.py holds
# their data equal to the full models'). The others (the settlement's reconciliation runs checks on
# the tasks as they stood) read the ledger in full.
LEAN_KINDS = {"overdue", "monthly", "quarterly", "bulletin"}


class ReportFormat(str, Enum):
    md = "md"
    docx = "docx"
    json = "json"


@app.command()
def report(
    kind: Annotated[Kind, typer.Argument(help="overdue (逾期通报), monthly (月调度), quarterly (季度盘点), "
                                               "bulletin (半年通报), settlement (年终盘总账), pilots (试点), letter "
                                               "(改革责任书: --unit U --year Y, or --all), notice (督办通知: --unit U or "
                                               "--notice ID), inspection (督察情况通报), rectification (整改台账), assessment "
                                               "(考核结果通报), plans (上会审议计划、销账台账) or meeting (议定事项、交办任务).")],
    record: Annotated[Optional[str], typer.Argument(metavar="[ID]", show_default=False,
                      help="For inspection or meeting: the inspection's or the meeting's id.")] = None,
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="2026-05|2026Q2|2026H1|2026|2018-2020",
                      help="The month, quarter, half-year or year to report on (settlement: also the years "
                           "of a multi-year plan, 2018-2020). Default: the one holding the as-of day.")] = None,
    as_of: ViewDayOpt = None, ledger: LedgerOpt = None, force: Annotated[bool, typer.Option(
        "--force", help="Write the document even when the ledger has errors (it says so at its top), write "
                        "a settlement before its year's end (a 预盘点), and replace an existing -o file.")] = False,
    lang: LangOpt = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f",
                   help="md, docx, or json (the template's data).")] = ReportFormat.md,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write. Default: stdout for md "
                      "and json, KIND-PERIOD.docx for docx.")] = None,
    number: Annotated[Optional[str], typer.Option("--number", help="发文字号: full text, or a number to put after "
                      "documents.doc_prefix.")] = None,
    to: Annotated[Optional[List[str]], typer.Option("--to", help="主送 (repeatable). Default: documents.recipients. "
                  "A settlement addressed to one of documents.superiors is a 报告, else a 通报.")] = None,
    cc: Annotated[Optional[List[str]], typer.Option("--cc", help="抄送 (repeatable). Default: documents.cc.")] = None,
    signed: Annotated[Optional[str], typer.Option("--date", metavar="YYYY-MM-DD", show_default=False,
                      help="成文日期 (the date the document is signed, also its 印发日期). Default: the "
                           "as-of day.")] = None,
    unit: Annotated[Optional[str], typer.Option("--unit", help="letter: the unit (id in units.yaml) whose "
                    "responsibility letter (改革责任书) to write; notice: the unit it is sent to (督办对象); "
                    "rectification: only its findings.")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="letter: the year of the letter (the same as "
                    "--period YEAR).")] = None,
    every: Annotated[bool, typer.Option("--all", help="letter: one letter for every unit that leads or serves "
                     "a task of the year, written into the -o folder (default letter-YEAR/).")] = False,
    tasks: Annotated[Optional[List[str]], typer.Option("--task", show_default=False,
                     help="notice: only these tasks' overdue items (repeatable).")] = None,
    notice: Annotated[Optional[str], typer.Option("--notice", show_default=False,
                      help="notice: the document of a notice the ledger records (its id), with its items.")] = None,
    reply_by: Annotated[Optional[str], typer.Option("--reply-by", metavar="YYYY-MM-DD", show_default=False,
                        help="notice: the reply date (回复时限). Default: 5 working days after the as-of day.")] = None,
) -> None:
    """Write a briefing (简报/通报) from the ledger through its Jinja template: Markdown, Word or JSON."""
    s = session(lang)
    loaded, errors, location, chosen, day = _open(s, ledger, as_of, force, kind.value,
                                                  period or (str(year) if year else None))
    paper = _Paper(fmt, number, to or [], cc or [], parse_as_of(signed, s, bad="bad_signed_date") or day,
                   _source(location.root, day, len(errors)), location.root, force)
    if kind is Kind.letter and every:
        _write_letters(s, loaded, chosen, day, paper, output)
        return
    options = _record_options(s, kind.value, record, unit, tasks, notice, reply_by)
    data = _data(s, kind.value, loaded, chosen, day, paper, _subject(s, kind, unit, record), options)
    if fmt is ReportFormat.json:
        _emit(s, dump_json(data).encode() + b"\n", output, force)
        return
    content = _render(s, kind.value, fmt, data, location.root, loaded.config)
    about = record if kind is Kind.meeting else unit
    name = "-".join(filter(None, [kind.value, chosen.code if chosen else day.isoformat(), about]))
    _emit(s, content, output or (Path(f"{name}.docx") if fmt is ReportFormat.docx else None), force)


class _Paper(NamedTuple):
    """What a document is written on and with, besides its data: the format, the official-document
    parts given on the command line, its date and source, the ledger's root, and --force."""

    fmt: ReportFormat
    number: Optional[str]
    to: list
    cc: list
    date: date
    source: dict
    root: Path
    force: bool


def _subject(s: Session, kind: Kind, unit: Optional[str], record: Optional[str] = None) -> Optional[str]:
    """What a letter or a meeting's record is about: the unit of --unit, the meeting's id."""
    if kind is Kind.letter and not unit:
        raise s.fail("letter_needs_unit")
    if kind is Kind.meeting:
        if not record:
            raise s.fail("meeting_needs_id")
        return record
    return unit


def _data(s: Session, kind: str, loaded, chosen, day: date, paper: _Paper, subject: Optional[str],
          options: Optional[dict] = None) -> dict:
    """The document's data: the KIND's figures, the official-document parts and the source line.
    `options`: what a supervision document is about (_record_options)."""
    from ..reports import build_report, document_settings
    from ..reports.letter import UnknownUnit
    from ..reports.meeting import UnknownMeeting
    from ..reports.supervision import UnknownRecord

    document = document_settings(loaded, paper.number, paper.to, paper.cc)
    try:
        data = build_report(kind, loaded, chosen, day, subject=subject, addressed_up=document["addressed_up"],
                            **(options or {}))
    except UnknownUnit:
        raise s.fail("unknown_unit_option", unit=subject, choices=", ".join(loaded.units)) from None
    except UnknownMeeting:
        from ..ops.planning import meetings_of

        raise s.fail("unknown_meeting", id=subject, choices=", ".join(m.id for m in meetings_of(loaded))) from None
    except UnknownRecord as unknown:
        raise s.fail("unknown_record", what=unknown.args[0], id=unknown.args[1]) from None
    if data["calendar_fallback_years"]:
        s.err(t("calendar_fallback", s.lang, years=", ".join(map(str, data["calendar_fallback_years"]))))
    data["document"] = document
    data["document"]["date"] = paper.date
    data["source"] = paper.source
    return data


def _write_letters(s: Session, loaded, chosen, day: date, paper: _Paper, folder: Optional[Path]) -> None:
    """`report letter --all`: one file per unit in the folder, named letter-YEAR-UNIT.md|docx|json."""
    from ..reports.letter import letter_units

    folder = folder or Path(f"letter-{chosen.code}")
    if folder.exists() and not folder.is_dir():
        raise s.fail("letters_folder", path=folder)
    folder.mkdir(parents=True, exist_ok=True)
    for unit_id in letter_units(loaded, chosen, day):
        data = _data(s, "letter", loaded, chosen, day, paper, unit_id)
        if paper.fmt is ReportFormat.json:
            content = dump_json(data).encode() + b"\n"
        else:
            content = _render(s, "letter", paper.fmt, data, paper.root, loaded.config)
        _emit(s, content, folder / f"letter-{chosen.code}-{unit_id}.{paper.fmt.value}", paper.force)


def _record_options(s: Session, kind: str, record, unit, tasks, notice, reply_by) -> dict:
    """What the supervision documents are about (督办通知, 督察情况通报, 整改台账); nothing for the others."""
    if kind == "inspection" and not record:
        raise s.fail("need_inspection")
    if kind == "notice" and not (unit or notice):
        raise s.fail("need_notice_unit")
    return {"notice": {"unit": unit, "tasks": tasks or [], "notice": notice,
                       "reply_by": parse_as_of(reply_by, s, bad="bad_reply_by")},
            "inspection": {"inspection": record}, "rectification": {"unit": unit}}.get(kind, {})


def _open(s: Session, ledger: Optional[Path], as_of: Optional[str], force: bool, kind: str, period: Optional[str]):
    """Load and check the ledger, refuse it with errors unless forced, and settle period and day."""
    from ..reports import PeriodError, WrongPeriod, default_as_of, resolve_period

    loaded, errors, location, now = open_sound_ledger(s, ledger, as_of, force, lean=kind in LEAN_KINDS)
    try:
        chosen = resolve_period(kind, period, now, loaded.config.year)
    except PeriodError:
        raise s.fail("bad_period", value=period) from None
    except WrongPeriod as wrong:
        raise s.fail("wrong_period", kind=kind, value=wrong.period.code, grain=wrong.grain,
                     grain_zh=_GRAINS_ZH[wrong.grain]) from None
    if chosen and chosen.start > now:
        raise s.fail("period_ahead", value=chosen.code, now=now)
    day = now if as_of else default_as_of(chosen, now)
    _refuse_early(s, kind, chosen, day, force)
    return loaded, errors, location, chosen, day


def _refuse_early(s: Session, kind: str, chosen, day: date, force: bool) -> None:
    """A settlement before its year's end is a 预盘点: only on request (--force), and it says so."""
    from ..reports import is_early

    if not is_early(kind, chosen, day):
        return
    if not force:
        raise s.fail("settlement_early", 1, period=chosen.code, end=chosen.end, day=day)
    s.err(t("settlement_provisional", s.lang, period=chosen.code, end=chosen.end, day=day))


def _source(root: Path, day: date, errors: int) -> dict:
    from ..gitinfo import head_commit
    from ..version import __version__

    return {"commit": head_commit(root), "as_of": day, "errors": errors, "generator": f"reformctl {__version__}"}


def _render(s: Session, kind: str, fmt: ReportFormat, data: dict, root: Path, config) -> bytes:
    """The document's bytes, rendered within the ledger's time and size limits."""
    from ..render.templating import RenderLimit, TemplateFailure, render_limits
    from ..reports import forced_note, source_note

    forced = forced_note(data["source"]["errors"]) if data["source"]["errors"] else None
    try:
        with render_limits(config.render_seconds, config.render_megabytes * 1_000_000):
            if fmt is ReportFormat.md:
                from ..render.markdown import render_markdown
                from ..render.templating import cn_date

                note = source_note(data["source"]["commit"], cn_date(data["as_of"]))
                return render_markdown(kind, data, root, forced, note).encode()
            from ..render.docx_file import render_docx

            return render_docx(kind, data, root, forced, data["title"])
    except RenderLimit as limit:
        key = "render_too_long" if limit.what == "time" else "render_too_big"
        raise s.fail(key, kind=kind, seconds=config.render_seconds, megabytes=config.render_megabytes) from None
    except TemplateFailure as failure:
        raise s.fail("template_error", where=f"{failure.name}:{failure.line or '?'}", detail=failure.detail) from None


def _emit(s: Session, content: bytes, target: Optional[Path], replace: bool) -> None:
    """To stdout, or to a regular file written whole (see write_file)."""
    if target is None:
        s.out(content.decode().rstrip("\n"))
        return
    write_file(s, target, content, replace)
    s.err(t("report_written", s.lang, path=target))
