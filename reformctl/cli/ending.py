"""How a run of the command line ends when the command line owns its process.

`main()` takes the process over (reformctl.cli `_own_the_process`, which calls `own`). It then
leaves without taking the interpreter down object by object (`leave`: 70 ms after a province
ledger's status), and a command's own large results (a status report's 30,000 rows) are not taken
down one object at a time as the command returns either (`keep_until_exit`: ~40 ms after the last
line). In a test, or any program that calls a command without owning its process, nothing is kept
and the exit is Python's own.
"""

from __future__ import annotations

import sys
from typing import Any

_owned = False  # set by `own` once main() has taken the process over
_kept: list[Any] = []


def own() -> None:
    global _owned
    _owned = True


def keep_until_exit(*objects: Any) -> None:
    """Hand `objects` to the process's end, when the command line owns the process."""
    if _owned:
        _kept.append(objects)


def leave(code: int) -> None:
    """Exit once the exit's own work is done (atexit) and what was written is flushed, without
    taking the interpreter down: every command has written and closed its files by now. Only when
    the command line owns the process, and only where Python lets the exit's work be run first."""
    import atexit
    import os

    run_exit_work = getattr(atexit, "_run_exitfuncs", None)
    if not _owned or run_exit_work is None:
        sys.exit(code)
    run_exit_work()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away, or a stream closed: nothing more to say
            pass
    os._exit(code)
