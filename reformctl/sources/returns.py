"""Reading a 进展报送表 back (`returns import`): what each cell asks to write, or why it cannot.

A return is checked against what the office sent (its very hidden sheet: unit, month, each row's
digest) and against the ledger now. Every cell that cannot be taken is a problem located as
`returns/zhujian-2026-09.xlsx!F12`, with the same codes, words and output as `check`. Nothing here
writes: the result is a list of intended writes, which the command hands to reformctl.edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Optional

from ..model import Ledger, Task
from ..ops.returns import FORMAT, Month, ReturnRow, parse_month
from ..problems import Problem

FORM_SHEET = "进展报送表"
META_SHEET = "_reformctl"
FIRST_ROW = 4
COLUMNS = "ABCDEFGHIJ"
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_EVIDENCE_SPLIT = re.compile(r"[;；\n]+")
EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0 of Excel's 1900 calendar, for days after 1900-03-01
_NAMED = re.compile(r"^(?P<unit>.+)-(?P<period>\d{4}-\d{2})$")


@dataclass(frozen=True)
class Completion:
    task_id: str
    milestone_id: str
    day: date
    evidence: tuple[str, ...]
    cell: str  # where it came from, for a refusal


@dataclass(frozen=True)
class Report:
    task_id: str
    day: date
    by: str
    text: str
    problem: Optional[str]
    coordination: Optional[str]
    evidence: tuple[str, ...]
    cell: str


@dataclass
class ReadReturn:
    """One return read and checked: its problems, and the writes of its clean rows."""

    where: str
    unit: str = ""
    problems: list[Problem] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    refused_whole: bool = False  # a file-level problem: nothing of it may be taken


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def read_return(path: Path, where: str, ledger: Ledger, now: date, period: Optional[Month]) -> ReadReturn:
    """Read one returned file and check every cell; `where` is how problems name the file."""
    return check_return(open_return(path, where), ledger, now, period)


@dataclass
class OpenedReturn:
    """A return read but not yet checked against the ledger: what the office wrote into it
    (`meta`, and `sent`: (task, milestone) -> digest of each row) and its rows."""

    path: Path
    result: ReadReturn
    meta: Optional[dict] = None
    sent: dict = field(default_factory=dict)
    rows: Optional[list[_Row]] = None

    def tasks_needed(self) -> set[str]:
        """The tasks the ledger must give to check this return: those of its filled rows and of the
        rows the office did not send (a row left as sent asks for nothing and is not looked at)."""
        return {row.text("A") for row in self.rows or ()
                if _filled(row) or (row.text("A"), row.text("C")) not in self.sent}


def open_return(path: Path, where: str) -> OpenedReturn:
    """The return's workbook read (python-calamine): its hidden facts and its rows; a file that is
    not a return is a problem in `result` already."""
    opened = OpenedReturn(path, ReadReturn(where))
    book = _open(path, opened.result)
    if book is None:
        return opened
    opened.meta, opened.sent = _meta(book, opened.result)
    if opened.meta is not None:
        opened.rows = _form_rows(book, opened.result)
    return opened


def check_return(opened: OpenedReturn, ledger: Ledger, now: date, period: Optional[Month]) -> ReadReturn:
    """Every cell of an opened return checked against the ledger (which must hold at least the
    tasks of `opened.tasks_needed()`): its problems, and the writes of its clean rows."""
    result, meta = opened.result, opened.meta
    if meta is None:
        return result
    if opened.rows is None or not _check_file(result, meta, opened.path, ledger, period):
        result.refused_whole = True
        return result
    month = parse_month(meta["period"])
    _check_rows(result, opened.rows, opened.sent, ledger, meta, month, now)
    return result


class _Book:
    """A workbook's sheets as rows of plain values, read with python-calamine (Rust; a hundred
    returns read in a fraction of what openpyxl takes). Rows start at the sheet's first row
    (nothing skipped), an empty cell reads as None, as openpyxl reads it."""

    def __init__(self, workbook) -> None:
        self._workbook = workbook
        self.sheetnames = list(workbook.sheet_names)

    def rows(self, name: str, first_row: int = 1, columns: int = 0) -> list[list[Any]]:
        table = self._workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        out = []
        for values in table[first_row - 1:]:
            values = [None if value == "" else value for value in values[:columns or None]]
            out.append(values + [None] * (columns - len(values)))
        return out


def _open(path: Path, result: ReadReturn) -> Optional[_Book]:
    """The workbook with its sheets read; a file that cannot be read is R801 (fail closed)."""
    from python_calamine import CalamineWorkbook

    try:
        return _Book(CalamineWorkbook.from_path(str(path)))
    except Exception as err:  # calamine's errors, a missing file, a zip that is not a workbook: none is taken
        detail = getattr(err, "strerror", None) or _why_unreadable(path, err)
        result.problems.append(Problem("R801", result.where, params={"detail": detail}))
        result.refused_whole = True
        return None


def _why_unreadable(path: Path, err: Exception) -> str:
    import zipfile

    try:
        if path.is_file() and not zipfile.is_zipfile(path) and not path.read_bytes().startswith(_OLE):
            return "BadZipFile"  # neither an xlsx (a zip) nor an old .xls
    except OSError:
        pass
    return type(err).__name__


_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # an old .xls (which calamine reads too)


def _meta(book, result: ReadReturn) -> tuple[Optional[dict], dict]:
    """The facts the office wrote into the return, and its rows: (task, milestone) -> digest."""
    if META_SHEET not in book.sheetnames:
        return _not_a_return(result, f"no sheet {META_SHEET}"), {}
    meta: dict[str, str] = {}
    sent: dict[tuple[str, str], str] = {}
    listing = False
    table = _sheet_rows(book, META_SHEET, 1, 4, result)
    if result.refused_whole:
        return None, {}
    for values in table:
        key = str(values[0]) if values and values[0] is not None else ""
        if key == "row":
            listing = True
        elif listing and values[1]:
            sent[(str(values[1]), str(values[2] or ""))] = str(values[3] or "")
        elif key:
            meta[key] = "" if values[1] is None else str(values[1])
    if meta.get("format") != FORMAT or not parse_month(meta.get("period", "")) or not meta.get("unit"):
        return _not_a_return(result, f"format {meta.get('format') or '?'}"), {}
    return meta, sent


def _sheet_rows(book: _Book, name: str, first_row: int, columns: int, result: ReadReturn) -> list[list[Any]]:
    try:
        return book.rows(name, first_row, columns)
    except Exception as err:  # a sheet calamine cannot read: the file is not taken
        result.problems.append(Problem("R801", result.where, params={"detail": type(err).__name__}))
        result.refused_whole = True
        return []


def _not_a_return(result: ReadReturn, detail: str) -> None:
    result.problems.append(Problem("R802", result.where, params={"detail": detail}))
    result.refused_whole = True
    return None


def _form_rows(book, result: ReadReturn) -> Optional[list[_Row]]:
    if FORM_SHEET not in book.sheetnames:
        return _not_a_return(result, f"no sheet {FORM_SHEET}")
    rows = []
    for number, values in enumerate(_sheet_rows(book, FORM_SHEET, FIRST_ROW, len(COLUMNS), result), FIRST_ROW):
        cells = {column: value for column, value in zip(COLUMNS, values)
                 if value is not None and not (isinstance(value, str) and not value.strip())}
        if cells:
            rows.append(_Row(number, cells))
    return rows


def _check_file(result: ReadReturn, meta: dict, path: Path, ledger: Ledger, period: Optional[Month]) -> bool:
    """The return's unit and month: its own, the one asked for, one the ledger knows."""
    unit, made_for = meta["unit"], meta["period"]
    result.unit = unit
    named = _NAMED.match(path.stem)
    if unit not in ledger.units:
        _problem(result, "R803", "", found=unit, period=made_for, expected_en="units.yaml has no such unit",
                 expected_zh="units.yaml 中没有该单位")
    elif named and named.group("unit") != unit:
        _problem(result, "R803", "", found=unit, period=made_for,
                 expected_en=f"the file is named for {named.group('unit')}",
                 expected_zh=f"文件名写的是 {named.group('unit')}")
    expected = period.code if period else (named.group("period") if named else made_for)
    if made_for != expected:
        _problem(result, "R804", "", found=made_for, expected=expected)
    return not result.problems


