"""Blocks → a Word document in the national official-document format (GB/T 9704-2012).

A4, margins 37/35/28/26 mm (版心 156 × 225 mm), a grid of 22 lines of 28 characters, body in
三号 仿宋_GB2312, headings 一、in 黑体 and （一）in 楷体_GB2312, the title in 二号 方正小标宋简体,
page numbers "— 1 —" in 四号 宋体 (odd pages right, even pages left, one character in), 附件 on
new pages, and the 版记 (抄送, 印发机关 and 印发日期) between its rules. Every run names its
East Asian font (w:eastAsia): Word takes Chinese glyphs from it, not from the Latin name.
"""

from __future__ import annotations

import re
from copy import deepcopy
from functools import lru_cache
from typing import Optional
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph

from .docx_blocks import Block, display_width, split_parts, split_title, unescape
from .textsafe import xml_text

TITLE_FONT, HEI, KAI, FANG, SONG = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14
TABLE_PT, SMALL_TABLE_PT = 12, 10.5  # 小四 for tables, 五号 when they have more than six columns
ISSUER_PT = 36
TITLE_CHARS = 20  # characters of 二号 on a title line: 156 mm at 22 pt less 0.25 pt spacing is 20.3
IMPRINT_CHAR = 275  # twips: a 四号 character with the document's 0.25 pt tighter spacing
IMPRINT_LINE = 440  # twips: the height of a 版记 line
LANDSCAPE_MIN_ROWS = 6  # fewer table rows than this do not get landscape pages of their own
LINE_PITCH = 579  # twips: 225 mm / 22 lines ≈ 28.95 pt
# 28 characters in 156 mm is 15.79 pt a character: 16 pt glyphs drawn 0.25 pt closer (in
# twentieths of a point). Word's character grid (docGrid linesAndChars, charSpace -842) would do
# it too, but LibreOffice lays such a grid out as two cells per 16 pt character, 14 to a line.
CHAR_SPACING = -5
TEXT_WIDTH_MM = 156
RED = RGBColor(0xE6, 0x00, 0x12)
_HEADINGS = {"h1": HEI, "h2": KAI, "h3": FANG, "h4": FANG}


def build_document(blocks: list[Block], forced_note: Optional[str]) -> tuple:
    """The python-docx Document for the blocks, and the XML of its tables' rows: each table holds
    a comment `reformctl-rows-N` where rows[N] goes when the document is saved (splice_rows)."""
    doc = Document()
    _page_setup(doc)
    _default_fonts(doc)
    _footers(doc)
    if forced_note:
        _para(doc, forced_note, HEI, BODY_PT, bold=True, color=RED, indent=False)
    blocks = _without_small_landscapes(blocks)
    writer = _Writer(doc, single_annex=sum(block.kind == "annex" for block in blocks) == 1)
    for block in blocks:
        writer.add(block)
    writer.finish()
    return doc, writer.rows


def splice_rows(document_xml: bytes, rows: list[bytes]) -> bytes:
    """word/document.xml with each table's rows in place of its `reformctl-rows-N` comment."""
    return re.sub(rb"<!--reformctl-rows-(\d+)-->", lambda match: rows[int(match.group(1))], document_xml)


def _without_small_landscapes(blocks: list[Block]) -> list[Block]:
    """Drop an @landscape … @portrait pair whose tables hold fewer than LANDSCAPE_MIN_ROWS body
    rows: two rows do not deserve two turned pages; they fit a portrait page in 五号."""
    kept, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "landscape":
            end = next((i for i in range(index + 1, len(blocks)) if blocks[i].kind == "portrait"), len(blocks))
            rows = sum(len(b.rows) - b.header_rows for b in blocks[index + 1:end] if b.kind == "table")
            if rows < LANDSCAPE_MIN_ROWS:
                kept.extend(blocks[index + 1:end])
                index = end + 1
                continue
        kept.append(block)
        index += 1
    return kept


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
_TBLPR_ORDER = ("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
                "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook").split()
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
    _chinese(styles, doc.settings.element)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element, FANG)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(LINE_PITCH)
    fmt.widow_control = False


def _chinese(styles, settings) -> None:
    """Mark the text as Chinese (zh-CN) where python-docx's template says en-US, ja-JP or ar-SA, so
    spelling, hyphenation and punctuation rules are the Chinese ones."""
    for lang in list(styles.iter(qn("w:lang"))) + list(settings.iter(qn("w:themeFontLang"))):
        for attr in list(lang.attrib):
            del lang.attrib[attr]
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")


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


