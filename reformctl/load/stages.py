"""The stages of loading a ledger: read → parse → build, then locate the problems found.

Each stage collects problems in a :class:`LoadState` instead of raising, so that one run reports
everything at once. :func:`reformctl.pipeline.ledger.load_ledger` runs them on the whole ledger;
:mod:`reformctl.pipeline.incremental` runs them file by file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Optional

import importlib

from ..layout import CONFIG_NAME, RECORD_KIND, RECORD_KINDS, UNITS_NAME, RecordKind
from ..model import Config, Ledger, LedgerFile, SourceRef, Task, UnitsFile, set_source
from ..problems import Problem, sort_key
from .build import describe, validate_record, validate_records
from .fastread import quiet_stderr, read_fast
from .files import read_problem
from .parallel import read_all
from .yamlread import Source, decode, locate_all, parse

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
    cache: Any = None  # a reformctl.load.cache.Cache, or None
    listed: list[tuple[str, str]] = field(default_factory=list)  # (path, kind) of every ledger file
    unbuilt_kinds: set = field(default_factory=set)  # record kinds with a record that failed validation


# --- read ---------------------------------------------------------------------------------------

def read_stage(state: LoadState, kinds: Optional[Iterable[str]] = None) -> None:
    """Every ledger file's text (of the kinds named, when named: the files are listed once, and
    the rest read by a later call), or the problem of reading it."""
    if not state.listed:
        state.listed = state.files.ledger_files()
    wanted = None if kinds is None else frozenset(kinds)
    for rel, kind in state.listed:
        if wanted is not None and kind not in wanted:
            continue
        source, digest, problems = read_source(state.files, rel)
        state.problems += problems
        if source is not None:
            state.sources[rel] = source
            state.kinds[rel] = kind
            state.hashes[rel] = digest


def read_source(files: Any, rel: str) -> tuple[Optional[Source], str, list[Problem]]:
    """One ledger file's text, the sha256 of that text as UTF-8 ('' when unread), and the problems
    of reading it (the text is None when it could not be read)."""
    try:
        data = files.read_bytes(rel)
    except (OSError, ValueError) as err:  # a link, a folder that cannot be listed, too large...
        return None, "", [read_problem(err, rel)]
    if data is None:
        return None, "", [Problem("R009", rel, params={"name": rel}).located(1, 1)]
    text, problems = decode(data, rel)
    if text is None:
        return None, "", problems
    # the hash of the text as UTF-8: the bytes themselves, unless a BOM was dropped
    return Source(rel, text), sha256(text if data.startswith(b"\xef\xbb\xbf") else data), problems


def in_listed_order(state: LoadState) -> None:
    """The files read, in the order they are listed (as one read of them all leaves them)."""
    order = {rel: position for position, (rel, _) in enumerate(state.listed)}
    for name in ("sources", "kinds", "hashes"):
        table = getattr(state, name)
        setattr(state, name, dict(sorted(table.items(), key=lambda item: order.get(item[0], len(order)))))


# --- parse --------------------------------------------------------------------------------------

def parse_stage(state: LoadState, only: Optional[Iterable[str]] = None) -> None:
    """Plain data of every file (or of those named): from the cache, else the fast path, else ruamel.yaml."""
    names = list(state.sources if only is None else only)
    with quiet_stderr():
        cached = {rel: _cached_data(state, rel) for rel in names}
        fast = read_all({rel: state.sources[rel].text for rel in names if cached[rel] is None}, read_fast)
        for rel in names:
            data = cached[rel]
            if data is None:
                data = fast[rel]
                if data is None:
                    data, problems = parse(state.sources[rel])
                    state.problems += problems
                    if data is None:
                        continue
                    if problems:  # read, but not clean (R016): never kept, so always said again
                        state.data[rel] = data
                        continue
                if state.cache and rel in state.hashes:
                    state.cache.put("parse", state.hashes[rel], data)
            state.data[rel] = data


def _cached_data(state: LoadState, rel: str) -> Any:
    """A file's plain data as kept in the cache (keyed on its content), or None."""
    if not state.cache or rel not in state.hashes:
        return None
    return state.cache.get("parse", state.hashes[rel])


# --- build --------------------------------------------------------------------------------------

def build_stage(state: LoadState, only_tasks: Optional[frozenset] = None) -> Optional[Ledger]:
    """The ledger's records; None when its settings cannot be built. With `only_tasks`, only the
    tasks with those ids are built (see load_ledger)."""
    config = build_config(state)
    leaders, units = build_units(state)
    tasks, unbuilt = [], set()
    for rel, data in state.data.items():
        if state.kinds[rel] == "tasks" and has_right_shape(state, rel, data):
            tasks += (build_tasks(state, rel, data, unbuilt) if only_tasks is None
                      else build_some_tasks(state, rel, data, only_tasks, unbuilt))
            state.data[rel] = ()  # the records hold it all now: free the plain data (a third of the peak memory)
    records = build_records(state)
    if config is None:
        return None
    return Ledger(state.root, config, leaders, units, tuple(tasks), ledger_file_list(state),
                  unreadable_kinds(state, lambda rel: rel in state.data, bool(units or leaders)), frozenset(unbuilt),
                  records)


