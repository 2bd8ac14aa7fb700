"""Blocks → a Word document in the national official-document format (GB/T 9704-2012).

A4, margins 37/35/28/26 mm (版心 156 × 225 mm), a grid of 22 lines of 28 characters, body in
三号 仿宋_GB2312, headings 一、in 黑体 and （一）in 楷体_GB2312, the title in 二号 方正小标宋简体,
page numbers "— 1 —" in 四号 宋体 (odd pages right, even pages left, one character in), 附件 on
new pages, and the 版记 (抄送, 印发机关 and 印发日期) between its rules. Every run names its
East Asian font (w:eastAsia): Word takes Chinese glyphs from it, not from the Latin name.
"""

from __future__ import annotations

import math
import re
from copy import deepcopy
from typing import Optional

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from .docx_blocks import Block, split_parts, unescape

TITLE_FONT, HEI, KAI, FANG, SONG = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"
BODY_PT, TITLE_PT, PAGE_NUMBER_PT, NOTE_PT = 16, 22, 14, 9
TABLE_PT, SMALL_TABLE_PT = 12, 10.5  # 小四 for tables, 五号 when they have more than six columns
ISSUER_PT = 36
LINES_PER_PAGE = 22
IMPRINT_CHARS = 28  # characters of 四号 on a 版记 line, one character in from each side, rounded down
LINE_PITCH = 579  # twips: 225 mm / 22 lines ≈ 28.95 pt
# 28 characters in 156 mm is 15.79 pt a character: 16 pt glyphs drawn 0.25 pt closer (in
# twentieths of a point). Word's character grid (docGrid linesAndChars, charSpace -842) would do
# it too, but LibreOffice lays such a grid out as two cells per 16 pt character, 14 to a line.
CHAR_SPACING = -5
TEXT_WIDTH_MM = 156
RED = RGBColor(0xE6, 0x00, 0x12)
GREY = RGBColor(0x59, 0x59, 0x59)
_HEADINGS = {"h1": HEI, "h2": KAI, "h3": FANG, "h4": FANG}


def build_document(blocks: list[Block], forced_note: Optional[str], source_note: str):
    """The python-docx Document for the blocks; the caller fixes its properties and saves it."""
    doc = Document()
    _page_setup(doc)
    _default_fonts(doc)
    _footers(doc)
    if forced_note:
        _para(doc, forced_note, HEI, BODY_PT, bold=True, color=RED, indent=False)
    writer = _Writer(doc)
    for block in blocks:
        writer.add(block)
    writer.finish()
    _para(doc, source_note, SONG, NOTE_PT, color=GREY, indent=False, grid=False)
    return doc


# --- page, fonts, footers ---------------------------------------------------------------------


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(24)
    sect_pr = section._sectPr
    for grid in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(grid)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    sect_pr.append(grid)


# Word refuses a file ("unreadable content") whose properties are out of the schema's order.
_PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
              "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
              "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
              "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
_RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
              "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
              "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()


def insert_in_order(parent, element, order: tuple | list) -> None:
    """Insert `element` before the first child that the schema puts after it."""
    rank = order.index(element.tag.split("}")[1])
    for child in parent:
        name = child.tag.split("}")[1] if isinstance(child.tag, str) else ""
        if name in order and order.index(name) > rank:
            child.addprevious(element)
            return
    parent.append(element)


def set_fonts(r_pr_owner, name: str) -> None:
    """Name the font for Latin, complex and East Asian text alike (python-docx sets Latin only)."""
    r_pr = r_pr_owner.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):  # a theme font would override the names below
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    fonts.set(qn("w:hint"), "eastAsia")


def _default_fonts(doc) -> None:
    styles = doc.styles.element
    r_pr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = r_pr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
    for attr in list(fonts.attrib):  # drop the theme fonts (Calibri, 等线) of python-docx's template
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FANG)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING))
    insert_in_order(r_pr_default.find(qn("w:rPr")), spacing, _RPR_ORDER)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, FANG)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH)
    fmt.widow_control = False