def _para(doc, text: str, font: str = FANG, size: float = BODY_PT, *, align=None, indent: bool = True,
          bold: bool = False, color: Optional[RGBColor] = None, grid: bool = True):
    """A paragraph at the end of the document: a copy of its formatted shape, holding `text`."""
    p = deepcopy(_paragraph_shape(font, size, align, indent, bold, None if color is None else str(color), grid,
                                  bool(text)))
    if text:
        p.find(qn("w:r")).find(qn("w:t")).text = text
    _append_body(doc, p)
    return Paragraph(p, doc._body)


@lru_cache(maxsize=None)
def _paragraph_shape(font: str, size: float, align, indent: bool, bold: bool, color: Optional[str], grid: bool,
                     has_text: bool):
    """A formatted paragraph (with an empty run when it will hold text), made once through
    python-docx and copied after: formatting each of 10,000 paragraphs through python-docx
    costs seconds."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if not grid:
        _single_spacing(paragraph)
    if has_text:
        run = _run(paragraph, "", font, size, bold, None if color is None else RGBColor.from_string(color))
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        run._r.append(text)
    return paragraph._p


def _append_body(doc, element) -> None:
    """Add `element` at the end of the body, before its section properties (the body's last
    child); python-docx finds them by a scan of the body each time, which grows with it."""
    body = doc.element.body
    try:
        last = body[-1]  # not len(body), which lxml counts child by child: 10,000 paragraphs made it quadratic
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)


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


def _keep_with_next(paragraph):
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _title_paragraph(doc, text: str):
    """A title in 二号 方正小标宋简体, centred, broken between words into even lines (§7.3.1)."""
    paragraph = _para(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for number, line in enumerate(split_title(text, TITLE_CHARS)):
        run = _run(paragraph, "", TITLE_FONT, TITLE_PT)
        if number:
            run.add_break()
        run.add_text(line)
    _off_grid(paragraph)
    return paragraph


def _page_break(doc) -> None:
    _run(doc.add_paragraph(), "", FANG, BODY_PT).add_break(WD_BREAK.PAGE)


class _Writer:
    """Writes blocks in order; collects the 版记 lines and writes them at their place."""

    def __init__(self, doc, single_annex: bool = False):
        self.doc = doc
        self.cc: Optional[str] = None
        self.width_mm = TEXT_WIDTH_MM  # of the current section's text block
        self.fresh_page = False  # nothing written yet on the current page
        self.tail: list = []  # the last body paragraph and the blank lines after it
        self.single_annex = single_annex  # one attachment is 附件, not 附件1 (§7.3.4)
        self.signature = None  # the 署名 paragraph, centred over the date once the date is known
        self.rows: list[bytes] = []  # the tables' rows as XML, put in place when the file is saved

    def add(self, block: Block) -> None:
        getattr(self, f"_{block.kind}")(block)
        self.fresh_page = block.kind in ("pagebreak", "landscape", "portrait") or (block.kind == "cc" and self.fresh_page)

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
        _keep_with_next(_title_paragraph(self.doc, block.text))

    def _h1(self, block: Block) -> None:
        """A heading never ends a page: it keeps with the paragraph after it."""
        _keep_with_next(_para(self.doc, block.text, _HEADINGS[block.kind]))

    _h2 = _h3 = _h4 = _h1

    def _p(self, block: Block) -> None:
        self.tail = [_para(self.doc, block.text)]

    def _issuer(self, block: Block) -> None:
        text = unescape(block.text)
        size = min(ISSUER_PT, int(Mm(TEXT_WIDTH_MM).pt * 0.95 / max(display_width(text), 1)))
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
            _keep_with_next(paragraph)
        self.signature = _keep_with_next(_para(self.doc, unescape(block.text), align=WD_ALIGN_PARAGRAPH.RIGHT,
                                               indent=False))
        self.signature.paragraph_format.right_indent = Pt(BODY_PT * 4)

    def _date(self, block: Block) -> None:
        """成文日期 右空四字; the 署名 above it centred over the date (§7.3.5.1)."""
        text = unescape(block.text)
        paragraph = _para(self.doc, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
        if self.signature is not None:
            name = self.signature.text
            offset = (display_width(text) - display_width(name)) / 2
            self.signature.paragraph_format.right_indent = Pt(max(BODY_PT * (4 + offset), 0))
            self.signature = None

    def _annex(self, block: Block) -> None:
        """An attachment on a new page: 附件N flush left in 黑体, then its title."""
        number, _, title = block.text.partition(" ")
        if not self.fresh_page:
            _page_break(self.doc)
        _keep_with_next(_para(self.doc, "附件" if self.single_annex else f"附件{unescape(number)}", HEI, indent=False))
        _keep_with_next(_para(self.doc, "", indent=False))
        if title:
            _keep_with_next(_title_paragraph(self.doc, unescape(title)))
            _keep_with_next(_para(self.doc, "", indent=False))

    def _cc(self, block: Block) -> None:
        self.cc = unescape(block.text)

    def _printer(self, block: Block) -> None:
        self._imprint(self.cc, split_parts(block.text))
        self.cc = None

    def _imprint(self, cc: Optional[str], printer: Optional[list[str]]) -> None:
        """版记 (§7.4): 抄送 and 印发机关/印发日期 in 四号 仿宋 between rules as wide as the text block,
        the last rule on the foot of the text block of the last page. It is a table floating at
        the foot of the page (tblpPr): its borders are the rules, and text above never pushes it."""
        rows = []
        if cc:
            rows.append(("cc", cc if cc.endswith("。") else f"{cc}。", ""))
        if printer:
            day = printer[1] if len(printer) > 1 else ""
            rows.append(("printer", printer[0], f"{day}印发" if day else ""))
        width = int(Mm(self.width_mm).twips)
        if self.fresh_page:  # LibreOffice floats a table alone in its section onto the page before
            _single_spacing(self.doc.add_paragraph())
        table = self.doc.add_table(rows=0, cols=1)
        _imprint_table_properties(table, width)
        for kind, left, right in rows:
            cell = table.add_row().cells[0]
            cell.width = Twips(width)
            _imprint_line(cell.paragraphs[0], kind, left, right, width)
        _single_spacing(self.doc.add_paragraph())  # a table cannot end the body

    def _table(self, block: Block) -> None:
        columns = max(len(row) for row in block.rows)
        table = self.doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        insert_in_order(table._tbl.tblPr, _cell_margins(top=45, bottom=45, left=85, right=85), _TBLPR_ORDER)
        size = TABLE_PT if columns <= 6 or self.width_mm > TEXT_WIDTH_MM else SMALL_TABLE_PT
        widths = _column_widths(block.rows, block.header_rows, columns, size, self.width_mm)
        for column, width in zip(table.columns, widths):
            column.width = width  # the grid: LibreOffice sizes columns from it, Word from the cells
        shapes = {header: _row_shape(table, header, columns, widths, size) for header in (True, False)}
        parts = [shapes[index < block.header_rows].fill(cells) for index, cells in enumerate(block.rows)]
        table._tbl.append(etree.Comment(f"reformctl-rows-{len(self.rows)}"))
        self.rows.append("".join(parts).encode())
        _para(self.doc, "", indent=False, grid=False)


def _imprint_line(paragraph, kind: str, left: str, right: str, width: int) -> None:
    """抄送 with its continuation lines under the first name (回行时与冒号后的首字对齐), or
    印发机关 one character in from the left and 印发日期 one character in from the right."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(IMPRINT_LINE)
    _off_grid(paragraph)
    if kind == "cc":
        fmt.left_indent, fmt.first_line_indent = Twips(IMPRINT_CHAR * 4), Twips(-IMPRINT_CHAR * 3)
        fmt.right_indent = Twips(IMPRINT_CHAR)
        _run(paragraph, f"抄送：{left}", FANG, PAGE_NUMBER_PT)
        return
    fmt.left_indent = Twips(IMPRINT_CHAR)
    fmt.tab_stops.add_tab_stop(Twips(width - IMPRINT_CHAR), alignment=2)  # WD_TAB_ALIGNMENT.RIGHT
    _run(paragraph, left, FANG, PAGE_NUMBER_PT)
    if right:
        _run(paragraph, "\t" + right, FANG, PAGE_NUMBER_PT)


