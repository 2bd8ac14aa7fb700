from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import write_ledger  # noqa: E402


# What a forge's CI sets about who started the run: `check --base` takes its authors from these
# (reformctl/prrules/authors.py). The tests set them where they mean to, never from the runner.
_FORGE_IDENTITY = ("GITHUB_ACTIONS", "GITHUB_ACTOR", "GITHUB_TRIGGERING_ACTOR", "GITLAB_CI", "GITLAB_USER_LOGIN",
                   "GITLAB_USER_EMAIL")


@pytest.fixture(autouse=True)
def _no_forge_identity(monkeypatch):
    for name in _FORGE_IDENTITY:
        monkeypatch.delenv(name, raising=False)


# The terminal's size, as a shell or a test runner's worker may export it: the tables are as wide
# as COLUMNS says when it is set (reformctl/cli/common.py). The tests set it where they mean to.
_TERMINAL_SIZE = ("COLUMNS", "LINES")


@pytest.fixture(autouse=True)
def _no_terminal_size(monkeypatch):
    for name in _TERMINAL_SIZE:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def ledger_dir(tmp_path: Path) -> Path:
    """The small default ledger of tests/helpers.py, in a fresh folder."""
    return write_ledger(tmp_path / "ledger")


@pytest.fixture
def cli():
    """Run the CLI in-process: cli("status", "-l", path) -> result with stdout, stderr, exit_code."""
    from typer.testing import CliRunner

    from reformctl.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)

    return invoke


_passed = 0


def pytest_runtest_logreport(report):
    global _passed
    if report.when == "call" and report.passed:
        _passed += 1


def pytest_sessionfinish(session, exitstatus):
    """A run in which nothing passed (all skipped, or none collected) is not green."""
    if exitstatus == 0 and _passed == 0 and not session.config.option.collectonly:
        session.exitstatus = 1
