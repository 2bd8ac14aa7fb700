"""What every workbook reformctl writes shares: safe text cells, widths for Chinese text, print
settings for an A3 ledger, and a save that gives the same bytes for the same content.

The workbooks are written with XlsxWriter (a kept library, pure Python, that writes xlsx as it
goes): a 20,000-task 台账 is 2.6 million cells, and openpyxl's cell objects cost several times
what XlsxWriter's rows do. With `stream=True` (constant memory) each sheet's rows go to a
temporary file as they are written, so a large ledger's rows are never all held; cells must
then be written row by row, in order. Files are read back (returns import, init --from-xlsx,
the tests) with openpyxl. XlsxWriter is imported here, so this module is imported only by the
commands that write xlsx.
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable, Optional

import xlsxwriter

MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # refused by the xlsx format (XML 1.0)
_FORMULA_LEADS = ("=", "+", "-", "@")  # what Excel or WPS would read as a formula when retyped
DATE_FORMAT = "yyyy-mm-dd"
WIDTH_SAMPLE = 2000
GREY = "#808080"
HEADER_FILL = "#D9E1F2"
LIGHT_FILLS = {"red": "#FF7875", "yellow": "#FFE58F", "green": "#95DE64"}
LIGHT_WORDS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
OPEN_FILL = "#FFF7E6"  # the cells a unit fills in on a return
_BOX = {"border": 1, "border_color": GREY}
_BODY = {"font_name": "宋体", "font_size": 10}
_WRAP_TOP = {"text_wrap": True, "valign": "top"}
STANDARD = {
    "title": {"font_name": "宋体", "font_size": 16, "bold": True},
    "note": {"font_name": "宋体", "font_size": 10, "italic": True},
    "header": {"font_name": "黑体", "font_size": 11, "bold": True, "pattern": 1, "bg_color": HEADER_FILL, **_BOX,
               "text_wrap": True, "align": "center", "valign": "vcenter"},
    "text": {**_BODY, **_BOX, **_WRAP_TOP},
    "centre": {**_BODY, **_BOX, **_WRAP_TOP, "align": "center"},
    "date": {**_BODY, **_BOX, "num_format": DATE_FORMAT, "align": "center", "valign": "top"},
    **{light: {**_BODY, "bold": True, **_BOX, "pattern": 1, "bg_color": colour, "align": "center", "valign": "top"}
       for light, colour in LIGHT_FILLS.items()},
    "open": {**_BODY, **_BOX, "pattern": 1, "bg_color": OPEN_FILL, "locked": False, **_WRAP_TOP},
    "open_date": {**_BODY, **_BOX, "pattern": 1, "bg_color": OPEN_FILL, "locked": False, "num_format": DATE_FORMAT,
                  "align": "center", "valign": "top"},
}


def clean_text(value: Optional[str]) -> str:
    """Ledger text as a cell can hold it: no control characters, within Excel's length."""
    if not value:
        return ""
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    return value[:MAX_CELL_TEXT]


BLANK, STRING, DATE, NUMBER = range(4)  # the kinds of a prepared cell: Sheet.put_prepared's writers, in order


class Book:
    """One workbook being written: its named cell formats, its sheets, and its bytes at the end.

    The document's created/modified time is the as-of day (XlsxWriter stamps every zip entry
    with one fixed time), so the same content gives the same bytes."""

    def __init__(self, day: date, stream: bool = False) -> None:
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, {
            "constant_memory": stream, "in_memory": not stream, "strings_to_numbers": False,
            "strings_to_formulas": False, "strings_to_urls": False})
        self.workbook.set_properties({"author": "reformctl", "created": datetime(day.year, day.month, day.day)})
        self._formats = {name: self.workbook.add_format(props) for name, props in STANDARD.items()}
        self._quoted: dict[str, Any] = {}

    def sheet(self, name: str) -> "Sheet":
        return Sheet(self, self.workbook.add_worksheet(name))

    def format(self, name: str, quoted: bool = False):
        if not quoted:
            return self._formats[name]
        if name not in self._quoted:  # text that looks like a formula stays text when retyped
            self._quoted[name] = self.workbook.add_format({**STANDARD[name], "quote_prefix": True})
        return self._quoted[name]

    def prepare(self, value: Any, style: str) -> tuple:
        """A cell ready to write: (kind, value, format), the value cleaned and typed once. Text is
        always text (never a formula, a number or a link), dates are dates, an empty value is an
        empty cell that keeps its format. A row that goes on several sheets (a task on 总表 and on
        each of its lists) is prepared once."""
        fmt = self.format(style)
        if value is None or value == "":
            return (BLANK, None, fmt)
        if isinstance(value, str):
            value = clean_text(value)
            if value.startswith(_FORMULA_LEADS):  # text that looks like a formula stays text when retyped
                fmt = self.format(style, quoted=True)
            return (STRING, value, fmt)
        if isinstance(value, (date, datetime)):
            return (DATE, value, fmt)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (NUMBER, value, fmt)
        return (STRING, clean_text(str(value)), fmt)

    def prepare_row(self, values: Iterable[Any], styles: Iterable[str]) -> tuple:
        return tuple(self.prepare(value, style) for value, style in zip(values, styles))

    def bytes(self) -> bytes:
        self.workbook.close()
        return self._buffer.getvalue()


