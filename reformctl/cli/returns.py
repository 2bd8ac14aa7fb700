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
from .common import ForceOpt, LangOpt, LedgerOpt, Session, ViewDayOpt, session

returns_app = typer.Typer(
    help="The units' monthly progress returns (进展报送表): make them from the ledger, import them back.",
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(returns_app, name="returns")

PARALLEL_ROWS = 2000  # rows in all from which returns are made on two processes (below, a fork costs more)
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
    from ..load.parallel import split_work
    from ..ops.returns import reporting_units, rows_by_unit
    from ..render.xlsx_returns import make_return
    from .common import open_sound_ledger, sync_folder
    from .export import write_whole

    s = session(lang)
    loaded, _errors, location, day = open_sound_ledger(s, ledger, as_of, force, lean=True)
    month = month_or_fail(s, period)
    units = unit or reporting_units(loaded, day)
    for name in units:
        if name not in loaded.units:
            raise s.fail("xlsx_unknown_unit", value=name)
    if not units:
        raise s.fail("returns_none", 1, period=month.code)
    commit = head_commit(location.root)
    rows = rows_by_unit(loaded, units, month, day)
    # the workbooks on both cores when there are many rows (a fork where the command line allows it)
    made = split_work({name: len(rows[name]) + 10 for name in dict.fromkeys(units)},
                      lambda name: make_return(loaded, name, month, day, commit, rows[name])[0],
                      threshold=PARALLEL_ROWS)
    for name in units:  # a unit may have filled it in: replaced only with --force
        write_whole(s, output / f"{name}-{month.code}.xlsx", made[name], force, sync_folder=False)
    sync_folder(output)  # once for all the files, each synced itself (a hundred folder syncs cost a second)
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
    from ..sources.returns import check_return, open_return
    from .export import open_checked_ledger

    s = session(lang)
    opened = [open_return(path, str(path)) for path in files]
    needed = frozenset(task for item in opened for task in item.tasks_needed())  # only these are built
    loaded, _errors, location, _day = open_checked_ledger(s, ledger, None, False, only_tasks=needed)
    month = month_or_fail(s, period) if period else None
    now = loaded.config.as_of or date.today()
    read = [check_return(item, loaded, now, month) for item in opened]
    problems = [problem for result in read for problem in result.problems]
    taken = [result for result in read if not result.refused_whole and (partial or not result.problems)]
    refused, counts, changed = _write(location.root, taken, dry_run, partial)
    problems = sorted(problems + refused, key=_cell_order)
    _report(s, fmt, problems, location.root, partial)
    if taken or not problems:
        _say_written(s, counts["files"], counts, dry_run)
    if commit and changed and not dry_run:
        _commit(s, location.root, changed, counts)
    raise typer.Exit(1 if has_errors(problems) else 0)


def _cell_order(problem) -> tuple:
    """File by file, then row by row: F9 before F12."""
    import re

    name, _, cell = problem.file.partition("!")
    match = re.match(r"([A-Z]+)(\d+)$", cell)
    return (name, int(match.group(2)) if match else 0, match.group(1) if match else "", problem.code)


def _write(root: Path, taken: list, dry_run: bool, partial: bool) -> tuple[list, dict, list]:
    """Write every taken row through reformctl.edit, all returns in one batch (each task file
    written once, the ledger checked once); a refused write becomes a problem at its cell, and
    without --partial the rest of its return is left out. Returns (problems, counts of writes by
    kind, files changed)."""
    from .. import edit

    today = date.today()
    planned = [write for index, result in enumerate(taken) for write in _planned(index, result)]
    group = None if partial else (lambda write: write.tag[0])
    try:
        batches = [edit.edit_many(root, planned, today=today, dry_run=dry_run, group=group)]
    except edit.EditRefused as refused:
        if refused.key != "would_break":
            return [_refusal(write, refused) for write in planned], {"progress": 0, "done": 0, "files": 0}, []
        batches = _return_by_return(root, taken, today, dry_run, group)  # which return breaks the ledger
    problems, counts, changed = [], {"progress": 0, "done": 0}, set()
    for batch in batches:
        problems += [_refusal(write, refused) for write, refused in batch.refused]
        for write, _outcome in batch.done:
            counts[write.tag[1]] += 1
        changed.update(batch.files)
    refused_returns = {problem_write.tag[0] for batch in batches for problem_write, _ in batch.refused}
    counts["files"] = len(taken) - (0 if partial else len(refused_returns))
    return problems, counts, sorted(changed)


def _return_by_return(root: Path, taken: list, today: date, dry_run: bool, group) -> list:
    """The batch again, one return at a time: a return whose rows would add an error to the
    ledger is refused at its first row, the others are written."""
    from .. import edit

    batches = []
    for index, result in enumerate(taken):
        planned = _planned(index, result)
        try:
            batches.append(edit.edit_many(root, planned, today=today, dry_run=dry_run, group=group))
        except edit.EditRefused as refused:
            batches.append(edit.Batch(refused=[(planned[0], refused)] if planned else []))
    return batches


def _planned(index: int, result) -> list:
    """A return's writes: its completions, then its progress entries; each tagged with the
    return's index, the kind of write and the cell it came from."""
    from .. import edit

    where = lambda item: item.cell if "!" in item.cell else f"{result.where}!{item.cell}"  # noqa: E731
    writes = [edit.Planned(c.task_id, edit.completion_mutation(c.task_id, c.milestone_id, day=c.day,
                                                               evidence=list(c.evidence)), (index, "done", where(c)))
              for c in result.completions]
    writes += [edit.Planned(r.task_id, edit.progress_mutation(r.task_id, r.text, by=r.by, problem=r.problem,
                                                              coordination=r.coordination, evidence=list(r.evidence),
                                                              day=r.day), (index, "progress", where(r)))
               for r in result.reports]
    return writes


def _refusal(write, refused):
    from ..problems import Problem

    return Problem("R814", write.tag[2], params={"detail": refused.message("en"), "detail_zh": refused.message("zh")})


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
