"""`reformctl status` and `reformctl overdue`: the ledger's state on a day, at the terminal."""

from __future__ import annotations

import csv
from collections import Counter
from enum import Enum
from typing import Annotated, Optional

import typer

from ..i18n import t
from .app import app
from .ending import keep_until_exit
from .common import (ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, TableFormat, ViewDayOpt, dump_json, locate_ledger,
                     open_sound_ledger, parse_as_of, refuse_errors, session)

UnitOpt = Annotated[Optional[str], typer.Option("--unit", help="Only what this unit (id) answers for: tasks it leads "
                                                "or co-leads, the milestones it owns on other units' tasks, its "
                                                "findings and notices.")]
LeaderOpt = Annotated[Optional[str], typer.Option("--leader", help="Only tasks this leader (id) leads.")]
ListOpt = Annotated[Optional[str], typer.Option("--list", help="Only tasks on this list (id).")]
LimitOpt = Annotated[int, typer.Option("--limit", min=0, help="Rows per table at most (0: all).")]


class Kind(str, Enum):
    task = "task"
    finding = "finding"
    notice = "notice"


KindOpt = Annotated[Optional[Kind], typer.Option("--kind", help="Only milestones of tasks (task), findings to "
                                                 "rectify (finding, 整改问题) or notices (notice, 督办通知); all when omitted.")]


def _kinds(kind: Optional[Kind]) -> tuple[str, ...]:
    return (kind.value,) if kind else ("task", "finding", "notice")


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

    filters = Filters(unit, leader, list_)
    counted = _counted_by_file(s, ledger, as_of, force, filters) if no_cache else None
    if counted is not None:
        loaded, location, report = counted
    else:  # with a cache: lean tasks; a ledger with errors, forced: the whole ledger
        loaded, _, location, day = open_sound_ledger(s, ledger, as_of, force, no_cache, lean=not no_cache)
        report = compute_status(loaded, day, filters=filters)
    if report.calendar_fallback_years:
        s.err(t("calendar_fallback", s.lang, years=", ".join(map(str, report.calendar_fallback_years))))
    return loaded, location, report


def _counted_by_file(s, ledger_path, as_of, force, filters):
    """(ledger, location, report) of `--no-cache`: the status tallied in the check's pass, file by
    file (reformctl.ops.status_files); a ledger with errors refused (exit 1) unless forced; None
    when the ledger must be read as before (forced with errors, or not readable this way)."""
    from datetime import date

    from ..ops.status_files import status_by_file
    from .replay import files_of

    day = parse_as_of(as_of, s)
    location = locate_ledger(s, ledger_path)
    loaded, found = status_by_file(location.root, today=date.today(), chosen=day, files=files_of(location.root),
                                   filters=filters, meanwhile=_ready_to_print)
    if loaded is not None:
        return loaded, location, found
    refuse_errors(s, found, force)
    return None


def _ready_to_print() -> None:
    """Import what prints the report, while a forked child checks its share of a large ledger."""
    import rich.console  # noqa: F401

    from ..ops import supervision  # noqa: F401
    from ..render import status_view, supervision_view  # noqa: F401


@app.command()
def status(
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, unit: UnitOpt = None, leader: LeaderOpt = None,
    list_: ListOpt = None, limit: LimitOpt = 15, force: ForceOpt = False, lang: LangOpt = None, no_cache: NoCacheOpt = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="table, or json.")] = TableFormat.table,
    kind: KindOpt = None,
) -> None:
    """The ledger's state on a day (台账状态): overdue, due soon, lagging units, stale tasks, findings, notices."""
    from ..ops.supervision import supervision_on
    from .replay import commit_of

    s = session(lang)
    loaded, location, report = _report(s, ledger, as_of, force, unit, leader, list_, no_cache)
    supervision = supervision_on(loaded, report.as_of, unit)
    keep_until_exit(loaded, report, supervision)  # a province's report: freed by the exit, not as this returns
    commit, kinds = commit_of(location.root), _kinds(kind)
    if fmt is TableFormat.json:
        tasks = report.to_dict() if "task" in kinds else {"office": report.office, "as_of": report.as_of}
        s.out(dump_json({"ledger": str(location.root), "commit": commit, **tasks, **supervision.to_dict(kinds),
                         **_planning(loaded, report.as_of)}))
        return
    _print_status(s, loaded, location, report, commit, limit, [f"{k}={v}" for k, v in
                  (("unit", unit), ("leader", leader), ("list", list_), ("kind", kind and kind.value)) if v],
                  "task" in kinds)
    _print_supervision(s, supervision, kinds, limit)
    _print_planning(s, loaded, report.as_of)


def _planning(loaded, as_of) -> dict:
    """对接提醒 and the next meeting's items not ready (nothing when the ledger keeps no plans)."""
    from ..ops.planning import dock_reminders, not_ready

    if not any(loaded.records.get(kind) for kind in ("plans", "upper", "meetings", "agenda")):
        return {}
    meeting, rows = not_ready(loaded, as_of)
    return {"dock_reminders": dock_reminders(loaded, as_of), "next_meeting": {**meeting, "not_ready": rows} if meeting else None}


