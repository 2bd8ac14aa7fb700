"""`reformctl export xlsx`: the ledger as the office's Excel 台账 (总表, one sheet per list, 说明)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import t
from .app import app
from .common import (ForceOpt, LangOpt, LedgerOpt, Session, ViewDayOpt, locate_ledger, open_sound_ledger, parse_as_of,
                     refuse_unsound, session, write_file)

export_app = typer.Typer(
    help="Export the ledger for people who work in spreadsheets (导出台账): export xlsx.",
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(export_app, name="export")

ListOpt = Annotated[Optional[str], typer.Option(
    "--list", metavar="LIST", show_default=False, help="Only the tasks of this list (its id in reformctl.yaml).")]
UnitOpt = Annotated[Optional[str], typer.Option(
    "--unit", metavar="UNIT", show_default=False, help="Only the tasks this unit leads or co-leads (its id).")]


@export_app.command("xlsx")
def export_xlsx(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", show_default=False,
                      help="The file to write. Default: 台账-YYYY-MM-DD.xlsx (the as-of day) here.")] = None,
    as_of: ViewDayOpt = None, list_id: ListOpt = None, unit: UnitOpt = None,
    ledger: LedgerOpt = None, force: ForceOpt = False, lang: LangOpt = None,
) -> None:
    """Write the ledger as an Excel 台账 (导出 Excel 台账): 总表 and one sheet per list, one row per
    milestone, lights as fills, ready to print on A3; the same ledger and day give the same bytes."""
    from ..gitinfo import head_commit
    from ..ops.status import Filters
    from ..render.xlsx_ledger import export_ledger

    s = session(lang)
    loaded, _errors, location, day = open_sound_ledger(s, ledger, as_of, force, lean=True)
    check_filters(s, loaded, list_id, unit)
    result = export_ledger(loaded, day, head_commit(location.root), Filters(unit=unit, list=list_id))
    target = output or Path(f"台账-{day.isoformat()}.xlsx")
    write_whole(s, target, result.content, force)
    s.err(t("xlsx_written", s.lang, path=target, tasks=result.tasks, rows=result.rows, sheets="、".join(result.sheets)))


def open_checked_ledger(s: Session, ledger_path: Optional[Path], as_of: Optional[str], force: bool,
                        only_tasks: Optional[frozenset] = None):
    """open_sound_ledger for the spreadsheet commands: the same refusal of a ledger with errors
    (unless `force`), its problems found by `reformctl check`'s way (file by file, with the cache:
    on a ledger checked before, only changed files are checked again; the same problems as a
    whole load finds, tests/test_incremental.py), then the ledger built without checking it again
    (with `only_tasks`, only those tasks: load_ledger). Returns (ledger, errors, location, as-of day)."""
    from datetime import date

    from ..pipeline.incremental import check_ledger
    from ..pipeline.ledger import load_ledger
    from ..timeline import now

    day = parse_as_of(as_of, s)
    location = locate_ledger(s, ledger_path)
    _summary, problems = check_ledger(location.root, today=date.today())
    errors = [p for p in problems if p.severity == "error"]
    loaded, _unchecked = load_ledger(location.root, today=date.today(), run_checks=False, only_tasks=only_tasks)
    refuse_unsound(s, loaded, errors, force)
    return loaded, errors, location, now(loaded.config, date.today(), day)


def check_filters(s: Session, loaded, list_id: Optional[str], unit: Optional[str]) -> None:
    lists = [item.id for item in loaded.config.lists]
    if list_id is not None and list_id not in lists:
        raise s.fail("xlsx_unknown_list", value=list_id, choices=", ".join(lists))
    if unit is not None and unit not in loaded.units:
        raise s.fail("xlsx_unknown_unit", value=unit)


def write_whole(s: Session, target: Path, content: bytes, replace: bool, sync_folder: bool = True) -> None:
    """Write a file whole, only as a regular file, an existing one kept unless `replace` (write_file)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise s.fail("cannot_write", path=target, detail=err.strerror or str(err)) from None
    write_file(s, target, content, replace, sync_folder)
