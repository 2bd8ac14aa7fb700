"""The ledger's files in a folder: which files make up a ledger, and reading their bytes.

Kept apart from the loader so that a warm `check` can hash the files without importing pydantic.
Another source (a git revision, reformctl.gitsource.GitFiles) offers the same two methods.

What is read is the ledger and nothing else. A symbolic link is never followed (a task file, the
settings, the units, a folder under tasks/, a template): reading through a link would show the
content of any file of the machine (a runner's secrets) and read one way in the working tree and
another in git. A folder that cannot be listed and a file that is not a plain file (a named
pipe, a device) are not skipped: each is a problem, so that a check never passes on what it did
not read. Such paths are listed among the ledger's files, and reading them raises :class:`Refused`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from ..layout import CONFIG_NAME, RECORD_KINDS, TASKS_DIR, TEMPLATES_DIR, UNITS_NAME, YAML_SUFFIXES
from ..problems import Problem
from .yamlread import MAX_FILE_BYTES, too_large

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = ((stat.S_ISDIR, "a folder", "文件夹"), (stat.S_ISFIFO, "a named pipe (FIFO)", "命名管道（FIFO）"),
          (stat.S_ISSOCK, "a socket", "套接字"), (stat.S_ISCHR, "a device", "设备文件"), (stat.S_ISBLK, "a device", "设备文件"))


class Refused(OSError):
    """A ledger path that is not read: a link (R011), not a plain file (R012), a folder that
    cannot be listed (R013). `problem(rel)` says so to the user."""

    def __init__(self, code: str, rel: str, params: Optional[dict] = None):
        super().__init__(f"{code} {rel}")
        self.code, self.rel, self.params = code, rel, params or {}

    def problem(self) -> Problem:
        return Problem(self.code, self.rel, params=self.params).located(1, 1)


def read_problem(err: Exception, rel: str) -> Problem:
    """The problem to report for a file whose reading raised `err` (Refused, OSError, or
    ValueError(size) when too large)."""
    if isinstance(err, Refused):
        return err.problem()
    if isinstance(err, ValueError):
        return too_large(int(err.args[0]), rel)
    return Problem("R010", rel, params={"detail": getattr(err, "strerror", None) or str(err)})


class DiskFiles:
    """The ledger's files in a folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._refused: dict[str, Refused] = {}

    def ledger_files(self) -> list[tuple[str, str]]:
        listed, self._refused = _list_ledger(self.root)
        return listed

    def read_bytes(self, rel: str) -> Optional[bytes]:
        """The file's bytes; None when it does not exist. Raises Refused (a link, not a plain file,
        a folder that cannot be listed), OSError, or ValueError(size) when too large."""
        if rel in self._refused:
            raise self._refused[rel]
        return read_plain_file(self.root / rel, rel)

    def size(self, rel: str) -> int:
        """The file's size in bytes, without reading it (0 when it cannot be looked at: reading
        it says why)."""
        try:
            return os.lstat(self.root / rel).st_size
        except OSError:
            return 0


def read_plain_file(path: Path, rel: str, limit: int = MAX_FILE_BYTES) -> Optional[bytes]:
    """The bytes of a plain file, never through a link; None when there is none at `path`."""
    try:
        found = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    _refuse_unless_plain(found, rel)
    if found.st_size > limit:
        raise ValueError(found.st_size)
    # O_NOFOLLOW and a second look through the open handle: the path cannot be swapped for a link
    # or a pipe between the look and the read
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as err:
        if os.path.islink(path):
            raise Refused("R011", rel) from None
        raise err
    with os.fdopen(handle, "rb") as stream:
        opened = os.fstat(stream.fileno())
        _refuse_unless_plain(opened, rel)
        if opened.st_size > limit:
            raise ValueError(opened.st_size)
        return stream.read()


def _refuse_unless_plain(found: os.stat_result, rel: str) -> None:
    if stat.S_ISREG(found.st_mode):
        return
    if stat.S_ISLNK(found.st_mode):
        raise Refused("R011", rel)
    what, what_zh = next(((en, zh) for test, en, zh in _KINDS if test(found.st_mode)), ("a special file", "特殊文件"))
    raise Refused("R012", rel, {"found": what, "found_zh": what_zh})