class Sheet:
    """A worksheet with reformctl's cells: text is always text (never a formula, a number or a
    link), dates are dates, an empty value is an empty cell that keeps its format."""

    def __init__(self, book: Book, ws) -> None:
        self.book = book
        self.ws = ws

    def put(self, row: int, col: int, value: Any, style: str) -> None:
        """One cell; `row` and `col` count from 0."""
        self.put_prepared(row, (self.book.prepare(value, style),), col)

    def put_row(self, row: int, values: Iterable[Any], styles: Iterable[str]) -> None:
        self.put_prepared(row, self.book.prepare_row(values, styles))

    def put_prepared(self, row: int, cells: Iterable[tuple], first_col: int = 0) -> None:
        """Cells made by `Book.prepare`, from column `first_col` on (the export's inner loop: one
        call of XlsxWriter per cell, nothing else)."""
        ws = self.ws
        writers = (ws.write_blank, ws.write_string, ws.write_datetime, ws.write_number)
        for col, (kind, value, fmt) in enumerate(cells, first_col):
            writers[kind](row, col, value, fmt)

    def plain_row(self, row: int, values: Iterable[Any]) -> None:
        """A row with no formats (the return's hidden sheet)."""
        for col, value in enumerate(values):
            if isinstance(value, str):
                if value:
                    self.ws.write_string(row, col, clean_text(value))
            elif value is not None:
                self.ws.write_number(row, col, value)

    def widths(self, widths: Iterable[float]) -> None:
        for col, width in enumerate(widths):
            self.ws.set_column(col, col, width)


@lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character takes two. (Cached: a task's texts
    come again on each of its rows and on each of its lists' sheets.)"""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_widths(header: Iterable[str], rows: Iterable[Iterable[Any]], limits: Iterable[int]) -> list[float]:
    """Column widths that fit the header and the longest line of text, up to each column's limit
    (beyond it the text wraps). The first WIDTH_SAMPLE rows decide: a long ledger's texts reach
    the limits well before its end, and measuring every cell costs a tenth of the export."""
    header = list(header)
    widest = [display_width(name) for name in header]
    for row in itertools.islice(rows, WIDTH_SAMPLE):
        for index, value in enumerate(row):
            if isinstance(value, str) and value:
                size = max(display_width(line) for line in value.split("\n"))
            elif isinstance(value, (date, datetime)):
                size = 10
            else:
                size = len(str(value)) if value is not None else 0
            if size > widest[index]:
                widest[index] = size
    return [min(size, limit) * 1.1 + 2 for size, limit in zip(widest, limits)]


LINE_HEIGHT = 13.5  # points per line of 10-point 宋体


def row_height(values: Iterable[Any], widths: list[float]) -> Optional[float]:
    """The height that shows every wrapped line of the row (Excel and WPS do not grow a row to
    its wrapped text when they open a file; LibreOffice does not either when printing). None for
    a row of one line."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and value:
            lines = max(lines, _lines_needed(value, max(int((width - 2) / 1.1), 4)))
    return lines * LINE_HEIGHT + 3 if lines > 1 else None


@lru_cache(maxsize=65536)
def _lines_needed(text: str, room: int) -> int:
    return sum(-(-max(display_width(part), 1) // room) for part in text.split("\n"))


def print_as_ledger(sheet: Sheet, title_rows: int) -> None:
    """A3 landscape, one page wide, the first `title_rows` rows on every page, page numbers in the footer."""
    ws = sheet.ws
    ws.set_paper(8)  # A3
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, title_rows - 1)
    ws.center_horizontally()
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), distinct from those taken."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "Sheet"
    base = base[:31]
    candidate, number = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"({number})"
        candidate, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate)
    return candidate


