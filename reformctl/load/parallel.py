"""Work on both cores: for a large ledger, a forked child takes half the files.

Reading, validating and checking task files are the largest costs of a cold check of a province
ledger, and the machines offices use have at least two cores. The child does the same work on its
share of the files and sends the results back (`marshal` for plain data, `pickle` for findings).
Anything unusual — no fork on this platform, threads running, the child failing or sending
nothing — falls back to reading in this process, so the result never depends on the child.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from typing import Any, Callable

# Below this many characters in all, a fork costs more than it saves.
MIN_PARALLEL_CHARS = 2_000_000


def read_all(texts: dict[str, str], read: Callable[[str], Any]) -> dict[str, Any]:
    """`read(text)` of every file, by name; on two processes when the ledger is large."""
    return split_work({name: len(text) for name, text in texts.items()}, lambda name: read(texts[name]))


def split_work(sizes: dict[str, int], work: Callable[[str], Any], wire: Any = marshal) -> dict[str, Any]:
    """`work(name)` for every name, by name; a forked child takes half the size when it is large.

    `wire` (marshal for plain data, pickle for anything else) carries the child's results back.
    """
    if not _worth_forking(sizes):
        return {name: work(name) for name in sizes}
    theirs = _share(sizes)
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do its share, send it, and leave without running any clean-up
        code = 1
        try:
            os.close(receive)
            payload = wire.dumps({name: work(name) for name in theirs})
            with os.fdopen(send, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    results = {name: work(name) for name in sizes if name not in theirs}
    results.update(_receive(receive, pid, wire) or {name: work(name) for name in theirs})
    return {name: results[name] for name in sizes}


def _worth_forking(sizes: dict[str, int]) -> bool:
    return (sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(sizes) > 1 and sum(sizes.values()) >= MIN_PARALLEL_CHARS)


def _share(sizes: dict[str, int]) -> set[str]:
    """About half of the size, so that both processes finish together."""
    total = sum(sizes.values())
    share, taken = set(), 0
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        if taken + size <= total / 2:
            share.add(name)
            taken += size
    return share


def _receive(receive: int, pid: int, wire: Any) -> dict[str, Any] | None:
    with os.fdopen(receive, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        return wire.loads(payload)
    except Exception:  # a truncated payload: the parent does the work itself
        return None
