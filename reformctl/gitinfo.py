"""The commit a ledger was read at, by asking the git command (no git library at start-up)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional


def head_commit(folder: Path) -> Optional[str]:
    """The short HEAD commit of the repository holding `folder`, with '+dirty' for local edits.

    None when the ledger's settings file is not tracked there: a folder merely inside some
    repository (an installed package in a virtual environment inside a checkout) was not read
    at that repository's commit.
    """
    try:
        commit = _git(folder, "rev-parse", "--short=12", "HEAD")
        if commit is None or not _git(folder, "ls-files", "--", "reformctl.yaml"):
            return None
        dirty = _git(folder, "status", "--porcelain", "--untracked-files=no", "--", ".")
    except OSError:
        return None
    return commit + ("+dirty" if dirty else "")


def _git(folder: Path, *args: str) -> Optional[str]:
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                            timeout=10, check=False)
    return result.stdout.strip() if result.returncode == 0 else None
