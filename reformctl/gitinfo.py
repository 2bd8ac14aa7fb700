"""Asking the git command (no git library at start-up): the one runner, and the commit a ledger
was read at. reformctl.gitsource reads a revision's files with the same runner."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional

from .layout import CONFIG_NAME


class GitError(Exception):
    """The revision cannot be read. `reason` is one of: no_git, not_repo, no_rev, shallow, no_objects."""

    def __init__(self, reason: str, rev: str = "", detail: str = ""):
        super().__init__(f"{reason}: {rev} {detail}".strip())
        self.reason = reason
        self.rev = rev
        self.detail = detail


def run_git(folder: Path, *args: str, stdin: Optional[bytes] = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`git -C folder ARGS`, its output as bytes; GitError('no_git') when git cannot be run or hangs."""
    try:
        return subprocess.run(["git", "-C", str(folder), *args], input=stdin, capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise GitError("no_git", detail=str(err)) from None


def output_text(result: subprocess.CompletedProcess) -> str:
    return result.stdout.decode("utf-8", "replace").strip()


def head_commit(folder: Path) -> Optional[str]:
    """The short HEAD commit of the repository holding `folder`, with '+dirty' for local edits.

    None when the ledger's settings file is not tracked there: a folder merely inside some
    repository (an installed package in a virtual environment inside a checkout) was not read
    at that repository's commit.
    """
    try:
        commit = _answer(folder, "rev-parse", "--short=12", "HEAD")
        if commit is None or not _answer(folder, "ls-files", "--", CONFIG_NAME):
            return None
        dirty = _answer(folder, "status", "--porcelain", "--untracked-files=no", "--", ".")
    except GitError:
        return None
    return commit + ("+dirty" if dirty else "")


def _answer(folder: Path, *args: str) -> Optional[str]:
    result = run_git(folder, *args, timeout=10)
    return output_text(result) if result.returncode == 0 else None
