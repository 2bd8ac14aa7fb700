"""load_ledger: read → parse → build → check → locate, returning (ledger, problems).

The stages are in :mod:`reformctl.load.stages`; checking a ledger file by file, for `reformctl
check`, is in :mod:`reformctl.pipeline.incremental`.
"""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..model import Ledger
from ..problems import Problem
from ..timeline import now
from ..load.cache import Cache, open_cache
from ..load.files import DiskFiles, ledger_files
from ..load.stages import LoadState, build_stage, locate_stage, parse_stage, read_stage


def load_ledger(root: Path | str, *, today: Optional[date] = None, as_of: Optional[date] = None,
                run_checks: bool = True, files: Any = None, cache: Any = True,
                only_tasks: Optional[frozenset] = None) -> tuple[Optional[Ledger], list[Problem]]:
    """Load and check the ledger at `root`.

    The ledger's "now", against which "done in the future" and the like are checked, is `as_of`
    if given, else the ledger's pinned `as_of`, else `today` (else those checks are skipped).
    Returns the ledger (None when its settings cannot be read) and every problem found, sorted
    by file and position. `files` reads the ledger from elsewhere than the folder (a git revision).
    `cache`: True for the cache of the ledger's folder (see :mod:`.cache`), False for none, or a Cache.
    `only_tasks` (with `run_checks=False`): build only the tasks with these ids, for a command that
    reads a few tasks of a ledger it has checked otherwise (`returns import`); the ledger holds
    only those (building twenty thousand tasks with pydantic costs more than the rest of an import).
    """
    if only_tasks is not None and run_checks:
        raise ValueError("only_tasks is for a ledger checked otherwise: checks need every task")
    state = LoadState(Path(root), files or DiskFiles(Path(root)), cache=open_cache(root, cache))
    with collector_paused():
        read_stage(state)
        parse_stage(state)
        ledger = build_stage(state, only_tasks)
        if ledger is not None and run_checks:
            from ..checks import CheckContext, run_all

            state.problems += run_all(ledger, CheckContext(now=now(ledger.config, today, as_of)))
        return ledger, locate_stage(state)


class collector_paused:
    """The cyclic garbage collector off while loading, and as it was afterwards.

    A load makes a million small objects and frees none of them: the collector would walk them
    again and again for nothing (it tripled the time of a large load). The caller's process is
    left as it was; the command line freezes what was loaded (see reformctl.cli.main).
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: Any) -> None:
        if self.was_enabled:
            gc.enable()


__all__ = ["load_ledger", "ledger_files", "DiskFiles", "LoadState", "locate_stage", "Cache"]
