"""`export xlsx`: the ledger as an office keeps its Excel 台账 — 总表, one sheet per list, and 说明.

One row per milestone, and the task's cells (序号 to 配合单位, 最新进展 to 亮灯) are repeated on
each of its rows rather than merged. Excel and WPS sort and filter row by row: a merged block
keeps its value only in its first row, so filtering by 牵头单位 would hide a task's later
milestones and sorting refuses a range with merged cells. Repeated cells keep every row whole;
the rows of one task stay together because they are written together and share 序号.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..model import Ledger, Task, TaskStatus
from ..ops.status import Filters, compute_status
from ..timeline import done_on, due_on, is_on_time, is_overdue, latest_progress, ledger_on, status_on
from .xlsx_common import LIGHT_WORDS, WIDTH_SAMPLE, Book, Sheet, fit_widths, print_as_ledger, row_height, sheet_name

HEADER = ("序号", "任务编号", "改革任务", "牵头市领导", "牵头单位", "配合单位", "节点", "时限", "完成情况",
          "最新进展", "存在问题", "需协调事项", "亮灯")
WIDTH_LIMITS = (6, 14, 40, 10, 24, 30, 36, 11, 16, 50, 30, 30, 8)
CENTRED = {0, 1, 3, 8}
DATE_COLUMN = 7
LIGHT_COLUMN = 12
TITLE_ROWS = 2  # the title and the header, on every printed page
STATUS_WORDS = {TaskStatus.done: "已完成", TaskStatus.closed: "已销号", TaskStatus.suspended: "暂缓",
                TaskStatus.withdrawn: "已撤销", TaskStatus.not_started: "未启动"}
_LIGHT_OF_WORD = {word: light for light, word in LIGHT_WORDS.items()}
SUMMARY_SHEET = "总表"
NOTES_SHEET = "说明"


@dataclass(frozen=True)
class Export:
    """What was exported, for the command's message."""

    content: bytes
    tasks: int
    rows: int
    sheets: tuple[str, ...]


def export_ledger(ledger: Ledger, as_of: date, commit: Optional[str], filters: Filters = Filters()) -> Export:
    ledger = ledger_on(ledger, as_of)
    lights = compute_status(ledger, as_of, filters=filters).lights
    tasks = [task for task in ledger.tasks if filters.keep(task)]
    chosen = [(SUMMARY_SHEET, None)] + [(item.name, item.id) for item in ledger.config.lists
                                         if not filters.list or item.id == filters.list]
    sheets = [_Sheet(name, list_id, [task for task in tasks if list_id is None or list_id in task.lists])
              for name, list_id in chosen]
    sheets = [sheets[0]] + [sheet for sheet in sheets[1:] if sheet.tasks]
    book = Book(as_of, stream=True)
    taken: set[str] = {NOTES_SHEET}
    for sheet in sheets:
        sheet.name = sheet_name(sheet.name, taken)
    _write_ledger_sheets(book, ledger, as_of, tasks, lights, sheets)
    _notes_sheet(book, ledger, as_of, commit, filters, len(tasks))
    return Export(book.bytes(), len(tasks), sum(max(1, len(t.milestones)) for t in tasks),
                  tuple(sheet.name for sheet in sheets) + (NOTES_SHEET,))


@dataclass
class _Sheet:
    """A ledger sheet being written: 总表 (list_id None) or a list's, its tasks, and its next row."""

    name: str
    list_id: Optional[str]
    tasks: list[Task]
    sheet: Optional[Sheet] = None
    widths: tuple[float, ...] = ()
    number: int = 0  # 序号 of the last task written
    row: int = TITLE_ROWS  # the next row to write

    def holds(self, task: Task) -> bool:
        return self.list_id is None or self.list_id in task.lists


def task_rows(ledger: Ledger, task: Task, as_of: date, light: Optional[str]) -> list[tuple]:
    """The task's rows (one per milestone, one when it has none), without 序号."""
    latest = latest_progress(task, as_of)
    status = status_on(task, as_of)
    shared = (task.id, task.title, ledger.leader_name(task.lead_leader), ledger.unit_name(task.lead_unit),
              "、".join(ledger.unit_name(unit) for unit in task.co_units))
    tail = (f"{latest.date.isoformat()}：{latest.text}" if latest else "",
            (latest.problem or "") if latest else "", (latest.coordination or "") if latest else "",
            LIGHT_WORDS[light] if light else STATUS_WORDS.get(status, ""))
    if not task.milestones:
        return [shared + ("", None, "") + tail]
    rows = []
    for milestone in task.milestones:
        due = due_on(task, milestone, as_of)
        rows.append(shared + (milestone.what, due, completion(due, done_on(milestone, as_of), as_of)) + tail)
    return rows


def completion(due: date, done: Optional[date], as_of: date) -> str:
    """完成情况 of a milestone: done on a day (on time or late), overdue by days, or not yet due."""
    if done:
        return f"{'按期完成' if is_on_time(due, done) else '逾期完成'} {done.isoformat()}"
    if is_overdue(due, done, as_of):
        return f"逾期 {(as_of - due).days} 天"
    return "未到期"


