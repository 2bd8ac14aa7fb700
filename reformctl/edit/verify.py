"""The whole ledger checked as it would be after a write, and the errors the write would add.

This is the one place the edit layer asks the loader to check: the loader checks file by file
and keeps what it found in unchanged files, so checking after a one-file write re-reads one file.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Optional

from ..load.files import DiskFiles


class WithChanges:
    """The ledger's files on disk, with some files' bytes replaced (or added) as a write would."""

    def __init__(self, root: Path, changed: dict[str, bytes]):
        self.disk = DiskFiles(root)
        self.changed = changed

    def ledger_files(self) -> list[tuple[str, str]]:
        files = self.disk.ledger_files()
        known = {rel for rel, _ in files}
        extra = [(rel, _kind_of(rel)) for rel in self.changed if rel not in known]
        return files[:2] + sorted(files[2:] + extra)

    def read_bytes(self, rel: str) -> Optional[bytes]:
        if rel in self.changed:
            return self.changed[rel]
        return self.disk.read_bytes(rel)


def _kind_of(rel: str) -> str:
    """The kind of a file a write adds: a record kind's (a new notice) else a task file."""
    from ..layout import RECORD_KINDS

    return next((kind.kind for kind in RECORD_KINDS if kind.holds(rel)), "tasks")


def check(root: Path, today: date, changed: Optional[dict[str, bytes]] = None) -> list:
    """Every problem of the ledger, with `changed` files as given (None: as on disk)."""
    from ..pipeline.incremental import check_ledger

    files = WithChanges(root, changed or {})
    _, problems = check_ledger(root, today=today, files=files)
    return problems


def added_errors(root: Path, today: date, changed: dict[str, bytes]) -> list:
    """The errors the ledger would have after the write that it does not have now.

    Problems are compared by code, file and message (their lines move when lines are added);
    the ledger as it is now is checked only when the ledger after the write has errors.
    """
    after = [p for p in check(root, today, changed) if p.severity == "error"]
    if not after:
        return []
    before = Counter(_identity(p) for p in check(root, today) if p.severity == "error")
    added = []
    for problem in after:
        key = _identity(problem)
        if before[key]:
            before[key] -= 1
        else:
            added.append(problem)
    return added


def _identity(problem) -> tuple:
    return problem.code, problem.file, problem.message("en")