def _problem(result: ReadReturn, code: str, cell: str, **params: Any) -> None:
    where = f"{result.where}!{cell}" if cell else result.where
    result.problems.append(Problem(code, where, params=params))


def _check_rows(result: ReadReturn, rows: list[_Row], sent: dict, ledger: Ledger, meta: dict, month: Month,
                now: date) -> None:
    unit = meta["unit"]
    sent_tasks = {task for task, _ in sent}
    progress: dict[str, list[tuple[_Row, str]]] = {}
    for row in rows:
        before = len(result.problems)
        key = (row.text("A"), row.text("C"))
        if key not in sent:
            _unsent_row(result, row, key, sent_tasks, ledger, unit)
            continue
        if not _filled(row):  # left as sent: nothing to take, nothing to refuse
            continue
        task = ledger.task(key[0])
        current = _current_row(task, key[1], unit)
        if current is None or current.digest() != sent[key]:
            if _filled(row):
                _problem(result, "R810", f"A{row.number}", made=meta.get("as_of", "?"), period=month.code, unit=unit,
                         **_what_moved(task, key[1], current))
            continue
        completion = _completion(result, row, task, current, unit, now, ledger)
        _progress_cells(result, row)
        if len(result.problems) == before:
            if completion:
                result.completions.append(completion)
            if row.text("G"):
                progress.setdefault(key[0], []).append((row, row.text("G")))
    result.reports = [_report(ledger.task(task_id), entries, unit, month, now)
                      for task_id, entries in progress.items()]
    result.reports = [report for report in result.reports if report is not None]


