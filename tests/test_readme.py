"""The README's tour works as written (the CI recipes are run by tests/test_examples_ci.py)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _tour_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks[1:]:  # the first block holds the two set-up commands
        for line in block.splitlines():
            command = line.split("  #")[0].split(">")[0].strip()
            if command.startswith("reformctl ") and "origin/" not in command:
                commands.append(command)
    return commands


def test_the_readme_starts_with_the_two_setup_commands():
    first = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1).splitlines()
    assert first == ["python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/reformctl status",
                     "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest"]
    assert "python -m pytest" in (README.parent / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", _tour_commands())
def test_tour_command_runs(command, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REFORMCTL_LEDGER", raising=False)
    if "my-ledger/" in command:
        cli("init", "my-ledger")
    result = cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
