"""Putting a file on disk safely: one writer at a time, never a half-written file, never over a
change made by someone else since the file was read."""

from __future__ import annotations

import getpass
import os
import socket
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from .errors import EditRefused

LOCK_NAME = ".reformctl.lock"
DEFAULT_WAIT = 5.0  # seconds a second writer waits before it says who holds the lock
_HELD: set[str] = set()  # ledger folders whose lock this process holds


@contextmanager
def ledger_lock(root: Path | str, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the ledger's write lock (fcntl on .reformctl.lock in the ledger folder).

    The lock file says who holds it, so that a writer kept waiting can tell the person. It is
    removed on release; a writer that locked a file since removed tries again on the new one.
    Taken again by the process that holds it (a caller holding it across several writes), it
    is simply held on.
    """
    import fcntl

    root = Path(root)
    held = str(root.resolve())
    if held in _HELD:  # this process holds it already (a batch of writes under one lock)
        yield
        return
    path = root / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise EditRefused("cannot_write", {"path": str(path), "detail": err.strerror or str(err)}, usage=False) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise EditRefused("locked", {"holder": _holder(path), "wait": round(wait, 1), "path": str(path)},
                                  usage=False) from None
            time.sleep(0.05)
            continue
        if _same_file(fd, path):
            break
        os.close(fd)  # released and removed by its holder meanwhile: lock the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, _who().encode("utf-8"))
        _HELD.add(held)
        yield
    finally:
        _HELD.discard(held)
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _who() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = "?"
    command = " ".join(os.path.basename(arg) if index == 0 else arg for index, arg in enumerate(sys.argv[:4]))
    return f"{user}@{socket.gethostname()}, pid {os.getpid()}: {command}"


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip() or "?"
    except OSError:
        return "?"


def replace_file(path: Path, expected: Optional[bytes], content: bytes) -> None:
    """Write `content` to `path` atomically, if the file still holds `expected` (None: absent).

    A temporary file in the same folder is written, flushed to disk and renamed over the file,
    so that a reader sees the old file or the new one, never a part; the file's mode is kept.
    """
    current = path.read_bytes() if path.exists() else None
    if current != expected:
        raise EditRefused("changed_underneath", {"path": str(path)}, usage=False)
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
            os.replace(temp, path)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise
        _sync_folder(path.parent)
    except OSError as err:
        raise EditRefused("cannot_write", {"path": str(path), "detail": err.strerror or str(err)}, usage=False) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
