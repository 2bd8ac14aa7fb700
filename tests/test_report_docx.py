"""`reformctl report --format docx`: the Word files read back against GB/T 9704-2012, the same bytes
twice, and (where LibreOffice is installed) the PDF they convert to."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from report_fixture import KINDS, report_args, write_report_ledger

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FONT_MAP = REPO / "docs" / "images" / "fonts-gbt9704.conf"
TITLE = "优化营商环境改革 | 一网通办 < 二期 & 三期"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """Every KIND of the fixture ledger as a Word file (rendered once for the module)."""
    from typer.testing import CliRunner

    from reformctl.cli import app

    folder = tmp_path_factory.mktemp("docx")
    root = write_report_ledger(folder / "ledger")
    files = {}
    for kind in KINDS:
        files[kind] = folder / f"{kind}.docx"
        result = CliRunner().invoke(app, report_args(kind, root, "-f", "docx", "-o", str(files[kind])))
        assert result.exit_code == 0, result.output
    files["ledger"] = root
    return files


def east_asia(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def paragraph_starting(document, text: str):
    return next(p for p in document.paragraphs if p.text.startswith(text))


def body_tables(document) -> list:
    """The document's tables less the 版记 (the one that floats at the foot of the last page)."""
    return [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is None]


def imprint_lines(document) -> list[str]:
    (imprint,) = [t for t in document.tables if t._tbl.tblPr.find(qn("w:tblpPr")) is not None]
    return [row.cells[0].text for row in imprint.rows]


