"""The ledger as static web pages (`reformctl site`): HTML, CSS, SVG and a little JavaScript.

Pages come from the Jinja templates under templates/site/ (a ledger's own templates/site/ wins,
as for the reports), in the sandbox of reformctl.render.templating, every value escaped for HTML
by textsafe.html_text unless it is SVG made here. Nothing is fetched when a page is viewed: the
search index is a script file beside the pages, the charts are SVG, the fonts the system's, and a
Content-Security-Policy meta tag allows nothing but the site's own files. The same ledger, day and
version give the same bytes; a page is written only when its bytes changed, and a page that the
site no longer has (a task removed) is deleted, if the previous run wrote it (see MANIFEST).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Optional

from ..reports.site import SiteData, timetable
from ..version import __version__
from . import site_svg
from .site_words import site_words
from .templating import Raw, environment, render_limits, render_template
from .textsafe import html_text

MANIFEST = ".reformctl-site"  # the pages the last run wrote, one path a line: only those are ever deleted
ASSETS = ("site.css", "site.js")


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def site_pages(data: SiteData, lang: str, ledger_root: Optional[Path]) -> Iterator[tuple[str, bytes]]:
    """(path inside the site, bytes) of every page and asset, in a fixed order."""
    env = environment(ledger_root, html_text)
    words = site_words(lang)
    common = {"w": words, "lang": "en" if lang == "en" else "zh-CN", "office": data.ledger.config.office,
              "as_of": data.as_of, "footer": _footer(data, words, None), "arrow_defs": Raw(site_svg.ARROW_DEFS)}

    config = data.ledger.config

    def page(template: str, root: str, **values: Any) -> bytes:
        """One page, within the ledger's limits of time and size for a rendering (a page at a time)."""
        with render_limits(config.render_seconds, config.render_megabytes * 1_000_000):
            return render_template(f"site/{template}", {**common, "root": root, **values}, ledger_root,
                                   html_text, env).encode("utf-8")

    for asset in ASSETS:
        yield f"assets/{asset}", render_template(f"site/{asset}.j2", {}, ledger_root, html_text, env).encode("utf-8")
    index = _search_index(data)
    yield "assets/search-index.js", b"window.REFORMCTL_INDEX = " + index + b";\n"
    yield "search.json", index + b"\n"
    yield "index.html", page("index.html.j2", "", footer=_footer(data, words, data.commit), **_home(data, words))
    for group in data.groups:
        yield f"{group.kind}s/{group.id}.html", page("group.html.j2", "../", **_group(data, group, words))
    for task in data.ledger.tasks:
        yield f"tasks/{task.id}.html", page("task.html.j2", "../", **_task(data, task, words, lang))


def _footer(data: SiteData, words: dict, commit: Optional[str]) -> str:
    """Who made the page from what. Only the overview names the commit: a commit that changes one
    task must not rewrite every page (the task pages name their own commits in their history)."""
    if commit is None and data.commit is not None:
        return words["footer_plain"].format(version=__version__, as_of=data.as_of)
    return words["footer"].format(version=__version__, as_of=data.as_of, commit=commit or words["no_commit"])


def _search_index(data: SiteData) -> bytes:
    """[id, title, unit names, href] of every task, as JSON that is safe inside a script too."""
    ledger = data.ledger
    rows = [[task.id, task.title, " ".join(ledger.unit_name(u) for u in dict.fromkeys([task.lead_unit, *task.co_units])),
             f"tasks/{task.id}.html"] for task in ledger.tasks]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text.encode("utf-8")


def _light_rows(data: SiteData, tasks) -> list[dict]:
    """One row per task for a task table: id, title, unit, leader, status, light (or '')."""
    ledger, lights = data.ledger, data.report.lights
    from ..timeline import status_on

    return [{"id": task.id, "title": task.title, "unit": ledger.unit_name(task.lead_unit),
             "unit_id": task.lead_unit, "leader": ledger.leader_name(task.lead_leader),
             "status": status_on(task, data.as_of).value, "light": lights.get(task.id, "")} for task in tasks]


def _home(data: SiteData, words: dict) -> dict:
    report = data.report
    labels, series = _trend_series(data, words)
    return {"report": report, "rows": _light_rows(data, data.ledger.tasks),
            "trend_svg": Raw(site_svg.line_chart(labels, series, words["trend"])) if labels else None,
            "trend_labels": labels, "trend_series": [(name, values) for name, _, values in series], "rankings": [_ranking(r, data, words) for r in data.rankings],
            "groups": {kind: [g for g in data.groups if g.kind == kind] for kind in ("unit", "leader", "list")}}


def _trend_series(data: SiteData, words: dict) -> tuple[list[str], list[tuple[str, str, list]]]:
    """The periods, and the on-time share at each: looked back on, and as recorded in git."""
    points = data.trend.points if data.trend else []
    series = [(words["looking_back"], "back", [p.looking_back.on_time_rate for p in points])]
    if data.trend and data.trend.recorded:
        series.append((words["recorded"], "recorded", [p.recorded.on_time_rate if p.recorded else None for p in points]))
    return [p.period for p in points], series


