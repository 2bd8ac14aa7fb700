"""Pilots (试点, issue 14 part 2): the record on a task, its checks, its states, `report pilots`,
and the sentence of the bulletin and the settlement, on a Chengdu-like ledger (142/93/138, 286 done)."""

from __future__ import annotations

import json
from datetime import date

from helpers import write_ledger
from reformctl import load_ledger
from reformctl.reports import build_report, parse_period
from reformctl.timeline import pilot_state

PILOT_TASKS = """\
- id: P-1
  title: 营商环境创新试点
  lead_leader: li
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-12-31, what: 试点总结}
  pilot:
    level: national
    approved_by: 国务院
    approval_doc: 国函〔2025〕8号
    period: {from: 2026-01-01, to: 2026-12-31}
    contact: li
- id: P-2
  title: 基层治理试点
  lead_unit: gulou
  status: done
  milestones:
    - {id: m1, due: 2026-05-31, what: 试点总结, done: 2026-05-20}
  pilot:
    level: provincial
    period: {from: 2025-06-01, to: 2026-12-31}
    acceptance: {due: 2026-12-31, done: 2026-05-25}
    promoted: {date: 2026-05-01, scope: 全省}
"""


def _problems(tmp_path, tasks):
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": tasks})
    _, problems = load_ledger(root)
    return [(p.code, p.where(), p.message("zh")) for p in problems if p.code.startswith("R35")]


def test_a_pilot_needs_a_leader_a_document_and_a_reason_to_be_accepted_early(tmp_path):
    found = _problems(tmp_path, PILOT_TASKS)
    assert found == [
        ("R350", "tasks/p.yaml:20:3", "任务 P-2 是试点，但没有牵头领导（lead_leader）；每个试点须有一名牵头领导：请填写 units.yaml 中的领导。"),
        ("R351", "tasks/p.yaml:20:3", "任务 P-2 是试点，但既没有推进方案（pilot.plan），也没有批准文件（pilot.approval_doc）；请至少填写其中一个的文号。"),
        ("R352", "tasks/p.yaml:23:41", "试点于 2026-05-25 验收，早于试点期限届满日 2026-12-31，且未说明理由；请填写 acceptance.reason（如：提前完成试点任务），或更正日期。"),
        ("R353", "tasks/p.yaml:24:22", "试点经验于 2026-05-01 复制推广，早于其验收日期 2026-05-25；试点应先总结验收、再复制推广：请补充验收记录，或更正日期。"),
    ]


def test_a_sound_pilot_has_no_problem(tmp_path):
    sound = (PILOT_TASKS.replace("  lead_unit: gulou", "  lead_leader: wang\n  lead_unit: gulou")
             .replace("level: provincial", "level: provincial\n    plan: 鼓委发〔2025〕3号")
             .replace("done: 2026-05-25}", "done: 2026-05-25, reason: 提前完成试点任务}")
             .replace("date: 2026-05-01", "date: 2026-06-01"))
    assert _problems(tmp_path, sound) == []


def test_pilot_state_on_a_day(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": PILOT_TASKS})
    ledger, _ = load_ledger(root)
    first, second = ledger.tasks
    assert [pilot_state(first, day) for day in (date(2025, 12, 1), date(2026, 3, 1))] == ["approved", "running"]
    assert [pilot_state(second, day) for day in (date(2026, 4, 1), date(2026, 5, 10), date(2026, 5, 30))] \
        == ["running", "promoted", "promoted"]
    assert pilot_state(ledger.tasks[0].model_copy(update={"pilot": None}), date(2026, 3, 1)) is None


def chengdu_pilots(national: int = 142, provincial: int = 93, municipal: int = 138, done: int = 286) -> str:
    """A Chengdu-like ledger's pilots (003: 373 pilots, 142 national, 93 provincial, 138 municipal,
    286 done): the first `done` of them accepted, the rest running; each one sound."""
    levels = ["national"] * national + ["provincial"] * provincial + ["municipal"] * municipal
    tasks = []
    for number, level in enumerate(levels, start=1):
        finished = number <= done
        milestone = "{id: m1, due: 2026-05-31, what: 试点总结" + (", done: 2026-05-30}" if finished else "}")
        acceptance = "\n    acceptance: {due: 2026-06-30, done: 2026-06-10}" if finished else ""
        tasks.append(f"""\
- id: CD-P{number:03d}
  title: 第{number}项改革试点
  lead_leader: li
  lead_unit: dev
  status: {"done" if finished else "in_progress"}
  milestones:
    - {milestone}
  pilot:
    level: {level}
    approval_doc: 成改办〔2018〕{number}号
    period: {{from: 2025-01-01, to: 2026-06-10}}{acceptance}
""")
    return "".join(tasks)


def test_a_chengdu_like_ledger_reads_142_93_138_and_286_done(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"pilots.yaml": chengdu_pilots()})
    ledger, problems = load_ledger(root)
    assert [p for p in problems if p.severity == "error"] == []
    data = build_report("pilots", ledger, None, date(2026, 6, 20))
    assert data["summary"]["text"] == "国家级142项、省级93项、市级138项，已完成286项"
    assert [(r["name"], r["total"], r["running"], r["accepted"], r["done"]) for r in data["by_level"]] == [
        ("国家级", 142, 0, 142, 142), ("省级", 93, 0, 93, 93), ("市级", 138, 87, 51, 51), ("合计", 373, 87, 286, 286)]
    for kind, period in (("bulletin", "2026H1"), ("settlement", "2026"), ("pilots", "2026")):
        early = ["--force"] if kind == "settlement" else []  # the ledger's day is in June: a 预盘点
        out = cli("report", kind, "-p", period, "-l", root, *early).stdout
        assert "国家级142项、省级93项、市级138项，已完成286项" in out, kind


def test_report_pilots_lists_them_by_level_and_state(tmp_path, cli):
    sound = PILOT_TASKS.replace("  lead_unit: gulou", "  lead_leader: wang\n  lead_unit: gulou").replace(
        "level: provincial", "level: provincial\n    plan: 鼓委发〔2025〕3号").replace(
        "done: 2026-05-25}", "done: 2026-05-25, reason: 提前完成试点任务}").replace("date: 2026-05-01", "date: 2026-06-01")
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": sound})
    result = cli("report", "pilots", "-p", "2026", "-l", root)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "纳入台账的改革试点共2项，其中国家级1项、省级1项，已完成1项。" in lines
    assert "| 合计 | 2 | 0 | 1 | 0 | 1 | 0 | 1 |" in lines
    assert "2026年，验收试点1项，复制推广试点经验1项。" in lines
    assert "1. 鼓楼区“基层治理试点”（省级）：2026年6月1日在全省复制推广。" in lines
    assert ("| 1 | 国家级 | 营商环境创新试点（P-1） | 市发展改革委 | 李明 | 国函〔2025〕8号 | 1月1日至12月31日 "
            "| 实施中 |") in lines
    data = json.loads(cli("report", "pilots", "-p", "2026", "-l", root, "-f", "json").stdout)
    assert [(p["task_id"], p["state"], p["contact"]) for p in data["pilots"]] == [("P-1", "running", "李明"),
                                                                                ("P-2", "promoted", None)]
    docx = tmp_path / "p.docx"
    assert cli("report", "pilots", "-p", "2026", "-l", root, "-f", "docx", "-o", docx).exit_code == 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "纳入台账的改革试点共2项，其中国家级1项、省级1项，已完成1项。" in text