def read_template(root: Path, name: str) -> Optional[tuple[str, str]]:
    """The text and path of the ledger's own template `name` (under templates/), or None when it
    has none. Raises Refused when templates/, a folder on the way or the file is a link or odd."""
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        return None
    rel = TEMPLATES_DIR
    for folder in parts[:-1]:
        try:
            _refuse_unless_folder(os.lstat(root / rel), rel)
        except (FileNotFoundError, NotADirectoryError):
            return None
        rel = f"{rel}/{folder}"
    try:
        _refuse_unless_folder(os.lstat(root / rel), rel)
    except (FileNotFoundError, NotADirectoryError):
        return None
    rel = f"{rel}/{parts[-1]}" if parts else rel
    data = read_plain_file(root / rel, rel)
    return None if data is None else (data.decode("utf-8"), os.path.normpath(root / rel))


def _refuse_unless_folder(found: os.stat_result, rel: str) -> None:
    if stat.S_ISLNK(found.st_mode):
        raise Refused("R011", rel)
    if not stat.S_ISDIR(found.st_mode):
        raise FileNotFoundError(rel)


def ledger_files(root: Path) -> list[tuple[str, str]]:
    """(relative path, kind) of every file that makes up the ledger, in a stable order."""
    return _list_ledger(Path(root))[0]


def _list_ledger(root: Path) -> tuple[list[tuple[str, str]], dict[str, Refused]]:
    """The ledger's files, and the paths among them that are not read (links, folders that
    cannot be listed, odd files) with why. Templates are read by `report`, not by `check`: only
    their refused paths are listed, so that `check` reports them."""
    files = [(CONFIG_NAME, "config"), (UNITS_NAME, "units")]
    refused: dict[str, Refused] = {}
    tasks: list[str] = []
    _walk(root, TASKS_DIR, tasks, refused, task_files=True)
    files += [(rel, "tasks") for rel in sorted(tasks, key=_path_order)]
    for kind in RECORD_KINDS:
        found: list[str] = []
        if kind.folder:
            _walk(root, kind.path, found, refused, task_files=True)
        elif _present(root / kind.path):  # an optional file: listed when there (a link too: R011)
            found.append(kind.path)
        files += [(rel, kind.kind) for rel in sorted(found, key=_path_order)]
    templates: list[str] = []
    _walk(root, TEMPLATES_DIR, templates, refused, task_files=False)
    files += [(rel, "templates") for rel in sorted(templates, key=_path_order)]
    return files, refused


def _present(path: Path) -> bool:
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def _path_order(rel: str) -> list[str]:
    return rel.split("/")  # as paths compare, part by part (the order DiskFiles always had)


def _walk(root: Path, rel: str, found: list[str], refused: dict[str, Refused], task_files: bool) -> None:
    """Under `rel`: every plain task file (with `task_files`) into `found`; every link (whatever its
    name: a link to a folder is not walked), unreadable folder, and odd file where a task file or a
    template belongs, into both `found` and `refused`."""
    try:
        top = os.lstat(root / rel)
    except OSError:
        return  # no such folder: a ledger may have no tasks yet, and no templates of its own
    if not stat.S_ISDIR(top.st_mode):
        if stat.S_ISLNK(top.st_mode):
            _refuse(Refused("R011", rel), found, refused)
        return
    try:
        with os.scandir(root / rel) as entries:
            children = [(entry.name, _entry_kind(entry)) for entry in entries]
    except OSError as err:
        _refuse(Refused("R013", rel, {"detail": err.strerror or str(err)}), found, refused)
        return
    for name, kind in children:
        child = f"{rel}/{name}"
        if kind == "dir":
            _walk(root, child, found, refused, task_files)
        elif kind == "link":
            _refuse(Refused("R011", child), found, refused)
        elif kind == "file":
            if task_files and name.endswith(YAML_SUFFIXES):
                found.append(child)
        elif name.endswith(YAML_SUFFIXES) or not task_files:  # a pipe or a device where a file belongs
            try:
                _refuse_unless_plain(os.lstat(root / child), child)
            except Refused as err:
                _refuse(err, found, refused)
            except OSError:
                continue


def _entry_kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_symlink():
            return "link"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        return "file" if entry.is_file(follow_symlinks=False) else "other"
    except OSError:
        return "other"


def _refuse(err: Refused, found: list[str], refused: dict[str, Refused]) -> None:
    found.append(err.rel)
    refused[err.rel] = err


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

    def size(self, rel: str) -> int:
        """The file's size in bytes: as read, else as its source says without reading it (a
        source that cannot say has it read now)."""
        if rel not in self._read and hasattr(self.source, "size"):
            return self.source.size(rel)
        try:
            return len(self.read_bytes(rel) or b"")
        except (OSError, ValueError):
            return 0
