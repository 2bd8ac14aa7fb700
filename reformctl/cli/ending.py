"""What a command built, kept until the process ends, when the command line owns the process.

The command line leaves without taking the interpreter down object by object (reformctl.cli
`_leave`). A command's own large results (a province ledger's status report: 30,000 rows) would
still be taken down one object at a time as the command returns: ~40 ms, after the last line is
printed. A command hands them here instead, and the process's end frees them all at once. In a
test, or any program that calls a command without owning its process, nothing is kept.
"""

from __future__ import annotations

from typing import Any


class _Keeper:
    allowed = False  # set by reformctl.cli once it owns the process

    def __init__(self) -> None:
        self.kept: list[Any] = []

    def __call__(self, *objects: Any) -> None:
        if self.allowed:
            self.kept.append(objects)


keep_until_exit = _Keeper()