def _footers(doc) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, align) -> None:
    """"— 1 —" in 四号 宋体, one character in from the outer edge (GB/T 9704 §7.5)."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    _run(paragraph, "— ", SONG, PAGE_NUMBER_PT)
    _field(paragraph, "PAGE", "1", SONG, PAGE_NUMBER_PT)
    _run(paragraph, " —", SONG, PAGE_NUMBER_PT)


def _field(paragraph, code: str, shown: str, font: str, size: int) -> None:
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("text", shown), ("end", None)):
        run = _run(paragraph, "", font, size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


# --- paragraphs and runs ----------------------------------------------------------------------


def _run(paragraph, text: str, font: str, size: float, bold: bool = False, color: Optional[RGBColor] = None):
    run = paragraph.add_run(text)
    set_fonts(run._r, font)
    run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if color is not None:
        run.font.color.rgb = color
    return run


def _para(doc_or_cell, text: str, font: str = FANG, size: float = BODY_PT, *, align=None, indent: bool = True,
          bold: bool = False, color: Optional[RGBColor] = None, grid: bool = True):
    paragraph = doc_or_cell.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if not grid:
        _single_spacing(paragraph)
    if text:
        _run(paragraph, text, font, size, bold, color)
    return paragraph


def _single_spacing(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _off_grid(paragraph)


def _off_grid(paragraph) -> None:
    """Let a paragraph leave the line grid: LibreOffice gives a line whose font is taller than the
    grid pitch (the 22 pt title) two grid lines, which Word does not."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    insert_in_order(paragraph._p.get_or_add_pPr(), snap, _PPR_ORDER)


