"""The parse cache: what was read from a file, and what `check` found, keyed on content.

Every key is a hash of the file contents involved plus a fingerprint of the code that produced
the entry (reformctl's own source files, the versions of Python, pydantic, ruamel.yaml and
rapidyaml): never a modification time, so a stale entry cannot hide an error. Two kinds of entry:

* ``parse/``: one file's plain data (marshal), keyed on its content. A git revision's file with
  the same bytes hits the same entry.
* ``check/``: the whole result of `reformctl check` (problems, files, task ids), keyed on every
  file's content, the day the check is made for, and the ledger's "now" (pickle).
* ``output/``: what `reformctl status` printed, keyed on every file's content and everything else
  its output depends on (see :mod:`reformctl.cli.replay`).

Entries are written to a temporary file and moved into place (os.replace), so a crash mid-write
leaves no half entry; an entry that cannot be read is a miss. The folder is `.reformctl-cache/`
in the ledger when its .gitignore lists it (as `reformctl init` writes it), else the user's cache
folder ($XDG_CACHE_HOME/reformctl or ~/.cache/reformctl), else there is no cache at all.

This module imports nothing heavy: a warm `check` answers without importing pydantic or ruamel.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Optional

CACHE_DIR_NAME = ".reformctl-cache"
NO_CACHE_VAR = "REFORMCTL_NO_CACHE"
_LAYOUT = "v1"
_DEPENDENCIES = ("pydantic", "ruamel.yaml", "ryml", "rich", "typer", "chinese_calendar")
_fingerprint: Optional[str] = None


@dataclass(frozen=True)
class CheckSummary:
    """What `reformctl check` reports besides the problems: the files read and the tasks built."""

    files: tuple[str, ...]  # relative paths
    tasks: tuple[str, ...]  # task ids


def code_fingerprint() -> str:
    """A hash of everything besides the ledger that a cached result depends on."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256(sys.version.encode())
        package = Path(__file__).resolve().parent.parent
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
        for name in _DEPENDENCIES:
            digest.update(_version_bytes(name))
        _fingerprint = digest.hexdigest()
    return _fingerprint


def _version_bytes(module: str) -> bytes:
    """The bytes of a dependency's version file (or __init__), found without importing it."""
    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        return b"absent"
    if spec is None or not spec.origin:
        return b"absent"
    folder = Path(spec.origin).parent
    for candidate in (folder / "version.py", Path(spec.origin)):
        try:
            return candidate.read_bytes()
        except OSError:
            continue
    return b"unreadable"