def _filled(row: _Row) -> bool:
    return any(row.text(column) for column in "FGHIJ")


def _unsent_row(result: ReadReturn, row: _Row, key: tuple[str, str], sent_tasks: set, ledger: Ledger,
                unit: str) -> None:
    task_id, milestone_id = key
    if task_id in sent_tasks:
        _problem(result, "R808", f"C{row.number}", value=milestone_id, what_en="a milestone id", what_zh="节点编号")
        return
    task = ledger.task(task_id)
    if task is not None and unit != task.lead_unit and unit not in task.co_units:
        _problem(result, "R809", f"A{row.number}", task=task_id, unit=ledger.unit_name(unit),
                 lead=ledger.unit_name(task.lead_unit))
        return
    _problem(result, "R808", f"A{row.number}", value=task_id, what_en="a task id", what_zh="任务编号")


def _current_row(task: Optional[Task], milestone_id: str, unit: str) -> Optional[ReturnRow]:
    """The row as the ledger would make it now (done or not): its digest tells whether it moved."""
    if task is None or (unit != task.lead_unit and unit not in task.co_units):
        return None
    lead = task.lead_unit == unit
    if not milestone_id:
        return ReturnRow(task.id, task.title, "", "", None, False, lead)
    milestone = next((m for m in task.milestones if m.id == milestone_id), None)
    if milestone is None:
        return None
    answers = milestone.owner == unit if milestone.owner else lead
    return ReturnRow(task.id, task.title, milestone.id, milestone.what, milestone.due, answers, lead)


