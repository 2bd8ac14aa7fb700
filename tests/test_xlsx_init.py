"""`reformctl init --from-xlsx`: a ledger from an Excel 台账, and the round trip export → init → same ledger."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from reformctl.load.find import demo_ledger
from reformctl.pipeline.ledger import load_ledger
from reformctl.timeline import done_on, due_on, ledger_on


def _shape(ledger, as_of):
    """Tasks as the 台账 shows them: names rather than ids, milestones as they stood on the day."""
    ledger = ledger_on(ledger, as_of)
    return {task.id: (task.title, ledger.unit_name(task.lead_unit), ledger.leader_name(task.lead_leader),
                      sorted(ledger.unit_name(u) for u in task.co_units),
                      sorted(ledger.list_name(item) for item in task.lists),
                      [(m.what, due_on(task, m, as_of), done_on(m, as_of)) for m in task.milestones])
            for task in ledger.tasks}


def test_round_trip_of_the_demo(cli, tmp_path):
    exported = tmp_path / "台账.xlsx"
    assert cli("export", "xlsx", "-o", exported).exit_code == 0
    result = cli("init", tmp_path / "new", "--from-xlsx", exported, "--lang", "en")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "Wrote a ledger from" in result.stderr and "It passes `reformctl check` with no error" in result.stderr
    original, _ = load_ledger(demo_ledger(), run_checks=False)
    rebuilt, problems = load_ledger(tmp_path / "new", today=date(2026, 9, 18))
    assert not [p for p in problems if p.severity == "error"]
    day = original.config.as_of
    assert _shape(rebuilt, day) == _shape(original, day)
    used = {u for task in ledger_on(original, day).tasks for u in [task.lead_unit, *task.co_units]}
    assert sorted(rebuilt.unit_name(u) for u in rebuilt.units) == sorted(original.unit_name(u) for u in used)
    assert rebuilt.config.office == original.config.office and rebuilt.config.year == 2026
    assert rebuilt.leaders["liu-jianhua"].name == "刘建华"


ODD = [
    ["江州市2026年改革任务推进表"],
    ["No.", "任务内容", "领衔领导", "主办单位", "协同单位", "阶段目标", "完成时限", "完成情况"],
    [1, "推进城市更新", "李明", "市住房和城乡建设局", "鼓楼区、市财政局", "出台方案", "2026年6月底", "已完成 2026-06-20"],
    [None, None, None, None, None, "首批项目开工", datetime(2026, 9, 30), None],
    [2, "深化医保支付方式改革", "王芳", "市医保局", None, "全面推开", "下半年", None],
    [None, None, None, None, None, "建立机制", "2026-13-01", None],  # continues the task above
    [4, "园区体制改革", None, None, None, None, None, None],
]


def write_book(path, rows, title="台账"):
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_odd_headers_unreadable_cells_and_a_mapping(cli, tmp_path):
    source = write_book(tmp_path / "推进表.xlsx", ODD)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("headers: {任务内容: 改革任务, 主办单位: lead}\nunits:\n  市住房和城乡建设局: zhujian\n"
                       "leaders:\n  李明: li\n", encoding="utf-8")
    result = cli("init", tmp_path / "new", "--from-xlsx", source, "--mapping", mapping, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{source}!台账!G5: R821 the due date '下半年' cannot be read here: write it as YYYY-MM-DD (or 2026年6月底).",
        f"{source}!台账!G6: R821 the due date '2026-13-01' cannot be read here: write it as YYYY-MM-DD (or 2026年6月底).",
        f"{source}!台账!D7: R821 task '园区体制改革' cannot be read here: the row has no 牵头单位.",
    ]
    tasks = (tmp_path / "new" / "tasks" / "main.yaml").read_text(encoding="utf-8")
    assert tasks == (
        "  - id: T-001\n    title: 推进城市更新\n    lead_leader: li\n    lead_unit: zhujian\n"
        "    co_units: [gulouqu, caizhengju]\n    milestones:\n"
        "      - {id: m1, due: 2026-06-30, what: 出台方案, done: 2026-06-20}\n"
        "      - {id: m2, due: 2026-09-30, what: 首批项目开工}\n    status: in_progress\n"
        "  - id: T-002\n    title: 深化医保支付方式改革\n    lead_leader: wang-fang\n    lead_unit: yibaoju\n"
        "    milestones: []\n    status: not_started\n")
    units = (tmp_path / "new" / "units.yaml").read_text(encoding="utf-8")
    assert "  - id: gulouqu\n    name: 鼓楼区\n    kind: district\n" in units
    assert result.stderr.endswith("3 errors to fix (listed above, cell by cell or file by file); then run "
                                  f"reformctl check --ledger {tmp_path / 'new'}.\n")


def test_a_sheet_without_the_needed_headers_says_which(cli, tmp_path):
    source = write_book(tmp_path / "x.xlsx", [["名称", "备注"], ["甲", "乙"]], title="Sheet1")
    result = cli("init", tmp_path / "new", "--from-xlsx", source, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == (f"{source}!Sheet1: R820 no column for 改革任务、牵头单位 was found in the header row "
                             "(名称、备注); name it so, or map your header to it in a mapping file (--mapping).\n")


@pytest.mark.parametrize("name, leader, expected", [
    ("市发展改革委", False, "fazhangaigewei"), ("鼓楼区", False, "gulouqu"), ("周明远", True, "zhou-mingyuan"),
    ("市住房和城乡建设局", False, "zfhcxjsj"), ("中共江州市委全面深化改革委员会办公室", False, "qmshggwyhbgs"),
])
def test_ids_are_proposed_in_pinyin(name, leader, expected):
    from reformctl.sources.xlsx_ledger import pinyin_id

    assert pinyin_id(name, leader=leader) == expected


def test_the_shipped_example_reads_back_as_the_demo(cli, tmp_path):
    example = Path(__file__).resolve().parent.parent / "examples" / "xlsx" / "台账-2026-09-18.xlsx"
    assert cli("init", tmp_path / "new", "--from-xlsx", example).exit_code == 0
    original, _ = load_ledger(demo_ledger(), run_checks=False)
    rebuilt, _ = load_ledger(tmp_path / "new", run_checks=False)
    assert _shape(rebuilt, original.config.as_of) == _shape(original, original.config.as_of)
    assert openpyxl.load_workbook(example.with_name("zhujian-2026-09.xlsx"))["_reformctl"]["B2"].value == "zhujian"
