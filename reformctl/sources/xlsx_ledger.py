"""`init --from-xlsx`: a first ledger from an office's Excel 台账.

Headers are found by name (序号, 任务编号, 改革任务, 牵头市领导, 牵头单位, 配合单位, 节点, 时限, 完成情况,
最新进展, 存在问题, 需协调事项, 亮灯, and their common variants), or through a mapping file for odd
ones. A task spans the rows that share its 任务编号 (or, without one, its 改革任务): one milestone per
row, from 节点 and 时限. Units and leaders are created from the names found, with ids proposed in
pinyin (or taken from the mapping). A sheet per list gives the lists; 总表 holds every task. What
cannot be read is a problem at its cell (`台账.xlsx!总表!H12`), and the rest is still read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Optional

from ..problems import Problem

HEADERS = {  # the ledger's column: the names offices give it
    "id": ("任务编号", "编号", "任务序号"),
    "title": ("改革任务", "任务名称", "改革事项", "任务", "重点任务", "改革举措"),
    "leader": ("牵头市领导", "领衔市领导", "牵头领导", "领衔领导", "责任领导", "市领导"),
    "lead": ("牵头单位", "责任单位", "牵头部门"),
    "co": ("配合单位", "协同单位", "参与单位", "配合部门"),
    "what": ("节点", "时间节点", "节点目标", "阶段目标", "工作节点"),
    "due": ("时限", "完成时限", "时间", "截止时间", "节点时限"),
    "done": ("完成情况", "是否完成", "完成时间"),
    "progress": ("最新进展", "进展情况", "推进情况", "工作进展"),
    "problem": ("存在问题", "存在问题/滞后原因", "滞后原因"),
    "coordination": ("需协调事项", "需协调解决事项", "协调事项"),
    "light": ("亮灯", "亮灯情况", "状态"),
}
NEEDED = ("title", "lead")
SUMMARY_SHEETS = ("总表", "汇总", "台账")
SKIPPED_SHEETS = ("说明", "填报说明", "_reformctl")
_SPLIT_UNITS = re.compile(r"[、，,；;／/\s]+")
_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_MONTH_END = re.compile(r"^(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(?:底|末|份)?$")
_DONE = re.compile(r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)")
_PROGRESS = re.compile(r"^(\d{4}-\d{2}-\d{2})[：:]\s*(.+)$", re.S)
_TITLE = re.compile(r"^(?P<office>.*?)(?P<year>20\d{2})\s*年")
_STATUS_OF_LIGHT = {"暂缓": "suspended", "已撤销": "withdrawn"}


@dataclass
class Draft:
    """The ledger read from the workbook, as plain data, and what could not be read."""

    office: str = "改革办"
    year: int = 0
    lists: dict[str, str] = field(default_factory=dict)  # name -> id
    units: dict[str, str] = field(default_factory=dict)  # name -> id
    leaders: dict[str, str] = field(default_factory=dict)  # name -> id
    tasks: dict[str, dict] = field(default_factory=dict)  # id -> task
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_xlsx_ledger(path: Path, where: str, mapping: Optional[dict] = None) -> Draft:
    from openpyxl import load_workbook

    mapping = mapping or {}
    draft = Draft()
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in SKIPPED_SHEETS]
        summary = next((ws for ws in sheets if ws.title in SUMMARY_SHEETS), None)
        for ws in ([summary] if summary else []) + [ws for ws in sheets if ws is not summary]:
            _read_sheet(draft, ws, f"{where}!{ws.title}", mapping, list_name=None if ws is summary else ws.title)
    finally:
        book.close()
    draft.year = draft.year or _year_of(draft)
    _propose_ids(draft, mapping)
    return draft


def _header_row(rows: list[tuple], mapping: dict) -> tuple[int, dict[str, int]]:
    """The first row (of the first ten) naming at least the task and its lead unit: (index, column -> key)."""
    names = {name: key for key, variants in HEADERS.items() for name in variants}
    for odd, meant in (mapping.get("headers") or {}).items():  # 任务内容: 改革任务 (or: title)
        key = meant if meant in HEADERS else names.get(str(meant))
        if key:
            names[re.sub(r"\s+", "", str(odd))] = key
    for index, row in enumerate(rows[:10]):
        found = {}
        for column, value in enumerate(row):
            key = names.get(re.sub(r"\s+", "", str(value))) if value is not None else None
            if key and key not in found.values():
                found[column] = key
        if all(key in found.values() for key in NEEDED):
            return index, found
    return -1, {}


def _read_sheet(draft: Draft, ws, where: str, mapping: dict, list_name: Optional[str]) -> None:
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    index, columns = _header_row(rows, mapping)
    if index < 0:
        draft.problems.append(Problem("R820", where, params={"column": "改革任务、牵头单位", "found": _shown(rows)}))
        return
    _title_facts(draft, rows[:index])
    if list_name:
        draft.lists.setdefault(list_name, "")
    current = None
    for number, row in enumerate(rows[index + 1:], index + 2):
        cells = {key: row[column] for column, key in columns.items() if column < len(row)}
        if all(_text(value) == "" for value in cells.values()):
            continue
        letters = {key: _letter(column) for column, key in columns.items()}
        current = _task_of(draft, cells, current, f"{where}!", number, letters)
        if current is None:
            continue
        if list_name and list_name not in current["_lists"]:
            current["_lists"].append(list_name)
        _milestone(draft, current, cells, columns, where, number)


def _shown(rows: list[tuple]) -> str:
    first = next((row for row in rows if any(v is not None for v in row)), ())
    return "、".join(str(v) for v in first if v is not None)[:80] or "空"


def _title_facts(draft: Draft, rows: list[tuple]) -> None:
    for row in rows:
        for value in row:
            match = _TITLE.match(_text(value))
            if match and not draft.year:
                draft.office = match.group("office").strip() or draft.office
                draft.year = int(match.group("year"))


def _task_of(draft: Draft, cells: dict, current: Optional[dict], where: str, number: int,
             letters: dict) -> Optional[dict]:
    """The task this row belongs to: by its 任务编号, else by its title; a new one when first seen."""
    task_id, title = _text(cells.get("id")), _text(cells.get("title"))
    key = task_id or title
    if not key:
        return current  # a row continuing the task above (merged cells read empty below the first)
    found = draft.tasks.get(key) or next((t for t in draft.tasks.values() if title and t["title"] == title), None)
    if found is not None:
        return found
    if not title:
        draft.problems.append(Problem("R821", f"{where}{letters['title']}{number}", params={
            "what_en": "task", "what_zh": "任务", "value": task_id, "why_en": "the row has no 改革任务",
            "why_zh": "该行没有“改革任务”"}))
        return None
    if not _text(cells.get("lead")):
        draft.problems.append(Problem("R821", f"{where}{letters['lead']}{number}", params={
            "what_en": "task", "what_zh": "任务", "value": title, "why_en": "the row has no 牵头单位",
            "why_zh": "该行没有“牵头单位”"}))
        return None
    task = {"id": task_id, "title": title, "_lead": _text(cells.get("lead")), "_co": _names(cells.get("co")),
            "_leader": _text(cells.get("leader")), "_lists": [], "milestones": [], "_light": _text(cells.get("light")),
            "_progress": _text(cells.get("progress")), "_problem": _text(cells.get("problem")),
            "_coordination": _text(cells.get("coordination"))}
    draft.tasks[key] = task
    for name in [task["_lead"], *task["_co"]]:
        if name:
            draft.units.setdefault(name, "")
    if task["_leader"]:
        draft.leaders.setdefault(task["_leader"], "")
    return task


def _milestone(draft: Draft, task: dict, cells: dict, columns: dict, where: str, number: int) -> None:
    what = _text(cells.get("what"))
    if not what:
        return
    letter = {key: _letter(column) for column, key in columns.items()}
    due = _due(cells.get("due"), draft.year)
    if due is None:
        draft.problems.append(Problem("R821", f"{where}!{letter.get('due', 'H')}{number}", params={
            "what_en": "the due date", "what_zh": "时限", "value": _text(cells.get("due")),
            "why_en": "write it as YYYY-MM-DD (or 2026年6月底)", "why_zh": "请写成 YYYY-MM-DD（或 2026年6月底）"}))
        return
    if any(m["what"] == what and m["due"] == due for m in task["milestones"]):
        return  # the same row again, on a list's sheet
    milestone = {"id": f"m{len(task['milestones']) + 1}", "due": due, "what": what}
    done = _done(cells.get("done"))
    if done:
        milestone["done"] = done
    task["milestones"].append(milestone)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _names(value: Any) -> list[str]:
    return [name for name in _SPLIT_UNITS.split(_text(value)) if name]


def _due(value: Any, year: int) -> Optional[date]:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = _DAY.match(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    match = _MONTH_END.match(text)
    if match and (match.group(1) or year) and 1 <= int(match.group(2)) <= 12:
        y, m = int(match.group(1) or year), int(match.group(2))
        return date(y, m, calendar.monthrange(y, m)[1])
    return None


def _done(value: Any) -> Optional[date]:
    if isinstance(value, datetime):
        return value.date()
    match = _DONE.search(_text(value))
    return _due(match.group(1), 0) if match else None


def _year_of(draft: Draft) -> int:
    years = sorted(m["due"].year for task in draft.tasks.values() for m in task["milestones"])
    return years[len(years) // 2] if years else date.today().year


def _propose_ids(draft: Draft, mapping: dict) -> None:
    """Ids for units, leaders, lists and tasks without one: the mapping's, else pinyin, made distinct."""
    taken: set[str] = set()
    for kind, names in (("units", draft.units), ("leaders", draft.leaders), ("lists", draft.lists)):
        given = mapping.get(kind) or {}
        for name in names:
            names[name] = _distinct(str(given.get(name) or pinyin_id(name, leader=kind == "leaders")), taken)
    task_ids = {task["id"] for task in draft.tasks.values() if task["id"]}
    for number, task in enumerate(draft.tasks.values(), 1):
        if not task["id"] or not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", task["id"]):
            task["id"] = _distinct(f"T-{number:03d}", task_ids)
            task_ids.add(task["id"])