def _write_ledger_sheets(book: Book, ledger: Ledger, as_of: date, tasks: list[Task], lights: dict,
                         sheets: list[_Sheet]) -> None:
    """Every ledger sheet, written in one walk over the tasks as their rows are made (rows are
    never all held at once): each task's rows and their cells are made once and written on 总表
    and on the sheet of each of its lists. (XlsxWriter streams each sheet's rows to its own file,
    so the sheets may be written side by side, each in order.)"""
    made = _sample_rows(ledger, tasks, as_of, lights, sheets)
    for sheet in sheets:
        _start_sheet(book, ledger, as_of, sheet, made, tasks)
    number_style = _style_of(0, None)
    for index, task in enumerate(tasks):
        rows = made.pop(index, None) or task_rows(ledger, task, as_of, lights.get(task.id))
        on = [sheet for sheet in sheets if sheet.holds(task)]
        heights: dict[tuple, list] = {}
        for sheet in on:
            sheet.number += 1
            if sheet.widths not in heights:
                heights[sheet.widths] = [row_height((0,) + row, list(sheet.widths)) for row in rows]
        prepared = [book.prepare_row(row, _row_styles(row)) for row in rows]
        for sheet in on:
            number = book.prepare(sheet.number, number_style)
            for cells, height in zip(prepared, heights[sheet.widths]):
                if height:
                    sheet.sheet.ws.set_row(sheet.row, height)
                sheet.sheet.put_prepared(sheet.row, (number,) + cells)
                sheet.row += 1


def _sample_rows(ledger: Ledger, tasks: list[Task], as_of: date, lights: dict, sheets: list[_Sheet]) -> dict:
    """The first rows of every sheet, which its column widths are fitted to: the rows of the
    first tasks, kept (by the task's place) to be written afterwards."""
    made: dict[int, list[tuple]] = {}
    counts = [0] * len(sheets)
    for index, task in enumerate(tasks):
        if min(counts) >= WIDTH_SAMPLE:
            break
        made[index] = task_rows(ledger, task, as_of, lights.get(task.id))
        for place, sheet in enumerate(sheets):
            if sheet.holds(task):
                counts[place] += len(made[index])
    return made


def _start_sheet(book: Book, ledger: Ledger, as_of: date, sheet: _Sheet, made: dict, tasks: list[Task]) -> None:
    """The sheet's widths (fitted to its first rows), panes, filter, print settings, title and header."""
    sheet.sheet = book.sheet(sheet.name)
    ws = sheet.sheet.ws
    sample = (row for number, rows in enumerate((rows for index, rows in sorted(made.items())
                                                  if sheet.holds(tasks[index])), 1)
              for row in ((number,) + row for row in rows))
    sheet.widths = tuple(fit_widths(HEADER, sample, WIDTH_LIMITS))
    sheet.sheet.widths(sheet.widths)
    ws.freeze_panes(TITLE_ROWS, 3)
    rows = sum(max(1, len(t.milestones)) for t in sheet.tasks)
    ws.autofilter(TITLE_ROWS - 1, 0, rows + TITLE_ROWS - 1, len(HEADER) - 1)
    print_as_ledger(sheet.sheet, TITLE_ROWS)
    title = f"{ledger.config.office}{ledger.config.year}年全面深化改革工作台账（{sheet.name}，截至{_zh_date(as_of)}）"
    sheet.sheet.put(0, 0, title, "title")
    sheet.sheet.put_row(1, HEADER, ["header"] * len(HEADER))


def _style_of(index: int, value) -> str:
    if index == DATE_COLUMN:
        return "date"
    if index == LIGHT_COLUMN and value in _LIGHT_OF_WORD:
        return _LIGHT_OF_WORD[value]
    return "centre" if index in CENTRED else "text"


_ROW_STYLES = tuple(_style_of(column, None) for column in range(1, len(HEADER)))  # a row without 序号
_LIT_STYLES = {word: _ROW_STYLES[:-1] + (light,) for word, light in _LIGHT_OF_WORD.items()}


def _row_styles(row: tuple) -> tuple:
    """The styles of a row without 序号: its light's fill in 亮灯."""
    return _LIT_STYLES.get(row[-1], _ROW_STYLES)


def _notes_sheet(book: Book, ledger: Ledger, as_of: date, commit: Optional[str], filters: Filters, tasks: int) -> None:
    sheet = book.sheet(NOTES_SHEET)
    sheet.widths([16, 80])
    chosen = "；".join(part for part in (
        f"清单 {ledger.list_name(filters.list)}" if filters.list else "",
        f"单位 {ledger.unit_name(filters.unit)}" if filters.unit else "") if part) or "全部任务"
    lines = [
        ("台账", f"{ledger.config.office}{ledger.config.year}年全面深化改革工作台账"),
        ("截至日期", as_of.isoformat()),
        ("台账版本", commit or "未纳入 git 管理（无版本号）"),
        ("导出范围", f"{chosen}，共 {tasks} 项任务"),
        ("生成工具", "reformctl export xlsx"),
        ("行的含义", "每个节点一行；同一任务的序号、编号、名称、领导、单位、进展和亮灯在其各行重复填写（不合并单元格），便于筛选和排序。"),
        ("时限", "节点在截至日期当天的时限（此后经批准调整的时限不计）。"),
        ("亮灯", "红灯：有逾期未完成节点；黄灯：有临期节点或进展超期未报；绿灯：正常推进。已完成、已销号、暂缓、已撤销的任务不亮灯。"),
        ("说明", "本表由台账（YAML 文件）生成，仅供查阅和打印；修改请在台账中进行，各单位报送进展请使用“进展报送表”。"),
    ]
    sheet.put(0, 0, "说明", "title")
    for index, (key, value) in enumerate(lines, 1):
        sheet.put_row(index, (key, value), ("header", "text"))


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
