"""What every workbook reformctl writes shares: safe text cells, widths for Chinese text, print
settings for an A3 ledger, and a save that gives the same bytes for the same content.

openpyxl is imported here, so this module is imported only by the commands that write xlsx.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import unicodedata
import zipfile
from copy import copy
from datetime import date, datetime
from typing import Any, Iterable, Optional

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.writer.excel import ExcelWriter

MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # refused by the xlsx format (XML 1.0)
_FORMULA_LEADS = ("=", "+", "-", "@")  # what Excel or WPS would read as a formula when retyped
DATE_FORMAT = "yyyy-mm-dd"
_KINDS = {str: "s", int: "n", float: "n", date: "d", datetime: "d"}
WIDTH_SAMPLE = 2000
THIN = Side(style="thin", color="FF808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="FFD9E1F2")
LIGHT_FILLS = {"red": "FFFF7875", "yellow": "FFFFE58F", "green": "FF95DE64"}
LIGHT_WORDS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}


def clean_text(value: Optional[str]) -> str:
    """Ledger text as a cell can hold it: no control characters, within Excel's length."""
    if not value:
        return ""
    return _ILLEGAL.sub("", value)[:MAX_CELL_TEXT]


class Styles:
    """Template cells of one workbook: a new cell copies a template's style array (cheap), instead
    of registering fonts, borders and alignments again for each of a large ledger's cells."""

    def __init__(self, ws) -> None:
        self._ws = ws
        self._templates: dict[str, Any] = {}

    def define(self, name: str, **style: Any) -> None:
        template = WriteOnlyCell(self._ws)
        for key, value in style.items():
            setattr(template, key, value)
        self._templates[name] = template._style

    def cell(self, ws, value: Any, name: str):
        """A cell holding `value` with the named style; text is always text, never a formula.

        The value is placed directly rather than through openpyxl's type inference, which would
        turn a title beginning with '=' into a formula and '#N/A' into an error, and costs a
        quarter of a large export."""
        made = WriteOnlyCell(ws)
        made._style = copy(self._templates[name])
        if value is None:
            return made
        kind = _KINDS.get(type(value))
        if kind is None:
            made.value = value
            return made
        if kind == "s":
            value = clean_text(value)
            if value.startswith(_FORMULA_LEADS):
                made.quotePrefix = True  # it stays text when a clerk retypes the cell
        made._value = value
        made.data_type = kind
        return made


def standard_styles(ws) -> Styles:
    styles = Styles(ws)
    wrap = Alignment(wrap_text=True, vertical="top")
    styles.define("title", font=Font(name="宋体", size=16, bold=True))
    styles.define("note", font=Font(name="宋体", size=10, italic=True))
    styles.define("header", font=Font(name="黑体", size=11, bold=True), fill=HEADER_FILL, border=BOX,
                  alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"))
    styles.define("text", font=Font(name="宋体", size=10), border=BOX, alignment=wrap)
    styles.define("centre", font=Font(name="宋体", size=10), border=BOX,
                  alignment=Alignment(wrap_text=True, horizontal="center", vertical="top"))
    styles.define("date", font=Font(name="宋体", size=10), border=BOX, number_format=DATE_FORMAT,
                  alignment=Alignment(horizontal="center", vertical="top"))
    for light, colour in LIGHT_FILLS.items():
        styles.define(light, font=Font(name="宋体", size=10, bold=True), border=BOX,
                      fill=PatternFill("solid", fgColor=colour),
                      alignment=Alignment(horizontal="center", vertical="top"))
    return styles


def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character takes two."""
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
            room = max(int((width - 2) / 1.1), 4)
            needed = sum(-(-max(display_width(part), 1) // room) for part in value.split("\n"))
            lines = max(lines, needed)
    return lines * LINE_HEIGHT + 3 if lines > 1 else None


def print_as_ledger(ws, title_rows: str, landscape: bool = True) -> None:
    """A3 landscape, one page wide, the title rows on every page, page numbers in the footer."""
    ws.page_setup.paperSize = 8  # A3
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.HeaderFooter.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


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


def new_workbook(write_only: bool = True) -> Workbook:
    workbook = Workbook(write_only=write_only)
    workbook.properties.creator = "reformctl"
    return workbook


def workbook_bytes(workbook: Workbook, day: date) -> bytes:
    """The workbook's bytes, the same for the same content: every zip entry and the document's
    created/modified times carry the as-of day, never the clock."""
    stamp = datetime(day.year, day.month, day.day)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    buffer = io.BytesIO()
    archive = _StampedZip(buffer, "w", zipfile.ZIP_DEFLATED, stamp)
    ExcelWriter(workbook, archive).save()  # closes the archive
    return buffer.getvalue()


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one time, so that writing it twice gives the same bytes."""

    def __init__(self, file, mode, compression, stamp: datetime) -> None:
        super().__init__(file, mode, compression)
        self._stamp = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """A write-only sheet's temporary file, copied in pieces (a large sheet is 100 MB of XML)."""
        info = zipfile.ZipInfo(arcname or filename, date_time=self._stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(filename, "rb") as source, self.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)
