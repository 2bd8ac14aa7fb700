"""Plans, upper documents, meetings and the agenda (issue 14 parts 1 and 3): checks, the status
lines (对接提醒, the next meeting's items not ready), `report plans` and `report meeting`."""

from __future__ import annotations

import json

from helpers import CONFIG, write_ledger
from reformctl import load_ledger

PLAN = """\
id: FA-1
title: 关于深化营商环境改革的实施方案
unit: dev
leader: li
docks: [UP-1]
tasks: [T-1]
review:
  consult: {date: 2026-05-10, by: dev, evidence: [docs/fa1-consult.pdf]}
  expert: {date: 2026-05-20, by: 专家组}
  stability: {not_needed: 不涉及群众切身利益}
meeting: {target: M-7}
"""

ISSUED_PLAN = """\
id: FA-2
title: 鼓楼区城市更新试点方案
unit: gulou
review:
  consult: {date: 2026-04-01}
  expert: {date: 2026-04-10}
  legality: {date: 2026-04-20, by: 市司法局}
  stability: {date: 2026-04-25}
meeting: {target: M-6, reviewed: M-6}
issued: {date: 2026-05-30, doc: 江委办发〔2026〕9号, by: 深改委}
"""

NEXT_MEETING = """\
id: M-7
kind: 深改委全体会议
date: 2026-06-28
theme: 优化营商环境
items:
  - {kind: review, plan: FA-1, unit: dev}
  - {kind: hear, task: T-1, unit: dev}
"""

PAST_MEETING = """\
id: M-6
kind: 深改委全体会议
date: 2026-05-15
theme: 城市更新
items:
  - {kind: study, text: 学习中央全面深化改革委员会会议精神, fixed: true, result: 认真贯彻落实}
  - {kind: review, plan: FA-2, unit: gulou, result: 原则同意，修改完善后印发}
assigned: [T-2]
"""

UPPER = """\
documents:
  - {id: UP-1, level: central, doc: 中发〔2026〕3号, title: 关于优化营商环境的意见, date: 2026-01-10, dock_by: 2026-06-30, dock_unit: dev}
  - {id: UP-2, level: provincial, doc: 澜委发〔2026〕5号, title: 关于深化城市更新的实施意见, date: 2026-02-01, dock_by: 2026-05-31, dock_unit: gulou}
"""

AGENDA = """\
items:
  - {id: A-1, title: 审议营商环境改革实施方案, unit: dev, plan: FA-1, want_meeting: M-7, submitted: 2026-06-12, state: scheduled}
  - {id: A-2, title: 听取数据要素改革情况汇报, unit: gulou, want_meeting: M-7, submitted: 2026-06-25}
"""


def _files(**replace) -> dict:
    files = {"plans/fa-1.yaml": PLAN, "plans/fa-2.yaml": ISSUED_PLAN, "meetings/m7.yaml": NEXT_MEETING,
             "meetings/m6.yaml": PAST_MEETING, "upper.yaml": UPPER, "agenda.yaml": AGENDA}
    return {**files, **replace}


def _sound(**replace) -> dict:
    """The files with A-1 kept in reserve: warnings only (R363, R371), so status and reports run."""
    return _files(**{"agenda.yaml": AGENDA.replace(", state: scheduled", ""), **replace})


def _problems(tmp_path, **replace) -> list[str]:
    root = write_ledger(tmp_path / "l", files=_files(**replace))
    _, problems = load_ledger(root)
    return [f"{p.where()}: {p.code} {p.message('zh')}" for p in problems if p.code >= "R350" and p.code < "R400"
            or p.code in ("R301", "R302")]


def test_a_plan_without_its_legality_review_is_blocked(tmp_path):
    """FA-1 lacks its 合法性审查: its agenda item cannot be scheduled (R370), and on the day of its
    meeting the plan itself is an error (R360); with the step recorded, both go."""
    assert _problems(tmp_path) == [
        "agenda.yaml:2:108: R370 议题 A-1 已排会，但其方案 FA-1 尚缺合法性审查；请先完成方案审查，或将议题留在储备库（reserve）。",
        "agenda.yaml:3:79: R371 议题 A-2 于 2026-06-25 报送，距会议 M-7（2026-06-28）不足 10 天；请按时报送，或安排到以后的会议。",
        "upper.yaml:3:102: R363 澜委发〔2026〕5号应于 2026-05-31 前出台对接方案（鼓楼区），但尚无方案对接（对接提醒）；请在 plans/ 中登记对接方案（docks 填其编号），或报改革办调整 dock_by。",
    ]
    meeting_day = CONFIG.replace("as_of: 2026-06-20", "as_of: 2026-06-28")
    root = write_ledger(tmp_path / "day", config=meeting_day, files=_files())
    _, problems = load_ledger(root)
    assert [f"{p.where()}: {p.code} {p.message('zh')}" for p in problems if p.code == "R360"] == [
        "plans/fa-1.yaml:11:1: R360 改革方案 FA-1 已上会（或已印发），但缺少合法性审查（review.legality）；请补记该环节（date、evidence、by），或填写 not_needed 并说明理由；补齐前不得上会审议、印发。"]
    reviewed = PLAN.replace("  stability:", "  legality: {date: 2026-06-01, by: 市司法局}\n  stability:")
    assert [p.split(" ")[1] for p in _problems(tmp_path / "ok", **{"plans/fa-1.yaml": reviewed})] == ["R371", "R363"]


