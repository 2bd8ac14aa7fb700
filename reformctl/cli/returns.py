"""`reformctl returns make|import`: the month's 进展报送表 — one per unit out, progress and completions in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..i18n import t
from .app import app
from .common import ForceOpt, LangOpt, LedgerOpt, Session, ViewDayOpt, open_sound_ledger, session

returns_app = typer.Typer(
    help="The units' monthly progress returns (进展报送表): make them from the ledger, import them back.",
    no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(returns_app, name="returns")

PeriodOpt = Annotated[str, typer.Option("--period", "-p", metavar="YYYY-MM", help="The month reported on, e.g. 2026-09.")]


@returns_app.command("make")
def returns_make(
    period: PeriodOpt,
    unit: Annotated[Optional[List[str]], typer.Option("--unit", "-u", metavar="UNIT", show_default=False,
                    help="A unit to make a return for (repeatable). Default: every unit that leads or co-leads "
                         "an active task.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR",
                      help="The folder to write the returns to, one UNIT-YYYY-MM.xlsx each.")] = Path("returns"),
    as_of: ViewDayOpt = None, ledger: LedgerOpt = None, force: ForceOpt = False, lang: LangOpt = None,
) -> None:
    """Make one 进展报送表 per unit for a month (生成进展报送表): its tasks and open milestones,
    locked office columns, a dated 完成日期, and what the import checks it against."""
    from ..gitinfo import head_commit
    from ..ops.returns import reporting_units
    from ..render.xlsx_returns import make_return
    from .export import write_whole

    s = session(lang)
    loaded, _errors, location, day = open_sound_ledger(s, ledger, as_of, force)
    month = month_or_fail(s, period)
    units = unit or reporting_units(loaded, day)
    for name in units:
        if name not in loaded.units:
            raise s.fail("xlsx_unknown_unit", value=name)
    if not units:
        raise s.fail("returns_none", 1, period=month.code)
    commit = head_commit(location.root)
    for name in units:
        content, _rows = make_return(loaded, name, month, day, commit)
        write_whole(s, output / f"{name}-{month.code}.xlsx", content, force)  # a unit may have filled it in
    s.err(t("returns_written", s.lang, count=len(units), period=month.code, path=output))


def month_or_fail(s: Session, period: str):
    from ..ops.returns import parse_month

    month = parse_month(period)
    if month is None:
        raise s.fail("returns_bad_period", value=period)
    return month
