"""The fast read path on both cores: for a large ledger, a forked child reads half the files.

Reading is the largest single cost of a cold check of a province ledger, and the machines offices
use have at least two cores. The child runs the same `read_fast` on its share of the files and
sends the plain data back with `marshal` (dicts, lists, text, numbers: what the fast path yields).
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
    if not _worth_forking(texts):
        return {name: read(text) for name, text in texts.items()}
    theirs = _share(texts)
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read its share, send it, and leave without running any clean-up
        code = 1
        try:
            os.close(receive)
            payload = marshal.dumps({name: read(texts[name]) for name in theirs})
            with os.fdopen(send, "wb") as pipe:
                pipe.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    results = {name: read(text) for name, text in texts.items() if name not in theirs}
    results.update(_receive(receive, pid) or {name: read(texts[name]) for name in theirs})
    return {name: results[name] for name in texts}


def _worth_forking(texts: dict[str, str]) -> bool:
    return (sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1
            and len(texts) > 1 and sum(map(len, texts.values())) >= MIN_PARALLEL_CHARS)


def _share(texts: dict[str, str]) -> set[str]:
    """About half of the characters, so that both processes finish together."""
    total = sum(map(len, texts.values()))
    share, size = set(), 0
    for name, text in sorted(texts.items(), key=lambda item: -len(item[1])):
        if size + len(text) <= total / 2:
            share.add(name)
            size += len(text)
    return share


def _receive(receive: int, pid: int) -> dict[str, Any] | None:
    with os.fdopen(receive, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
