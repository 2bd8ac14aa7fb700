"""`reformctl check`'s way of checking: file by file, reusing what was found in unchanged files.

A pull request usually touches one task file of hundreds. What the file-scope checks find in a
task file (see :mod:`reformctl.checks`) depends only on that file, the settings file and the
ledger's "now"; with the :class:`~reformctl.checks.refs.TaskRefs` of its tasks, that is all the
ledger-scope checks need of it. So each task file's :class:`~.entries.FileFindings` are kept in the
cache (kind ``files``), keyed on the file's content, the settings file's content and "now", and
only changed files are read, validated and checked again. The settings and units files are always
read. When no file changed at all, the whole answer comes from the cache (kind ``check``) without
building anything, nor importing pydantic or the checks.

The result is the same as `load_ledger`'s problems (tests/test_incremental.py holds it to that).
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

from ..layout import CONFIG_NAME
from ..load.cache import Cache, digest, open_cache
from .entries import (BadEntry, CheckSummary, FileFindings, NotPlain, check_from_plain, check_to_plain,
                      findings_from_plain, findings_to_plain)
from ..load.files import DiskFiles, ReadOnce


def check_ledger(root: Path | str, *, today: Optional[date] = None, as_of: Optional[date] = None, files: Any = None,
                 cache: Any = True) -> tuple[Optional[CheckSummary], list]:
    """The problems of the ledger, as load_ledger finds them, and a summary of what was read.

    With a cache: when no file changed since the same check was last made (same contents, same
    day, same `as_of`, same code), the answer is the one kept; else each unchanged task file's
    findings are. The key covers the ledger's files and nothing else: a check that came to read
    anything more (say, whether evidence files exist) would have to add it to the key.
    """
    source = ReadOnce(files or DiskFiles(Path(root)))
    store = open_cache(root, cache)
    key = whole_check_key(file_hashes(source), today, as_of) if store else ""
    kept = kept_check(store, key)
    if kept is not None:
        return kept
    summary, problems = _check_afresh(Path(root), source, store, today, as_of)
    if store:
        try:
            store.put("check", key, check_to_plain(summary, problems))
        except NotPlain:  # a problem holding an odd value: nothing to keep
            pass
    return summary, problems


def whole_check_key(hashes: list[tuple[str, str, str]], *parts: Any) -> str:
    """The key of a whole check: every (path, kind, content hash), and `parts` (the days)."""
    return digest(*hashes, *(str(part) for part in parts))


def file_hashes(source: Any) -> list[tuple[str, str, str]]:
    """(path, kind, content hash or what went wrong reading it) of every file of the ledger."""
    hashes = []
    for rel, kind in source.ledger_files():
        try:
            data = source.read_bytes(rel)
            state = "missing" if data is None else hashlib.sha256(data).hexdigest()
        except (OSError, ValueError) as err:
            state = f"unreadable {type(err).__name__} {err}"
        hashes.append((rel, kind, state))
    return hashes


def kept_check(store: Optional[Cache], key: str) -> Optional[tuple[Optional[CheckSummary], list]]:
    plain = store.get("check", key) if store else None
    if plain is None:
        return None
    try:
        return check_from_plain(plain)
    except BadEntry:
        return None


def _check_afresh(root: Path, source: Any, store: Optional[Cache], today: Optional[date],
                  as_of: Optional[date]) -> tuple[Optional[CheckSummary], list]:
    from .ledger import collector_paused, load_ledger

    with collector_paused():
        checked = check_by_file(root, source, store, today=today, as_of=as_of)
    if checked is not None:
        return checked
    # the settings cannot be read: the whole load says why
    ledger, problems = load_ledger(root, today=today, as_of=as_of, files=source, cache=store or False)
    return CheckSummary.of(ledger), problems


def check_by_file(root: Path, files: Any, store: Optional[Cache], *, today: Optional[date],
                  as_of: Optional[date]) -> Optional[tuple[CheckSummary, list]]:
    """Summary and problems of the ledger, as load_ledger finds them; None when the settings
    cannot be read (the caller then loads the whole ledger, which reports why)."""
    checked = check_files(root, files, store, today=today, as_of=as_of)
    return None if checked is None else (checked.summary, checked.problems)


def _same(value: Any) -> Any:
    return value


class PerFile(NamedTuple):
    """What check_files makes of each task file's tasks in its pass (`make(ledger)`, the ledger
    of that file's built tasks), and how that crosses the pipe from a forked child: `to_plain`
    there (plain data: what `marshal` carries), `from_plain` here. With `errors_only`, the
    warnings are left out (and nothing is kept in the cache): a caller that only asks whether the
    ledger has an error does not pay for placing thousands of warnings (a file read again by
    ruamel.yaml, ~0.1 s each)."""

    make: Callable[[Any], Any]
    to_plain: Callable[[Any], Any] = _same
    from_plain: Callable[[Any], Any] = _same
    errors_only: bool = False


class Checked(NamedTuple):
    """What checking file by file found, and read on the way."""

    summary: CheckSummary
    problems: list
    state: Any  # the LoadState of the settings and units files
    config: Any
    leaders: dict
    units: dict
    lean: dict  # task file -> its tasks as plain data (load.lean.task_to_plain), when asked for
    records: dict  # the records of the other kinds, built (few: inspections, notices, plans...)
    per_file: dict  # task file -> what `per_file.make` made of its tasks, when asked for


def check_files(root: Path, files: Any, store: Optional[Cache], *, today: Optional[date], as_of: Optional[date],
                lean: bool = False, per_file: Optional[PerFile] = None,
                meanwhile: Optional[Callable[[], Any]] = None) -> Optional[Checked]:
    """check_by_file, and with `lean` each task file's tasks as plain data too (from the cache,
    kind ``lean``, else from the models built to check the file); None when the settings cannot
    be read.

    `per_file.make(ledger)`, given, is called in the pass with each task file's tasks as a Ledger
    (the settings, leaders and units, and that file's built tasks), in whichever process checks
    the file. Every task file is then built afresh, none taken from the cache. `meanwhile()`,
    given, is the caller's own work, done in this process while a forked child checks files."""
    from ..checks import CheckContext, TaskRefIndex, run_ledger_checks
    from ..checks.refs import RefNames
    from ..timeline import now
    from ..load.stages import (LoadState, build_config, build_records, build_units, in_listed_order, locate_stage,
                               parse_stage, read_stage, unreadable_kinds)

    state = LoadState(root, files, cache=store)
    # The records' many small files are read beside the forked child (`read_records`); the task
    # files, with no cache to look their findings up in by content, by the process that checks each.
    read_stage(state, ("config", "units", "tasks") if store else ("config", "units"))
    parse_stage(state, only=[rel for rel in state.sources if state.kinds[rel] in ("config", "units")])
    config = build_config(state)
    if config is None:
        return None
    leaders, units = build_units(state)
    ctx = CheckContext(now=now(config, today, as_of), errors_only=per_file is not None and per_file.errors_only)
    records: dict = {}

    def read_records() -> None:  # the records of the other kinds: few, built whole every time
        read_stage(state, {kind for _, kind in state.listed} - {"config", "units", "tasks"})
        parse_stage(state, only=[rel for rel in state.sources if state.kinds[rel] not in ("config", "units", "tasks")])
        records.update(build_records(state))
        if meanwhile is not None:
            meanwhile()

    findings, plain, made = _all_findings(state, config, ctx, lean, _file_ledger(root, config, leaders, units, per_file),
                                          read_records)
    in_listed_order(state)
    refs = tuple(ref for found in findings.values() for ref in found.refs)
    readable = (lambda rel: findings[rel].readable if rel in findings else rel in state.data)
    names = RefNames.joined(found.names or RefNames.of(found.refs) for found in findings.values())
    index = TaskRefIndex(config, leaders, units, refs, unreadable_kinds(state, readable, bool(units or leaders)),
                         frozenset(task_id for found in findings.values() for task_id in found.unbuilt), records, names)
    state.problems += run_ledger_checks(index, ctx)
    state.problems += [problem for found in findings.values() for problem in found.problems]
    if ctx.errors_only:
        state.problems = _errors(state.problems)
    summary = CheckSummary(tuple(state.sources), tuple(ref.id for ref in refs))
    return Checked(summary, locate_stage(state), state, config, leaders, units, plain, records, made)


def _errors(problems: list) -> list:
    return [problem for problem in problems if problem.severity == "error"]


def _file_ledger(root: Path, config: Any, leaders: dict, units: dict, per_file: Optional[PerFile]) -> Optional[PerFile]:
    """per_file, made with one file's built tasks as a ledger of their own."""
    from ..model import Ledger

    if per_file is None:
        return None
    return per_file._replace(make=lambda tasks: per_file.make(Ledger(root, config, leaders, units, tuple(tasks))))


def _all_findings(state: Any, config: Any, ctx: Any, lean: bool = False, on_tasks: Optional[PerFile] = None,
                  first: Optional[Callable[[], Any]] = None) -> tuple[dict[str, FileFindings], dict, dict]:
    """Each task file's findings: kept ones, and for the others, found now (parsed all together,
    so that a large first run still reads on both cores); with `lean`, each file's lean plain
    data too, found with the findings when either is not kept; with `on_tasks`, what it makes of
    each file's tasks, every file found now. `first()`, given, is done before, beside the forked
    child when there is one."""
    from ..load.parallel import split_work

    settings = state.hashes.get(CONFIG_NAME, "")
    if state.cache:  # the file's name is in the key: its findings name it (two files with one text are two findings)
        keys = {rel: digest(state.hashes[rel], rel, settings, str(ctx.now))
                for rel in state.sources if state.kinds[rel] == "tasks"}
    else:  # nothing kept: every task file listed, read by the process that checks it
        keys = {rel: "" for rel, kind in state.listed if kind == "tasks"}
    findings = {rel: _kept_findings(state.cache, key) for rel, key in keys.items()}
    plain = {rel: kept_lean(state.cache, state.hashes[rel]) for rel in keys} if lean and state.cache else {}
    missing = {rel: _size(state, rel) for rel, found in findings.items()
               if found is None or (lean and plain.get(rel) is None) or on_tasks is not None}
    crossing = on_tasks or PerFile(_same)
    found_now = split_work(missing, lambda rel: _find(state, rel, config, ctx, lean, on_tasks),
                           encode=lambda result: _encode(result, crossing.to_plain),
                           decode=lambda plain: _decode(plain, crossing.from_plain), first=first)
    made = {}
    for rel, (found, tasks, made_of_tasks, content_hash) in found_now.items():
        if content_hash:  # read by the process that checked it: its text is read here only if asked
            state.sources[rel] = ReadElsewhere(state.files, rel)
            state.kinds[rel], state.hashes[rel] = "tasks", content_hash
        made[rel] = made_of_tasks
        findings[rel] = found
        if state.cache and not ctx.errors_only:  # findings without their warnings are not the file's
            _keep(state.cache, keys[rel], found)
        if lean:
            plain[rel] = tasks
            if state.cache and tasks is not None:
                state.cache.put("lean", _lean_key(state.hashes[rel]), tasks)
    return findings, plain, made


def _size(state: Any, rel: str) -> int:
    source = state.sources.get(rel)
    return len(source.text) if source is not None else state.files.size(rel)


class ReadElsewhere:
    """A task file another process read and checked (see _find): its text is read again here
    only when asked, to place a problem a ledger check found in it."""

    def __init__(self, files: Any, rel: str):
        self.files, self.rel = files, rel

    @cached_property
    def text(self) -> str:
        from ..load.stages import read_source

        source = read_source(self.files, self.rel)[0]
        return source.text if source is not None else ""


def _encode(result: tuple, made_to_plain: Callable[[Any], Any]) -> tuple:
    found, lean, made, content_hash = result
    return findings_to_plain(found), lean, None if made is None else made_to_plain(made), content_hash


def _decode(plain: tuple, made_from_plain: Callable[[Any], Any]) -> tuple:
    found, lean, made, content_hash = plain
    if type(content_hash) is not str:
        raise BadEntry
    return findings_from_plain(found), lean, None if made is None else made_from_plain(made), content_hash


def _lean_key(content_hash: str) -> str:
    return digest(content_hash, "lean")


def kept_lean(store: Optional[Cache], content_hash: str) -> Any:
    return store.get("lean", _lean_key(content_hash)) if store else None


def _keep(store: Cache, key: str, found: FileFindings) -> None:
    try:
        store.put("files", key, findings_to_plain(found))
    except NotPlain:  # a problem holding an odd value: nothing to keep
        pass


def _kept_findings(store: Optional[Cache], key: str) -> Optional[FileFindings]:
    plain = store.get("files", key) if store else None
    if plain is None:
        return None
    try:
        return findings_from_plain(plain)
    except BadEntry:
        return None


def _find(state: Any, rel: str, config: Any, ctx: Any, lean: bool = False,
          on_tasks: Optional[PerFile] = None) -> tuple[FileFindings, Any, Any, str]:
    """Read, validate and check one task file on its own; with `lean`, its tasks as plain data
    too, with `on_tasks` what it makes of them (each None when the file could not be parsed).
    Validation depends on the file alone, so a file's lean data is kept under its content; a file
    with errors has some tasks missing, but a ledger with errors is never read lean."""
    from ..checks import run_file_checks
    from ..checks.refs import RefNames, TaskRefs
    from ..model import Ledger
    from ..load.stages import LoadState, build_tasks, has_right_shape, locate_stage, parse_stage, read_source

    source, content_hash, problems = state.sources.get(rel), "", []
    if source is None:  # not read yet (no cache to look it up in by content): read where it is checked
        source, content_hash, problems = read_source(state.files, rel)
        if source is None:
            return FileFindings(tuple(locate_stage(LoadState(state.root, problems=problems))), (), (), False), \
                None, None, ""
    one = LoadState(state.root, state.files, {rel: source}, {rel: "tasks"}, problems=problems,
                    hashes={rel: content_hash} if content_hash else state.hashes, cache=state.cache)
    parse_stage(one)
    if rel not in one.data:
        return FileFindings(tuple(locate_stage(one)), (), (), False), None, None, content_hash
    unbuilt: set = set()
    tasks = build_tasks(one, rel, one.data[rel], unbuilt) if has_right_shape(one, rel, one.data[rel]) else []
    one.problems += run_file_checks(Ledger(state.root, config, tasks=tuple(tasks)), ctx)
    if ctx.errors_only:
        one.problems = _errors(one.problems)
    refs = tuple(TaskRefs.of(task) for task in tasks)
    found = FileFindings(tuple(locate_stage(one)), refs, tuple(unbuilt), True, RefNames.of(refs))
    return found, _lean_plain(tasks) if lean else None, on_tasks.make(tasks) if on_tasks else None, content_hash


def _lean_plain(tasks: list) -> tuple:
    from ..load.lean import task_to_plain

    return tuple(task_to_plain(task) for task in tasks)