def _ranking(ranking: dict, data: SiteData, words: dict) -> dict:
    kind = words[ranking["kind"]]
    rows = [{"name": row["name"], "rate": row["on_time"] / row["due"], "css": "rank",
             "note": f'{(words["tied"] if row["tied"] else "")}{words["rank_label"].format(rank=row["rank"])} · '
                     f'{row["on_time"] / row["due"] * 100:.1f}%'} for row in ranking["ranked"]]
    return {"kind": kind, "rows": rows, "svg": Raw(site_svg.bar_chart(rows, words["ranking_label"].format(kind=kind)))}


def _group(data: SiteData, group, words: dict) -> dict:
    ids = {task.id for task in group.tasks}
    overdue = [row for row in data.report.overdue if row.task_id in ids]
    series = [(words["looking_back"], "back", [p["on_time_rate"] for p in group.trend])]
    svg = site_svg.line_chart([p["period"] for p in group.trend], series, f'{group.name} {words["trend"]}') \
        if group.trend else None
    return {"group": group, "rows": _light_rows(data, group.tasks), "overdue": overdue,
            "trend_svg": Raw(svg) if svg else None, "kind_word": words[group.kind]}


def _task(data: SiteData, task, words: dict, lang: str) -> dict:
    ledger = data.ledger
    rows = timetable(task, data.as_of)
    start = min([date(ledger.config.year, 1, 1)] + [r["first_due"] for r in rows] + [r["due"] for r in rows])
    end = max([date(ledger.config.year, 12, 31)] + [r["due"] for r in rows] + [r["done"] for r in rows if r["done"]])
    chart = site_svg.timetable_chart(rows, start, end, data.as_of, words["timetable_label"].format(task=task.id), words) \
        if rows else None
    link = lambda other: (other, ledger.task(other).title if ledger.task(other) else "", f"{other}.html")  # noqa: E731
    needs, needed_by = [link(o) for o in task.depends_on], [link(o) for o in data.dependents.get(task.id, [])]
    graph = site_svg.depends_graph(task.id, task.title, needs, needed_by, words["graph_label"].format(task=task.id)) \
        if needs or needed_by else None
    from ..timeline import status_on

    return {"task": task, "timetable": rows, "timetable_svg": Raw(chart) if chart else None,
            "graph_svg": Raw(graph) if graph else None, "needs": needs, "needed_by": needed_by,
            "status": status_on(task, data.as_of).value, "light": data.report.lights.get(task.id, ""),
            "unit": ledger.unit_name(task.lead_unit), "leader": ledger.leader_name(task.lead_leader),
            "co_units": [(u, ledger.unit_name(u)) for u in task.co_units],
            "lists": [(item, ledger.list_name(item)) for item in task.lists],
            "progress": [p for p in task.progress if p.date <= data.as_of],
            "progress_by": {p.by: ledger.unit_name(p.by) for p in task.progress},
            "changes": [c for c in task.changes if c.date <= data.as_of],
            "log": data.logs.get(task.id, []) if data.logs is not None else None,
            "log_lines": _log_lines(data, task, lang)}


def _log_lines(data: SiteData, task, lang: str) -> list:
    """(log entry, its changes in people's words) of the task's commits, oldest first."""
    from .history_view import event_line

    if data.logs is None:
        return []
    return [(entry, [event_line(event, lang) for event in entry.events]) for entry in data.logs.get(task.id, [])]


# --- writing ------------------------------------------------------------------------------------

def write_site(pages: Iterator[tuple[str, bytes]], out: Path) -> Written:
    """Write each page whose bytes differ from the file there; delete the pages of the last run
    that this run does not make. Each file is written whole (a temporary file renamed)."""
    result = Written()
    made = []
    for rel, content in pages:
        made.append(rel)
        target = out / rel
        if _same(target, content):
            result.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, content)
        result.written += 1
    result.removed = _remove_stale(out, made)
    _write(out / MANIFEST, ("\n".join(made) + "\n").encode("utf-8"))
    return result


def _same(target: Path, content: bytes) -> bool:
    try:
        if target.is_symlink() or not target.is_file() or target.stat().st_size != len(content):
            return False
        return hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(content).digest()
    except OSError:
        return False


def _write(target: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)  # replaces a link itself, never what it points to
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _remove_stale(out: Path, made: list[str]) -> int:
    """Delete what the last run wrote and this one did not (a removed task's page); nothing else."""
    try:
        before = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    keep, removed = set(made), 0
    for rel in before:
        parts = Path(rel).parts
        if rel in keep or not rel or ".." in parts or Path(rel).is_absolute():
            continue
        target = out / rel
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed += 1
    return removed
