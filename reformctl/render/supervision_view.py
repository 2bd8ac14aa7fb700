"""Findings and notices as rich tables, beside the status tables (status_view)."""

from __future__ import annotations

from rich.table import Table

from ..i18n import t
from ..ops.supervision import ItemRow
from .status_view import _limited, _table, cell


def items_table(rows: list[ItemRow], kind: str, late: bool, lang: str, limit: int) -> Table:
    """Overdue (late=True) or due-soon findings or notices: what, the unit, the deadline, the days."""
    title = f"{'findings' if kind == 'finding' else 'notices'}_{'overdue' if late else 'due_soon'}_title"
    first = "col_finding" if kind == "finding" else "col_notice"
    due_key = "col_due" if kind == "finding" else "col_reply_by"
    table = _table(t(title, lang), lang, [first, "col_unit", due_key, "col_late" if late else "col_left"])
    for row in _limited(rows, limit, table, lang, 4, "more_findings" if kind == "finding" else "more_notices"):
        due = f"{row.due}{t('postponed', lang) if row.postponed else ''}"
        table.add_row(cell(f"{row.id} {row.text}"), cell(row.unit_short or row.unit), cell(due),
                      cell(t("days_fmt", lang, days=row.days, workdays=row.workdays)))
    return table