def _print_planning(s, loaded, as_of) -> None:
    from ..render.status_view import planning_lines

    data = _planning(loaded, as_of)
    if not data:
        return
    meeting = data["next_meeting"]
    lines = planning_lines(data["dock_reminders"], meeting, meeting["not_ready"] if meeting else [], s.lang)
    if lines:
        s.out()
        for line in lines:
            s.out(line)


def _print_status(s, loaded, location, report, commit, limit, filters, task_tables: bool = True) -> None:
    from ..model import WindowUnit  # here, not at the top: `reformctl check` need not build the models
    from ..render.status_view import header_lines, milestones_table, stale_table, units_table

    window_key = "window_workdays" if loaded.config.due_soon_unit is WindowUnit.workdays else "window_days"
    for line in header_lines(report, s.lang, _shown_path(location.root), commit, window_key,
                             loaded.config.due_soon_days, filters):
        s.out(line)
    if not task_tables:
        return
    for table in (units_table(report, s.lang, limit),
                  milestones_table(report.overdue, "overdue_title", s.lang, limit, late=True),
                  milestones_table(report.due_soon, "due_soon_title", s.lang, limit, late=False),
                  stale_table(report, s.lang, limit)):
        if table.row_count:
            s.out()
            s.table(table)


def _print_supervision(s, supervision, kinds: tuple[str, ...], limit: int) -> None:
    """The findings and notices overdue and due soon (nothing when the ledger has none)."""
    from ..ops.supervision import in_state, most_late_first, soonest_first
    from ..render.supervision_view import items_table

    if not (supervision.findings or supervision.notices) or kinds == ("task",):
        return
    s.out()
    s.out(t("supervision_line", s.lang, **supervision.summary()))
    for kind, rows in (("finding", supervision.findings), ("notice", supervision.notices)):
        if kind not in kinds:
            continue
        for late, chosen in ((True, most_late_first(in_state(rows, "overdue"))),
                             (False, soonest_first(in_state(rows, "due_soon")))):
            if chosen:
                s.out()
                s.table(items_table(chosen, kind, late, s.lang, limit))


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
    fmt: Annotated[OverdueFormat, typer.Option("--format", "-f", help="table, json or csv (csv: one kind, the "
                                                "milestones unless --kind finding or notice).")] = OverdueFormat.table,
    kind: KindOpt = None,
) -> None:
    """What is overdue alone (逾期事项): milestones, findings (整改) and notices (督办), most late first."""
    from ..ops.supervision import in_state, most_late_first, supervision_on

    s = session(lang)
    loaded, _, report = _report(s, ledger, as_of, force, unit, leader, list_, no_cache)
    group = _GROUP_KEYS[by] if by else None
    rows = _grouped(report.overdue, group) if group else report.overdue
    kinds, supervision = _kinds(kind), supervision_on(loaded, report.as_of, unit)
    late = {"finding": most_late_first(in_state(supervision.findings, "overdue")),
            "notice": most_late_first(in_state(supervision.notices, "overdue"))}
    if fmt is not OverdueFormat.table:
        _overdue_data(s, fmt, report.as_of, rows, late, kinds)
        return
    shown = [k for k in kinds if (rows if k == "task" else late[k])]
    if not shown:
        s.out(t("nothing_overdue", s.lang, as_of=report.as_of) if kind in (None, Kind.task) else
              t("nothing_overdue_kind", s.lang, what=t(f"what_{kind.value}", s.lang), as_of=report.as_of))
    for position, what in enumerate(shown):
        if position:
            s.out()
        if what == "task":
            _print_overdue(s, rows, group)
        else:
            s.table(_items_table(late[what], what, s.lang))


def _items_table(rows, kind: str, lang: str):
    from ..render.supervision_view import items_table

    return items_table(rows, kind, True, lang, 0)


def _overdue_data(s, fmt, as_of, rows, late: dict, kinds: tuple[str, ...]) -> None:
    """`overdue` as JSON (each kind asked for) or CSV (the one kind asked for, else the milestones)."""
    from dataclasses import asdict

    if fmt is OverdueFormat.json:
        data = {"as_of": as_of}
        if "task" in kinds:
            data["overdue"] = [asdict(r) for r in rows]
        data.update({f"{k}s": [asdict(r) for r in late[k]] for k in ("finding", "notice") if k in kinds})
        s.out(dump_json(data))
    elif kinds == ("finding",) or kinds == ("notice",):
        _write_csv(s, [asdict(r) for r in late[kinds[0]]], _ITEM_FIELDS)
    else:
        _write_csv(s, [asdict(r) for r in rows])


_ITEM_FIELDS = ["kind", "id", "source", "text", "unit_id", "unit", "due", "days", "workdays", "postponed", "severity",
                "task_id"]


_MILESTONE_FIELDS = ["task_id", "task_title", "milestone_id", "what", "due", "unit_id", "unit", "leader",
                     "days", "workdays", "postponed", "latest_progress_date", "latest_progress", "problem"]


def _write_csv(s, rows: list[dict], fields: list[str] = _MILESTONE_FIELDS) -> None:
    """The rows as CSV; a cell a spreadsheet would read as a formula starts with ' (csv_cell)."""
    import io

    from ..render.textsafe import csv_cell

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
