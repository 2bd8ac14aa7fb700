"""The charts of `reformctl site`, written as SVG by Python: no chart library, nothing fetched.

Every text that comes from the ledger passes through textsafe.html_text. No `style` attribute
is written (the pages' Content-Security-Policy allows no inline style): colours are classes of
site.css. Each chart is an <svg role="img"> with a <title> and an aria-label, and the page shows
its figures as a table besides, for those who cannot see it. Numbers are rounded to one decimal
place so that the bytes are the same on every machine.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Optional, Sequence

from .textsafe import html_text


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(width: int, height: int, label: str, css: str) -> list[str]:
    safe = html_text(label)
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{safe}">', f"<title>{safe}</title>"]


def bar_chart(rows: Sequence[dict], label: str, value_key: str = "rate") -> str:
    """Horizontal bars, one per row ({name, rate 0..1 or None, note}), best first as given."""
    left, width, bar_height, gap = 170, 520, 18, 8
    height = 16 + len(rows) * (bar_height + gap)
    out = _open(left + width + 140, height, label, "bars")
    for index, row in enumerate(rows):
        y = 8 + index * (bar_height + gap)
        value = row.get(value_key)
        length = 0.0 if value is None else max(0.0, min(1.0, value)) * width
        name = html_text(row["name"])
        out.append(f'<text class="label" x="{left - 8}" y="{y + 13}" text-anchor="end">{name}</text>')
        out.append(f'<rect class="bar {row.get("css", "")}" x="{left}" y="{y}" width="{_n(length)}" '
                   f'height="{bar_height}"><title>{name}: {html_text(row.get("note", ""))}</title></rect>')
        out.append(f'<text class="value" x="{_n(left + length + 6)}" y="{y + 13}">{html_text(row.get("note", ""))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[Optional[float]]]], label: str) -> str:
    """Shares (0..1) over periods: one polyline per series (name, css class, values; None: no point)."""
    left, top, width, height = 48, 12, 640, 200
    step = width / max(1, len(labels) - 1)
    out = _open(left + width + 40, top + height + 70, label, "lines")
    for tick in range(0, 101, 25):
        y = top + height - tick / 100 * height
        out.append(f'<line class="grid" x1="{left}" y1="{_n(y)}" x2="{left + width}" y2="{_n(y)}"/>')
        out.append(f'<text class="axis" x="{left - 6}" y="{_n(y + 4)}" text-anchor="end">{tick}%</text>')
    for index, name in enumerate(labels):
        x = left + index * step
        out.append(f'<text class="axis" x="{_n(x)}" y="{top + height + 18}" text-anchor="middle">{html_text(name)}</text>')
    for series_index, (name, css, values) in enumerate(series):
        points = [(left + i * step, top + height - v * height, v, labels[i]) for i, v in enumerate(values) if v is not None]
        if points:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y, _, _ in points)
            out.append(f'<polyline class="series {css}" fill="none" points="{path}"/>')
            out += [f'<circle class="dot {css}" cx="{_n(x)}" cy="{_n(y)}" r="3.5"><title>{html_text(name)} '
                    f'{html_text(period)}: {_n(v * 100)}%</title></circle>' for x, y, v, period in points]
        legend_y = top + height + 40 + series_index * 16
        out.append(f'<line class="series {css}" x1="{left}" y1="{legend_y - 4}" x2="{left + 24}" y2="{legend_y - 4}"/>')
        out.append(f'<text class="legend" x="{left + 30}" y="{legend_y}">{html_text(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def timetable_chart(rows: Sequence[dict], start: date, end: date, as_of: date, label: str, words: dict) -> str:
    """A Gantt-like timetable: per milestone its first due date (hollow), each approved move (a
    dashed arrow, its approval in the tooltip), its current due date (filled) and its done date."""
    left, width, row_height = 190, 600, 34
    days = max(1, (end - start).days)
    x_of = lambda day: left + (min(max(day, start), end) - start).days / days * width  # noqa: E731
    out = _open(left + width + 20, 30 + len(rows) * row_height + 10, label, "timetable")
    out += _axis(start, end, as_of, 28 + len(rows) * row_height, words["month_suffix"], words["as_of"])
    for index, row in enumerate(rows):
        out += _timetable_row(row, 30 + index * row_height, left, x_of, words)
    out.append("</svg>")
    return "\n".join(out)


@lru_cache(maxsize=64)
def _axis(start: date, end: date, as_of: date, bottom: int, month_suffix: str, as_of_word: str) -> tuple[str, ...]:
    """The months' grid and the as-of line of a timetable: the same for most tasks of a ledger
    (the year, the day looked at, two to five milestones), so made once for each."""
    left, width = 190, 600
    days = max(1, (end - start).days)
    x_of = lambda day: left + (min(max(day, start), end) - start).days / days * width  # noqa: E731
    out = []
    month = date(start.year, start.month, 1)
    while month <= end:
        x = x_of(month)
        out.append(f'<line class="grid" x1="{_n(x)}" y1="18" x2="{_n(x)}" y2="{bottom}"/>')
        out.append(f'<text class="axis" x="{_n(x + 2)}" y="12">{month.month}{html_text(month_suffix)}</text>')
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    now_x = x_of(as_of)
    out.append(f'<line class="today" x1="{_n(now_x)}" y1="16" x2="{_n(now_x)}" y2="{bottom}">'
               f'<title>{html_text(as_of_word)} {as_of}</title></line>')
    return tuple(out)


def _timetable_row(row: dict, y: int, left: int, x_of, words: dict) -> list[str]:
    mid = y + 14
    name = html_text(f'{row["id"]} {row["what"]}')
    out = [f'<text class="label" x="{left - 8}" y="{mid + 4}" text-anchor="end">{html_text(_short(row["id"] + " " + row["what"]))}'
           f'<title>{name}</title></text>']
    state = "done" if row["done"] and not row["late"] else "late" if row["late"] or row["overdue"] else "open"
    finish = row["done"] or row["due"]
    out.append(f'<line class="span {state}" x1="{_n(x_of(row["first_due"]))}" y1="{mid}" x2="{_n(x_of(finish))}" y2="{mid}"/>')
    out.append(f'<circle class="first-due" cx="{_n(x_of(row["first_due"]))}" cy="{mid}" r="5">'
               f'<title>{html_text(words["first_due"])} {row["first_due"]}</title></circle>')
    for move in row["moves"]:
        if move["from"] and move["to"]:
            tip = html_text(f'{words["moved"]} {move["from"]} → {move["to"]} ({move["date"]}): {move["reason"]}; '
                            f'{words["approved_by"]} {move["approved_by"]} {move["ref"]}'.strip())
            out.append(f'<line class="move" x1="{_n(x_of(move["from"]))}" y1="{mid - 9}" x2="{_n(x_of(move["to"]))}" '
                       f'y2="{mid - 9}" marker-end="url(#arrow)"><title>{tip}</title></line>')
    out.append(f'<rect class="due {state}" x="{_n(x_of(row["due"]) - 5)}" y="{mid - 5}" width="10" height="10" '
               f'transform="rotate(45 {_n(x_of(row["due"]))} {mid})"><title>{html_text(words["due"])} {row["due"]}</title></rect>')
    if row["done"]:
        out.append(f'<circle class="done-mark {state}" cx="{_n(x_of(row["done"]))}" cy="{mid}" r="4">'
                   f'<title>{html_text(words["done"])} {row["done"]}</title></circle>')
    return out


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


ARROW_DEFS = ('<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" class="defs" aria-hidden="true"><defs>'
              '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
              'orient="auto-start-reverse"><path class="arrowhead" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs></svg>')


def depends_graph(task_id: str, title: str, needs: Sequence[tuple[str, str, str]],
                  needed_by: Sequence[tuple[str, str, str]], label: str) -> str:
    """The task in the middle, the tasks it depends on to its left and those depending on it to
    its right ((id, title, href) each), arrows pointing the way the work flows."""
    box_w, box_h, gap = 200, 40, 12
    rows = max(1, len(needs), len(needed_by))
    height = rows * (box_h + gap) + gap
    out = _open(3 * box_w + 160, height, label, "graph")
    middle_y = height / 2 - box_h / 2
    centre_x = box_w + 80
    out += _box(centre_x, middle_y, task_id, title, None, "self")
    for index, (other, other_title, href) in enumerate(needs):
        y = gap + index * (box_h + gap)
        out += _box(0, y, other, other_title, href, "needs")
        out.append(f'<line class="edge" x1="{box_w}" y1="{_n(y + box_h / 2)}" x2="{centre_x}" y2="{_n(middle_y + box_h / 2)}" marker-end="url(#arrow)"/>')
    for index, (other, other_title, href) in enumerate(needed_by):
        y = gap + index * (box_h + gap)
        x = 2 * box_w + 160
        out += _box(x, y, other, other_title, href, "needed-by")
        out.append(f'<line class="edge" x1="{centre_x + box_w}" y1="{_n(middle_y + box_h / 2)}" x2="{x}" y2="{_n(y + box_h / 2)}" marker-end="url(#arrow)"/>')
    out.append("</svg>")
    return "\n".join(out)


def _box(x: float, y: float, task_id: str, title: str, href: Optional[str], css: str) -> list[str]:
    text = (f'<rect class="node {css}" x="{_n(x)}" y="{_n(y)}" width="200" height="40" rx="4"/>'
            f'<text class="node-id" x="{_n(x + 8)}" y="{_n(y + 16)}">{html_text(task_id)}</text>'
            f'<text class="node-title" x="{_n(x + 8)}" y="{_n(y + 32)}">{html_text(_short(title, 13))}<title>{html_text(title)}</title></text>')
    if href:
        return [f'<a href="{html_text(href)}">{text}</a>']
    return [text]
