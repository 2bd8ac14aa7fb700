"""`reformctl returns make|import`: the month's 进展报送表 — one per unit out, progress and completions in."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..i18n import t
from ..problems import has_errors
from .app import app
from .common import ForceOpt, LangOpt, LedgerOpt, Session, ViewDayOpt, open_sound_ledger, session

returns_app = typer.Typer(
    help="The units' monthly progress returns (进展报送表): make them from the ledger, import them back.",
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(returns_app, name="returns")

PeriodOpt = Annotated[str, typer.Option("--period", "-p", metavar="YYYY-MM", help="The month reported on, e.g. 2026-09.")]


@returns_app.command("make")
def returns_make(
    period: PeriodOpt,
    unit: Annotated[Optional[List[str]], typer.Option("--unit", "-u", metavar="UNIT", show_default=False,
                    help="A unit to make a return for (repeatable). Default: every unit that leads or co-leads "
                         "an active task.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR",
                      help="The folder to write the returns to, one UNIT-YYYY-MM.xlsx each.")] = Path("returns"),
    as_of: ViewDayOpt = None, ledger: LedgerOpt = None, force: ForceOpt = False, lang: LangOpt = None,
) -> None:
    """Make one 进展报送表 per unit for a month (生成进展报送表): its tasks and open milestones,
    locked office columns, a dated 完成日期, and what the import checks it against."""
    from ..gitinfo import head_commit
    from ..ops.returns import reporting_units
    from ..render.xlsx_returns import make_return
    from .export import write_whole

    s = session(lang)
    loaded, _errors, location, day = open_sound_ledger(s, ledger, as_of, force)
    month = month_or_fail(s, period)
    units = unit or reporting_units(loaded, day)
    for name in units:
        if name not in loaded.units:
            raise s.fail("xlsx_unknown_unit", value=name)
    if not units:
        raise s.fail("returns_none", 1, period=month.code)
    commit = head_commit(location.root)
    for name in units:
        content, _rows = make_return(loaded, name, month, day, commit)
        write_whole(s, output / f"{name}-{month.code}.xlsx", content, force)  # a unit may have filled it in
    s.err(t("returns_written", s.lang, count=len(units), period=month.code, path=output))


def month_or_fail(s: Session, period: str):
    from ..ops.returns import parse_month

    month = parse_month(period)
    if month is None:
        raise s.fail("returns_bad_period", value=period)
    return month


class ImportFormat(str, Enum):
    text = "text"
    json = "json"


@returns_app.command("import")
def returns_import(
    files: Annotated[List[Path], typer.Argument(metavar="FILE...", help="The returned .xlsx files.")],
    period: Annotated[Optional[str], typer.Option("--period", "-p", metavar="YYYY-MM", show_default=False,
                      help="Refuse returns for any other month. Default: the month in each file's name.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count, write nothing.")] = False,
    commit: Annotated[bool, typer.Option("--commit", help="Commit the changed task files with git, one commit.")] = False,
    partial: Annotated[bool, typer.Option("--partial", help="Take the clean rows of a file with problems "
                                                           "(the problems are listed; exit 1).")] = False,
    fmt: Annotated[ImportFormat, typer.Option("--format", "-f", help="text or json, as `check` writes them.")]
        = ImportFormat.text,
    ledger: LedgerOpt = None, lang: LangOpt = None,
) -> None:
    """Import returned 进展报送表 (导入进展报送表): every cell that cannot be taken is a problem, as
    `check` reports them; progress and completions are written through the ledger's edit functions."""
    from ..sources.returns import read_return

    s = session(lang)
    loaded, _errors, location, _day = open_sound_ledger(s, ledger, None, False)
    month = month_or_fail(s, period) if period else None
    now = loaded.config.as_of or date.today()
    read = [read_return(path, str(path), loaded, now, month) for path in files]
    problems = [problem for result in read for problem in result.problems]
    taken = [result for result in read if not result.refused_whole and (partial or not result.problems)]
    refused, counts, changed = _write(location.root, taken, dry_run)
    problems = sorted(problems + refused, key=_cell_order)
    _report(s, fmt, problems, location.root, partial)
    if taken or not problems:
        _say_written(s, len(taken), counts, dry_run)
    if commit and changed and not dry_run:
        _commit(s, location.root, changed, counts)
    raise typer.Exit(1 if has_errors(problems) else 0)


def _cell_order(problem) -> tuple:
    """File by file, then row by row: F9 before F12."""
    import re

    name, _, cell = problem.file.partition("!")
    match = re.match(r"([A-Z]+)(\d+)$", cell)
    return (name, int(match.group(2)) if match else 0, match.group(1) if match else "", problem.code)


def _write(root: Path, taken: list, dry_run: bool) -> tuple[list, dict, list]:
    """Write every taken row through reformctl.edit; a refused write becomes a problem at its cell.
    Returns (problems, counts of writes by kind, files changed)."""
    from .. import edit
    from ..problems import Problem

    problems, changed, counts = [], [], {"progress": 0, "done": 0}
    today = date.today()
    for result in taken:
        writes = [("done", c, lambda c=c: edit.complete_milestone(root, c.task_id, c.milestone_id, day=c.day,
                   evidence=list(c.evidence), today=today, dry_run=dry_run)) for c in result.completions]
        writes += [("progress", r, lambda r=r: edit.add_progress(
            root, r.task_id, r.text, by=r.by, problem=r.problem, coordination=r.coordination,
            evidence=list(r.evidence), day=r.day, today=today, dry_run=dry_run)) for r in result.reports]
        for kind, item, action in writes:
            try:
                change = action()
            except edit.EditRefused as refused:
                where = item.cell if "!" in item.cell else f"{result.where}!{item.cell}"
                problems.append(Problem("R814", where, params={"detail": refused.message("en"),
                                                               "detail_zh": refused.message("zh")}))
                continue
            counts[kind] += 1
            changed.append(change.file)
    return problems, counts, sorted(set(changed))


def _commit(s: Session, root: Path, changed: list, counts: dict) -> None:
    from .. import edit

    message = f"导入进展报送表：{counts['progress']} 条进展、{counts['done']} 个节点完成"
    try:
        edit.commit_files(root, changed, message)
    except edit.EditRefused as refused:
        raise s.fail("cannot_write", path=root, detail=refused.message(s.lang)) from None
    s.err(t("returns_committed", s.lang, message=message))


def _say_written(s: Session, files: int, counts: dict, dry_run: bool) -> None:
    if dry_run:
        s.err(t("returns_dry", s.lang, progress=counts["progress"], done=counts["done"]))
    else:
        s.err(t("returns_imported", s.lang, files=files, progress=counts["progress"], done=counts["done"], skipped=""))


def _report(s: Session, fmt: ImportFormat, problems: list, root: Path, partial: bool) -> None:
    """The problems as `check` writes them: text lines (or JSON) on stdout."""
    if fmt is ImportFormat.json:
        from ..render.ci_formats import render_json

        sys.stdout.write(render_json(problems, s.lang, str(root)))
        return
    for problem in problems:
        s.out(problem.format(s.lang))
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        s.err(t("returns_partial" if partial else "returns_refused", s.lang, errors=errors))
