"""Replay a command's output when nothing it depends on has changed.

`reformctl status` is what a person types at the terminal, again and again, on a ledger that did
not change in between. Its output is deterministic: the same ledger files, options, day, commit,
folder, language and terminal give the same bytes. So the first run records what it printed
(stdout, stderr, exit code) in the parse cache, keyed on all of those, and the next run prints the
record without importing pydantic, building the ledger or drawing tables. Anything in the key
changing (a file's content, the day, the commit or its "+dirty" mark, an option, the width of the
terminal, reformctl's code or a dependency's version) makes a miss, and the command runs afresh.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

import typer

# Everything in the environment that can change what a command prints.
_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "COLORTERM", "REFORMCTL_LANG",
                "LANG", "LC_ALL", "LC_MESSAGES", "TZ", "REFORMCTL_LEDGER")


class _Tee:
    """A text stream that passes everything through and keeps a copy."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, fileno... as the stream has them
        return getattr(self.stream, name)


def replay_or_run(ledger_path: Optional[Path], options: tuple, no_cache: bool, run: Callable[[], None]) -> None:
    """Print the recorded output of this very command if there is one, else run it and record it."""
    found = None if no_cache else _store_and_key(ledger_path, options)
    if found is None:
        run()
        return
    store, key = found
    recorded = store.get_output(key)
    if recorded is not None:
        out, err, code = recorded
        sys.stdout.write(out)
        sys.stderr.write(err)
        raise typer.Exit(code)
    _run_and_record(store, key, run)


def _run_and_record(store: Any, key: str, run: Callable[[], None]) -> None:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err
    code = None
    try:
        run()
        code = 0
    except typer.Exit as done:
        code = done.exit_code
        raise
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
        if code in (0, 1):  # not a usage error, nor a crash
            store.put_output(key, ("".join(out.parts), "".join(err.parts), code))


def _store_and_key(ledger_path: Optional[Path], options: tuple) -> Optional[tuple[Any, str]]:
    from ..gitinfo import head_commit
    from ..load.cache import ParseCache, _file_hashes, check_key
    from ..load.files import DiskFiles
    from ..load.find import LedgerNotFound, find_ledger

    try:
        location = find_ledger(str(ledger_path) if ledger_path else None)
    except LedgerNotFound:
        return None  # the command itself says so
    store = ParseCache.for_ledger(location.root)
    if store is None:
        return None
    terminal = sys.stdout.isatty()
    key = check_key(_file_hashes(DiskFiles(location.root)), "replay", options, str(location.root), location.origin,
                    os.getcwd(), date.today().isoformat(), head_commit(location.root), terminal,
                    tuple(shutil.get_terminal_size()) if terminal else None,
                    tuple(os.environ.get(name) for name in _ENVIRONMENT))
    return store, key
