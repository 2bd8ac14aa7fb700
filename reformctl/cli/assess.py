"""`reformctl assess`: 考核 — each unit scored by the office's method (assessment.yaml), ranked
within its group, ties shared (并列), 等次 assigned; `--explain UNIT` shows every point's source."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app
from .common import ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, Session, ViewDayOpt, dump_json, open_sound_ledger, session


class AssessFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    docx = "docx"


PeriodOpt = Annotated[Optional[str], typer.Option(
    "--period", "-p", metavar="2026H1|2026", show_default=False,
    help="The half-year (半年评估) or year (年度考核) assessed. Default: the year of the as-of day.")]
ExplainOpt = Annotated[Optional[str], typer.Option(
    "--explain", metavar="UNIT", show_default=False,
    help="Explain one unit's score: how each point was earned or lost, citing the tasks, milestones, "
         "findings, notices and awards behind it (file:line:col).")]
FormatOpt = Annotated[AssessFormat, typer.Option(
    "--format", "-f", help="table, json, csv, md or docx (md and docx: the 考核结果通报).")]
OutputOpt = Annotated[Optional[Path], typer.Option(
    "--output", "-o", show_default=False, help="File to write. Default: stdout, or assessment-PERIOD.docx for docx.")]


@app.command()
def assess(
    period: PeriodOpt = None, fmt: FormatOpt = AssessFormat.table, explain: ExplainOpt = None,
    output: OutputOpt = None, ledger: LedgerOpt = None, as_of: ViewDayOpt = None, force: ForceOpt = False,
    lang: LangOpt = None, no_cache: NoCacheOpt = False,
) -> None:
    """Assess the units (考核) by the office's method in assessment.yaml: each unit's score per
    indicator, ranked within its group with ties shared (并列), and its 等次."""
    from ..reports.assessment import NoMethod, run

    s = session(lang)
    loaded, errors, location, chosen, day = _open(s, ledger, as_of, force, period, no_cache)
    try:
        result = run(loaded, chosen, day)
    except NoMethod:
        unreadable = "assessment" in loaded.unreadable_kinds  # there, but broken: say so, not "missing"
        raise s.fail("assess_unreadable_method" if unreadable else "assess_no_method", path=location.root) from None
    if explain is not None:
        _explain(s, loaded, location.root, result, explain)
    elif fmt in (AssessFormat.md, AssessFormat.docx):
        _document(s, loaded, location.root, chosen, day, errors, fmt, output, force)
    elif fmt is AssessFormat.json:
        _emit(s, _json(loaded, chosen, day), output, force)
    elif fmt is AssessFormat.csv:
        from ..render.assess_view import csv_text

        _emit(s, csv_text(result).encode("utf-8"), output, force)
    else:
        _print_tables(s, result)


def _open(s: Session, ledger, as_of, force: bool, period: Optional[str], no_cache: bool):
    from ..reports.period import PeriodError, parse_period, period_containing

    # the lean read (as `status`): every measure reads only what a lean task holds, and --explain
    # finds its places from the files (_locator), so no pydantic task is built here
    loaded, errors, location, now = open_sound_ledger(s, ledger, as_of, force, no_cache, lean=True)
    try:
        chosen = parse_period(period) if period else period_containing("year", now)
    except PeriodError:
        raise s.fail("bad_period", value=period) from None
    if chosen.grain not in ("half", "year"):
        raise s.fail("assess_period", value=chosen.code)
    if chosen.start > now:
        raise s.fail("period_ahead", value=chosen.code, now=now)
    return loaded, errors, location, chosen, now


def _json(loaded, chosen, day) -> bytes:
    from ..reports import build_report

    return dump_json(build_report("assessment", loaded, chosen, day)).encode("utf-8") + b"\n"


def _print_tables(s: Session, result) -> None:
    from rich import box
    from rich.table import Table

    from ..render.assess_view import table_rows
    from ..render.status_view import cell

    s.out(f"{result.title}（{result.start.isoformat()} 至 {result.end.isoformat()}，截至 {result.as_of.isoformat()}）")
    for name, header, rows in table_rows(result):
        table = Table(title=cell(f"{name}（{len(rows)}）"), box=box.SIMPLE_HEAD)
        for index, title in enumerate(header):  # rank and unit to the left, scores to the right
            table.add_column(title, justify="left" if index < 2 or index == len(header) - 1 else "right")
        for row in rows:
            table.add_row(*(cell(value) for value in row))
        s.out()
        s.table(table)


def _explain(s: Session, loaded, root: Path, result, unit: str) -> None:
    from ..render.assess_view import explain
    from .export import check_filters

    check_filters(s, loaded, None, unit)
    lines = explain(result, unit, _locator(root, result, unit))
    if lines is None:
        raise s.fail("assess_not_ranked", unit=unit, kind=loaded.units[unit].kind.value)
    for line in lines:
        s.out(line)


def _locator(root: Path, result, unit_id: str):
    """file:line:col of every record behind the unit's score, each file read and parsed once."""
    from ..load.yamlread import locate_all

    sources = [item.src for group in result.groups for unit in group.units if unit.unit_id == unit_id
               for scored in (*unit.indicators, *unit.deductions) for item in scored.reckoned]
    sources += [earned.src for group in result.groups for unit in group.units if unit.unit_id == unit_id
                for earned in unit.manual]
    places: dict = {}
    for file in sorted({src.file for src in sources}):
        wanted = sorted({src.keypath for src in sources if src.file == file}, key=repr)
        try:
            text = (root / file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        for keypath, (line, col, _) in zip(wanted, locate_all(text, [(k, False) for k in wanted])):
            places[(file, keypath)] = f"{file}:{line}:{col}"
    return lambda src: places.get((src.file, src.keypath), src.file)


def _document(s: Session, loaded, root: Path, chosen, day, errors, fmt, output, force) -> None:
    from ..reports import build_report, document_settings
    from .report import ReportFormat, _emit as emit, _render, _source

    data = build_report("assessment", loaded, chosen, day)
    data["document"] = document_settings(loaded, None, [], [])
    data["document"]["date"] = day
    data["source"] = _source(root, day, len(errors))
    report_format = ReportFormat.md if fmt is AssessFormat.md else ReportFormat.docx
    content = _render(s, "assessment", report_format, data, root, loaded.config)
    target = output or (Path(f"assessment-{chosen.code}.docx") if fmt is AssessFormat.docx else None)
    emit(s, content, target, force)


def _emit(s: Session, content: bytes, target: Optional[Path], replace: bool) -> None:
    from .report import _emit as emit  # stdout, or a file written whole

    emit(s, content, target, replace)
