"""The status report as rich tables (CJK text aligns: rich measures cells by display width).

Every cell is a rich `Text` made with `cell()`, never a string: rich would read a string's
`[...]` as markup (a title `closing [/nope] tag` would stop the command, `[x]` would vanish,
`[link=…]` would become a hyperlink), and control characters are made visible first.
"""

from __future__ import annotations

from typing import Iterable, Optional

from rich import box
from rich.table import Table
from rich.text import Text

from ..i18n import t
from ..ops.status import MilestoneRow, StatusReport
from .textsafe import visible


def cell(text: str) -> Text:
    """Ledger (or any) text for a table: shown as written, markup and control characters inert."""
    return Text(visible(text))


def percent(rate: Optional[float]) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def header_lines(report: StatusReport, lang: str, ledger: str, commit: Optional[str], window_key: str,
                 window_n: int, filters: list[str]) -> list[str]:
    lines = [
        t("status_title", lang, office=report.office, as_of=report.as_of),
        t("status_source", lang, ledger=ledger, commit=commit or t("not_in_git", lang),
          window=t(window_key, lang, n=window_n), end=report.window_end),
    ]
    if filters:
        lines.append(t("filters_line", lang, parts=", ".join(filters)))
    status_parts = " · ".join(f"{t(k, lang)} {n}" for k, n in report.by_status.items() if n)
    light_parts = " · ".join(f"{t(k, lang)} {n}" for k, n in report.by_light.items())
    lines.append("")
    if report.span:
        first, last = report.span.split("-")
        lines.append(t("span_line", lang, first=first, last=last))
    lines += [
        t("tasks_line", lang, total=report.tasks, parts=status_parts or t("none", lang)),
        t("lights_line", lang, parts=light_parts),
        t("completion_line", lang, tasks_rate=percent(report.task_completion_rate), finished=report.finished,
          tasks=report.tasks, milestones_rate=percent(report.milestone_completion_rate), done=report.done_so_far,
          due=report.due_so_far),
        t("on_time_line", lang, rate=percent(report.on_time_rate), on_time=report.on_time, due=report.due_so_far),
    ]
    return lines


def units_table(report: StatusReport, lang: str, limit: int) -> Table:
    table = _table(t("units_title", lang), lang, ["col_unit", "col_tasks", "col_overdue", "col_due_soon", "col_on_time"])
    for row in _limited(report.units, limit, table, lang, 5, "more_units"):
        table.add_row(cell(row.unit_short or row.unit), cell(str(row.tasks)), _count(row.overdue, "red"),
                      _count(row.due_soon, "yellow"), cell(percent(row.on_time_rate)))
    return table


def milestones_table(rows: list[MilestoneRow], title_key: str, lang: str, limit: int, late: bool) -> Table:
    days_key = "col_late" if late else "col_left"
    table = _table(t(title_key, lang), lang, ["col_task", "col_milestone", "col_unit", "col_due", days_key])
    for row in _limited(rows, limit, table, lang, 5, "more_milestones"):
        due = f"{row.due}{t('postponed', lang) if row.postponed else ''}"
        table.add_row(cell(f"{row.task_id} {row.task_title}"), cell(row.what), cell(row.unit_short or row.unit), cell(due),
                      cell(t("days_fmt", lang, days=row.days, workdays=row.workdays)))
    return table


def stale_table(report: StatusReport, lang: str, limit: int) -> Table:
    table = _table(t("stale_title", lang), lang, ["col_task", "col_unit", "col_last", "col_days"])
    for row in _limited(report.stale, limit, table, lang, 4, "more_tasks"):
        table.add_row(cell(f"{row.task_id} {row.task_title}"), cell(row.unit),
                      cell(str(row.last_progress) if row.last_progress else "—"), cell(str(row.days)))
    return table


def _count(value: int, colour: str) -> Text:
    """A count, coloured on a terminal when it is not zero (plain text when piped)."""
    return Text(str(value), style=colour if value else "")


def _table(title: str, lang: str, column_keys: list[str]) -> Table:
    table = Table(title=cell(title), title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for index, key in enumerate(column_keys):
        numeric = key in ("col_tasks", "col_overdue", "col_due_soon", "col_on_time", "col_days")
        table.add_column(cell(t(key, lang)), justify="right" if numeric else "left", overflow="fold")
    return table


def _limited(rows: list, limit: int, table: Table, lang: str, width: int, more_key: str) -> Iterable:
    """The first `limit` rows, then a row saying how many more there are (……另有33个单位)."""
    yield from rows[:limit] if limit > 0 else rows
    hidden = len(rows) - limit if limit > 0 else 0
    if hidden > 0:
        table.add_row(cell(t(more_key, lang, n=hidden)), *[""] * (width - 1))


def planning_lines(docking: list[dict], meeting: Optional[dict], not_ready: list[dict], lang: str) -> list[str]:
    """对接提醒 (upper documents past their docking deadline) and the next meeting's items not ready."""
    lines = []
    if docking:
        lines.append(t("dock_line", lang, n=len(docking)))
        lines += [t("dock_row", lang, doc=row["doc"], title=row["title"], unit=row["unit"] or "—",
                    dock_by=row["dock_by"], days=row["days"]) for row in docking]
    if meeting:
        lines.append(t("meeting_line", lang, id=meeting["id"], kind=meeting["kind"], date=meeting["date"],
                       n=len(not_ready)))
        lines += [t("not_ready_row", lang, title=row["title"], unit=row["unit"] or "—",
                    steps=", ".join(row["missing"]), steps_zh="、".join(row["missing_zh"])) for row in not_ready]
    return lines
