"""load_lean: the ledger with lean tasks (reformctl.load.lean), checked file by file.

`status`, `overdue` and the overdue, monthly, quarterly and bulletin reports read a ledger this way:
the check runs file by file on both cores (reformctl.pipeline.incremental), keeping each file's
findings and lean tasks in the cache, so that no pydantic model of a task is built in the process
that computes the figures, and an unchanged file is neither read nor built again.
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
from .entries import NotPlain, check_to_plain
from .incremental import check_files, file_hashes, kept_check, kept_lean, whole_check_key
from .ledger import collector_paused


def load_lean(root: Path | str, *, today: Optional[date] = None, as_of: Optional[date] = None, files: Any = None,
              cache: Any = True) -> tuple[Optional[Ledger], Optional[list[Problem]]]:
    """The ledger with lean tasks, and its problems as load_ledger finds them.

    The ledger is None when it has an error (the problems say which) or cannot be read lean (the
    settings cannot be read, or a cache entry is not what this code writes: the problems are then
    None); the caller then loads it in full with load_ledger, which says why. When no file
    changed since the last check (`reformctl check`'s whole answer is kept), only the settings
    and units files are built; the tasks come from the cache."""
    root = Path(root)
    source = ReadOnce(files or DiskFiles(root))
    store = open_cache(root, cache)
    key = whole_check_key(file_hashes(source), today, as_of) if store else ""
    with collector_paused():
        kept = _from_kept_check(root, source, store, key)
        if kept is not None:
            return kept
        checked = check_files(root, source, store, today=today, as_of=as_of, lean=True)
        if checked is None:
            return None, None
        _keep_check(store, key, checked)
        if any(problem.severity == "error" for problem in checked.problems):
            return None, checked.problems
        try:
            tasks = _lean_tasks(checked.state, checked.lean)
        except BadLean:
            return None, None
    return (lean_ledger(root, checked.state, checked.config, checked.leaders, checked.units, tasks, checked.records),
            checked.problems)


def _from_kept_check(root: Path, source: Any, store: Any, key: str) -> Optional[tuple[Ledger, list[Problem]]]:
    """The lean ledger from the kept whole check and the kept lean tasks, or None."""
    from ..load.stages import LoadState, build_config, build_units, parse_stage, read_stage

    kept = kept_check(store, key) if store else None
    if kept is None or kept[0] is None or any(problem.severity == "error" for problem in kept[1]):
        return None
    state = LoadState(root, source, cache=store)
    read_stage(state)
    parse_stage(state, only=[rel for rel in state.sources if state.kinds[rel] != "tasks"])
    config = build_config(state)
    leaders, units = build_units(state)
    if config is None or state.problems:  # not as the kept check found it: check afresh
        return None
    plain = {rel: kept_lean(store, state.hashes[rel]) for rel, kind in state.kinds.items() if kind == "tasks"}
    try:
        tasks = _lean_tasks(state, plain)
    except BadLean:
        return None
    return lean_ledger(root, state, config, leaders, units, tasks), kept[1]


def _keep_check(store: Any, key: str, checked: Any) -> None:
    """Keep the whole check's answer, as `reformctl check` does (the same key, the same entry)."""
    if store:
        try:
            store.put("check", key, check_to_plain(checked.summary, checked.problems))
        except NotPlain:
            pass


def lean_ledger(root: Path, state: Any, config: Any, leaders: dict, units: dict, tasks: list,
                records: Optional[dict] = None) -> Ledger:
    """The ledger: `tasks` (lean), and the records of the other kinds (inspections, notices: few),
    as built by the check, else built in full from the state's data, which holds every file but
    the task files."""
    from ..load.stages import build_records, ledger_file_list, unreadable_kinds

    return Ledger(root, config, leaders, units, tuple(tasks), ledger_file_list(state),
                  unreadable_kinds(state, lambda rel: True, bool(units or leaders)),
                  records=build_records(state) if records is None else records)


def _lean_tasks(state: Any, lean: dict) -> list:
    """Every task file's lean tasks, in the order load_ledger builds them."""
    tasks: list = []
    for rel, kind in state.kinds.items():
        if kind == "tasks":
            plain = lean.get(rel)
            if plain is None:
                raise BadLean(rel)
            tasks += tasks_from_plain(plain, rel)
    return tasks