def _border(paragraph, edges: dict[str, tuple[int, str]]) -> None:
    """Rules above or below a paragraph: edge -> (width in eighths of a point, colour hex)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "bottom"):
        if edge in edges:
            size, color = edges[edge]
            line = OxmlElement(f"w:{edge}")
            for key, value in (("val", "single"), ("sz", str(size)), ("space", "1"), ("color", color)):
                line.set(qn(f"w:{key}"), value)
            borders.append(line)
    insert_in_order(p_pr, borders, _PPR_ORDER)


def _page_break(doc) -> None:
    _run(doc.add_paragraph(), "", FANG, BODY_PT).add_break(WD_BREAK.PAGE)


class _Writer:
    """Writes blocks in order; collects the 版记 lines and writes them at their place."""

    def __init__(self, doc):
        self.doc = doc
        self.cc: Optional[str] = None
        self.width_mm = TEXT_WIDTH_MM  # of the current section's text block
        self.fresh_page = False  # nothing written yet on the current page
        self.tail: list = []  # the last body paragraph and the blank lines after it
        self.imprint_alone = False  # the 版记 starts a page of its own

    def add(self, block: Block) -> None:
        getattr(self, f"_{block.kind}")(block)
        self.fresh_page = block.kind in ("pagebreak", "landscape", "portrait")

    def _landscape(self, block: Block) -> None:
        """A new landscape section for wide tables: the portrait page turned, so the text block
        keeps its place on the sheet (binding edge at the bottom)."""
        self._section(WD_ORIENT.LANDSCAPE, (Mm(297), Mm(210)), (Mm(26), Mm(28), Mm(37), Mm(35)))
        self.width_mm = 297 - 37 - 35

    def _portrait(self, block: Block) -> None:
        self._section(WD_ORIENT.PORTRAIT, (Mm(210), Mm(297)), (Mm(37), Mm(35), Mm(28), Mm(26)))
        self.width_mm = TEXT_WIDTH_MM

    def _section(self, orientation, size, margins) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)  # footers carry on from the first section
        section.orientation = orientation
        section.page_width, section.page_height = size
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = margins

    def finish(self) -> None:
        if self.cc is not None:  # @cc without @printer: the 版记 still closes with its rule
            self._imprint(self.cc, None)

    def _title(self, block: Block) -> None:
        _off_grid(_para(self.doc, block.text, TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False))

    def _h1(self, block: Block) -> None:
        _para(self.doc, block.text, _HEADINGS[block.kind])

    _h2 = _h3 = _h4 = _h1

    def _p(self, block: Block) -> None:
        self.tail = [_para(self.doc, block.text)]

    def _issuer(self, block: Block) -> None:
        text = unescape(block.text)
        size = min(ISSUER_PT, int(Mm(TEXT_WIDTH_MM).pt * 0.95 / max(_display_width(text), 1)))
        paragraph = _para(self.doc, text, TITLE_FONT, size, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, color=RED)
        _off_grid(paragraph)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        for _ in range(2):  # 发文字号 two lines below the 发文机关标志 (§7.2.4)
            _para(self.doc, "", indent=False)

    def _number(self, block: Block) -> None:
        """发文字号, centred, with the red rule under it (版头中的分隔线); the title two lines below."""
        paragraph = _para(self.doc, unescape(block.text), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        _border(paragraph, {"bottom": (12, "E60012")})
        for _ in range(2):
            _para(self.doc, "", indent=False)

    def _to(self, block: Block) -> None:
        _para(self.doc, unescape(block.text), indent=False)

    def _center(self, block: Block) -> None:
        _para(self.doc, unescape(block.text), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

    def _noindent(self, block: Block) -> None:
        _para(self.doc, unescape(block.text), indent=False)

    def _small(self, block: Block) -> None:
        _para(self.doc, unescape(block.text), FANG, TABLE_PT, indent=False, grid=False)

    def _blank(self, block: Block) -> None:
        self.tail.append(_para(self.doc, "", indent=False))

    def _pagebreak(self, block: Block) -> None:
        _page_break(self.doc)

    def _annexes(self, block: Block) -> None:
        """附件说明: 附件：1．… with later items aligned under the first (GB/T 9704 §7.3.4)."""
        names = split_parts(block.text)
        for index, name in enumerate(names, start=1):
            lead = "附件：" if index == 1 else "　　　"
            number = f"{index}．" if len(names) > 1 else ""
            self.tail.append(_para(self.doc, f"{lead}{number}{name}"))

    def _signature(self, block: Block) -> None:
        """署名 and the date stay on the page of the body's last lines, never on a page alone."""
        for paragraph in self.tail:
            paragraph.paragraph_format.keep_with_next = True
        paragraph = _para(self.doc, unescape(block.text), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
        paragraph.paragraph_format.keep_with_next = True

    def _date(self, block: Block) -> None:
        paragraph = _para(self.doc, unescape(block.text), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 成文日期 右空四字

    def _annex(self, block: Block) -> None:
        """An attachment on a new page: 附件N flush left in 黑体, then its title."""
        number, _, title = block.text.partition(" ")
        if not self.fresh_page:
            _page_break(self.doc)
        _para(self.doc, f"附件{unescape(number)}", HEI, indent=False)
        _para(self.doc, "", indent=False)
        if title:
            _off_grid(_para(self.doc, unescape(title), TITLE_FONT, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                            indent=False))
            _para(self.doc, "", indent=False)

    def _cc(self, block: Block) -> None:
        self.cc = unescape(block.text)
        self.imprint_alone = self.fresh_page

    def _printer(self, block: Block) -> None:
        if self.cc is None:
            self.imprint_alone = self.fresh_page
        self._imprint(self.cc, split_parts(block.text))
        self.cc = None

    def _imprint(self, cc: Optional[str], printer: Optional[list[str]]) -> None:
        """版记 in 四号 仿宋: 抄送 between a thick and a thin rule, 印发 over a thick rule. On a page
        of its own (after @portrait) it sits at the foot of the page, as GB/T 9704 §7.4 places it."""
        lines = 1 + (math.ceil(_display_width(f"抄送：{cc}") / IMPRINT_CHARS) if cc else 0)
        # Empty grid lines push it down: Word's w:vAlign would too, but LibreOffice ignores it.
        # Two lines are kept free for the source line and rounding.
        for _ in range(LINES_PER_PAGE - lines - 2 if self.imprint_alone else 1):
            _para(self.doc, "", indent=False)
        thick, thin = (8, "000000"), (4, "000000")
        if cc:
            paragraph = self._imprint_line(f"抄送：{cc}。" if not cc.endswith("。") else f"抄送：{cc}")
            _border(paragraph, {"top": thick, "bottom": thin})
        if printer:
            org = printer[0]
            day = printer[1] if len(printer) > 1 else ""
            paragraph = self._imprint_line(org, f"{day}印发" if day else "")
            _border(paragraph, {"bottom": thick} if cc else {"top": thick, "bottom": thick})

    def _imprint_line(self, left: str, right: str = ""):
        paragraph = _para(self.doc, "", indent=False)
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(PAGE_NUMBER_PT)  # 左右各空一字
        _run(paragraph, left, FANG, PAGE_NUMBER_PT)
        if right:
            width = Mm(self.width_mm) - Pt(PAGE_NUMBER_PT * 2)
            fmt.tab_stops.add_tab_stop(width, alignment=2)  # WD_TAB_ALIGNMENT.RIGHT
            _run(paragraph, "\t" + right, FANG, PAGE_NUMBER_PT)
        return paragraph

    def _table(self, block: Block) -> None:
        columns = max(len(row) for row in block.rows)
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        size = TABLE_PT if columns <= 6 or self.width_mm > TEXT_WIDTH_MM else SMALL_TABLE_PT
        widths = _column_widths(block.rows, columns, size, self.width_mm)
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid: LibreOffice sizes columns from it, Word from the cells
        shapes: dict[bool, object] = {}  # header?: a formatted cell paragraph to copy
        for index, cells in enumerate(block.rows):
            header = index < block.header_rows
            row = table.add_row()
            if header:
                _repeat_header(row)
            for column, cell in enumerate(row.cells):
                cell.width = widths[column]
                text = cells[column] if column < len(cells) else ""
                if header not in shapes:
                    shapes[header] = _cell_paragraph(cell.paragraphs[0], header, size)
                _fill_cell(cell, shapes[header], text)
        _para(self.doc, "", indent=False, grid=False)


def _cell_paragraph(paragraph, header: bool, size: float):
    """Format one cell's paragraph the slow way (python-docx); the others are copies of it."""
    _single_spacing(paragraph)
    if header:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, "", HEI if header else FANG, size)
    return deepcopy(paragraph._p)


def _fill_cell(cell, shape, text: str) -> None:
    """Put a copy of the formatted paragraph in the cell, holding `text` (lxml escapes it)."""
    paragraph = deepcopy(shape)
    run = paragraph.find(qn("w:r"))
    text_element = run.find(qn("w:t"))
    if text_element is None:
        text_element = OxmlElement("w:t")
        run.append(text_element)
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = text
    cell._tc.replace(cell._tc.find(qn("w:p")), paragraph)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _display_width(text: str) -> float:
    """Width in characters of the body size: a CJK character is one, Latin letters and digits about half."""
    return sum(1 if ord(char) > 0x2E7F else 0.6 for char in text)


def _unbreakable(text: str) -> float:
    """Width of the longest piece a line cannot break inside (a date, a number, an id)."""
    return max((_display_width(word) for word in re.split(r"[\s\u2E80-\uFFFF]+", text)), default=0)


def _column_widths(rows: list[list[str]], columns: int, size: float, width_mm: float) -> list:
    """Each column first gets its longest unbreakable piece (dates and numbers stay on one line),
    then the remaining width goes to the columns with long text, in proportion to their need."""
    total = Mm(width_mm).pt / size  # the text width, in characters of the table's size
    padding = 1.3
    least, want = [], []
    for column in range(columns):
        cells = [row[column] for row in rows if column < len(row)]
        least.append(max([2.0] + [_unbreakable(cell) for cell in cells]) + padding)
        want.append(min(max([2.0] + [_display_width(cell) for cell in cells]), 24) + padding)
    spare = total - sum(least)
    extra = [max(w - m, 0) for w, m in zip(want, least)]
    if spare > 0 and sum(extra):
        least = [m + spare * e / sum(extra) for m, e in zip(least, extra)]
    scale = Mm(width_mm) / sum(least)
    return [int(width * scale) for width in least]
