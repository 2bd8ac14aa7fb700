"""`reformctl status` and `reformctl overdue`: the ledger's state on a day, at the terminal."""

from __future__ import annotations

import csv
from collections import Counter
from enum import Enum
from typing import Annotated, Optional

import typer

from ..i18n import t
from .app import app
from .common import (ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, TableFormat, ViewDayOpt, dump_json, open_sound_ledger,
                     session)

UnitOpt = Annotated[Optional[str], typer.Option("--unit", help="Only tasks this unit (id) leads or co-leads.")]
LeaderOpt = Annotated[Optional[str], typer.Option("--leader", help="Only tasks this leader (id) leads.")]
ListOpt = Annotated[Optional[str], typer.Option("--list", help="Only tasks on this list (id).")]
LimitOpt = Annotated[int, typer.Option("--limit", min=0, help="Rows per table at most (0: all).")]


class GroupBy(str, Enum):
    unit = "unit"
    leader = "leader"


class OverdueFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _report(s, ledger, as_of, force, unit, leader, list_, no_cache=False):
    """Load, refuse a broken ledger unless forced, and compute the status."""
    from ..ops.status import Filters, compute_status

    loaded, _, location, day = open_sound_ledger(s, ledger, as_of, force, no_cache)
    report = compute_status(loaded, day, filters=Filters(unit, leader, list_))
    if report.calendar_fallback_years:
        s.err(t("calendar_fallback", s.lang, years=", ".join(map(str, report.calendar_fallback_years))))
    return loaded, location, report


@app.command()
def status(
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, unit: UnitOpt = None, leader: LeaderOpt = None,
    list_: ListOpt = None, limit: LimitOpt = 15, force: ForceOpt = False, lang: LangOpt = None, no_cache: NoCacheOpt = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="table, or json.")] = TableFormat.table,
) -> None:
    """The ledger's state on a day (台账状态): overdue, due soon, lagging units, stale tasks."""
    from .replay import commit_of

    s = session(lang)
    loaded, location, report = _report(s, ledger, as_of, force, unit, leader, list_, no_cache)
    commit = commit_of(location.root)
    if fmt is TableFormat.json:
        s.out(dump_json({"ledger": str(location.root), "commit": commit, **report.to_dict()}))
        return
    _print_status(s, loaded, location, report, commit, limit, [f"{k}={v}" for k, v in
                  (("unit", unit), ("leader", leader), ("list", list_)) if v])


def _print_status(s, loaded, location, report, commit, limit, filters) -> None:
    from ..model import WindowUnit  # here, not at the top: `reformctl check` need not build the models
    from ..render.status_view import header_lines, milestones_table, stale_table, units_table

    window_key = "window_workdays" if loaded.config.due_soon_unit is WindowUnit.workdays else "window_days"
    for line in header_lines(report, s.lang, _shown_path(location.root), commit, window_key,
                             loaded.config.due_soon_days, filters):
        s.out(line)
    for table in (units_table(report, s.lang, limit),
                  milestones_table(report.overdue, "overdue_title", s.lang, limit, late=True),
                  milestones_table(report.due_soon, "due_soon_title", s.lang, limit, late=False),
                  stale_table(report, s.lang, limit)):
        if table.row_count:
            s.out()
            s.table(table)


def _shown_path(root) -> str:
    from pathlib import Path

    try:
        return str(root.relative_to(Path.cwd()))
    except ValueError:
        return str(root)


@app.command()
def overdue(
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, unit: UnitOpt = None, leader: LeaderOpt = None,
    list_: ListOpt = None, force: ForceOpt = False, lang: LangOpt = None, no_cache: NoCacheOpt = False,
    by: Annotated[Optional[GroupBy], typer.Option(
        "--by", help="Group by the unit charged (a milestone's owner, else the lead unit) or by lead leader.")] = None,
    fmt: Annotated[OverdueFormat, typer.Option("--format", "-f", help="table, json or csv.")] = OverdueFormat.table,
) -> None:
    """The overdue milestones alone (逾期节点), most late first."""
    from dataclasses import asdict

    s = session(lang)
    _, _, report = _report(s, ledger, as_of, force, unit, leader, list_, no_cache)
    group = _GROUP_KEYS[by] if by else None
    rows = _grouped(report.overdue, group) if group else report.overdue
    if fmt is OverdueFormat.json:
        s.out(dump_json({"as_of": report.as_of, "overdue": [asdict(r) for r in rows]}))
    elif fmt is OverdueFormat.csv:
        _write_csv(s, [asdict(r) for r in rows])
    elif not rows:
        s.out(t("nothing_overdue", s.lang, as_of=report.as_of))
    else:
        _print_overdue(s, rows, group)


def _write_csv(s, rows: list[dict]) -> None:
    """The rows as CSV; a cell a spreadsheet would read as a formula starts with ' (csv_cell)."""
    import io

    from ..render.textsafe import csv_cell

    fields = ["task_id", "task_title", "milestone_id", "what", "due", "unit_id", "unit", "leader",
              "days", "workdays", "postponed", "latest_progress_date", "latest_progress", "problem"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    s.out(buffer.getvalue().rstrip("\n"))


# How `--by` groups overdue rows; the key is also the group's title.
_GROUP_KEYS = {GroupBy.unit: lambda row: row.unit, GroupBy.leader: lambda row: row.leader or "—"}


def _grouped(rows: list, group_key) -> list:
    """Rows by group, the group with most overdue milestones first; within it, most late first."""
    sizes = Counter(group_key(row) for row in rows)
    return sorted(rows, key=lambda r: (-sizes[group_key(r)], group_key(r), -r.days))


def _print_overdue(s, rows, group_key) -> None:
    from ..render.status_view import cell, milestones_table

    if group_key is None:
        s.table(milestones_table(rows, "overdue_title", s.lang, 0, late=True))
        return
    for key in dict.fromkeys(group_key(r) for r in rows):
        group = [r for r in rows if group_key(r) == key]
        table = milestones_table(group, "overdue_title", s.lang, 0, late=True)
        table.title = cell(f"{key} ({len(group)})")
        s.table(table)