def pinyin_id(name: str, leader: bool = False) -> str:
    """An id from a Chinese name: 李明 → li-ming, 市发展改革委 → fazhangaigewei (a leading 市 dropped,
    initials when long)."""
    from pypinyin import lazy_pinyin

    if leader:
        syllables = lazy_pinyin(name)
        parts = [syllables[0], "".join(syllables[1:])] if len(syllables) > 1 else syllables
        return _ascii("-".join(parts)) or "leader"
    trimmed = re.sub(r"^(中共)?[^市]{0,4}市(委|政府)?", "", name) if len(name) > 2 else name
    syllables = lazy_pinyin(trimmed or name)
    joined = "".join(syllables)
    if len(joined) > 16:
        joined = "".join(s[0] for s in syllables if s)
    return _ascii(joined) or "unit"


def _ascii(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower()).strip("-")


def _distinct(candidate: str, taken: set[str]) -> str:
    chosen, number = candidate, 2
    while chosen in taken:
        chosen, number = f"{candidate}-{number}", number + 1
    taken.add(chosen)
    return chosen


# --- writing the draft as ledger files -------------------------------------------------------------

_KINDS = (("改革办", "office"), ("小组", "group"), ("园区", "park"), ("开发区", "park"), ("高新区", "park"),
          ("管委会", "park"), ("区", "district"), ("县", "district"))


