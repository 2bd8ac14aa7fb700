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
import stat
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Iterator, Optional

from ..load.parallel import split_work
from ..reports.site import SiteData, timetable
from ..reports.site_parts import ROW_FIELDS
from ..version import __version__
from . import site_svg
from .site_words import site_words
from .templating import Raw, environment, render_limits, render_template
from .textsafe import html_text

MANIFEST = ".reformctl-site"  # the pages the last run wrote (path, digest, size a line): only those are ever deleted
ASSETS = ("site.css", "site.js")


@dataclass
class Written:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Page:
    """One file of the site: its path, a digest of everything it is made from (None: always made),
    and how to make its bytes. A page whose digest is the one recorded when its file was written,
    and whose file is still there at the recorded size, is not made again."""

    path: str
    key: Optional[str]
    make: Callable[[], bytes]
    weight: int = 1  # about how long it takes to make, in task pages (to share the work between two processes)


ROWS_PER_PAGE = 14  # rows of a task table that take as long to render as one task page (measured, 20,000 tasks)
HOME_TASKS_PER_PAGE = 70  # tasks of the ledger that add as much to the overview as one task page
MIN_PARALLEL_PAGES = 400  # below this many task pages' worth of work, one process makes them all
TEMPLATES = ("base.html.j2", "macros.html.j2", "index.html.j2", "group.html.j2", "task.html.j2", "site.css.j2",
             "site.js.j2")