def _imprint_table_properties(table, width: int) -> None:
    """Float the table at the foot of the text block, as wide as the block, ruled thick above and
    below and thin between its lines (0.35 and 0.25 mm, §7.4.1). The horizontal anchor is the
    page, 28 mm in: LibreOffice floats a table anchored to the margin only if it is narrower
    than the text block."""
    tbl_pr = table._tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    pos = OxmlElement("w:tblpPr")
    for key, value in (("leftFromText", "0"), ("rightFromText", "0"), ("topFromText", "0"), ("bottomFromText", "0"),
                       ("vertAnchor", "margin"), ("horzAnchor", "page"), ("tblpX", str(int(Mm(28).twips))),
                       ("tblpYSpec", "bottom")):
        pos.set(qn(f"w:{key}"), value)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("bottom", 8), ("insideH", 6)):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    for child in (pos, overlap, _twips_element("w:tblW", width), borders, layout,
                  _cell_margins(top=60, bottom=60, left=0, right=0)):
        tbl_pr.append(child)
    table._tbl.tblGrid.find(qn("w:gridCol")).set(qn("w:w"), str(width))


def _twips_element(tag: str, value: int):
    element = OxmlElement(tag)
    element.set(qn("w:w"), str(value))
    element.set(qn("w:type"), "dxa")
    return element