@pytest.mark.parametrize("kind", KINDS)
def test_page_is_a4_with_the_standard_margins(rendered, kind):
    section = docx.Document(rendered[kind]).sections[0]
    measured = [round(length.mm, 1) for length in (section.page_width, section.page_height, section.top_margin,
                                                   section.bottom_margin, section.left_margin, section.right_margin)]
    assert measured == [210.0, 297.0, 37.0, 35.0, 28.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in the 225 mm of the text block


@pytest.mark.parametrize("kind", KINDS)
def test_fonts_of_title_headings_and_body_name_the_east_asian_font(rendered, kind):
    document = docx.Document(rendered[kind])
    title = next(p for p in document.paragraphs if p.text.startswith("关于"))
    assert {(east_asia(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}  # a run a line
    heading = next(p for p in document.paragraphs if p.text.startswith(("一、", "二、")))
    assert east_asia(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    body = next(p for p in document.paragraphs if p.text.startswith(("截至", "现将", "为贯彻", "按照")))
    assert (east_asia(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    every_run = [r for p in document.paragraphs for r in p.runs] + \
                [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert all(east_asia(r) for r in every_run)
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_second_level_headings_are_in_kai(rendered):
    document = docx.Document(rendered["bulletin"])
    assert east_asia(paragraph_starting(document, "（一）").runs[0]) == "楷体_GB2312"


@pytest.mark.parametrize("kind", KINDS)
def test_page_numbers_odd_right_even_left_from_a_page_field(rendered, kind):
    document = docx.Document(rendered[kind])
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>" in xml
        assert paragraph.text == "— 1 —" and paragraph.alignment.name.lower() == alignment
        assert {(east_asia(r), r.font.size) for r in paragraph.runs} == {("宋体", Pt(14))}


def test_overdue_table_has_a_row_per_overdue_milestone(rendered):
    document = docx.Document(rendered["overdue"])
    table = body_tables(document)[-1]
    assert [c.text for c in table.rows[0].cells][:4] == ["序号", "牵头单位", "任务", "逾期节点"]
    assert len(table.rows) - 1 == 3  # T-1 m2, T-5 m2, T-1 m3 as of 2026-07-10
    assert table.rows[1].cells[2].text == TITLE  # `| < &` as written


def test_bulletin_attachments_list_the_lagging_and_rank_the_units(rendered):
    document = docx.Document(rendered["bulletin"])
    lagging, *rankings = body_tables(document)
    assert len(lagging.rows) - 1 == 2
    # one ranking per kind of unit (板块, 园区, 部门), each of one unit here: tests/test_ranking.py
    assert [[(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] for table in rankings] == [
        [("第1", "鼓楼区")], [("第1", "高新区")], [("第1", "市发展改革委")]]
    texts = [p.text for p in document.paragraphs]
    assert ["一、板块", "二、园区", "三、部门"] == [t for t in texts if t in ("一、板块", "二、园区", "三、部门")]
    assert "附件1" in texts and "附件2" in texts
    assert texts[texts.index("附件1") - 1] == ""  # the page break's paragraph: attachments start a page
    assert any('w:type="page"' in p._p.xml for p in document.paragraphs)


@pytest.mark.parametrize("kind", ["overdue", "bulletin"])
def test_a_couple_of_rows_get_no_landscape_pages(rendered, kind):
    """The fixture's attachments hold two or three rows: they stay on portrait pages, in 五号."""
    sections = docx.Document(rendered[kind]).sections
    assert [(s.orientation.name, round(s.page_width.mm)) for s in sections] == [("PORTRAIT", 210)]


def blocks_bytes(text: str) -> bytes:
    from reformctl.render.docx_blocks import parse_blocks
    from reformctl.render.docx_file import document_bytes
    from reformctl.render.docx_writer import build_document

    return document_bytes(*build_document(parse_blocks(text), None))


def blocks_document(text: str):
    """The Word file for the block text, as saved and read back."""
    return docx.Document(io.BytesIO(blocks_bytes(text)))


def wide_table(rows: int) -> str:
    head = "| 序号 | 牵头单位 | 任务 | 逾期节点 | 时限 | 逾期工作日 | 牵头领导 | 滞后原因 |\n|---|---|---|---|---|---|---|---|\n"
    return head + "".join(f"| {i} | 市发展改革委 | 任务{i} | 节点{i} | 4月30日 | {i} | 李明 | 原因{i} |\n"
                          for i in range(1, rows + 1))


@pytest.mark.parametrize(("rows", "turned"), [(5, False), (6, True)])
def test_wide_attachments_of_six_rows_or_more_sit_on_landscape_pages_and_the_imprint_back_on_portrait(rows, turned):
    from reformctl.render.docx_writer import LANDSCAPE_MIN_ROWS

    assert LANDSCAPE_MIN_ROWS == 6
    document = blocks_document(f"# 关于测试的通报\n正文。\n@landscape\n@annex 1 清单\n{wide_table(rows)}@portrait\n"
                               "@printer 江州市委改革办|2026年6月30日\n")
    shapes = [(s.orientation.name, round(s.page_width.mm), round(s.page_height.mm), round(s.left_margin.mm))
              for s in document.sections]
    if turned:
        assert shapes == [("PORTRAIT", 210, 297, 28), ("LANDSCAPE", 297, 210, 37), ("PORTRAIT", 210, 297, 28)]
        assert all(s.footer.is_linked_to_previous for s in document.sections[1:])  # the page numbers carry on
    else:
        assert shapes == [("PORTRAIT", 210, 297, 28)]
    assert "附件" in [p.text for p in document.paragraphs]  # the only attachment: 附件, not 附件1


def test_signature_keeps_with_the_last_lines_of_the_body(rendered):
    paragraphs = docx.Document(rendered["bulletin"]).paragraphs
    signature = next(i for i, p in enumerate(paragraphs) if p.text == "江州市委全面深化改革委员会办公室" and i > 5)
    last_body = next(i for i in range(signature - 1, 0, -1) if paragraphs[i].text.startswith("各单位要按月报送进展"))
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[last_body:signature + 1])


def test_imprint_floats_at_the_foot_of_the_last_page_and_the_source_line_is_a_property(rendered):
    document = docx.Document(rendered["bulletin"])
    assert imprint_lines(document) == ["抄送：市委办公室，市政府办公室。", "江州市委改革办\t2026年6月30日印发"]
    imprint = document.tables[-1]._tbl.tblPr
    position = imprint.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    assert (position.get(qn("w:horzAnchor")), position.get(qn("w:tblpX"))) == ("page", "1587")  # 28 mm
    assert imprint.find(qn("w:tblW")).get(qn("w:w")) == "8844"  # 156 mm: the rules span the text block
    borders = {b.tag.split("}")[1]: b.get(qn("w:sz")) for b in imprint.find(qn("w:tblBorders"))}
    assert borders == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 mm, 0.25 mm between
    cc_line = document.tables[-1].rows[0].cells[0].paragraphs[0].paragraph_format
    assert (cc_line.left_indent.twips, cc_line.first_line_indent.twips) == (1100, -825)  # under the first name
    texts = [p.text for p in document.paragraphs]
    assert not any("reformctl" in text for text in texts)  # not below the last rule: in the properties
    assert document.core_properties.comments.startswith("本文件由reformctl ")
    assert document.core_properties.comments.endswith("根据台账（未纳入git管理）生成，数据截至2026年6月30日。")
    assert "2026年6月30日" in texts  # 成文日期 in Arabic numerals


def test_the_same_ledger_and_day_give_the_same_bytes(rendered, cli, tmp_path):
    again = tmp_path / "again.docx"
    assert cli(*report_args("bulletin", rendered["ledger"], "-f", "docx", "-o", again)).exit_code == 0
    assert again.read_bytes() == rendered["bulletin"].read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(again).core_properties
    assert (props.created, props.modified, props.last_modified_by) == (datetime(2026, 6, 30, tzinfo=timezone.utc),) * 2 + ("reformctl",)


def test_a_forced_document_says_so_on_its_first_page(tmp_path, cli):
    from helpers import write_ledger

    root = write_ledger(tmp_path / "bad", tasks={"main.yaml": "- id: T-1\n  title: 缺少牵头单位\n"})
    target = tmp_path / "forced.docx"
    assert cli("report", "overdue", "-l", root, "-f", "docx", "-o", target).exit_code == 1
    assert not target.exists()
    assert cli("report", "overdue", "-l", root, "-f", "docx", "-o", target, "--force").exit_code == 0
    first = docx.Document(target).paragraphs[0]
    assert first.text.startswith("注意：台账存在 1 个校验错误")


# --- LibreOffice: the files convert, and to the expected number of pages -----------------------

soffice = shutil.which("soffice") or shutil.which("libreoffice")
MAPPED_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "AR PL UKai CN")


def missing_fonts() -> list[str]:
    """The free fonts of docs/images/fonts-gbt9704.conf that are not installed (page counts depend on them)."""
    if not shutil.which("fc-list"):
        return list(MAPPED_FONTS)
    installed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return [font for font in MAPPED_FONTS if font not in installed]


needs_soffice = pytest.mark.skipif(
    soffice is None or bool(missing_fonts()),
    reason="LibreOffice (soffice) or the fonts of docs/images/fonts-gbt9704.conf are not installed "
           "(apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming)")


def to_pdf(files: list[Path], folder: Path) -> list[Path]:
    env = {"FONTCONFIG_FILE": str(FONT_MAP), "HOME": str(folder), "PATH": "/usr/bin:/bin"}
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, env=env, timeout=240)
    return [folder / (f.stem + ".pdf") for f in files]


def pdf_pages(pdf: Path) -> int:
    """Page objects in the PDF (LibreOffice writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


needs_poppler = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                   reason="poppler-utils (pdftotext, pdftoppm) is not installed")


@pytest.fixture(scope="module")
def pdfs(rendered, tmp_path_factory) -> dict[str, Path]:
    """Every KIND and the two layout probes below as LibreOffice lays them out (one start for all)."""
    folder = tmp_path_factory.mktemp("pdf")
    probes = {name: folder / f"{name}.docx" for name in PROBES}
    for name, path in probes.items():
        path.write_bytes(blocks_bytes(PROBES[name]))
    sources = {**{kind: rendered[kind] for kind in KINDS}, **probes}
    return dict(zip(sources, to_pdf(list(sources.values()), folder)))


@needs_soffice
def test_word_files_convert_to_pdf_with_the_expected_pages(pdfs):
    assert {kind: pdf_pages(pdfs[kind]) for kind in KINDS} == {
        "overdue": 3, "monthly": 3, "quarterly": 5, "bulletin": 5, "settlement": 4}
    if shutil.which("pdftotext"):
        first = page_texts(pdfs["bulletin"])[0]
        assert "江州市委全面深化改革委员会办公室" in first and "— 1 —".replace(" ", "") in first.replace(" ", "")


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def page_lines(page: str) -> list[str]:
    """A page's lines of text, stripped, without blank lines and without the page number."""
    return [line.strip() for line in page.splitlines() if line.strip() and not re.fullmatch(r"—\s*\d+\s*—", line.strip())]


def horizontal_rules(pdf: Path, page: int, dpi: int = 150) -> list[tuple[float, float, float]]:
    """Dark horizontal lines longer than 100 mm on a page: (from the top, left end, right end) in mm,
    read from the page drawn in grey levels (pdftoppm)."""
    raw = subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                          str(pdf)], capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", raw)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = raw[header.end():]
    mm = 25.4 / dpi
    found: list[tuple[float, float, float]] = []
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        for run in re.finditer(rb"[\x00-\x80]{%d,}" % int(100 / mm), row):
            line = (round(y * mm, 1), round(run.start() * mm, 1), round(run.end() * mm, 1))
            if not found or line[0] - found[-1][0] > 1:  # a rule a few pixels thick is one rule
                found.append(line)
    return found


@needs_soffice
@needs_poppler
def test_titles_break_between_words_on_the_page(pdfs):
    lines = page_lines(page_texts(pdfs["bulletin"])[0])
    assert "关于2026年上半年全面深化改革" in [line.replace(" ", "") for line in lines]
    assert "任务推进情况的通报" in [line.replace(" ", "") for line in lines]


@needs_soffice
@needs_poppler
@pytest.mark.parametrize("kind", KINDS)
def test_imprint_rules_span_the_text_block_and_the_last_sits_on_its_foot(pdfs, kind):
    """版记 (§7.4.1): rules from 28 to 184 mm, the last one on the foot of the text block (262 mm
    from the top of the last page); thick, thin, thick."""
    last = pdf_pages(pdfs[kind])
    rules = horizontal_rules(pdfs[kind], last)
    imprint = [rule for rule in rules if rule[0] > 200]
    assert len(imprint) == 3, rules  # above 抄送, between 抄送 and 印发, below 印发
    assert all(abs(left - 28) <= 0.5 and abs(right - 184) <= 0.5 for _, left, right in imprint), imprint
    assert abs(imprint[-1][0] - 262) <= 0.8, imprint
    foot = [re.sub(r"\s+", "", line) for line in page_lines(page_texts(pdfs[kind])[-1])[-2:]]
    assert foot[0] == "抄送：市委办公室，市政府办公室。" and re.fullmatch(r"江州市委改革办2026年\d+月\d+日印发", foot[1])


@needs_soffice
@needs_poppler
def test_table_rows_are_never_split_across_pages(pdfs):
    pages = page_texts(pdfs["rows"])
    assert len(pages) >= 3  # the probe's table runs over pages
    for row in range(1, ROWS + 1):
        start = [n for n, page in enumerate(pages) if f"起{row:02d}" in page.replace(" ", "")]
        end = [n for n, page in enumerate(pages) if f"止{row:02d}" in page.replace(" ", "")]
        assert start == end and len(start) == 1, (row, start, end)


@needs_soffice
@needs_poppler
def test_no_heading_is_left_alone_at_the_foot_of_a_page(pdfs):
    pages = [page_lines(page) for page in page_texts(pdfs["headings"])]
    assert len(pages) >= 4
    feet = [lines[-1].replace(" ", "") for lines in pages[:-1] if lines]
    assert feet and not [foot for foot in feet if re.search(r"标题\d+$", foot)], feet


ROWS = 24
LONG_CELL = "这是一段用于检验表格行不跨页的较长说明文字，" * 5
PROBES = {
    # a table whose rows are each several lines tall: without w:cantSplit, rows break at page feet
    "rows": "# 关于表格的通报\n| 序号 | 说明 | 备注 |\n|---|---|---|\n" + "".join(
        f"| {row} | 起{row:02d}{LONG_CELL}止{row:02d} | 无 |\n" for row in range(1, ROWS + 1)),
    # headings after paragraphs of one to five lines: without w:keepNext, some end a page
    "headings": "# 关于标题的通报\n" + "".join(
        f"## 标题{n}\n" + "正文" * (14 * (1 + n * 7 % 5)) + "\n" for n in range(1, 40)),
}


# --- a generated, larger ledger ------------------------------------------------------------------

MAKE_LEDGER = REPO / "bench" / "make_ledger.py"


@pytest.mark.skipif(not MAKE_LEDGER.exists(), reason="bench/make_ledger.py is not in this checkout")
def test_every_kind_renders_on_a_generated_ledger(tmp_path, cli):
    root = tmp_path / "generated"
    subprocess.run([sys.executable, str(MAKE_LEDGER), "--tasks", "300", "--files", "6", "--seed", "4", str(root)],
                   check=True, capture_output=True)
    for kind in KINDS:
        early = ["--force"] if kind == "settlement" else []  # the ledger's day is before the year's end
        markdown = cli("report", kind, "-l", root, *early)
        assert markdown.exit_code == 0, (kind, markdown.stderr)
        assert markdown.stdout.startswith("# 关于")
        target = tmp_path / f"{kind}.docx"
        assert cli("report", kind, "-l", root, "-f", "docx", "-o", target, *early).exit_code == 0
        document = docx.Document(io.BytesIO(target.read_bytes()))
        assert document.core_properties.comments.startswith("本文件由reformctl ")
        assert imprint_lines(document)[-1].endswith("印发")


@pytest.mark.parametrize("kind", ["overdue", "bulletin"])
def test_paragraph_and_run_properties_keep_the_schema_order(rendered, kind):
    """Word reports "unreadable content" when pPr/rPr children are out of the schema's order."""
    from lxml import etree

    from reformctl.render.docx_writer import _PPR_ORDER, _RPR_ORDER

    with zipfile.ZipFile(rendered[kind]) as archive:
        parts = [etree.fromstring(archive.read(name)) for name in archive.namelist()
                 if name.startswith("word/") and name.endswith(".xml")]
    for root in parts:
        for tag, order in (("pPr", _PPR_ORDER), ("rPr", _RPR_ORDER)):
            for element in root.iter(qn(f"w:{tag}")):
                ranks = [order.index(c.tag.split("}")[1]) for c in element
                         if isinstance(c.tag, str) and c.tag.split("}")[1] in order]
                assert ranks == sorted(ranks), etree.tostring(element)


# --- issue 10: the fine print of GB/T 9704 ------------------------------------------------------


@pytest.mark.parametrize(("title", "lines"), [
    ("关于2026年上半年全面深化改革任务推进情况的通报", ["关于2026年上半年全面深化改革", "任务推进情况的通报"]),
    ("关于2026年第二季度改革任务盘点情况的通报", ["关于2026年第二季度", "改革任务盘点情况的通报"]),
    ("关于2026年度改革任务年终盘总账情况的报告", ["关于2026年度改革任务", "年终盘总账情况的报告"]),
    ("关于逾期（滞后）改革任务情况的通报", ["关于逾期（滞后）改革任务情况的通报"]),
    ("关于推进长江经济带绿色发展示范区建设若干问题的请示报告", ["关于推进长江经济带绿色发展", "示范区建设若干问题的请示报告"]),
])
def test_titles_break_between_words_into_even_lines(title, lines):
    from reformctl.render.docx_blocks import split_title

    assert split_title(title, 20) == lines
    assert "".join(lines) == title


def test_a_title_never_leaves_a_character_alone_on_its_last_line():
    from reformctl.render.docx_blocks import display_width, split_title

    title = "关于全市国有企业混合所有制改革试点工作推进情况的通报"  # 26 characters: 20 + 6 would strand 报
    lines = split_title(title, 20)
    assert len(lines) == 2 and min(map(display_width, lines)) >= 8
    assert split_title("关于ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ的通报", 20)[0].startswith("关于")  # no joint
    assert all(not line[:1] in "，。、）”" for line in split_title("关于“一网通办”“一网统管”“一网协同”改革成效的通报", 12))


def test_the_title_is_one_paragraph_of_lines_in_the_document(rendered):
    document = docx.Document(rendered["bulletin"])
    title = paragraph_starting(document, "关于")
    assert title.text == "关于2026年上半年全面深化改革\n任务推进情况的通报"
    assert title.paragraph_format.keep_with_next


@pytest.mark.parametrize("kind", KINDS)
def test_rows_never_split_and_headers_repeat(rendered, kind):
    for table in body_tables(docx.Document(rendered[kind])):
        rows = [row._tr.trPr for row in table.rows]
        assert all(tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None for tr_pr in rows)
        assert rows[0].find(qn("w:tblHeader")) is not None
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert {m.tag.split("}")[1]: int(m.get(qn("w:w"))) for m in margins} == {
            "top": 45, "left": 85, "bottom": 45, "right": 85}  # the text does not touch the rules


@pytest.mark.parametrize("kind", KINDS)
def test_headings_keep_with_the_next_paragraph(rendered, kind):
    document = docx.Document(rendered[kind])
    headings = [p for p in document.paragraphs if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|附件)", p.text)]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_short_headers_and_names_get_columns_wide_enough_for_one_line():
    from docx.shared import Mm

    from reformctl.render.docx_writer import SMALL_TABLE_PT

    document = blocks_document("# 关于测试的通报\n" + wide_table(2))
    (table,) = document.tables
    widths = [column.width for column in table.columns]
    assert Mm(155.9) <= sum(widths) <= Mm(156.1)
    headers = [cell.text for cell in table.rows[0].cells]
    for header in ("牵头领导", "牵头单位", "逾期工作日"):  # 4–5 characters of 五号 and the cell margins
        width = widths[headers.index(header)]
        assert width >= Pt(SMALL_TABLE_PT * len(header) + 170 / 20), header
    document = blocks_document("# 关于测试的通报\n| 排名 | 单位 | 完成率 | 按时完成率 |\n|---|---|---|---|\n| 1 | 江州市发展和改革委员会 | 100.0% | 100.0% |\n")
    widths = [column.width for column in document.tables[0].columns]
    assert widths[3] >= Pt(12 * 5 + 170 / 20)  # 按时完成率 on one line, in 小四


def test_signature_is_centred_over_the_date_which_is_four_characters_in():
    document = blocks_document("# 关于测试的通报\n正文。\n@signature 江州市委全面深化改革委员会办公室\n@date 2026年7月3日\n"
                               "@signature 江州市委改革办\n@date 2026年12月31日\n")
    long_name, long_date, name, day = document.paragraphs[-4:]
    assert day.paragraph_format.right_indent == Pt(64) == long_date.paragraph_format.right_indent  # 右空四字
    # 江州市委改革办 (7) over 2026年12月31日 (3 + 8 × 0.55 = 7.4): centred, 0.2 character further in
    assert round(name.paragraph_format.right_indent.pt, 1) == round(64 + 16 * (7.4 - 7) / 2, 1)
    assert long_name.paragraph_format.right_indent == 0  # longer than the date and its indent: flush right


def test_document_properties_are_the_offices(rendered):
    with zipfile.ZipFile(rendered["bulletin"]) as archive:
        names = archive.namelist()
        app = archive.read("docProps/app.xml").decode()
        rels = archive.read("_rels/.rels").decode()
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        effects = archive.read("word/stylesWithEffects.xml").decode()
    assert "docProps/thumbnail.jpeg" not in names and "thumbnail" not in rels
    assert "Macintosh" not in app and "Normal.dotm" not in app
    assert "<Company>江州市委全面深化改革委员会办公室</Company>" in app and "<Application>reformctl " in app
    for part in (styles, settings, effects):
        assert "en-US" not in part and "ja-JP" not in part
    assert 'w:lang w:val="zh-CN" w:eastAsia="zh-CN"' in styles
    props = docx.Document(rendered["bulletin"]).core_properties
    assert (props.title, props.author, props.language) == (
        "关于2026年上半年全面深化改革任务推进情况的通报", "江州市委全面深化改革委员会办公室", "zh-CN")
    assert "python-docx" not in props.comments


def test_the_date_option_sets_the_signing_day_and_tables_show_month_and_day(rendered, cli, tmp_path):
    target = tmp_path / "signed.docx"
    args = report_args("bulletin", rendered["ledger"], "-f", "docx", "-o", target, "--date", "2026-07-03")
    assert cli(*args).exit_code == 0
    document = docx.Document(target)
    texts = [p.text for p in document.paragraphs]
    assert "2026年7月3日" in texts and any("数据截至2026年6月30日" in text for text in texts)
    assert imprint_lines(document)[-1].endswith("2026年7月3日印发")
    lagging = body_tables(document)[0]
    assert [row.cells[4].text for row in lagging.rows] == ["时限", "6月10日", "6月25日"]
    bad = cli(*report_args("bulletin", rendered["ledger"], "-f", "docx", "-o", target, "--date", "7月3日"))
    assert bad.exit_code == 2 and "--date 7月3日 不是有效日期" in bad.stderr


def test_month_day_keeps_the_year_of_another_year():
    from datetime import date

    from reformctl.render.templating import month_day

    assert month_day(date(2026, 7, 31)) == "7月31日"
    assert month_day("2027-01-15", date(2026, 12, 31)) == "2027年1月15日"
    assert month_day(date(2026, 1, 5), date(2026, 12, 31)) == "1月5日"


def test_names_give_way_so_long_text_keeps_a_fifth_of_a_narrow_table():
    """Six columns on a portrait page in 小四: unit names whole would leave the 任务 column two
    characters wide, so names may break before the task titles are squeezed."""
    rows = "".join(f"| {i} | 市自然资源和规划局 | 全国深化农村集体经营性建设用地入市试点 | 出台入市增值收益分配办法 | 6月30日 | 王立新 |\n"
                   for i in range(1, 4))
    document = blocks_document("# 关于测试的通报\n| 序号 | 牵头单位 | 任务 | 节点 | 时限 | 牵头领导 |\n|---|---|---|---|---|---|\n" + rows)
    widths = [column.width.pt for column in document.tables[0].columns]
    assert widths[2] >= 12 * 6  # the task column holds six characters a line at least
    assert widths[4] >= 12 * (0.55 * 2 + 3)  # 6月30日 on one line
