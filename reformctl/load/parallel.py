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

# Below this many characters in all, a fork costs more than it saves.
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
    less than a core's worth) and whatever this process does besides. A child's results cross a
    pipe as plain data (what `marshal` carries): `encode` turns one into plain data in the child
    (raising if it cannot: the parent then does that work itself), and `decode` turns it back in
    the parent. The parent's own results are never encoded. `threshold`: the total size below
    which one process does it all. `first()`, given, runs in this process before any `work`
    (beside the child, when there is one).
    """
    if not _worth_forking(sizes, threshold):
        if first is not None:
            first()
        return {name: work(name) for name in sizes}
    global _sharing
    names = sorted(sizes, key=lambda name: -sizes[name])  # the small ones last: they even out the end
    queue = _Queue(len(names))
    receive, send = os.pipe()
    pid = os.fork()
    _sharing = True
    if pid == 0:  # the child: take names until none is left, send the results, and leave without clean-up
        code = 1
        try:
            os.close(receive)
            payload = marshal.dumps({names[index]: encode(work(names[index])) for index in queue.taken()})
            with os.fdopen(send, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    try:
        if first is not None:
            first()
        results = {names[index]: work(names[index]) for index in queue.taken()}
    except BaseException:
        queue.close()
        _receive(receive, pid, set(names))  # the child is waited for (and its pipe drained) whatever happens here
        raise
    finally:
        _sharing = False
    queue.close()
    theirs = _decoded(_receive(receive, pid, set(names) - set(results)), decode) or {}
    results.update(theirs)
    # what a failed child took and did not send back: done here
    results.update({name: work(name) for name in sizes if name not in results})
    return {name: results[name] for name in sizes}


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


def _decoded(received: dict[str, Any] | None, decode: Callable[[Any], Any]) -> dict[str, Any] | None:
    if received is None:
        return None
    try:
        return {name: decode(plain) for name, plain in received.items()}
    except Exception:  # a result the parent cannot take back: it does that share itself
        return None


def _worth_forking(sizes: dict[str, int], threshold: int = MIN_PARALLEL_CHARS) -> bool:
    return (_forking_allowed and not _sharing and sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(sizes) > 1 and sum(sizes.values()) >= threshold)


def _receive(receive: int, pid: int, possible: set[str]) -> dict[str, Any] | None:
    """The child's results (only names it may have taken), or None when it failed."""
    with os.fdopen(receive, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        results = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # a truncated payload: the parent does the work itself
        return None
    return results if isinstance(results, dict) and set(results) <= possible else None