def _cell_margins(**sides: int):
    """Inner cell margins in twips: the padding between a cell's text and its borders."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_twips_element(f"w:{side}", sides[side]))
    return margins


class _RowShape:
    """A table row as XML text with a hole for each cell's text: a 10,000-row attachment is
    written as text straight into the saved file, never built element by element through
    python-docx (which costs seconds and hundreds of MB). The shape is made the slow way, once."""

    _MARK = "\ue000{}\ue001"  # private-use characters: never in the shape's own text

    def __init__(self, row_xml: str, columns: int):
        row_xml = re.sub(r' xmlns:\w+="[^"]*"', "", row_xml)  # declared on the document
        self.pieces = re.split("\ue000\\d+\ue001", row_xml)
        assert len(self.pieces) == columns + 1
        self.columns = columns

    def fill(self, cells: list[str]) -> str:
        texts = [_xml_text(cells[column]) if column < len(cells) else "" for column in range(self.columns)]
        return "".join(piece + text for piece, text in zip(self.pieces, texts + [""]))


def _row_shape(table, header: bool, columns: int, widths: list, size: float) -> _RowShape:
    row = table.add_row()
    _row_properties(row, header)
    for column, cell in enumerate(row.cells):
        cell.width = widths[column]
        paragraph = cell.paragraphs[0]
        _single_spacing(paragraph)
        if header:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = _run(paragraph, "", HEI if header else FANG, size)
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = _RowShape._MARK.format(column)
        run._r.append(text)
    shape = _RowShape(etree.tostring(row._tr, encoding="unicode"), columns)
    table._tbl.remove(row._tr)
    return shape


def _xml_text(text: str) -> str:
    """Ledger text as XML character data: escaped, control characters made visible (as
    textsafe.xml_text does for all the template's output)."""
    return escape(xml_text(text))


def _row_properties(row, header: bool) -> None:
    """No row is split across pages (w:cantSplit); header rows repeat on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


_width = lru_cache(maxsize=65536)(display_width)

SHORT_HEADER, SHORT_NAME = 6, 10  # characters: a header or a name this short is one word, never broken


@lru_cache(maxsize=65536)  # a long table repeats its units, leaders, dates and figures
def _unbreakable(text: str, header: bool, short_name: float = SHORT_NAME) -> float:
    """Width of the longest piece a line cannot break inside: a short header (按时完成率) or a
    short name (a unit, a leader, 6月30日) whole, else the longest date, number or id in it."""
    width = display_width(text)
    if width <= (SHORT_HEADER if header else short_name) and not re.search(r"\s", text):
        return width
    return max((display_width(word) for word in re.split(r"[\s\u2E80-\uFFFF]+", text)), default=0)


def _column_widths(rows: list[list[str]], header_rows: int, columns: int, size: float, width_mm: float) -> list:
    """Each column first gets its longest unbreakable piece (headers, names, dates and numbers stay
    on one line), then the remaining width goes to the columns with long text, in proportion to
    their need. The padding covers the cell margins (2 × 85 twips) and the glyphs' slack."""
    total = Mm(width_mm).pt / size  # the text width, in characters of the table's size
    padding = 1.3
    by_column = [[(row[column], index < header_rows) for index, row in enumerate(rows) if column < len(row)]
                 for column in range(columns)]
    want = [min(max([2.0] + [_width(cell) for cell, _ in cells]), 24) + padding for cells in by_column]
    for short_name in (SHORT_NAME, 8, 6, 4):  # names whole while a fifth of the width is left for long text
        least = [max([2.0] + [_unbreakable(cell, header, short_name) for cell, header in cells]) + padding
                 for cells in by_column]
        long_text = any(w > m for w, m in zip(want, least))  # without any, the fifth is not needed
        if sum(least) <= total * (0.8 if long_text else 1.0):
            break
    spare = total - sum(least)
    extra = [max(w - m, 0) for w, m in zip(want, least)]
    if spare > 0 and sum(extra):
        least = [m + spare * e / sum(extra) for m, e in zip(least, extra)]
    scale = Mm(width_mm) / sum(least)
    return [int(width * scale) for width in least]
