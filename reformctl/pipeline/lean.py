"""load_lean: the ledger with lean tasks (reformctl.load.lean), checked file by file.

`status`, `overdue` and the reports but the settlement read a ledger this way: the check runs file
by file on both cores (reformctl.pipeline.incremental), keeping each file's findings and lean
tasks in the cache, so that no pydantic model of a task is built in the process that computes the
figures, and an unchanged file is neither read nor built again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..load.cache import open_cache
from ..load.files import DiskFiles, ReadOnce
from ..load.lean import BadLean, tasks_from_plain
from ..model import Ledger
from ..problems import Problem
from .incremental import check_files
from .ledger import collector_paused


def load_lean(root: Path | str, *, today: Optional[date] = None, as_of: Optional[date] = None, files: Any = None,
              cache: Any = True) -> tuple[Optional[Ledger], Optional[list[Problem]]]:
    """The ledger with lean tasks, and its problems as load_ledger finds them.

    The ledger is None when it has an error (the problems say which) or cannot be read lean (the
    settings cannot be read, or a cache entry is not what this code writes: the problems are then
    None); the caller then loads it in full with load_ledger, which says why."""
    root = Path(root)
    source = ReadOnce(files or DiskFiles(root))
    with collector_paused():
        checked = check_files(root, source, open_cache(root, cache), today=today, as_of=as_of, lean=True)
        if checked is None:
            return None, None
        if any(problem.severity == "error" for problem in checked.problems):
            return None, checked.problems
        try:
            tasks = _lean_tasks(checked)
        except BadLean:
            return None, None
    from ..load.stages import ledger_file_list, unreadable_kinds

    state = checked.state
    return Ledger(root, checked.config, checked.leaders, checked.units, tuple(tasks), ledger_file_list(state),
                  unreadable_kinds(state, lambda rel: True, bool(checked.units or checked.leaders))), checked.problems


def _lean_tasks(checked: Any) -> list:
    """Every task file's lean tasks, in the order load_ledger builds them."""
    tasks: list = []
    for rel, kind in checked.state.kinds.items():
        if kind == "tasks":
            plain = checked.lean.get(rel)
            if plain is None:
                raise BadLean(rel)
            tasks += tasks_from_plain(plain, rel)
    return tasks
