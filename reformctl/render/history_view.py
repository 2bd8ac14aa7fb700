"""The ledger's history as text or Markdown: a task's story (`reformctl log`) and the trend."""

from __future__ import annotations

from dataclasses import asdict
from typing import Optional

from ..i18n import t
from ..ops.log import Event, LogEntry, TaskLog
from .textsafe import clause, escape_markdown


def event_line(event: Event, lang: str) -> str:
    """One change in people's words (时限调整, 节点完成, 新增进展, 牵头单位变更, 销号 ...)."""
    fields = {**asdict(event), "reason": clause(event.reason) or "—", "approver": event.approver or "—"}
    if event.kind in ("status", "closed"):
        fields.update(old=t(event.old, lang), new=t(event.new, lang))
    if event.kind == "pilot_moved":
        fields.update(milestone=t(event.milestone, lang))
    return t(f"log_{event.kind}", lang, **fields)


def entry_heading(entry: LogEntry) -> str:
    return f"{entry.day}  {entry.commit}  {entry.author} <{entry.email}>  {entry.subject}"


def log_title(log: TaskLog, lang: str) -> str:
    key = "log_title_milestone" if log.milestone else "log_title"
    return t(key, lang, task=log.task, title=log.title, milestone=log.milestone or "", n=len(log.entries))


def render_log_text(log: TaskLog, lang: str) -> str:
    out = [log_title(log, lang)]
    for entry in log.entries:
        out += ["", entry_heading(entry)] + [f"  {event_line(e, lang)}" for e in entry.events]
    if not log.entries:
        out += ["", t("log_nothing", lang)]
    return "\n".join(out) + "\n"


def render_log_markdown(log: TaskLog, lang: str) -> str:
    out = [f"## {escape_markdown(log_title(log, lang))}"]
    for entry in log.entries:
        out += ["", f"### {escape_markdown(entry_heading(entry))}", ""]
        out += [f"- {escape_markdown(event_line(e, lang))}" for e in entry.events]
    if not log.entries:
        out += ["", t("log_nothing", lang)]
    return "\n".join(out) + "\n"


def rate_text(rate: Optional[float]) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def trend_title(trend, lang: str) -> str:
    unit = f" · {trend.unit}" if trend.unit else ""
    return t("trend_title", lang, office=trend.office, start=trend.start, end=trend.end, unit=unit)


def trend_rows(trend, lang: str) -> tuple[list[str], list[list[str]]]:
    """(column headings, rows) of the trend: the figures looked back on, then as recorded."""
    recorded = trend.recorded
    heads = ["trend_col_period", "trend_col_day", "trend_col_on_time", "trend_col_overdue", "trend_col_finished"]
    if recorded:
        heads += ["trend_col_recorded_on_time", "trend_col_recorded_overdue", "trend_col_recorded_finished",
                  "trend_col_commit"]
    rows = []
    for point in trend.points:
        back = point.looking_back
        row = [point.period, point.day.isoformat(), rate_text(back.on_time_rate), str(back.overdue),
               rate_text(back.finished_rate)]
        if recorded:
            rec = point.recorded
            row += ([rate_text(rec.on_time_rate), str(rec.overdue), rate_text(rec.finished_rate), rec.commit or ""]
                    if rec else ["—", "—", "—", t("trend_no_commit", lang)])
        rows.append(row)
    return [t(head, lang) for head in heads], rows


def render_trend_markdown(trend, lang: str) -> str:
    heads, rows = trend_rows(trend, lang)
    out = [f"## {escape_markdown(trend_title(trend, lang))}", "", "| " + " | ".join(heads) + " |",
           "|" + "---|" * len(heads)]
    out += ["| " + " | ".join(escape_markdown(value) for value in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def trend_table(trend, lang: str):
    """The trend as a rich table (cells as Text: nothing in them is read as markup)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    from .status_view import cell

    heads, rows = trend_rows(trend, lang)
    title = trend_title(trend, lang)
    # as wide as its title, so that the title wraps only where the terminal is narrower than it
    table = Table(title=cell(title), box=box.SIMPLE_HEAD, title_justify="left", min_width=cell_len(title))
    for index, head in enumerate(heads):
        table.add_column(cell(head), justify="left" if index < 2 else "right")
    for row in rows:
        table.add_row(*(cell(value) for value in row))
    return table
