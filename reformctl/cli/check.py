"""`reformctl check`: every problem of the ledger at once, as a clerk can act on it."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import t
from ..problems import has_errors
from . import app
from .common import AsOfOpt, LangOpt, LedgerOpt, ProblemFormat, dump_json, open_ledger, print_problems, session


@app.command()
def check(
    ledger: LedgerOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[ProblemFormat, typer.Option("--format", "-f", help="text, or json for tools.")] = ProblemFormat.text,
    lang: LangOpt = None,
) -> None:
    """Check the ledger and report every problem (检查台账). Exit 0 when clean, 1 with errors."""
    s = session(lang)
    loaded, problems, location, _ = open_ledger(s, ledger, as_of, as_of_is_now=True)
    errors = sum(p.severity == "error" for p in problems)
    if fmt is ProblemFormat.json:
        s.out(dump_json({"ledger": str(location.root), "errors": errors,
                         "warnings": len(problems) - errors,
                         "problems": [p.to_dict(s.lang) for p in problems]}))
    else:
        print_problems(s, problems)
        files = len(loaded.files) if loaded else 0
        tasks = len(loaded.tasks) if loaded else 0
        key = "summary_bad" if errors else "summary_ok"
        s.err(t(key, s.lang, files=files, tasks=tasks, errors=errors, warnings=len(problems) - errors))
    raise typer.Exit(1 if has_errors(problems) else 0)