def site_pages(data: SiteData, lang: str, ledger_root: Optional[Path]) -> Iterator[Page]:
    """Every page and asset of the site, in a fixed order."""
    env = environment(ledger_root, _remembered(html_text))
    env.auto_reload = False  # thousands of pages from one run's templates: no stat of each per page
    words = site_words(lang)
    # w.key in the templates: an attribute of a namespace is read at once (a dict's fails first)
    common = {"w": SimpleNamespace(**words), "lang": "en" if lang == "en" else "zh-CN",
              "office": data.ledger.config.office, "as_of": data.as_of, "footer": _footer(data, words, None), "arrow_defs": Raw(site_svg.ARROW_DEFS)}
    config = data.ledger.config
    templates = _templates_digest(env)
    base = _digest(__version__, lang, data.as_of, templates,
                   [(f.path, f.sha256) for f in data.ledger.files if f.kind != "tasks"])

    def page(template: str, root: str, **values: Any) -> bytes:
        """One page, within the ledger's limits of time and size for a rendering (a page at a time)."""
        with render_limits(config.render_seconds, config.render_megabytes * 1_000_000):
            return render_template(f"site/{template}", {**common, "root": root, **values}, ledger_root,
                                   html_text, env).encode("utf-8")

    for asset in ASSETS:
        yield Page(f"assets/{asset}", None,
                   lambda asset=asset: render_template(f"site/{asset}.j2", {}, ledger_root, html_text, env).encode("utf-8"))
    index = _search_index(data)
    yield Page("assets/search-index.js", None, lambda: b"window.REFORMCTL_INDEX = " + index + b";\n")
    yield Page("search.json", None, lambda: index + b"\n")
    # the overview's key holds what the built-in templates show of it; an office's own templates
    # may show anything of the report and the groups, so with them it is always made
    home_key = _home_key(data, base, words) if templates == _templates_digest(environment(None, html_text)) else None
    yield Page("index.html", home_key,
               lambda: page("index.html.j2", "", footer=_footer(data, words, data.commit), **_home(data, words)),
               1 + len(data.ledger.tasks) // HOME_TASKS_PER_PAGE)
    rows = _RowBook(data)
    shas = {f.path: f.sha256 for f in data.ledger.files}
    unique = len({task.id for task in data.ledger.tasks}) == len(data.ledger.tasks)
    for group in data.groups:
        yield Page(f"{group.kind}s/{group.id}.html", _group_key(data, group, base, rows, unique),
                   lambda group=group: page("group.html.j2", "../", **_group_values(data, group, words, rows)),
                   1 + len(group.tasks) // ROWS_PER_PAGE)
    for task in data.ledger.tasks:
        yield Page(f"tasks/{task.id}.html", _task_key(data, task, base, shas),
                   lambda task=task: page("task.html.j2", "../", **_task(data, data.full(task), words, lang)))


def _remembered(escape: Callable[[str], str]) -> Callable[[str], str]:
    """`escape`, remembered for short texts (names, dates, ids, words: a million values a site,
    most of them met before), for the pages of one run."""
    known: dict[str, str] = {}

    def remembered(text: str) -> str:
        found = known.get(text)
        if found is None:
            found = escape(text)
            if len(text) <= 40:
                known[text] = found
        return found

    return remembered


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _plain(row: Any) -> tuple:
    """A dataclass row's fields as a tuple (its repr is written in Python and costs ten times more)."""
    return tuple(vars(row).values())


def _dicts(rows: list) -> list[dict]:
    """Milestone rows as dicts for a template, made with its page (not kept for every page at once):
    the sandbox reads a dict's key at once, a record's attribute is checked for safety on each read."""
    return [dict(vars(row)) for row in rows]


def _home_key(data: SiteData, base: str, words: dict) -> str:
    """What the overview is made from: the status report (its figures and every row of its lists),
    the trend, the rankings, the groups' names and sizes, and the footer (which names the commit)."""
    report = data.report
    figures = [(name, [_plain(row) for row in value] if isinstance(value, list) and value and hasattr(value[0], "__dict__")
                else value) for name, value in vars(report).items()]
    trend = [(p.period, vars(p.looking_back), vars(p.recorded) if p.recorded else None)
             for p in (data.trend.points if data.trend else [])]
    groups = [(g.kind, g.id, g.name, len(g.tasks)) for g in data.groups]
    return _digest(base, "index", _footer(data, words, data.commit), figures, trend,
                   data.trend.recorded if data.trend else None, data.rankings, groups)


def _group_key(data: SiteData, group, base: str, book: "_RowBook", unique: bool) -> str:
    """What a unit's, leader's or list's page is made from: its name, its trend, and its tasks'
    rows and overdue rows, by the digest of each task's (reports.site_parts, kept per task file).
    Where two tasks share an id (a ledger shown with --force), a task's overdue rows are found by
    id: the rows themselves are the key."""
    if not unique:
        values = _group(data, group, {}, book)
        return _digest(base, group.kind, group.id, group.name, values["rows"], [_plain(row) for row in values["overdue"]],
                       group.trend)
    digests = b"".join(data.rows[id(task)][1] for task in group.tasks)
    return _digest(base, group.kind, group.id, group.name, hashlib.sha256(digests).hexdigest(), group.trend)


def _group_values(data: SiteData, group, words: dict, book: "_RowBook") -> dict:
    """What a group's page shows, made with its page."""
    values = _group(data, group, words, book)
    return {**values, "rows": [dict(zip(ROW_FIELDS, row)) for row in values["rows"]],
            "overdue": _dicts(values["overdue"]), "trend_svg": _group_chart(group, words)}


def _templates_digest(env) -> str:
    """The sources of the site's templates as they will be used (the ledger's own where it has them)."""
    return _digest([env.loader.get_source(env, f"site/{name}")[0] for name in TEMPLATES])


def _task_key(data: SiteData, task, base: str, shas: dict[str, str]) -> str:
    """What a task's page is made from: its file (so its own record), its light, the titles of the
    tasks it links to, and its history."""
    ledger = data.ledger
    linked = [(other, ledger.task(other).title if ledger.task(other) else "")
              for other in [*task.depends_on, *data.dependents.get(task.id, [])]]
    log = data.logs.get(task.id) if data.logs is not None else None
    return _digest(base, task.id, shas.get(task.src.file), data.report.lights.get(task.id, ""), linked, log)


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




class _RowBook:
    """Each task's row of a task table (made by reports.site_parts, for every task) and its overdue
    rows, found once for all the groups that show it (a task sits in two to four groups; the
    overdue list was walked once per group)."""

    def __init__(self, data: SiteData):
        self.data = data
        self.overdue: dict[str, list[tuple[int, Any]]] = {}
        for index, row in enumerate(data.report.overdue):
            self.overdue.setdefault(row.task_id, []).append((index, row))

    def light_rows(self, tasks) -> list[tuple]:
        """One row per task for a task table: id, title, unit, unit id, leader, status, light (or
        ''), as a tuple (ROW_FIELDS), as reports.site_parts made it with its task file's part (it
        makes one for every task of the ledger)."""
        rows = self.data.rows
        return [rows[id(task)][0] for task in tasks]

    def overdue_of(self, ids: set[str]) -> list:
        """The overdue rows of these tasks, in the report's order."""
        found = [pair for task_id in ids for pair in self.overdue.get(task_id, ())]
        return [row for _, row in sorted(found, key=lambda pair: pair[0])]


def _home(data: SiteData, words: dict) -> dict:
    report = data.report
    labels, series = _trend_series(data, words)
    return {"report": report, "overdue_rows": _dicts(report.overdue), "due_soon_rows": _dicts(report.due_soon),
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
    return {"kind": kind, "rows": rows, "svg": Raw(site_svg.bar_chart(rows, words["ranking_label"].format(kind=kind))),
            "nothing_due": [row["name"] for row in ranking["nothing_due"]]}


def _group(data: SiteData, group, words: dict, book: _RowBook) -> dict:
    """What a group's page shows but its chart (made with the page: `_group_chart`, from its trend)."""
    overdue = book.overdue_of({task.id for task in group.tasks})
    return {"group": group, "rows": book.light_rows(group.tasks), "overdue": overdue, "kind_word": words.get(group.kind)}


def _group_chart(group, words: dict) -> Optional[Raw]:
    series = [(words["looking_back"], "back", [p["on_time_rate"] for p in group.trend])]
    svg = site_svg.line_chart([p["period"] for p in group.trend], series, f'{group.name} {words["trend"]}') \
        if group.trend else None
    return Raw(svg) if svg else None


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

    return {"task": _task_record(task), "timetable": rows, "timetable_svg": Raw(chart) if chart else None,
            "graph_svg": Raw(graph) if graph else None, "needs": needs, "needed_by": needed_by,
            "status": status_on(task, data.as_of).value, "light": data.report.lights.get(task.id, ""),
            "unit": ledger.unit_name(task.lead_unit), "leader": ledger.leader_name(task.lead_leader),
            "co_units": [(u, ledger.unit_name(u)) for u in task.co_units],
            "lists": [(item, ledger.list_name(item)) for item in task.lists],
            "progress": [{"date": p.date, "by": ledger.unit_name(p.by), "text": p.text, "problem": p.problem}
                         for p in task.progress if p.date <= data.as_of],
            "changes": [{"date": c.date, "field": c.field, "milestone": c.milestone, "from": c.from_, "to": c.to,
                         "reason": c.reason, "approved_by": c.approved_by, "ref": c.ref}
                        for c in task.changes if c.date <= data.as_of],
            "log": data.logs.get(task.id, []) if data.logs is not None else None,
            "log_lines": _log_lines(data, task, lang)}


def _task_record(task) -> dict:
    """The task book's fields as plain data: the template reads keys, not the records' attributes
    (each attribute read in the sandbox is checked; 20,000 pages read a million of them)."""
    source, outcome = task.source, task.outcome
    return {"id": task.id, "title": task.title, "summary": task.summary, "lead_unit": task.lead_unit,
            "lead_leader": task.lead_leader,
            "source": {"level": source.level.value, "doc": source.doc, "title": source.title} if source else None,
            "outcome": {"form": outcome.form.value, "text": outcome.text} if outcome else None}


def _log_lines(data: SiteData, task, lang: str) -> list:
    """(log entry, its changes in people's words) of the task's commits, oldest first."""
    from .history_view import event_line

    if data.logs is None:
        return []
    return [({"day": entry.day, "commit": entry.commit, "author": entry.author, "subject": entry.subject},
             [event_line(event, lang) for event in entry.events]) for entry in data.logs.get(task.id, [])]


# --- writing ------------------------------------------------------------------------------------

def write_site(pages: Iterable[Page], out: Path) -> Written:
    """Write each page whose bytes differ from the file there (a page whose digest is unchanged is
    not even made); delete the pages of the last run that this run does not make. Each file is
    written whole (a temporary file renamed). With many pages to make, a forked child makes and
    writes about half of them (load.parallel: only where the program allows forking; a child that
    fails has its share made here, so a template's error is reported as in one process)."""
    result = Written()
    folder = os.fspath(out)
    folders: set[str] = set()
    before = _read_manifest(out)
    made: list[tuple[str, str, int]] = []
    todo: dict[int, Page] = {}
    for page in pages:
        recorded = before.get(page.path)
        if page.key is not None and recorded is not None and recorded[0] == page.key \
                and _size(os.path.join(folder, page.path)) == recorded[1]:
            made.append((page.path, page.key, recorded[1]))
            result.unchanged += 1
            continue
        todo[len(made)] = page
        made.append((page.path, page.key or "-", -1))
    outcomes = split_work({index: page.weight for index, page in todo.items()},
                          lambda index: _make_page(todo[index], out, folders), threshold=MIN_PARALLEL_PAGES)
    for index, (size, written) in outcomes.items():
        made[index] = (made[index][0], made[index][1], size)
        result.written += written
        result.unchanged += not written
    result.removed = _remove_stale(out, before, {path for path, _, _ in made})
    _write(out / MANIFEST, "".join(f"{path}\t{key}\t{size}\n" for path, key, size in made).encode("utf-8"))
    return result


def _make_page(page: Page, out: Path, folders: set[str]) -> tuple[int, bool]:
    """Make one page and write it unless the file there has the same bytes: (its size, written).
    `folders`: those known to be there this run (asked once, not once a page)."""
    content = page.make()
    target = os.path.join(out, page.path)
    if _same(target, content):
        return len(content), False
    folder = os.path.dirname(target)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    _write(target, content)
    return len(content), True


def _read_manifest(out: Path) -> dict[str, tuple[str, int]]:
    """path -> (digest, size) of what the last run wrote; nothing when there is no readable list."""
    try:
        lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    found = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 3 and parts[2].isdigit():
            found[parts[0]] = (parts[1], int(parts[2]))
    return found


def _size(target: str) -> int:
    try:
        found = os.lstat(target)
    except OSError:
        return -1
    return found.st_size if stat.S_ISREG(found.st_mode) else -1


def _same(target: str, content: bytes) -> bool:
    """Whether the file there (a file, not a link) holds these bytes."""
    try:
        found = os.lstat(target)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(content):
            return False
        handle = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(handle, "rb") as stream:
            return stream.read() == content
    except OSError:
        return False


def _write(target: str | Path, content: bytes) -> None:
    """Write the file whole: a temporary file beside it (named after this process: tempfile's
    random names cost more than the writing, 20,000 pages a run), then renamed over it."""
    temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.{os.getpid()}.tmp")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:  # left by a process of that id that died: a random name instead
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            os.fchmod(stream.fileno(), 0o644)
        os.replace(temporary, target)  # replaces a link itself, never what it points to
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _remove_stale(out: Path, before: dict[str, tuple[str, int]], made: set[str]) -> int:
    """Delete what the last run wrote and this one did not (a removed task's page); nothing else."""
    removed = 0
    for rel in before:
        if rel in made:
            continue
        parts = Path(rel).parts
        if not rel or ".." in parts or Path(rel).is_absolute():
            continue
        target = out / rel
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed += 1
    return removed
