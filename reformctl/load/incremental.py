"""Checking a large ledger file by file, reusing what was found in the files that did not change.

A pull request usually touches one task file of hundreds. What the file-scope checks find in a
task file (see :mod:`reformctl.checks`) depends only on that file, the settings file and the
ledger's "now"; with the light :class:`~reformctl.checks.refs.TaskRefs` of its tasks, that is all
the ledger-scope checks need of it. So each task file's findings and refs are kept in the cache,
keyed on the file's content, the settings file's content, "now" and the code, and only changed
files are read, validated and checked again. The settings and units files are always read.

The result is the same as `load_ledger`'s problems (tests/test_incremental.py holds it to that).
"""

from __future__ import annotations

import gc
import pickle
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..checks import CheckContext, run_file_checks, run_ledger_checks
from ..checks.refs import TaskRefs
from ..model import Config, Ledger, LedgerFile
from .cache import CheckSummary, ParseCache, _key, code_fingerprint
from .find import CONFIG_NAME
from .parallel import split_work
from .ledger import LoadState, _build_config, _build_tasks, _build_units, _right_shape, locate_stage, parse_stage, read_stage

FileFindings = tuple  # (located problems, tuple of TaskRefs, unbuilt task ids, readable)


def check_by_file(root: Path, files: Any, store: Optional[ParseCache], *, today: Optional[date],
                  as_of: Optional[date]) -> Optional[tuple[CheckSummary, list]]:
    """Summary and problems of the ledger, as load_ledger finds them; None when the settings
    cannot be read (the caller then loads the whole ledger, which reports why)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _check(root, files, store, today, as_of)
    finally:
        if collecting:
            gc.enable()


def _check(root: Path, files: Any, store: Optional[ParseCache], today: Optional[date],
           as_of: Optional[date]) -> Optional[tuple[CheckSummary, list]]:
    state = LoadState(root, files, cache=store)
    read_stage(state)
    parse_stage(state, only=[rel for rel in state.sources if state.kinds[rel] != "tasks"])
    config = _build_config(state)
    if config is None:
        return None
    leaders, units = _build_units(state)
    ctx = CheckContext(now=as_of or config.as_of or today)
    findings = _all_findings(state, config, ctx)
    refs = tuple(ref for found in findings.values() for ref in found[1])
    index = Ledger(root, config, leaders, units, refs, _files(state), _unreadable(state, findings, units, leaders),
                   frozenset(task_id for found in findings.values() for task_id in found[2]))
    state.problems += run_ledger_checks(index, ctx)
    state.problems += [problem for found in findings.values() for problem in found[0]]
    return CheckSummary(tuple(state.sources), tuple(ref.id for ref in refs)), locate_stage(state)


def _all_findings(state: LoadState, config: Config, ctx: CheckContext) -> dict[str, FileFindings]:
    """Each task file's findings: kept ones, and for the others, found now (parsed all together,
    so that a large first run still reads on both cores)."""
    settings = state.hashes.get(CONFIG_NAME, "")
    keys = {rel: _key(code_fingerprint(), "file-findings", state.hashes[rel], settings, str(ctx.now))
            for rel in state.sources if state.kinds[rel] == "tasks"}
    store = state.cache
    findings = {rel: store.get_file_check(key) if store else None for rel, key in keys.items()}
    missing = {rel: len(state.sources[rel].text) for rel, found in findings.items() if found is None}
    found_now = split_work(missing, lambda rel: _find(state, rel, config, ctx), wire=pickle)
    for rel, found in found_now.items():
        findings[rel] = found
        if store:
            store.put_file_check(keys[rel], found)
    return findings


def _find(state: LoadState, rel: str, config: Config, ctx: CheckContext) -> FileFindings:
    """Read, validate and check one task file on its own."""
    one = LoadState(state.root, state.files, {rel: state.sources[rel]}, {rel: "tasks"}, hashes=state.hashes,
                    cache=state.cache)
    parse_stage(one)
    if rel not in one.data:
        return tuple(locate_stage(one)), (), (), False
    unbuilt: set = set()
    tasks = _build_tasks(one, rel, one.data[rel], unbuilt) if _right_shape(one, rel, one.data[rel]) else []
    one.problems += run_file_checks(Ledger(state.root, config, tasks=tuple(tasks)), ctx)
    return tuple(locate_stage(one)), tuple(TaskRefs.of(task) for task in tasks), tuple(unbuilt), True


def _files(state: LoadState) -> tuple[LedgerFile, ...]:
    return tuple(LedgerFile(rel, state.kinds[rel], state.hashes[rel]) for rel in state.sources)


def _unreadable(state: LoadState, findings: dict, units: dict, leaders: dict) -> frozenset:
    """As build_stage says it: kinds with a file that could not be read or parsed."""
    kinds = set()
    for rel, kind in state.listed:
        readable = findings[rel][3] if rel in findings else rel in state.data
        if not readable or (kind == "units" and not units and not leaders):
            kinds.add(kind)
    return frozenset(kinds)
