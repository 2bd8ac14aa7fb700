"""Work on both cores: for a large ledger, a forked child may take half the files.

Reading, validating and checking task files are the largest costs of a cold check of a province
ledger, and the machines offices use have at least two cores. But forking is the process's
business, not a library's: it happens only when the program that owns the process has said so
with :func:`allow_forking` (the command line does, in reformctl.cli.main). The child does the
same work on its share of the files and sends the results back as plain data (`marshal`, which
never runs code). Anything unusual (no fork on this platform, threads running, the child failing
or sending nothing) falls back to working in this process, so the result never depends on the child.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from typing import Any, Callable, Iterator, Optional

# Below this many characters in all, a fork costs more than it saves. Files not read yet are
# counted in bytes, as the folder gives their sizes: a Chinese ledger's 2 MB is about a million
# characters, and the fork still pays there (a 2,000-task, 1.9 MB ledger's `status --no-cache`:
# 1.01 s alone, 0.83 s forked).
MIN_PARALLEL_CHARS = 2_000_000
_forking_allowed = False
_sharing = False  # a child is working beside this process (or this is that child): fork no more


def allow_forking(allowed: bool = True) -> None:
    """Let large reads fork a child (for a program that owns its process, such as the command line)."""
    global _forking_allowed
    _forking_allowed = allowed


def _same(value: Any) -> Any:
    return value


def read_all(texts: dict[str, str], read: Callable[[str], Any]) -> dict[str, Any]:
    """`read(text)` of every file, by name; on two processes when the ledger is large."""
    return split_work({name: len(text) for name, text in texts.items()}, lambda name: read(texts[name]))


def split_work(sizes: dict[str, int], work: Callable[[str], Any], encode: Callable[[Any], Any] = _same,
               decode: Callable[[Any], Any] = _same, threshold: int = MIN_PARALLEL_CHARS,
               first: Optional[Callable[[], Any]] = None) -> dict[str, Any]:
    """`work(name)` for every name, by name; with a forked child beside this process when the work is large.

    The two processes take the names one at a time from one queue, largest first, so that both
    finish together whatever each one's speed (the second core of a small virtual machine gives
    less than a core's worth) and whatever this process does besides. The child sends each result
    as soon as it has it, as plain data (what `marshal` carries), and this process takes them in
    between its own: `encode` turns one into plain data in the child, `decode` turns it back here
    (either raising: this process then does that work itself, as it does what a failed child
    took and did not send). The parent's own results are never encoded. `threshold`: the total
    size below which one process does it all. `first()`, given, runs in this process before any
    `work` (beside the child, when there is one).
    """
    if not _worth_forking(sizes, threshold):
        if first is not None:
            first()
        return {name: work(name) for name in sizes}
    global _sharing
    names = sorted(sizes, key=lambda name: -sizes[name])  # the small ones last: they even out the end
    queue = _Queue(len(names))
    receive, send = os.pipe()
    _widen(send)
    pid = os.fork()
    _sharing = True
    if pid == 0:  # the child: take names until none is left, sending each result; leave without clean-up
        try:
            os.close(receive)
            for index in queue.taken():
                _send(send, index, lambda: encode(work(names[index])))
        finally:
            os._exit(0)
    os.close(send)
    inbox = _Inbox(receive, pid, names, decode)
    try:
        if first is not None:
            first()
            inbox.take()
        results = {}
        for index in queue.taken():
            results[names[index]] = work(names[index])
            inbox.take()
    except BaseException:
        queue.close()
        inbox.close()  # the child is waited for (and its pipe drained) whatever happens here
        raise
    finally:
        _sharing = False
    queue.close()
    results.update(inbox.close())
    # what a failed child took and did not send back: done here
    results.update({name: work(name) for name in sizes if name not in results})
    return {name: results[name] for name in sizes}


_LENGTH = 8  # the bytes of a record's length, before the record


def _widen(fd: int) -> None:
    """A pipe of a megabyte, where the system allows it: the child then seldom waits for this
    process, which takes the results only between its own pieces of work."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (OSError, ImportError):
        pass


def _send(fd: int, index: int, result: Callable[[], Any]) -> None:
    """Send (index, plain result) as one record; nothing when it cannot be made (the parent does it)."""
    try:
        record = marshal.dumps((index, result()))
    except Exception:  # noqa: BLE001 - the parent does this work itself, and says what fails there
        return
    view = memoryview(len(record).to_bytes(_LENGTH, "little") + record)
    while view:
        view = view[os.write(fd, view):]


class _Inbox:
    """The results a child sends, taken whenever this process has a moment (`take`) and, at the
    end, until the child is done (`close`): by name, each decoded; a record cut short or that
    cannot be decoded is left out (this process then does that work)."""

    def __init__(self, fd: int, pid: int, names: list[str], decode: Callable[[Any], Any]):
        self.fd, self.pid, self.names, self.decode = fd, pid, names, decode
        self.buffer = bytearray()
        self.results: dict[str, Any] = {}
        self.broken = False
        os.set_blocking(fd, False)

    def take(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.buffer += chunk
        self._unpack()

    def close(self) -> dict[str, Any]:
        if self.fd >= 0:
            os.set_blocking(self.fd, True)
            with os.fdopen(self.fd, "rb") as pipe:
                self.buffer += pipe.read()
            self.fd = -1
            os.waitpid(self.pid, 0)
            self._unpack()
        return self.results

    def _unpack(self) -> None:
        buffer, start = self.buffer, 0
        while not self.broken and len(buffer) - start >= _LENGTH:
            end = start + _LENGTH + int.from_bytes(buffer[start:start + _LENGTH], "little")
            if end > len(buffer):
                break
            self._keep(bytes(buffer[start + _LENGTH:end]))
            start = end
        del buffer[:start]

    def _keep(self, record: bytes) -> None:
        try:
            index, plain = marshal.loads(record)
        except (EOFError, ValueError, TypeError):  # not a record of ours: what follows cannot be trusted
            self.broken = True
            return
        if type(index) is not int or not 0 <= index < len(self.names):
            self.broken = True
            return
        try:
            self.results[self.names[index]] = self.decode(plain)
        except Exception:  # noqa: BLE001 - a result this process cannot take back: it does that work itself
            pass


class _Queue:
    """The indexes 0..count-1, each taken by exactly one process: written into a pipe before the
    fork, read four bytes at a time (a pipe's read is atomic between processes). More indexes
    than fit in one page are grouped, a group taken at once: a pipe holds at least one page, even
    for a user past the system's soft limit of pipe pages, so the write never waits for a reader."""

    _ITEM = 4
    _CAPACITY = 1_000  # indexes that fit in one page (4 KiB)

    def __init__(self, count: int):
        self.group = max(1, -(-count // self._CAPACITY))
        self.count = count
        self.read, write = os.pipe()
        try:
            os.write(write, b"".join(start.to_bytes(self._ITEM, "little")
                                     for start in range(0, count, self.group)))
        finally:
            os.close(write)  # once empty, the pipe reads as ended: nothing more to take

    def taken(self) -> Iterator[int]:
        while True:
            item = os.read(self.read, self._ITEM)
            if len(item) < self._ITEM:
                return
            start = int.from_bytes(item, "little")
            yield from range(start, min(start + self.group, self.count))

    def close(self) -> None:
        try:
            os.close(self.read)
        except OSError:
            pass


def _worth_forking(sizes: dict[str, int], threshold: int = MIN_PARALLEL_CHARS) -> bool:
    return (_forking_allowed and not _sharing and sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(sizes) > 1 and sum(sizes.values()) >= threshold)