class ParseCache:
    """Cached entries in one folder; every failure to read or write is a miss, never an error."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def for_ledger(cls, root: Path, env: Optional[dict] = None) -> Optional["ParseCache"]:
        """The ledger's own cache folder if it can be written, else the user's, else None.

        The ledger's folder is used only when it asks for it: its .gitignore lists the cache folder
        (as `reformctl init` writes it) or the folder exists; a cache never litters a folder that
        would show it to git. The bundled demo, inside the installed package, uses the user's.
        $REFORMCTL_NO_CACHE (any non-empty value) turns the cache off, as --no-cache does.
        """
        env = os.environ if env is None else env
        if env.get(NO_CACHE_VAR):
            return None
        user = Path(env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")) / "reformctl"
        own = Path(root) / CACHE_DIR_NAME
        for folder in ((own, user) if _wants_own_cache(Path(root)) else (user,)):
            if _writable(folder):
                return cls(folder / _LAYOUT)
        return None

    # --- one file's data -----------------------------------------------------------------------

    def get_data(self, content_sha: str) -> Any:
        raw = self._read(self._data_path(content_sha))
        if raw is None:
            return None
        try:
            return marshal.loads(raw)
        except (EOFError, ValueError, TypeError):
            return None

    def put_data(self, content_sha: str, data: Any) -> None:
        try:
            raw = marshal.dumps(data)
        except ValueError:  # not plain data: nothing to cache
            return
        self._write(self._data_path(content_sha), raw)

    def _data_path(self, content_sha: str) -> Path:
        key = _key(code_fingerprint(), content_sha)
        return self.folder / "parse" / key[:2] / key

    # --- a whole check ---------------------------------------------------------------------------

    def get_check(self, key: str) -> Optional[tuple[CheckSummary, list]]:
        raw = self._read(self.folder / "check" / key)
        if raw is None:
            return None
        try:
            summary, problems = pickle.loads(raw)
        except Exception:  # a truncated or foreign entry, or one from other code: a miss
            return None
        return summary, problems

    def put_check(self, key: str, summary: CheckSummary, problems: list) -> None:
        self._write(self.folder / "check" / key, pickle.dumps((summary, problems), protocol=pickle.HIGHEST_PROTOCOL))

    # --- what the file-scope checks found in one task file (reformctl.load.incremental) ---------

    def get_file_check(self, key: str) -> Any:
        raw = self._read(self.folder / "files" / key[:2] / key)
        try:
            return pickle.loads(raw) if raw is not None else None
        except Exception:  # a truncated or foreign entry: a miss
            return None

    def put_file_check(self, key: str, value: Any) -> None:
        try:
            raw = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):  # a problem holding an odd value
            return
        self._write(self.folder / "files" / key[:2] / key, raw)

    # --- a command's output (reformctl.cli.replay) ------------------------------------------------

    def get_output(self, key: str) -> Optional[tuple[str, str, int]]:
        raw = self._read(self.folder / "output" / key)
        try:
            out, err, code = marshal.loads(raw) if raw is not None else (None, None, None)
        except (EOFError, ValueError, TypeError):
            return None
        if not (isinstance(out, str) and isinstance(err, str) and isinstance(code, int)):
            return None
        return out, err, code

    def put_output(self, key: str, output: tuple[str, str, int]) -> None:
        self._write(self.folder / "output" / key, marshal.dumps(output))

    # --- files -----------------------------------------------------------------------------------

    @staticmethod
    def _read(path: Path) -> Optional[bytes]:
        try:
            return path.read_bytes()
        except OSError:
            return None

    @staticmethod
    def _write(path: Path, raw: bytes) -> None:
        """Write atomically: a temporary file in the same folder, then a rename over the entry."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(raw)
            os.replace(temporary, path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def check_key(file_hashes: list[tuple[str, str, str]], *parts: Any) -> str:
    """The key of a whole check: every (path, kind, content hash), the code, and `parts` (dates)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for item in (*file_hashes, *parts):
        digest.update(repr(item).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _wants_own_cache(root: Path) -> bool:
    if (root / CACHE_DIR_NAME).is_dir():
        return True
    try:
        return CACHE_DIR_NAME in (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def check_ledger(root: Path | str, *, today: Any = None, as_of: Any = None, files: Any = None,
                 cache: Any = True) -> tuple[Optional[CheckSummary], list]:
    """What `reformctl check` needs of `load_ledger`: the problems and what was read.

    When no file changed since the same check was last made (same contents, same day, same
    `as_of`, same code), the answer comes from the cache without building the ledger. The key
    covers the ledger's files and nothing else: a check that came to read anything more (say,
    whether evidence files exist) would have to add it to the key.
    """
    from .files import DiskFiles, ReadOnce

    source = ReadOnce(files or DiskFiles(Path(root)))
    store = ParseCache.for_ledger(Path(root)) if cache is True else (cache or None)
    key = check_key(_file_hashes(source), str(today), str(as_of)) if store else ""
    found = store.get_check(key) if store else None
    if found is not None:
        return found
    from .incremental import check_by_file
    from .ledger import load_ledger

    checked = check_by_file(Path(root), source, store, today=today, as_of=as_of)
    if checked is not None:
        summary, problems = checked
    else:
        ledger, problems = load_ledger(root, today=today, as_of=as_of, files=source, cache=store or False)
        summary = None if ledger is None else CheckSummary(tuple(f.path for f in ledger.files),
                                                           tuple(task.id for task in ledger.tasks))
    if store:
        try:
            store.put_check(key, summary, problems)
        except (pickle.PicklingError, TypeError, AttributeError):  # a problem holding an odd value
            pass
    return summary, problems


def _file_hashes(source: Any) -> list[tuple[str, str, str]]:
    """(path, kind, content hash or what went wrong reading it) of every file of the ledger."""
    hashes = []
    for rel, kind in source.ledger_files():
        try:
            data = source.read_bytes(rel)
            state = "missing" if data is None else hashlib.sha256(data).hexdigest()
        except (OSError, ValueError) as err:
            state = f"unreadable {type(err).__name__} {err}"
        hashes.append((rel, kind, state))
    return hashes
