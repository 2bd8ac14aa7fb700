"""load_ledger: read → parse → build → check → locate, returning (ledger, problems).

Each stage collects problems instead of raising, so that one run reports everything at once.
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Optional

from ..model import Config, Ledger, LedgerFile, SourceRef, Task, UnitsFile
from ..problems import Problem, sort_key
from .build import describe, validate_record, validate_records
from .cache import ParseCache
from .fastread import quiet_stderr, read_fast
from .files import UNITS_NAME, DiskFiles, ledger_files  # noqa: F401  (DiskFiles is public here)
from .find import CONFIG_NAME
from .parallel import read_all
from .yamlread import Source, decode, locate_all, parse, too_large

_SHAPES = {"config": (dict, "a mapping of settings", "设置项的键值映射"),
           "units": (dict, "a mapping with 'leaders' and 'units'", "含 leaders 和 units 的键值映射"),
           "tasks": (list, "a list of tasks (each starting with '- id:')", "任务列表（每项以“- id:”开头）")}


@dataclass
class LoadState:
    """What the stages pass along: the sources read, their data, and the problems so far."""

    root: Path
    files: Any = None  # DiskFiles or any object with ledger_files() and read_bytes(rel)
    sources: dict[str, Source] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # sha256 of each file's text, as UTF-8
    cache: Optional[ParseCache] = None
    listed: list[tuple[str, str]] = field(default_factory=list)  # (path, kind) of every ledger file


def read_stage(state: LoadState) -> None:
    state.listed = state.files.ledger_files()
    for rel, kind in state.listed:
        try:
            data = state.files.read_bytes(rel)
        except ValueError as err:
            state.problems.append(too_large(int(err.args[0]), rel))
            continue
        except OSError as err:
            state.problems.append(Problem("R010", rel, params={"detail": err.strerror or str(err)}))
            continue
        if data is None:
            state.problems.append(Problem("R009", rel, params={"name": rel}).located(1, 1))
            continue
        text, problems = decode(data, rel)
        state.problems += problems
        if text is not None:
            state.sources[rel] = Source(rel, text)
            state.kinds[rel] = kind
            # the hash of the text as UTF-8: the bytes themselves, unless a BOM was dropped
            state.hashes[rel] = _sha256(text if data.startswith(b"\xef\xbb\xbf") else data)


def parse_stage(state: LoadState, only: Optional[Iterable[str]] = None) -> None:
    """Plain data of every file (or of those named): from the cache, else the fast path, else ruamel.yaml."""
    names = list(state.sources if only is None else only)
    with quiet_stderr():
        cached = {rel: state.cache.get_data(state.hashes[rel]) if state.cache and rel in state.hashes else None
                  for rel in names}
        fast = read_all({rel: state.sources[rel].text for rel in names if cached[rel] is None}, read_fast)
        for rel in names:
            source = state.sources[rel]
            data = cached[rel]
            if data is None:
                data = fast[rel]
                if data is None:
                    data, problems = parse(source)
                    if problems:
                        state.problems += problems
                        continue
                if state.cache and rel in state.hashes:
                    state.cache.put_data(state.hashes[rel], data)
            state.data[rel] = data


def build_stage(state: LoadState) -> Optional[Ledger]:
    config = _build_config(state)
    leaders, units = _build_units(state)
    tasks, unbuilt = [], set()
    for rel, data in state.data.items():
        if state.kinds[rel] == "tasks" and _right_shape(state, rel, data):
            tasks += _build_tasks(state, rel, data, unbuilt)
            state.data[rel] = ()  # the records hold it all now: free the plain data (a third of the peak memory)
    if config is None:
        return None
    files = tuple(LedgerFile(rel, state.kinds[rel], state.hashes.get(rel) or _sha256(src.text))
                  for rel, src in state.sources.items())
    unreadable = frozenset(kind for rel, kind in state.listed if rel not in state.data
                           or (kind == "units" and not units and not leaders))
    return Ledger(state.root, config, leaders, units, tuple(tasks), files, unreadable, frozenset(unbuilt))


def _build_config(state: LoadState) -> Optional[Config]:
    data = state.data.get(CONFIG_NAME)
    if data is None or not _right_shape(state, CONFIG_NAME, data):
        return None
    record, problems = validate_record(Config, data, SourceRef(CONFIG_NAME))
    state.problems += problems
    return record


def _build_units(state: LoadState) -> tuple[dict, dict]:
    data = state.data.get(UNITS_NAME)
    if data is None or not _right_shape(state, UNITS_NAME, data):
        return {}, {}
    record, problems = validate_record(UnitsFile, data, SourceRef(UNITS_NAME))
    state.problems += problems
    if record is None:
        return {}, {}
    return _index(state, record.leaders, "leaders", "领导"), _index(state, record.units, "units", "单位")


def _index(state: LoadState, records: Iterable, what_en: str, what_zh: str) -> dict:
    index: dict = {}
    for record in records:
        if record.id in index:
            first = index[record.id].src
            state.problems.append(Problem("R203", record.src.file, record.src.keypath + ("id",), {
                "id": record.id, "what_en": what_en, "what_zh": what_zh, "first": first.file}))
            continue
        index[record.id] = record
    return index


def _build_tasks(state: LoadState, rel: str, data: list, unbuilt: set) -> list[Task]:
    tasks = validate_records(Task, data, rel)
    if tasks is not None:
        return tasks
    tasks = []
    for index, item in enumerate(data):
        task, problems = validate_record(Task, item, SourceRef(rel, (index,)))
        state.problems += problems
        if task is not None:
            tasks.append(task)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            unbuilt.add(item["id"])
    return tasks


def _right_shape(state: LoadState, rel: str, data: Any) -> bool:
    kind = state.kinds[rel]
    expected_type, expected, expected_zh = _SHAPES[kind]
    if isinstance(data, expected_type):
        return True
    found, found_zh = describe(data)
    state.problems.append(Problem("R008", rel, params={
        "expected": expected, "expected_zh": expected_zh, "found": found, "found_zh": found_zh}).located(1, 1))
    return False


def _sha256(content: str | bytes) -> str:
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


def locate_stage(state: LoadState) -> list[Problem]:
    """Give every problem a line and column, reading again only the files that have problems."""
    located = []
    by_file: dict[str, list[Problem]] = {}
    for problem in state.problems:
        if problem.line is not None or problem.file not in state.sources:
            located.append(problem if problem.line is not None else problem.located(1, 1))
        else:
            by_file.setdefault(problem.file, []).append(problem)
    for rel, problems in by_file.items():
        places = locate_all(state.sources[rel].text, [(p.keypath, p.at_key) for p in problems])
        for problem, (line, col, raw) in zip(problems, places):
            if problem.code == "R106" and raw is not None:  # show the number as it was typed: 007
                problem = replace(problem, params={**problem.params, "raw": raw})
            located.append(problem.located(line, col))
    return sorted(located, key=sort_key)


def load_ledger(root: Path | str, *, today: Optional[date] = None, as_of: Optional[date] = None,
                run_checks: bool = True, files: Any = None,
                cache: Any = True) -> tuple[Optional[Ledger], list[Problem]]:
    """Load and check the ledger at `root`.

    The ledger's "now", against which "done in the future" and the like are checked, is `as_of`
    if given, else the ledger's pinned `as_of`, else `today` (else those checks are skipped).
    Returns the ledger (None when its settings cannot be read) and every problem found, sorted
    by file and position. `files` reads the ledger from elsewhere than the folder (a git revision).
    `cache`: True for the parse cache of the ledger's folder (see :mod:`.cache`), False for none,
    or a ParseCache.
    """
    state = LoadState(Path(root), files or DiskFiles(Path(root)), cache=_parse_cache(root, cache))
    # The load makes a million small objects and frees none of them: the cyclic garbage collector
    # would walk them again and again for nothing (it tripled the time of a large load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        read_stage(state)
        parse_stage(state)
        ledger = build_stage(state)
        if ledger is not None and run_checks:
            from ..checks import CheckContext, run_all

            now = as_of or ledger.config.as_of or today
            state.problems += run_all(ledger, CheckContext(now=now))
        return ledger, locate_stage(state)
    finally:
        if collecting:
            # what was loaded stays: the collector need not look at it again (nor be turned back
            # on to a first collection that walks all of it)
            gc.freeze()
            gc.enable()


def _parse_cache(root: Path | str, cache: Any) -> Optional[ParseCache]:
    if cache is True:
        return ParseCache.for_ledger(Path(root))
    return cache or None


__all__ = ["load_ledger", "ledger_files", "DiskFiles"]