def unit_kind(name: str) -> str:
    for ending, kind in _KINDS:
        if ending in name[-4:]:
            return kind
    return "department"


def draft_files(draft: Draft) -> dict[str, str]:
    """The ledger's files (relative path -> YAML text), tasks in a file per first list."""
    config = {"office": draft.office, "year": draft.year, "calendar": "cn",
              "lists": [{"id": list_id, "name": name} for name, list_id in draft.lists.items()]}
    units = {"leaders": [{"id": leader_id, "name": name} for name, leader_id in draft.leaders.items()],
             "units": [{"id": unit_id, "name": name, "kind": unit_kind(name)} for name, unit_id in draft.units.items()]}
    files = {"reformctl.yaml": _dump(config), "units.yaml": _dump(units)}
    grouped: dict[str, list] = {}
    for task in draft.tasks.values():
        first = draft.lists[task["_lists"][0]] if task["_lists"] else "main"
        grouped.setdefault(f"tasks/{first}.yaml", []).append(_task_record(draft, task))
    for rel, tasks in grouped.items():
        files[rel] = _dump(tasks, flow_key="milestones")
    return files


def _task_record(draft: Draft, task: dict) -> dict:
    record: dict[str, Any] = {"id": task["id"], "title": task["title"]}
    if task["_lists"]:
        record["lists"] = [draft.lists[name] for name in task["_lists"]]
    if task["_leader"]:
        record["lead_leader"] = draft.leaders[task["_leader"]]
    record["lead_unit"] = draft.units[task["_lead"]]
    co = [draft.units[name] for name in task["_co"] if name != task["_lead"]]
    if co:
        record["co_units"] = co
    record["milestones"] = task["milestones"]
    progress = _progress_entry(task, record["lead_unit"])
    if progress:
        record["progress"] = [progress]
    record["status"] = _status(task, progress)
    return record


def _progress_entry(task: dict, lead: str) -> Optional[dict]:
    match = _PROGRESS.match(task["_progress"])
    if not match:
        return None
    entry = {"date": date.fromisoformat(match.group(1)), "by": lead, "text": match.group(2).strip()}
    for key in ("problem", "coordination"):
        if task[f"_{key}"]:
            entry[key] = task[f"_{key}"]
    return entry


def _status(task: dict, progress: Optional[dict]) -> str:
    if task["_light"] in _STATUS_OF_LIGHT:
        return _STATUS_OF_LIGHT[task["_light"]]
    milestones = task["milestones"]
    if milestones and all("done" in m for m in milestones):
        return "done"
    return "in_progress" if progress or any("done" in m for m in milestones) else "not_started"


def _dump(data: Any, flow_key: Optional[str] = None) -> str:
    """YAML text through ruamel.yaml: block style, each milestone on one line."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def convert(value: Any, flow: bool = False) -> Any:
        if isinstance(value, dict):
            mapped = CommentedMap((key, convert(item, key == flow_key)) for key, item in value.items())
            return mapped
        if isinstance(value, list):
            seq = CommentedSeq(convert(item) for item in value)
            if value and not any(isinstance(item, (dict, list)) for item in value):
                seq.fa.set_flow_style()  # lists: [a, b]
            if flow:
                for item in seq:
                    if isinstance(item, CommentedMap):
                        item.fa.set_flow_style()
            return seq
        return value

    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(convert(data), stream)
    return stream.getvalue()
