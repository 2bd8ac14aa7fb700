"""`reformctl export xlsx`: the 台账 read back with openpyxl — cells, fills, filter, panes, print settings."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from helpers import TASKS, write_ledger


@pytest.fixture
def exported(cli, ledger_dir, tmp_path):
    target = tmp_path / "台账.xlsx"
    result = cli("export", "xlsx", "-l", ledger_dir, "-o", target, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (f"Wrote {target}: 2 tasks, 4 rows, sheets 总表、重点清单、试点示范清单、说明.\n")
    return openpyxl.load_workbook(target)


def values(ws, row):
    return [cell.value for cell in ws[row]]


def test_sheets_header_and_one_row_per_milestone(exported):
    assert exported.sheetnames == ["总表", "重点清单", "试点示范清单", "说明"]
    ws = exported["总表"]
    assert ws["A1"].value == "江州市委改革办2026年全面深化改革工作台账（总表，截至2026年6月20日）"
    assert values(ws, 2) == ["序号", "任务编号", "改革任务", "牵头市领导", "牵头单位", "配合单位", "节点", "时限",
                             "完成情况", "最新进展", "存在问题", "需协调事项", "亮灯"]
    assert values(ws, 3) == [1, "T-1", "优化营商环境改革", "李明", "市发展改革委", "鼓楼区", "完成调研",
                             datetime(2026, 3, 31), "按期完成 2026-03-28", "2026-06-01：方案已形成初稿", None, None, "红灯"]
    assert values(ws, 4)[6:9] == ["形成方案", datetime(2026, 6, 10), "逾期 10 天"]
    assert values(ws, 5)[6:9] == ["印发实施", datetime(2026, 6, 30), "未到期"]
    assert values(ws, 6) == [2, "T-2", "城市更新试点", "王芳", "鼓楼区", None, "试点方案", datetime(2026, 4, 30),
                             "逾期完成 2026-05-06", None, None, None, "已销号"]
    assert ws.max_row == 6
    assert [values(exported["重点清单"], row)[1] for row in (3, 4, 5)] == ["T-1"] * 3
    assert exported["试点示范清单"].max_row == 3


def test_lights_are_fills_and_dates_are_dates(exported):
    ws = exported["总表"]
    assert ws["M3"].fill.fgColor.rgb == "FFFF7875" and ws["M3"].fill.fill_type == "solid"
    assert ws["M6"].fill.fill_type is None
    assert ws["H3"].number_format == "yyyy-mm-dd" and ws["H3"].is_date
    assert ws["C3"].alignment.wrap_text and ws["C3"].border.left.style == "thin"


def test_frozen_header_filter_widths_and_print_settings(exported):
    ws = exported["总表"]
    assert ws.freeze_panes == "D3"
    assert ws.auto_filter.ref == "A2:M6"
    # 优化营商环境改革: 8 characters, 2 columns each; the file holds the width as Excel shows it
    # (whole pixels of a 7-pixel character) plus Excel's 5 pixels of cell padding, as XlsxWriter writes it
    assert ws.column_dimensions["C"].width == pytest.approx((round((16 * 1.1 + 2) * 7) + 5) / 7, abs=1 / 256)
    assert ws.page_setup.paperSize == 8 and ws.page_setup.orientation == "landscape"
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1 is the format's default, left out
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_the_notes_sheet_names_the_version_and_the_day(exported):
    notes = {row[0]: row[1] for row in exported["说明"].iter_rows(min_row=2, values_only=True)}
    assert notes["截至日期"] == "2026-06-20"
    assert notes["台账版本"] == "未纳入 git 管理（无版本号）"
    assert notes["导出范围"] == "全部任务，共 2 项任务"


def test_same_ledger_and_day_give_the_same_bytes(cli, ledger_dir, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("export", "xlsx", "-l", ledger_dir, "-o", first).exit_code == 0
    assert cli("export", "xlsx", "-l", ledger_dir, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    third = tmp_path / "c.xlsx"
    assert cli("export", "xlsx", "-l", ledger_dir, "-o", third, "--as-of", "2026-06-25").exit_code == 0
    assert third.read_bytes() != first.read_bytes()


def test_a_title_beginning_with_equals_stays_text(cli, tmp_path):
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS.replace("title: 优化营商环境改革",
                                                                             "title: '=HYPERLINK(\"http://x\")'")})
    target = tmp_path / "x.xlsx"
    assert cli("export", "xlsx", "-l", root, "-o", target).exit_code == 0
    cell = openpyxl.load_workbook(target)["总表"]["C3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")' and cell.quotePrefix


def test_list_and_unit_filters(cli, ledger_dir, tmp_path):
    target = tmp_path / "x.xlsx"
    assert cli("export", "xlsx", "-l", ledger_dir, "-o", target, "--list", "pilot").exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["总表", "试点示范清单", "说明"]
    assert [row[1] for row in book["总表"].iter_rows(min_row=3, values_only=True)] == ["T-2"]
    assert cli("export", "xlsx", "-l", ledger_dir, "-o", target, "--unit", "dev", "--force").exit_code == 0  # replaces x.xlsx
    assert [row[1] for row in openpyxl.load_workbook(target)["总表"].iter_rows(min_row=3, values_only=True)] == ["T-1"] * 3


def test_an_unknown_list_is_a_usage_error(cli, ledger_dir, tmp_path):
    result = cli("export", "xlsx", "-l", ledger_dir, "-o", tmp_path / "x.xlsx", "--list", "nope", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == "There is no list 'nope' in reformctl.yaml; lists: key, pilot.\n"
    assert not (tmp_path / "x.xlsx").exists()
