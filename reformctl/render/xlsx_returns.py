"""`returns make`: one 进展报送表 per unit, to fill in with Excel or WPS and send back.

The office's columns (编号, 任务, 节点, 时限) are locked by sheet protection; the unit's columns are
open, 完成日期 with a date validation. A very hidden sheet records the format, the unit, the month,
the ledger version and each row's digest, so that `returns import` can refuse a return for another
unit or month, or rows the ledger has moved on from since.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from ..model import Ledger
from ..ops.returns import FORMAT, Month, ReturnRow, return_rows, rows_digest
from .xlsx_common import LINE_HEIGHT, Book, fit_widths, print_as_ledger, row_height

HEADER = ("任务编号", "改革任务", "节点编号", "节点", "时限", "完成日期", "本月进展", "存在问题/滞后原因",
          "需协调事项", "佐证材料")
WIDTH_LIMITS = (14, 36, 8, 36, 11)  # the office's columns fit their text up to these
OPEN_WIDTHS = (12, 40, 26, 22, 22)  # the unit's columns: 完成日期 … 佐证材料
FIRST_ROW = 4  # rows 1-3: title, who and when, header
SHEET = "进展报送表"
GUIDE_SHEET = "填报说明"
META_SHEET = "_reformctl"


def make_return(ledger: Ledger, unit: str, month: Month, as_of: date, commit: Optional[str],
                rows: Optional[list[ReturnRow]] = None) -> tuple[bytes, int]:
    """The return's bytes and its number of rows (the same bytes for the same ledger, unit, month and day).
    `rows`: the unit's rows when the caller has them (ops.returns.rows_by_unit, for many units)."""
    rows = return_rows(ledger, unit, month, as_of) if rows is None else rows
    book = Book(as_of)
    _form_sheet(book, ledger, unit, month, rows)
    _guide_sheet(book, ledger, unit, month)
    _meta_sheet(book, unit, ledger.unit_name(unit), month, as_of, commit, rows)
    return book.bytes(), len(rows)


def _form_sheet(book: Book, ledger: Ledger, unit: str, month: Month, rows: list[ReturnRow]) -> None:
    sheet = book.sheet(SHEET)
    ws = sheet.ws
    table = [_locked_values(row) for row in rows]
    widths = fit_widths(HEADER[:5], table, WIDTH_LIMITS[:5]) + list(OPEN_WIDTHS)  # room to write in
    sheet.widths(widths)
    last = FIRST_ROW + len(rows) - 1
    ws.freeze_panes(FIRST_ROW - 1, 2)
    print_as_ledger(sheet, FIRST_ROW - 1)
    ws.protect("", {"format_cells": True, "format_columns": True, "format_rows": True})
    _date_validation(ws, month, FIRST_ROW - 1, max(last, FIRST_ROW) - 1)
    sheet.put(0, 0, f"进展报送表：{ledger.unit_name(unit)}（{month.start.year}年{month.start.month}月）", "title")
    sheet.put(1, 0, f"报送单位：{ledger.unit_name(unit)}　报送期间：{month.code}　"
                    f"只填写浅黄色单元格；完成日期写成 {month.end.isoformat()} 这样的日期。", "note")
    sheet.put_row(2, HEADER, ["header"] * len(HEADER))
    for index, (row, values) in enumerate(zip(rows, table), FIRST_ROW - 1):
        ws.set_row(index, max(row_height(values, widths) or 0, 2 * LINE_HEIGHT + 3))  # room to write
        styles = ["centre", "text", "centre", "text", "date", "open_date" if row.may_complete else "text"]
        sheet.put_row(index, values + (None,) * 5, styles + ["open"] * 4)


def _locked_values(row: ReturnRow) -> tuple:
    return (row.task_id, row.title, row.milestone_id, row.what or "（本月无到期节点，仅报进展）", row.due)


def _date_validation(ws, month: Month, first: int, last: int) -> None:
    """A completion date between the year's start and the end of the month after the period
    (a return is often filled in early the next month); `returns import` checks the rest."""
    latest = (month.end + timedelta(days=1)).replace(day=28) + timedelta(days=4)
    latest = latest - timedelta(days=latest.day)
    ws.data_validation(first, 5, last, 5, {
        "validate": "date", "criteria": "between", "ignore_blank": True,
        "minimum": f"=DATE({month.start.year},1,1)", "maximum": f"=DATE({latest.year},{latest.month},{latest.day})",
        "show_error": True, "show_input": True, "error_title": "日期有误",
        "error_message": f"请填写 {month.start.year}-01-01 至 {latest.isoformat()} 之间的日期，例如 {month.end.isoformat()}。",
        "input_title": "完成日期", "input_message": "节点完成后填写完成日期；未完成的不填。"})


GUIDE = (
    "一、本表由市委改革办根据改革台账生成，每个单位一份，只含本单位牵头或配合的在推进任务，以及本月底前到期、尚未完成的节点（含已逾期节点）。",
    "二、未着色的列（任务编号、改革任务、节点编号、节点、时限）已锁定，请勿修改、增删行或调整顺序；如任务或节点有误，请另行联系改革办。",
    "三、浅黄色列由本单位填写：节点已完成的，在“完成日期”填写实际完成日期（如 2026-09-25，不得填写今后的日期，也不要写“下月底”之类的文字）；"
    "“本月进展”写本月推进情况；节点逾期或进度滞后的，在“存在问题/滞后原因”说明原因；需要市领导或其他单位协调的，写在“需协调事项”。",
    "四、“佐证材料”填写文件名或文号，多个用分号隔开（如 方案.pdf；江政办发〔2026〕12号），材料另行报送。",
    "五、配合单位只报进展；节点完成日期由牵头单位（或节点责任单位）填写，配合单位的完成日期单元格不可编辑。",
    "六、请用 Excel 或 WPS 打开、填写后直接保存为 .xlsx 文件报送，不要另存为其他格式，不要修改文件名，也不要复制到新文件中填写"
    "（表中含有校验信息，复制后无法导入）。",
    "七、每月25日前报送。一份报送表只能导入一次；重复导入不会重复记录。",
)


def _guide_sheet(book: Book, ledger: Ledger, unit: str, month: Month) -> None:
    sheet = book.sheet(GUIDE_SHEET)
    sheet.widths([100])
    sheet.put(0, 0, f"填报说明（{ledger.unit_name(unit)}，{month.code}）", "title")
    for index, line in enumerate(GUIDE, 1):
        sheet.put(index, 0, line, "text")


def _meta_sheet(book: Book, unit: str, unit_name: str, month: Month, as_of: date, commit: Optional[str],
                rows: list[ReturnRow]) -> None:
    """What `returns import` checks a return against; very hidden (not listed by Unhide in Excel)."""
    sheet = book.sheet(META_SHEET)
    sheet.ws.very_hidden()
    facts = (("format", FORMAT), ("unit", unit), ("unit_name", unit_name), ("period", month.code),
             ("as_of", as_of.isoformat()), ("ledger_version", commit or ""),
             ("rows", str(len(rows))), ("digest", rows_digest(rows)))
    for index, pair in enumerate(facts):
        sheet.plain_row(index, pair)
    sheet.plain_row(len(facts), ("row", "task", "milestone", "digest"))
    for index, (number, row) in enumerate(zip(range(FIRST_ROW, FIRST_ROW + len(rows)), rows), len(facts) + 1):
        sheet.plain_row(index, (number, row.task_id, row.milestone_id, row.digest()))
