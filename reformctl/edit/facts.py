"""What a write needs to know of the ledger, read cheaply: its "now", its units, leaders and lists,
and which task file holds a task (found by its text, without loading a large ledger)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

from ..layout import CONFIG_NAME, UNITS_NAME
from ..load.files import DiskFiles
from ..problems import suggest
from .errors import EditRefused
from .roundtrip import ItemSpan, item_spans, load_mapping, as_mapping_text, RoundTripError

_FIRST_ID = re.compile(r"(?m)^[ \-{]*id:\s*['\"]?([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass
class Facts:
    root: Path
    now: date
    year: int
    units: dict[str, str] = field(default_factory=dict)  # id -> kind
    unit_names: dict[str, str] = field(default_factory=dict)
    leaders: set[str] = field(default_factory=set)
    lists: list[str] = field(default_factory=list)

    def office_unit(self) -> str:
        return next((uid for uid, kind in self.units.items() if kind == "office"), "office")


def read_plain(data: bytes, rel: str) -> Any:
    """A file's plain data as the loader reads it; EditRefused when it cannot be read."""
    from ..load.fastread import quiet_stderr, read_fast
    from ..load.yamlread import Source, decode, parse

    text, problems = decode(data, rel)
    if text is None:
        raise EditRefused("unreadable_file", {"path": rel}, usage=False)
    with quiet_stderr():
        plain = read_fast(text)
    if plain is None:
        plain, problems = parse(Source(rel, text))
        if problems:
            raise EditRefused("unreadable_file", {"path": rel}, usage=False)
    return plain


def read_facts(root: Path, today: Optional[date]) -> Facts:
    try:
        config = read_plain((root / CONFIG_NAME).read_bytes(), CONFIG_NAME)
        units = read_plain((root / UNITS_NAME).read_bytes(), UNITS_NAME)
    except OSError:
        raise EditRefused("unreadable_settings", usage=False) from None
    if not isinstance(config, dict) or not isinstance(units, dict):
        raise EditRefused("unreadable_settings", usage=False)
    pinned = config.get("as_of")
    now = _as_date(pinned) if pinned else today
    if now is None:
        raise EditRefused("no_today")
    facts = Facts(root, now, int(config.get("year") or now.year))
    for unit in units.get("units") or []:
        if isinstance(unit, dict) and isinstance(unit.get("id"), str):
            facts.units[unit["id"]] = str(unit.get("kind"))
            facts.unit_names[unit["id"]] = str(unit.get("short") or unit.get("name") or unit["id"])
    facts.leaders = {item["id"] for item in units.get("leaders") or [] if isinstance(item, dict) and "id" in item}
    facts.lists = [item["id"] for item in config.get("lists") or [] if isinstance(item, dict) and "id" in item]
    return facts


def _as_date(value: Any) -> Optional[date]:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise EditRefused("unreadable_settings", usage=False) from None


@dataclass
class TaskPlace:
    """Where a task is: its file, the file's bytes and lines, and the item's span."""

    rel: str
    data: bytes
    lines: list[str]
    span: ItemSpan
    index: int  # the item's index in the file's list


def task_files(root: Path) -> list[str]:
    return [rel for rel, kind in DiskFiles(root).ledger_files() if kind == "tasks"]


def find_task(root: Path, task_id: str) -> TaskPlace:
    """The task with this id, in whichever file holds it; EditRefused with a "did you mean" else."""
    pattern = re.compile(r"\bid:\s*['\"]?" + re.escape(task_id) + r"['\"]?\s*(?:[,}#]|$)", re.M)
    for rel in task_files(root):
        data = (root / rel).read_bytes()
        if task_id.encode() not in data:
            continue
        text = data.decode("utf-8-sig", errors="replace")
        if not pattern.search(text):
            continue
        lines = text.splitlines(keepends=True)
        for index, span in enumerate(item_spans(lines)):
            chunk = "".join(lines[span.start:span.end])
            if pattern.search(chunk) and _item_id(lines[span.start:span.end], task_id) == task_id:
                return TaskPlace(rel, data, lines, span, index)
    raise EditRefused("unknown_task", {"id": task_id, **suggest(task_id, all_task_ids(root))})


def _item_id(item_lines: list[str], wanted: str) -> Any:
    """The item's id; an item that names the id but is written in a shape not rewritten is refused."""
    try:
        mapping = load_mapping(as_mapping_text(item_lines)[0])
    except RoundTripError as odd:
        if _FIRST_ID.search("".join(item_lines)) and _FIRST_ID.search("".join(item_lines)).group(1) == wanted:
            raise EditRefused(odd.args[0], odd.args[1], usage=False) from None
        return None
    except Exception:  # a broken item is not the one we look for (the loader reports it)
        return None
    return mapping.get("id") if hasattr(mapping, "get") else None


def all_task_ids(root: Path) -> list[str]:
    """Every task id, read from the first `id:` of each item (for suggestions and new ids)."""
    return [task_id for task_id, _ in ids_and_files(root)]


def ids_and_files(root: Path) -> list[tuple[str, str]]:
    found = []
    for rel in task_files(root):
        lines = (root / rel).read_text(encoding="utf-8-sig", errors="replace").splitlines(keepends=True)
        for span in item_spans(lines):
            match = _FIRST_ID.search("".join(lines[span.start:span.end]))
            if match:
                found.append((match.group(1), rel))
    return found


def check_unit(facts: Facts, unit: str) -> None:
    if unit not in facts.units:
        raise EditRefused("unknown_unit", {"id": unit, **suggest(unit, facts.units)})


def check_leader(facts: Facts, leader: str) -> None:
    if leader not in facts.leaders:
        raise EditRefused("unknown_leader", {"id": leader, **suggest(leader, facts.leaders)})


def check_day(facts: Facts, day: Optional[date]) -> date:
    """The day of the entry: `day`, else the ledger's today; never after the ledger's today."""
    day = day or facts.now
    if day > facts.now:
        raise EditRefused("future_date", {"day": day.isoformat(), "now": facts.now.isoformat()})
    return day
