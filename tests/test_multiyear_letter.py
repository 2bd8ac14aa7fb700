"""Multi-year plans and responsibility letters (issue 14 part 4): `years:` in reformctl.yaml,
`report settlement --period 2018-2020` and `status` over the span, on a Chengdu-like plan (869
items, 817 done: 94.0%); `report letter` for one unit and for all."""

from __future__ import annotations

import json

from helpers import CONFIG, write_ledger
from reformctl import load_ledger

SPAN_CONFIG = CONFIG.replace("year: 2026\nas_of: 2026-06-20", "year: 2020\nyears: 2018-2020\nas_of: 2020-12-31")


def chengdu_plan(items: int = 869, done: int = 817) -> str:
    """A Chengdu-like 中长期实施规划 (003: 869 items, 817 completed): items spread over 2018–2020,
    the first `done` of them finished, the rest with their last milestone still open."""
    tasks = []
    for number in range(1, items + 1):
        year = 2018 + number % 3
        finished = number <= done
        last = f", done: {year}-11-20" if finished else ""
        tasks.append(f"""\
- id: CD-{number:03d}
  title: 规划改革事项{number}
  lead_unit: dev
  status: {"done" if finished else "in_progress"}
  milestones:
    - {{id: m1, due: {year}-06-30, what: 形成方案, done: {year}-06-20}}
    - {{id: m2, due: {year}-12-20, what: 落地实施{last}}}
  progress:
    - {{date: 2020-12-10, by: dev, text: 按规划推进}}
""")
    return "".join(tasks)


def test_a_chengdu_like_plan_settles_at_94_percent_over_its_years(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=SPAN_CONFIG, tasks={"plan.yaml": chengdu_plan()})
    ledger, problems = load_ledger(root)
    assert problems == []  # a milestone done in 2018 is no R404 in a plan that begins in 2018
    result = cli("report", "settlement", "--period", "2018-2020", "-l", root)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # sent down to the units: a 通报 (a 报告 only when addressed to one of documents.superiors)
    assert lines[0] == "# 关于2018—2020年度改革任务年终盘总账情况的通报"
    assert "按照“对账、查账、销账”的要求，现将2018—2020年度改革任务年终盘总账情况通报如下（数据截至2020年12月31日）。" in lines
    assert any(line.startswith("纳入台账的改革任务共869项：已完成并销号0项，已完成未销号817项，未完成52项，")
               and "任务完成率94.0%" in line for line in lines)
    data = json.loads(cli("report", "settlement", "-p", "2018-2020", "-l", root, "-f", "json").stdout)
    assert (data["period"]["code"], data["counts"]["total"], data["rates"]["task_completion"]) == \
        ("2018-2020", 869, 0.9402)


def test_status_reads_over_the_span(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=SPAN_CONFIG, tasks={"plan.yaml": chengdu_plan()})
    out = cli("status", "-l", root, "--lang", "zh").stdout.splitlines()
    assert "规划期 2018—2020 年：以下数字统计整个规划期" in out
    assert any(line.startswith("任务完成率：94.0%（共 869 项，已完成 817 项）") for line in out)
    figures = json.loads(cli("status", "-l", root, "--format", "json").stdout)
    assert (figures["span"], figures["tasks"], figures["finished"]) == ("2018-2020", 869, 817)


def test_a_span_is_two_years_in_order(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=SPAN_CONFIG.replace("2018-2020", "2020-2018"))
    result = cli("check", "-l", root, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == ("reformctl.yaml:3:8: R109 'years' has an invalid value: write the plan's years as "
                             "2018-2020, first year first (2000–2100).\n")


def test_only_the_settlement_takes_a_span(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=SPAN_CONFIG, tasks={"plan.yaml": chengdu_plan(3, 2)})
    result = cli("report", "bulletin", "-p", "2018-2020", "-l", root, "--lang", "en")
    assert (result.exit_code, result.stderr.split(";")[0]) == (2, "report bulletin covers a half, and 2018-2020 is not one")


LETTER_TASKS = """\
- id: T-1
  title: 优化营商环境改革
  lead_leader: li
  lead_unit: dev
  co_units: [gulou]
  outcome: {form: policy, text: 出台营商环境条例实施细则}
  status: in_progress
  milestones:
    - {id: m1, due: 2025-12-31, what: 完成前期调研, done: 2025-12-20}
    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-01}
    - {id: m3, due: 2026-10-30, what: 印发实施}
  progress:
    - {date: 2026-06-01, by: dev, text: 方案已形成}
- id: T-2
  title: 城市更新试点
  lead_leader: wang
  lead_unit: gulou
  status: in_progress
  milestones:
    - {id: m1, due: 2026-09-30, what: 试点方案}
  progress:
    - {date: 2026-06-01, by: gulou, text: 正在起草}
"""


def test_a_units_letter_holds_its_tasks_of_the_year(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": LETTER_TASKS})
    result = cli("report", "letter", "--unit", "dev", "--year", "2026", "-l", root)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["# 2026年全面深化改革目标责任书", "", "**市发展改革委**"]
    assert "2026年，乙方牵头推进改革任务1项、设置时间节点2个，配合推进改革任务0项，按任务书、时间表、路线图全部完成，改革成果落地见效。" in lines
    assert ("| 1 | 优化营商环境改革（T-1） | 李明 | 鼓楼区 | 6月10日 形成方案；10月30日 印发实施 "
            "| 出台营商环境条例实施细则 |") in lines
    gulou = cli("report", "letter", "--unit", "gulou", "-p", "2026", "-l", root).stdout.splitlines()
    assert "| 1 | 优化营商环境改革（T-1） | 市发展改革委 | 6月10日 形成方案；10月30日 印发实施 |" in gulou


def test_letters_for_all_units_one_file_each(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": LETTER_TASKS})
    folder = tmp_path / "letters"
    result = cli("report", "letter", "--all", "--year", "2026", "-l", root, "-f", "docx", "-o", folder)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["letter-2026-dev.docx", "letter-2026-gulou.docx"]
    from docx import Document

    text = [p.text for p in Document(str(folder / "letter-2026-gulou.docx")).paragraphs]
    assert "1. 城市更新试点（牵头市领导：王芳）。时间节点：2026年9月30日前试点方案。" in text


def test_a_letter_needs_a_known_unit(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": LETTER_TASKS})
    missing = cli("report", "letter", "--year", "2026", "-l", root, "--lang", "en")
    assert (missing.exit_code, missing.stderr.splitlines()[-1]) == (2, (
        "report letter writes one unit's 改革责任书: give --unit UNIT (an id of units.yaml), or --all for every unit."))
    unknown = cli("report", "letter", "--unit", "nowhere", "--year", "2026", "-l", root, "--lang", "en")
    assert (unknown.exit_code, unknown.stderr.splitlines()[-1]) == (
        2, "--unit nowhere is not a unit of units.yaml; the units are: office, dev, gulou, hitech.")
