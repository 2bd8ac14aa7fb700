"""The cache: authenticated plain data kept between runs, under keys its callers compute.

Storage only: `get(kind, key)` and `put(kind, key, value)`. What a kind holds and how its key
is made are said where it is used (parse data: :mod:`.stages`; file findings, lean tasks and whole
checks: :mod:`reformctl.pipeline.incremental`; a command's output: :mod:`reformctl.cli.replay`). Values are plain data
(None, booleans, numbers, text, bytes, tuples, lists, dicts): they are stored with `marshal`, which
never runs code, and read back only after their MAC has been verified.

An entry is the HMAC-SHA256 of (code fingerprint, kind, key, payload) followed by the payload.
The MAC's key is 32 random bytes made on first use in the user's cache folder
($XDG_CACHE_HOME/reformctl/mac-key, or ~/.cache/..., mode 0600), outside every ledger: an entry
that someone else wrote (committed to the ledger's repository, say) or that was changed since,
or that was written by other code, fails the MAC and is a miss, as is one that cannot be read or
decoded. A miss is never an error and never a result. The code fingerprint (reformctl's source
files, the versions of Python and of the libraries that read and check) names the folder too, so
that entries of other code are not even looked at.

Entries are written to a temporary file and moved into place (os.replace), so a crash mid-write
leaves no half entry. The folder is `.reformctl-cache/` in the ledger when the ledger asks for it
(its .gitignore lists it, as `reformctl init` writes it, or the folder exists) and git tracks
nothing inside it; else the user's cache folder; else there is no cache at all.

This module imports nothing heavy: a warm `check` answers without importing pydantic or ruamel.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import sys
import tempfile
import warnings
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Mapping, Optional

CACHE_DIR_NAME = ".reformctl-cache"
NO_CACHE_VAR = "REFORMCTL_NO_CACHE"
KEY_FILE_NAME = "mac-key"
KINDS = ("parse", "files", "check", "output", "lean", "figures", "site")
_LAYOUT = "v2"
_MAC_SIZE = 32
_DEPENDENCIES = ("pydantic", "ruamel.yaml", "ryml", "rich", "typer", "chinese_calendar")
_fingerprint: Optional[str] = None


class CacheFolderTracked(UserWarning):
    """The ledger's cache folder holds files that git tracks: it is not used (see Cache.for_ledger)."""

    def __init__(self, folder: Path):
        super().__init__(f"{folder}: git tracks files in this cache folder, so it is not used "
                         f"(untrack it: git rm -r --cached {CACHE_DIR_NAME}); using the user's cache instead")
        self.folder = folder


class Cache:
    """Authenticated entries in one folder; every failure to read or write is a miss, never an error."""

    def __init__(self, folder: Path, mac_key: bytes):
        self.folder = Path(folder)
        self._mac_key = mac_key

    @classmethod
    def for_ledger(cls, root: Path, env: Optional[Mapping[str, str]] = None) -> Optional["Cache"]:
        """The ledger's own cache folder if it asks for one and can be used, else the user's, else None.

        The ledger's folder is used only when it asks for it: its .gitignore lists the cache folder
        (as `reformctl init` writes it) or the folder exists; a cache never litters a folder that
        would show it to git, nor uses one that git tracks files in (a warning says so). The bundled
        demo, inside the installed package, uses the user's. $REFORMCTL_NO_CACHE (any non-empty
        value) turns the cache off, as --no-cache does.
        """
        env = os.environ if env is None else env
        if env.get(NO_CACHE_VAR):
            return None
        user = user_cache_folder(env)
        mac_key = _mac_key(user)
        if mac_key is None:
            return None
        for folder in _candidates(Path(root), user):
            if _writable(folder):
                return cls(folder / _LAYOUT / code_fingerprint()[:16], mac_key)
        return None

    def get(self, kind: str, key: str) -> Any:
        """The value put under (kind, key), or None: missing, unreadable, or failing its MAC."""
        raw = _read(self._path(kind, key))
        if raw is None or len(raw) < _MAC_SIZE:
            return None
        mac, payload = raw[:_MAC_SIZE], raw[_MAC_SIZE:]
        if not hmac.compare_digest(mac, self._mac(kind, key, payload)):
            return None
        try:
            return marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        """Keep `value` (plain data) under (kind, key); a value that is not plain data is not kept."""
        try:
            payload = marshal.dumps(value)
        except ValueError:
            return
        _write(self._path(kind, key), self._mac(kind, key, payload) + payload)

    def _path(self, kind: str, key: str) -> Path:
        if kind not in KINDS:
            raise ValueError(f"unknown cache kind {kind!r}")
        name = hashlib.sha256(key.encode()).hexdigest()
        return self.folder / kind / name[:2] / name

    def _mac(self, kind: str, key: str, payload: bytes) -> bytes:
        mac = hmac.new(self._mac_key, digestmod=hashlib.sha256)
        mac.update(f"{code_fingerprint()}\0{kind}\0{key}\0".encode())
        mac.update(payload)
        return mac.digest()


def open_cache(root: Path | str, cache: Any) -> Optional[Cache]:
    """What a library call's `cache=` argument means: True for the ledger's, False/None for none, or a Cache."""
    if cache is True:
        return Cache.for_ledger(Path(root))
    return cache or None


def user_cache_folder(env: Mapping[str, str]) -> Path:
    return Path(env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")) / "reformctl"


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


def digest(*parts: Any) -> str:
    """A key made of `parts` (their repr, separated): what a caller's key is made of."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode())
        hasher.update(b"\0")
    return hasher.hexdigest()


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


def _candidates(root: Path, user: Path) -> tuple[Path, ...]:
    own = root / CACHE_DIR_NAME
    if not _wants_own_cache(root):
        return (user,)
    if _tracked_by_git(own):
        warnings.warn(CacheFolderTracked(own), stacklevel=4)
        return (user,)
    return own, user


def _wants_own_cache(root: Path) -> bool:
    if (root / CACHE_DIR_NAME).is_dir():
        return True
    try:
        return CACHE_DIR_NAME in (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _tracked_by_git(folder: Path) -> bool:
    """Whether git tracks any file inside `folder` (False outside a repository or without git)."""
    if not folder.is_dir():
        return False
    from ..gitinfo import GitError, run_git

    try:
        listed = run_git(folder, "ls-files", "-z", "--", ".", timeout=30)
    except GitError:
        return False
    return listed.returncode == 0 and bool(listed.stdout)


def _mac_key(user: Path) -> Optional[bytes]:
    """The MAC key kept in the user's cache folder, made on first use; None if it cannot be had."""
    path = user / KEY_FILE_NAME
    key = _read_key(path)
    if key is not None or not _writable(user):
        return key
    try:
        handle, temporary = tempfile.mkstemp(dir=user, prefix=".tmp-key-")  # mode 0600
        with os.fdopen(handle, "wb") as stream:
            stream.write(os.urandom(_MAC_SIZE))
        try:
            os.link(temporary, path)  # never over a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    except OSError:
        return None
    return _read_key(path)


def _read_key(path: Path) -> Optional[bytes]:
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        key = stream.read(_MAC_SIZE + 1)
    return key if len(key) == _MAC_SIZE else None


def _read(path: Path) -> Optional[bytes]:
    try:
        return path.read_bytes()
    except OSError:
        return None


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


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)
