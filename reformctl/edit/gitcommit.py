"""`--commit`: a git commit of exactly the files a write changed, with git's own author."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import EditRefused


def commit_files(root: Path, rels: list[str], message: str) -> str:
    """Commit `rels` (paths in the ledger folder) and nothing else; the new commit's id."""
    paths = [str(root / rel) for rel in rels]
    _git(root, "add", "--", *paths)
    _git(root, "commit", "-q", "--only", "-m", message, "--", *paths)
    return _git(root, "rev-parse", "HEAD")


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60,
                                check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise EditRefused("commit_failed", {"detail": str(err)}, usage=False) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise EditRefused("commit_failed", {"detail": detail[-1] if detail else f"git {args[0]}"}, usage=False)
    return result.stdout.strip()
