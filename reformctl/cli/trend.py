"""`reformctl trend`: on-time share, overdue count and finished share at each period's end."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from .app import app
from .check import git_or_fail
from .common import (ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, Session, ViewDayOpt, dump_json, open_sound_ledger,
                     session)


class TrendBy(str, Enum):
    month = "month"
    quarter = "quarter"


class TrendFormat(str, Enum):
    table = "table"
    md = "md"
    json = "json"




@app.command()
def trend(
    start: Annotated[Optional[str], typer.Option("--from", metavar="YYYY-MM", show_default=False,
                                                 help="The first month. Default: January of the ledger's year.")] = None,
    end: Annotated[Optional[str], typer.Option("--to", metavar="YYYY-MM", show_default=False,
                                               help="The last month. Default: the month of the day looked at.")] = None,
    by: Annotated[TrendBy, typer.Option("--by", help="A figure at each month's end, or each quarter's.")] = TrendBy.month,
    unit: Annotated[Optional[str], typer.Option("--unit", help="Only tasks this unit (id) leads or co-leads.")] = None,
    recorded: Annotated[bool, typer.Option("--recorded", help="Also the figures as recorded in git: the revision current at each period's end (按记录), beside those looked back on from the current ledger; the gap is late reporting.")] = False,
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, force: ForceOpt = False, lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: Annotated[TrendFormat, typer.Option("--format", "-f", help="table, md or json.")] = TrendFormat.table,
) -> None:
    """The ledger's trend (走势): on-time share, overdue milestones and finished share at each period's end."""
    from ..load.cache import open_cache
    from ..ops.trend import compute_trend, known_figures, periods

    s = session(lang)
    loaded, _, location, day = open_sound_ledger(s, ledger, as_of, force, no_cache)
    if unit and unit not in loaded.units:
        raise s.fail("trend_unknown_unit", value=unit)
    first = _month(s, "--from", start) or (loaded.config.year, 1)
    last = _month(s, "--to", end) or (day.year, day.month)
    if first > last:
        raise s.fail("trend_empty", start=start or f"{first[0]}-{first[1]:02d}", end=end or f"{last[0]}-{last[1]:02d}")
    spans = periods(first, last, by.value, day)
    root = location.root if recorded else None
    # each task's figures at each period's end, kept per task file: counted again only for files that changed
    known, keep = known_figures(loaded, [span.end for span in spans], open_cache(location.root, not no_cache))
    figures = git_or_fail(s, lambda _: compute_trend(loaded, spans, by.value, unit, root, not no_cache, known),
                          location.root)
    keep()
    _show(s, figures, fmt)


def _show(s: Session, figures, fmt: TrendFormat) -> None:
    if fmt is TrendFormat.json:
        s.out(dump_json(figures.to_dict()))
        return
    from ..render.history_view import render_trend_markdown, trend_table

    if fmt is TrendFormat.md:
        s.out(render_trend_markdown(figures, s.lang).rstrip("\n"))
    else:
        s.table(trend_table(figures, s.lang))


def _month(s: Session, option: str, value: Optional[str]) -> Optional[tuple[int, int]]:
    """(year, month) of a YYYY-MM option; exit 2 with a message when it is no month."""
    if value is None:
        return None
    parts = value.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts) and len(parts[0]) == 4 and 1 <= int(parts[1]) <= 12:
        return int(parts[0]), int(parts[1])
    raise s.fail("trend_bad_month", option=option, value=value)
