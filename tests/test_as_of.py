"""`--as-of` means one thing per command: the day looked at (status, overdue, report, diff, export,
returns), or the day taken as today (check). Each meaning has its own option type and help."""

from __future__ import annotations

import pytest
import typer.main

from reformctl.cli import app

LOOKED_AT = ["status", "overdue", "report", "diff", "export xlsx", "returns make"]


def _as_of_help(command: str) -> str:
    found = typer.main.get_group(app)
    for word in command.split():
        found = found.commands[word]
    return next(param.help for param in found.params if "--as-of" in getattr(param, "opts", ()))


@pytest.mark.parametrize("command", LOOKED_AT)
def test_the_day_looked_at(command):
    assert _as_of_help(command).startswith("The day to look at (查看日): the ledger as it stood that day;")


def test_check_takes_the_day_as_today():
    assert _as_of_help("check").startswith("The day taken as today (视为今天): check what may be done,")


@pytest.mark.parametrize("command", ["status", "check"])
def test_a_day_is_written_yyyy_mm_dd_only(ledger_dir, cli, command):
    """One date parser (model.iso_day) for the ledger and the option: 20260620 is refused by both."""
    result = cli(command, "-l", ledger_dir, "--as-of", "20260620", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == "--as-of 20260620 is not a date; write it as YYYY-MM-DD, for example 2026-06-30.\n"