def test_issued_before_review_empty_steps_and_unknown_names(tmp_path):
    early = ISSUED_PLAN.replace("date: 2026-05-30", "date: 2026-04-22").replace("expert: {date: 2026-04-10}", "expert: {by: 专家组}")
    wrong = PLAN.replace("docks: [UP-1]", "docks: [UP-9]").replace("tasks: [T-1]", "tasks: [T-9]").replace(
        "unit: dev", "unit: nowhere")
    found = _problems(tmp_path, **{"plans/fa-2.yaml": early, "plans/fa-1.yaml": wrong})
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["agenda.yaml:2:108:", "R370"], ["agenda.yaml:3:79:", "R371"], ["plans/fa-1.yaml:3:7:", "R301"],
        ["plans/fa-1.yaml:5:9:", "R364"], ["plans/fa-1.yaml:6:9:", "R365"], ["plans/fa-2.yaml:6:11:", "R362"],
        ["plans/fa-2.yaml:9:1:", "R360"], ["plans/fa-2.yaml:10:16:", "R361"], ["upper.yaml:3:102:", "R363"]]
    assert "plans/fa-2.yaml:10:16: R361 方案印发日期 2026-04-22 早于其上会审议日期 2026-05-15；方案应在审查和上会审议之后印发：请更正日期。" in found
    assert "plans/fa-1.yaml:5:9: R364 “UP-9”不是upper.yaml 中的上级文件（是否应为“UP-2”？）；请核对编号。" in found


def test_status_lists_docking_reminders_and_the_next_meetings_items_not_ready(tmp_path, cli):
    root = write_ledger(tmp_path / "l", files=_sound())
    result = cli("status", "-l", root, "--lang", "zh")
    lines = result.stdout.splitlines()
    start = lines.index("对接提醒：1 份上级文件超过对接时限仍无对接方案")
    assert lines[start:start + 4] == [
        "对接提醒：1 份上级文件超过对接时限仍无对接方案",
        "  澜委发〔2026〕5号 关于深化城市更新的实施意见 · 鼓楼区 · 应于 2026-05-31 前对接，已逾期 20 天",
        "下次会议：M-7 深改委全体会议（2026-06-28）· 1 个议题未准备就绪",
        "  关于深化营商环境改革的实施方案（市发展改革委）：缺合法性审查",
    ]
    data = json.loads(cli("status", "-l", root, "--format", "json").stdout)
    assert [row["id"] for row in data["dock_reminders"]] == ["UP-2"]
    assert data["next_meeting"]["id"] == "M-7" and data["next_meeting"]["not_ready"][0]["plan"] == "FA-1"


def test_report_plans_schedules_and_accounts(tmp_path, cli):
    root = write_ledger(tmp_path / "l", files=_sound())
    result = cli("report", "plans", "-p", "2026", "-l", root)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert ("纳入台账的专项改革方案共2个：已印发1个，已审议待印发0个，待上会0个，审查中1个，起草中0个；其中逾期未上会0个。"
            "2026年印发方案1个。上级文件2份，逾期未对接1份。") in lines
    assert "| 1 | 鼓楼区城市更新试点方案（FA-2） | 鼓楼区 | 深改委全体会议 | 5月15日 | 已印发 | — |" in lines
    assert "| 2 | 关于深化营商环境改革的实施方案（FA-1） | 市发展改革委 | 深改委全体会议 | 6月28日 | 审查中 | 合法性审查 |" in lines
    assert "1. 《关于深化城市更新的实施意见》（澜委发〔2026〕5号），应于2026年5月31日前对接，责任单位：鼓楼区，已逾期20天。" in lines


def test_report_meeting_holds_its_decisions_and_assigned_tasks(tmp_path, cli):
    root = write_ledger(tmp_path / "l", files=_sound())
    result = cli("report", "meeting", "M-6", "-l", root)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# 深改委全体会议议定事项和交办任务"
    assert "2026年5月15日，召开深改委全体会议，主题为“城市更新”。会议共2项议题。" in lines
    assert "2. 审议“鼓楼区城市更新试点方案”：原则同意，修改完善后印发。" in lines
    assert "| 1 | 城市更新试点（T-2） | 鼓楼区 | 王芳 | — | — |" in lines
    unknown = cli("report", "meeting", "M-99", "-l", root, "--lang", "en")
    assert (unknown.exit_code, unknown.stderr.splitlines()[-1]) == (
        2, "There is no meeting M-99 in meetings/; the meetings are: M-6, M-7.")
