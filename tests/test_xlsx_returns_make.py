"""`reformctl returns make`: one 进展报送表 per unit, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from helpers import write_ledger

TASKS = """\
- id: T-1
  title: 优化营商环境改革
  lead_leader: li
  lead_unit: dev
  co_units: [gulou]
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-31, what: 完成调研, done: 2026-03-28}
    - {id: m2, due: 2026-06-10, what: 形成方案}
    - {id: m3, due: 2026-06-25, what: 区级试点, owner: gulou}
    - {id: m4, due: 2026-07-31, what: 印发实施}
- id: T-2
  title: 城市更新试点
  lead_unit: gulou
  status: closed
  milestones:
    - {id: m1, due: 2026-04-30, what: 试点方案, done: 2026-05-06}
  closed: {date: 2026-05-20, by: office, evidence: [docs/t2.pdf]}
- id: T-3
  title: 园区体制改革
  lead_unit: hitech
  status: not_started
  milestones:
    - {id: m1, due: 2026-11-30, what: 出台方案}
"""


@pytest.fixture
def made(cli, tmp_path):
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS})
    result = cli("returns", "make", "--period", "2026-06", "-l", root, "-o", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 3 return forms for 2026-06 to {tmp_path / 'out'}.\n"
    return tmp_path / "out"


def rows(ws):
    return [row for row in ws.iter_rows(min_row=4, values_only=True)]


def test_one_return_per_unit_with_its_tasks_and_open_milestones(made):
    assert sorted(p.name for p in made.iterdir()) == ["dev-2026-06.xlsx", "gulou-2026-06.xlsx", "hitech-2026-06.xlsx"]
    book = openpyxl.load_workbook(made / "dev-2026-06.xlsx")
    assert book.sheetnames == ["进展报送表", "填报说明", "_reformctl"]
    ws = book["进展报送表"]
    assert [c.value for c in ws[3]] == ["任务编号", "改革任务", "节点编号", "节点", "时限", "完成日期", "本月进展",
                                        "存在问题/滞后原因", "需协调事项", "佐证材料"]
    assert rows(ws) == [("T-1", "优化营商环境改革", "m2", "形成方案", datetime(2026, 6, 10), None, None, None, None, None),
                        ("T-1", "优化营商环境改革", "m3", "区级试点", datetime(2026, 6, 25), None, None, None, None, None)]
    hitech = openpyxl.load_workbook(made / "hitech-2026-06.xlsx")["进展报送表"]
    assert rows(hitech) == [("T-3", "园区体制改革", None, "（本月无到期节点，仅报进展）", None, None, None, None, None, None)]


def test_office_columns_are_locked_and_the_unit_columns_open(made):
    ws = openpyxl.load_workbook(made / "dev-2026-06.xlsx")["进展报送表"]
    assert ws.protection.sheet
    assert [ws.cell(4, column).protection.locked for column in range(1, 11)] == [True] * 5 + [False] * 5
    assert ws["F5"].protection.locked  # m3 is gulou's to complete, not dev's
    assert ws["G5"].protection.locked is False
    assert ws["F4"].fill.fgColor.rgb == "FFFFF7E6"


def test_the_completion_date_is_validated_as_a_date(made):
    ws = openpyxl.load_workbook(made / "dev-2026-06.xlsx")["进展报送表"]
    (rule,) = ws.data_validations.dataValidation
    # "between" is the file format's default operator: XlsxWriter leaves it out, openpyxl reads None
    assert (rule.type, rule.operator or "between", rule.formula1, rule.formula2) == (
        "date", "between", "DATE(2026,1,1)", "DATE(2026,7,31)")
    assert str(rule.sqref) == "F4:F5" and rule.showErrorMessage


def test_the_hidden_sheet_records_unit_period_version_and_rows(made):
    book = openpyxl.load_workbook(made / "gulou-2026-06.xlsx")
    meta = book["_reformctl"]
    assert meta.sheet_state == "veryHidden"
    facts = {row[0]: row[1] for row in meta.iter_rows(max_row=8, values_only=True)}
    assert {key: facts[key] for key in ("format", "unit", "period", "as_of", "ledger_version", "rows")} == {
        "format": "reformctl-return/1", "unit": "gulou", "period": "2026-06", "as_of": "2026-06-20",
        "ledger_version": None, "rows": "2"}
    listed = [row[:3] for row in meta.iter_rows(min_row=10, values_only=True)]
    assert listed == [(4, "T-1", "m2"), (5, "T-1", "m3")]
    assert [row[:3] for row in rows(book["进展报送表"])] == [("T-1", "优化营商环境改革", "m2"), ("T-1", "优化营商环境改革", "m3")]
    assert book["进展报送表"]["F4"].protection.locked and not book["进展报送表"]["F5"].protection.locked


def test_print_settings_and_instructions(made):
    book = openpyxl.load_workbook(made / "dev-2026-06.xlsx")
    ws = book["进展报送表"]
    assert ws.page_setup.paperSize == 8 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$1:$3" and ws.freeze_panes == "C4"
    assert book["填报说明"]["A1"].value == "填报说明（市发展改革委，2026-06）"
    assert book["填报说明"]["A4"].value.startswith("三、浅黄色列由本单位填写")


def test_same_ledger_gives_same_bytes_and_a_bad_period_is_refused(cli, tmp_path):
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS})
    for name in ("a", "b"):
        assert cli("returns", "make", "-p", "2026-06", "-u", "dev", "-l", root, "-o", tmp_path / name).exit_code == 0
    assert (tmp_path / "a" / "dev-2026-06.xlsx").read_bytes() == (tmp_path / "b" / "dev-2026-06.xlsx").read_bytes()
    bad = cli("returns", "make", "-p", "2026-13", "-l", root, "-o", tmp_path / "c", "--lang", "en")
    assert (bad.exit_code, bad.stderr) == (2, "--period 2026-13 is not a month; write it as YYYY-MM, for example 2026-09.\n")
    unknown = cli("returns", "make", "-p", "2026-06", "-u", "nobody", "-l", root, "-o", tmp_path / "c", "--lang", "en")
    assert (unknown.exit_code, unknown.stderr) == (2, "There is no unit 'nobody' in units.yaml.\n")


def test_returns_made_on_two_processes_are_the_same_bytes(cli, tmp_path, monkeypatch):
    """Many rows in all: a forked child makes about half of the workbooks (where the program
    allows forking, as the command line does); the files are those one process makes."""
    from reformctl.cli import returns as returns_cli
    from reformctl.load import parallel

    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS})
    monkeypatch.setattr(returns_cli, "PARALLEL_ROWS", 1)
    made = {}
    for forking in (False, True):
        parallel.allow_forking(forking)
        try:
            assert cli("returns", "make", "-p", "2026-06", "-l", root, "-o", tmp_path / str(forking)).exit_code == 0
        finally:
            parallel.allow_forking(False)
        made[forking] = {path.name: path.read_bytes() for path in sorted((tmp_path / str(forking)).iterdir())}
    assert made[True] == made[False] and len(made[True]) == 3
