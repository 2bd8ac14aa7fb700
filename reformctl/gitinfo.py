"""The commit a ledger was read at, by asking the git command (no git library at start-up)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Optional


def head_commit(folder: Path) -> Optional[str]:
    """The short HEAD commit of the repository holding `folder`, with '+dirty' for local edits."""
    try:
        commit = _git(folder, "rev-parse", "--short=12", "HEAD")
        if commit is None:
            return None
        dirty = _git(folder, "status", "--porcelain", "--untracked-files=no", "--", ".")
    except OSError:
        return None
    return commit + ("+dirty" if dirty else "")


def _git(folder: Path, *args: str) -> Optional[str]:
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                            timeout=10, check=False)
    return result.stdout.strip() if result.returncode == 0 else None