def _what_moved(task: Optional[Task], milestone_id: str, current: Optional[ReturnRow]) -> dict[str, str]:
    if task is None:
        return {"detail_en": "the task is no longer in the ledger", "detail_zh": "该任务已不在台账中"}
    if current is None:
        return {"detail_en": f"milestone {milestone_id} or the unit's part in the task is gone",
                "detail_zh": f"节点 {milestone_id} 或本单位的责任已不在台账中"}
    return {"detail_en": "its title, milestone, due date or owner was changed",
            "detail_zh": "任务名称、节点、时限或责任单位已调整"}


def _completion(result: ReadReturn, row: _Row, task: Task, current: ReturnRow, unit: str, now: date,
                ledger: Ledger) -> Optional[Completion]:
    raw = row.cells.get("F")
    if raw is None:
        return None
    day = _cell_date(result, f"F{row.number}", raw, now, ledger.config.year)
    if day is None:
        return None
    milestone = next((m for m in task.milestones if m.id == current.milestone_id), None)
    if milestone is None or not current.may_complete:
        owner = (milestone.owner if milestone and milestone.owner else task.lead_unit)
        _problem(result, "R811", f"F{row.number}", milestone=current.milestone_id or "—", task=task.id,
                 owner=ledger.unit_name(owner), unit=ledger.unit_name(unit))
        return None
    if milestone.done:
        if milestone.done != day:
            _problem(result, "R812", f"F{row.number}", milestone=milestone.id, done=milestone.done.isoformat(),
                     value=day.isoformat())
        return None  # recorded already: importing the same return twice adds nothing
    return Completion(task.id, milestone.id, day, _evidence(row), f"{result.where}!F{row.number}")


def _cell_date(result: ReadReturn, cell: str, raw: Any, now: date, year: int) -> Optional[date]:
    """A completion date from a cell as Excel, WPS or LibreOffice saved it, or a problem."""
    example = now.isoformat()
    day = None
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and 20000 < raw < 80000:
        day = EXCEL_EPOCH + timedelta(days=int(raw))  # a date stored as a bare serial number
    else:
        text = str(raw).strip()
        match = _DATE_TEXT.match(text)
        if not match:
            _problem(result, "R805", cell, value=text, example=example)
            return None
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError:
            _problem(result, "R806", cell, value=text)
            return None
    if day > now:
        _problem(result, "R807", cell, value=day.isoformat(), why_en=f"after today ({now.isoformat()})",
                 why_zh=f"晚于今天（{now.isoformat()}）")
        return None
    if day.year < year:
        _problem(result, "R807", cell, value=day.isoformat(), why_en=f"before the ledger's year {year}",
                 why_zh=f"早于台账年度 {year} 年")
        return None
    return day


def _progress_cells(result: ReadReturn, row: _Row) -> None:
    if not row.text("G"):
        more = [name for column, name in (("H", "存在问题/滞后原因"), ("I", "需协调事项"), ("J", "佐证材料"))
                if row.text(column)]
        if more:
            _problem(result, "R813", f"G{row.number}", columns="、".join(more))


def _evidence(row: _Row) -> tuple[str, ...]:
    return tuple(part.strip() for part in _EVIDENCE_SPLIT.split(row.text("J")) if part.strip())


def _report(task: Task, entries: list[tuple[_Row, str]], unit: str, month: Month, now: date) -> Optional[Report]:
    """One progress entry per task and return: the texts of its rows (each once), dated the month's
    last day (or today, before it ends). None when the ledger holds it already."""
    def joined(column: str) -> Optional[str]:
        texts = list(dict.fromkeys(row.text(column) for row, _ in entries if row.text(column)))
        return "；".join(texts) or None

    day = min(now, month.end)
    text = joined("G") or ""
    if any(p.date == day and p.by == unit and p.text == text for p in task.progress):
        return None
    evidence = tuple(dict.fromkeys(item for row, _ in entries for item in _evidence(row)))
    return Report(task.id, day, unit, text, joined("H"), joined("I"), evidence, f"G{entries[0][0].number}")
