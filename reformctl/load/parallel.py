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
from typing import Any, Callable, Optional

# Below this many characters in all, a fork costs more than it saves.
MIN_PARALLEL_CHARS = 2_000_000
_forking_allowed = False


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
               first: Optional[Callable[[], Any]] = None, parent_extra: int = 0) -> dict[str, Any]:
    """`work(name)` for every name, by name; a forked child takes half the size when it is large.

    A child's results cross a pipe as plain data (what `marshal` carries): `encode` turns one into
    plain data in the child (raising if it cannot: the parent then does that share itself), and
    `decode` turns it back in the parent. The parent's own results are never encoded. `threshold`:
    the total size below which one process does it all.

    `first()`, given, runs in this process before any `work` (beside the child, when there is
    one). `parent_extra` is the size, in the units of `sizes`, of the work only this process does
    (`first`'s, and what it does with the results after): the child takes that much more than
    half, so that both finish together.
    """
    if not _worth_forking(sizes, threshold):
        if first is not None:
            first()
        return {name: work(name) for name in sizes}
    theirs = _share(sizes, parent_extra)
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do its share, send it, and leave without running any clean-up
        code = 1
        try:
            os.close(receive)
            payload = marshal.dumps({name: encode(work(name)) for name in theirs})
            with os.fdopen(send, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    try:
        if first is not None:
            first()
        results = {name: work(name) for name in sizes if name not in theirs}
    except BaseException:
        _receive(receive, pid, theirs)  # the child is waited for (and its pipe drained) whatever happens here
        raise
    results.update(_decoded(_receive(receive, pid, theirs), decode) or {name: work(name) for name in theirs})
    return {name: results[name] for name in sizes}


def _decoded(received: dict[str, Any] | None, decode: Callable[[Any], Any]) -> dict[str, Any] | None:
    if received is None:
        return None
    try:
        return {name: decode(plain) for name, plain in received.items()}
    except Exception:  # a result the parent cannot take back: it does that share itself
        return None


def _worth_forking(sizes: dict[str, int], threshold: int = MIN_PARALLEL_CHARS) -> bool:
    return (_forking_allowed and sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(sizes) > 1 and sum(sizes.values()) >= threshold)


def _share(sizes: dict[str, int], parent_extra: int = 0) -> set[str]:
    """About half of the size and of the parent's own work (`parent_extra`), so that both
    processes finish together."""
    total = sum(sizes.values())
    target = min(total, (total + max(parent_extra, 0)) / 2)
    share, taken = set(), 0
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        if taken + size <= target:
            share.add(name)
            taken += size
    return share


def _receive(receive: int, pid: int, theirs: set[str]) -> dict[str, Any] | None:
    with os.fdopen(receive, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        results = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # a truncated payload: the parent does the work itself
        return None
    return results if isinstance(results, dict) and set(results) == theirs else None
