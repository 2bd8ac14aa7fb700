"""Every command explains itself; the library stands without the command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reformctl.cli import app


def _command_names() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_there_are_commands():
    assert {"check", "status", "overdue", "schema", "init"} <= set(_command_names())


@pytest.mark.parametrize("name", _command_names())
def test_every_command_has_help(name, cli):
    result = cli(name, "--help")
    assert result.exit_code == 0
    import typer.main

    command = typer.main.get_group(app).commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{name} has no help text"
    assert all(param.help for param in command.params if param.param_type_name == "option"
               and param.name != "help"), f"an option of {name} has no help"


def test_top_level_help_and_version(cli):
    assert "check" in cli("--help").stdout
    assert cli("--version").stdout.startswith("reformctl ")


def _modules_after(code: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True)
    return set(run.stdout.split())


def test_library_loads_without_the_cli():
    modules = _modules_after(
        "from reformctl import load_ledger\n"
        "from reformctl.ops.status import compute_status\n"
        "from reformctl.load.find import demo_ledger\n"
        "import datetime\n"
        "ledger, problems = load_ledger(demo_ledger())\n"
        "compute_status(ledger, datetime.date(2026, 9, 18))")
    assert not {m for m in modules if m.split(".")[0] in {"typer", "rich", "jinja2", "docx", "click"}}
    assert not {m for m in modules if m.startswith(("reformctl.cli", "reformctl.render"))}
