"""The ledger's files in a folder: which files make up a ledger, and reading their bytes.

Kept apart from the loader so that a warm `check` can hash the files without importing pydantic.
Another source (a git revision, reformctl.gitsource.GitFiles) offers the same two methods.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..layout import CONFIG_NAME, TASKS_DIR, UNITS_NAME, YAML_SUFFIXES
from .yamlread import MAX_FILE_BYTES


class DiskFiles:
    """The ledger's files in a folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def ledger_files(self) -> list[tuple[str, str]]:
        return ledger_files(self.root)

    def read_bytes(self, rel: str) -> Optional[bytes]:
        """The file's bytes; None when it does not exist. Raises OSError, or ValueError when too large."""
        path = self.root / rel
        if not path.is_file():
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValueError(path.stat().st_size)
        return path.read_bytes()


def ledger_files(root: Path) -> list[tuple[str, str]]:
    """(relative path, kind) of every file that makes up the ledger, in a stable order."""
    files = [(CONFIG_NAME, "config"), (UNITS_NAME, "units")]
    task_dir = root / TASKS_DIR
    if task_dir.is_dir():
        paths = sorted(p for p in task_dir.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
        files += [(p.relative_to(root).as_posix(), "tasks") for p in paths]
    return files


class ReadOnce:
    """A file source that remembers what it read, so that hashing and loading read each file once."""

    def __init__(self, source):
        self.source = source
        self._files: Optional[list] = None
        self._read: dict[str, object] = {}

    def ledger_files(self) -> list[tuple[str, str]]:
        if self._files is None:
            self._files = self.source.ledger_files()
        return self._files

    def read_bytes(self, rel: str) -> Optional[bytes]:
        if rel not in self._read:
            try:
                self._read[rel] = self.source.read_bytes(rel)
            except (OSError, ValueError) as err:
                self._read[rel] = err
        found = self._read[rel]
        if isinstance(found, Exception):
            raise found
        return found
