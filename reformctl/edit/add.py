"""Putting a new task on the ledger: its id proposed from the ids of its list, its file chosen
from where that list's tasks are, `added:` set when the year has begun."""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..problems import suggest
from .engine import Change, Outcome, finish, read_back
from .errors import EditRefused, Notice
from .facts import Facts, check_leader, check_unit, ids_and_files, read_facts, read_plain, task_files
from .records import TASK_KEYS, MILESTONE_KEYS, block_list, flow_list, new_map
from .roundtrip import dump_new_item, item_spans
from .storage import DEFAULT_WAIT, ledger_lock

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def propose_id(root: Path | str, lists: list[str] = (), *, known: Optional[list[tuple[str, str, list]]] = None) -> str:
    """The next id in the pattern of the tasks on the first of `lists` (else of all tasks):
    JZ-2026-017 after JZ-2026-016, keeping the width of the number."""
    entries = known if known is not None else _ids_lists_files(Path(root))
    chosen = [task_id for task_id, _, task_lists in entries if not lists or lists[0] in task_lists]
    ids = chosen or [task_id for task_id, _, _ in entries]
    taken = {task_id for task_id, _, _ in entries}
    numbered = [m for m in (_NUMBERED.match(i) for i in ids) if m]
    if not numbered:
        return _free("T-001", taken)
    prefix = max(numbered, key=lambda m: (int(m.group(2)), m.group(1))).group(1)
    same = [m for m in numbered if m.group(1) == prefix]
    width = max(len(m.group(2)) for m in same)
    number = max(int(m.group(2)) for m in same) + 1
    candidate = f"{prefix}{number:0{width}d}"
    while candidate in taken:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
    return candidate


def _free(candidate: str, taken: set) -> str:
    number = 1
    while candidate in taken:
        number += 1
        candidate = f"T-{number:03d}"
    return candidate


def _ids_lists_files(root: Path) -> list[tuple[str, str, list]]:
    """(id, file, lists) of every task, from the files' plain data."""
    found = []
    for rel in task_files(root):
        try:
            data = read_plain((root / rel).read_bytes(), rel)
        except EditRefused:
            found += [(task_id, file, []) for task_id, file in ids_and_files(root) if file == rel]
            continue
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.append((item["id"], rel, [str(x) for x in item.get("lists") or []]))
    return found


def add_task(root: Path | str, task: dict, *, file: Optional[str] = None, today: Optional[date] = None,
             dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Put `task` (plain data: title, lead_unit, lists, milestones ...) on the ledger.

    Without an `id` one is proposed (:func:`propose_id`); without `file` it goes to the file that
    holds most tasks of its first list (else the last task file). `added:` is set to the ledger's
    today when the year has begun and the task does not say otherwise.
    """
    root = Path(root)
    if not isinstance(task, dict):
        raise EditRefused("bad_snippet", {"detail": type(task).__name__})
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        known = _ids_lists_files(root)
        lists = [str(x) for x in task.get("lists") or []]
        _check_names(facts, task, lists)
        task_id = str(task.get("id") or propose_id(root, lists, known=known))
        if task_id in {k[0] for k in known}:
            raise EditRefused("id_taken", {"id": task_id})
        rel = _target_file(root, file, lists, known)
        return _append(facts, rel, _task_map(task, task_id, facts), task_id, dry_run)


def _check_names(facts: Facts, task: dict, lists: list[str]) -> None:
    for list_id in lists:
        if list_id not in facts.lists:
            raise EditRefused("unknown_list", {"id": list_id, **suggest(list_id, facts.lists)})
    for unit in [task.get("lead_unit"), *(task.get("co_units") or [])]:
        if unit:
            check_unit(facts, str(unit))
    if task.get("lead_leader"):
        check_leader(facts, str(task["lead_leader"]))


def _target_file(root: Path, file: Optional[str], lists: list[str], known: list) -> str:
    if file:
        rel = Path(file).as_posix()
        if rel.startswith("./"):
            rel = rel[2:]
        if not rel.startswith("tasks/") or not rel.endswith((".yaml", ".yml")) or ".." in Path(rel).parts:
            raise EditRefused("bad_file", {"path": file})
        return rel
    counts: dict[str, int] = {}
    for _, rel, task_lists in known:
        if lists and lists[0] in task_lists:
            counts[rel] = counts.get(rel, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda rel: counts[rel])
    files = task_files(root)
    return files[-1] if files else "tasks/tasks.yaml"


def _task_map(task: dict, task_id: str, facts: Facts) -> Any:
    """The task as a mapping in the model's key order; dates as dates; `added` once the year began."""
    plain = {**task, "id": task_id}
    if "added" not in plain and facts.now > date(facts.year, 1, 1):
        plain["added"] = facts.now
    plain.setdefault("status", "not_started")
    pairs = []
    for key in TASK_KEYS:
        if key not in plain:
            continue
        value = plain[key]
        if key == "milestones":
            value = [new_map([(k, _date(m.get(k)) if k in ("due", "done") else m.get(k)) for k in MILESTONE_KEYS],
                             flow=True) for m in _numbered(value or [])]
            value = block_list(value) if value else None
        elif key in ("source", "outcome") and isinstance(value, dict):
            value = new_map(value.items())
        elif key == "added":
            value = _date(value)
        elif key in ("lists", "co_units", "depends_on"):
            value = flow_list(value) if value else None
        pairs.append((key, value))
    extra = [key for key in plain if key not in TASK_KEYS]
    if extra:
        raise EditRefused("bad_snippet", {"detail": "unknown key " + ", ".join(extra)})
    return new_map(pairs)


def _numbered(milestones: list) -> list:
    """Milestones given without ids are numbered m1, m2, ... in the order given."""
    return [m if m.get("id") else {**m, "id": f"m{index}"} for index, m in enumerate(milestones, 1)
            if isinstance(m, dict)]


def _date(value: Any) -> Any:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise EditRefused("bad_date", {"value": value}) from None


def _append(facts: Facts, rel: str, mapping: Any, task_id: str, dry_run: bool) -> Change:
    path = facts.root / rel
    before = path.read_bytes() if path.exists() else None
    text = before.decode("utf-8-sig") if before is not None else ""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    spans = item_spans(lines)
    style = lines[spans[-1].start:spans[-1].end] if spans else None
    gap = ["\n"] if spans and spans[-1].end < len(lines) or _blank_between(lines, spans) else []
    new_lines = lines + gap + dump_new_item(mapping, style)
    after = (b"\xef\xbb\xbf" if before and before.startswith(b"\xef\xbb\xbf") else b"") + "".join(new_lines).encode()
    expected = (read_plain(before, rel) if before else []) + [read_plain("".join(dump_new_item(mapping)).encode(), rel)[0]]
    read_back(rel, lines, new_lines, after, expected)
    outcome = Outcome(Notice("did_add", {"task": task_id}), f"新增任务 {task_id} {mapping.get('title', '')}")
    return finish(facts, rel, before, after, task_id, outcome, dry_run)


def _blank_between(lines: list[str], spans: list) -> bool:
    """Whether the file separates its tasks with blank lines."""
    return len(spans) > 1 and not lines[spans[1].start - 1].strip()