# --- records of the other kinds (reformctl.layout.RECORD_KINDS) -------------------------------------

def record_model(kind: RecordKind) -> type:
    """The pydantic model of a record kind, imported when first needed (the table names it)."""
    module, _, name = kind.model.partition(":")
    return getattr(importlib.import_module(f"reformctl.{module}"), name)


def build_records(state: LoadState) -> dict[str, Any]:
    """The records of every kind of RECORD_KINDS, by kind: a tuple for a folder kind, the record
    (or None) for a single-file kind. A record that fails validation is reported and left out."""
    built: dict[str, list] = {kind.kind: [] for kind in RECORD_KINDS}
    for rel, data in state.data.items():
        kind = RECORD_KIND.get(state.kinds[rel])
        if kind is not None and has_right_shape(state, rel, data):
            built[kind.kind] += _build_file_records(state, kind, rel, data)
    return {kind.kind: tuple(built[kind.kind]) if kind.folder else next(iter(built[kind.kind]), None)
            for kind in RECORD_KINDS}


def _build_file_records(state: LoadState, kind: RecordKind, rel: str, data: Any) -> list:
    model = record_model(kind)
    places = [(data, SourceRef(rel))] if kind.shape == "mapping" else \
        [(item, SourceRef(rel, (index,))) for index, item in enumerate(data)]
    records = []
    for item, src in places:
        record, problems = validate_record(model, item, src)
        state.problems += problems
        if record is not None:
            records.append(record)
        else:  # what refers to it stays quiet (as for a task that failed: Ledger.unbuilt_task_ids)
            state.unbuilt_kinds.add(kind.kind)
    return records


def build_config(state: LoadState) -> Optional[Config]:
    data = state.data.get(CONFIG_NAME)
    if data is None or not has_right_shape(state, CONFIG_NAME, data):
        return None
    record, problems = validate_record(Config, data, SourceRef(CONFIG_NAME))
    state.problems += problems
    return record


def build_units(state: LoadState) -> tuple[dict, dict]:
    """(leaders by id, units by id) of the units file; empty when it cannot be built."""
    data = state.data.get(UNITS_NAME)
    if data is None or not has_right_shape(state, UNITS_NAME, data):
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


def build_tasks(state: LoadState, rel: str, data: list, unbuilt: set) -> list[Task]:
    """The tasks of one file; the ids of those that fail validation go to `unbuilt`."""
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


def build_some_tasks(state: LoadState, rel: str, data: list, wanted: frozenset, unbuilt: set) -> list[Task]:
    """The tasks of one file whose ids are `wanted`, each placed where it is in the file."""
    places = [index for index, item in enumerate(data)
              if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] in wanted]
    tasks = validate_records(Task, [data[index] for index in places], rel)
    if tasks is not None:
        for index, task in zip(places, tasks):
            set_source(task, SourceRef(rel, (index,)))
        return tasks
    tasks = []
    for index in places:
        task, problems = validate_record(Task, data[index], SourceRef(rel, (index,)))
        state.problems += problems
        if task is not None:
            tasks.append(task)
        else:
            unbuilt.add(data[index]["id"])
    return tasks


def _shape(kind: str) -> tuple:
    if kind in _SHAPES:
        return _SHAPES[kind]
    record = RECORD_KIND[kind]
    if record.shape == "mapping":
        return dict, f"one {record.name_en}, a mapping of keys", f"一条{record.name_zh}记录（键值映射）"
    return list, f"a list of {record.name_en} records (each starting with '- ')", f"{record.name_zh}记录列表（每项以“- ”开头）"


def has_right_shape(state: LoadState, rel: str, data: Any) -> bool:
    """Whether the file holds what its kind must (a mapping, a list); R008 if not."""
    expected_type, expected, expected_zh = _shape(state.kinds[rel])
    if isinstance(data, expected_type):
        return True
    found, found_zh = describe(data)
    state.problems.append(Problem("R008", rel, params={
        "expected": expected, "expected_zh": expected_zh, "found": found, "found_zh": found_zh}).located(1, 1))
    return False


def ledger_file_list(state: LoadState) -> tuple[LedgerFile, ...]:
    return tuple(LedgerFile(rel, state.kinds[rel], state.hashes.get(rel) or sha256(src.text))
                 for rel, src in state.sources.items())


def unreadable_kinds(state: LoadState, readable, units_built: bool) -> frozenset:
    """Kinds with a file that could not be read or parsed (`readable(rel)` says which could)."""
    return frozenset(kind for rel, kind in state.listed
                     if not readable(rel) or (kind == "units" and not units_built)) | state.unbuilt_kinds


def sha256(content: str | bytes) -> str:
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


# --- locate -------------------------------------------------------------------------------------

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
