"""`reformctl site`: the ledger as static web pages, for an intranet or a forge's Pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..i18n import t
from .app import app
from .common import ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, Session, ViewDayOpt, open_sound_ledger, session


@app.command()
def site(
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder to write the pages to (e.g. public/); pages whose content is unchanged are left as they are.")],
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, force: ForceOpt = False, lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the ledger as static web pages (台账网页): overview, units, leaders, lists and tasks, with charts and history from git."""
    from ..render.site import site_pages, write_site
    from ..render.templating import RenderLimit, TemplateFailure
    from ..load.cache import open_cache
    from ..ops.trend import periods
    from ..reports.site import group_keys, site_data
    from ..reports.site_parts import site_figures
    from ..pipeline.full import FileChanged, FullTasks

    s = session(lang)
    loaded, location, day = _open(s, ledger, as_of, force, no_cache)
    if out.exists() and (out.is_symlink() or not out.is_dir()):
        raise s.fail("site_out_not_folder", path=out)
    spans = periods((loaded.config.year, 1), (day.year, day.month), "month", day)
    store = open_cache(location.root, not no_cache)
    # the status, the units' tallies and the groups' figures at each month's end: kept per task file
    figures = site_figures(loaded, day, spans, group_keys(loaded), store)
    trend = _trend(s, loaded, location.root, spans, store, figures.totals)
    logs, commit = _history(s, location.root, not no_cache)
    data = site_data(loaded, day, trend, spans, logs, commit, figures, FullTasks(loaded, store))
    try:
        out.mkdir(parents=True, exist_ok=True)
        result = write_site(site_pages(data, s.lang, location.root), out)
    except RenderLimit as limit:
        key = "render_too_long" if limit.what == "time" else "render_too_big"
        raise s.fail(key, kind="site", seconds=loaded.config.render_seconds,
                     megabytes=loaded.config.render_megabytes) from None
    except TemplateFailure as failure:
        raise s.fail("template_error", where=f"{failure.name}:{failure.line or '?'}", detail=failure.detail) from None
    except FileChanged as changed:
        raise s.fail("site_ledger_changed", path=changed.rel) from None
    except OSError as err:
        raise s.fail("cannot_write", path=out, detail=err.strerror or str(err)) from None
    s.err(t("site_written", s.lang, path=out, written=result.written, unchanged=result.unchanged,
            removed=result.removed))


def _open(s: Session, ledger: Optional[Path], as_of: Optional[str], force: bool, no_cache: bool):
    """The ledger, refused with errors unless `force` (open_sound_ledger). With the cache, a sound
    ledger is read lean (pipeline.lean: only the task files changed since are read and checked
    again), and a task's page gets its task built in full (pipeline.full) when it is made.
    Returns (ledger, location, as-of day)."""
    loaded, _errors, location, day = open_sound_ledger(s, ledger, as_of, force, no_cache, lean=not no_cache)
    return loaded, location, day


def _in_git(root: Path) -> bool:
    from ..gitinfo import head_commit

    return head_commit(root) is not None


def _trend(s: Session, loaded: Any, root: Path, spans: list, store: Any, looking_back: list):
    """The overview's trend by month from January to the day looked at, as recorded too when in git
    (each task's figures at each month's end kept per task file, for the revisions that share it)."""
    from ..ops.trend import compute_trend, known_figures
    from .check import git_or_fail

    if not _in_git(root):
        return compute_trend(loaded, spans, "month", None, None, store is not None, looking_back=looking_back)
    known, keep = known_figures(loaded, [span.end for span in spans], store)
    trend = git_or_fail(s, lambda _: compute_trend(loaded, spans, "month", None, root, store is not None, known,
                                                   looking_back), root)
    keep()
    return trend


def _history(s: Session, root: Path, cache: bool) -> tuple[Optional[dict], Optional[str]]:
    """Every task's story from git and the commit read, or (None, None) outside git."""
    from ..gitinfo import head_commit
    from ..ops.log import ledger_log
    from .check import git_or_fail

    commit = head_commit(root)
    if commit is None:
        return None, None
    return git_or_fail(s, lambda folder: ledger_log(folder, cache=cache), root), commit
