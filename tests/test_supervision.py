"""Findings and notices: their checks, and how status and overdue show them (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import write_ledger

INSPECTION = """\
id: ZX-1
kind: special
title: 上半年专项督察
period: {from: 2026-05-10, to: 2026-05-20}
by: office
findings:
  - id: F-late
    unit: dev
    task: T-1
    milestone: m2
    text: 方案形成滞后
    severity: major
    rectify_by: 2026-06-10
    changes:
      - {date: 2026-05-30, field: rectify_by, from: 2026-05-31, to: 2026-06-10, reason: 需补充调研, approved_by: 主任办公会}
  - id: F-soon
    unit: gulou
    text: 试点经验总结不够
    rectify_by: 2026-06-26
  - id: F-done-late
    unit: dev
    text: 台账更新不及时
    rectify_by: 2026-06-01
    closed: {date: 2026-06-05, by: office, evidence: [docs/f3.pdf]}
  - id: F-done
    unit: hitech
    text: 宣传不到位
    rectify_by: 2026-06-15
    closed: {date: 2026-06-12, by: office, evidence: [docs/f4.pdf]}
"""

NOTICE_LATE = """\
id: DB-1
ref: 江改督〔2026〕1号
date: 2026-06-01
to: dev
about: {milestones: [T-1/m2], findings: [F-late]}
ask: 请报告方案进展
reply_by: 2026-06-10
"""

NOTICE_ANSWERED = """\
id: DB-2
date: 2026-06-02
to: gulou
ask: 请报告试点进展
reply_by: 2026-06-12
replies:
  - {date: 2026-06-11, by: gulou, text: 已报告, evidence: [docs/r.pdf]}
"""


def _ledger(tmp_path: Path, inspection: str = INSPECTION, **more: str) -> Path:
    files = {"inspections/zx.yaml": inspection, "notices/db1.yaml": NOTICE_LATE, "notices/db2.yaml": NOTICE_ANSWERED}
    files.update({rel.replace("__", "/") + ".yaml": text for rel, text in more.items()})
    return write_ledger(tmp_path / "ledger", files=files)


def _check(cli, root: Path, lang: str = "en"):
    return cli("check", "-l", root, "--lang", lang, "--no-cache")


def test_the_fixture_is_clean(tmp_path, cli):
    result = _check(cli, _ledger(tmp_path))
    assert (result.stdout, result.exit_code) == ("", 0)


BAD_DATES = """\
id: ZX-2
kind: routine
title: 常规督察
findings:
  - id: G-1
    unit: dev
    text: 未附佐证
    rectify_by: 2026-06-10
    changes:
      - {date: 2026-05-30, field: reply_by, from: 2026-05-31, to: 2026-06-10, reason: r, approved_by: a}
      - {date: 2026-06-01, field: rectify_by, from: 2026-06-10, to: 2026-06-30, reason: r, approved_by: a}
    closed: {date: 2026-06-25, by: office}
  - id: G-2
    unit: dev
    text: 没有时限
"""

BAD_NOTICE = """\
id: DB-3
date: 2026-06-10
to: dev
ask: 请报告
reply_by: 2026-06-05
replies:
  - {date: 2026-06-08, by: dev, text: 已报告}
  - {date: 2026-07-01, by: dev, text: 补充报告}
"""

BAD_PERIOD = """\
id: ZX-3
kind: routine
title: 常规督察
period: {from: 2026-06-10, to: 2026-06-01}
findings:
  - {id: H-1, unit: dev, text: 早于督察, rectify_by: 2026-06-05}
"""


def test_dates_evidence_and_changes_are_checked_with_places(tmp_path, cli):
    root = _ledger(tmp_path, inspections__bad=BAD_DATES, notices__bad=BAD_NOTICE, inspections__period=BAD_PERIOD)
    result = _check(cli, root)
    assert result.stdout.splitlines() == [
        "inspections/bad.yaml:1:1: R763 inspection ZX-2 has neither a date nor a period; add date: YYYY-MM-DD or "
        "period: {from: ..., to: ...}.",
        "inspections/bad.yaml:8:17: R764 the last approved change moves rectify_by to 2026-06-30, but it is 2026-06-10; "
        "the deadline and its changes must agree.",
        "inspections/bad.yaml:10:35: R761 a change here can only move 'rectify_by', not 'reply_by'; write field: rectify_by.",
        "inspections/bad.yaml:12:13: R758 finding G-1 is closed without evidence; list the rectification's documents "
        "under closed.evidence (整改销号须有佐证材料).",
        "inspections/bad.yaml:12:20: R760 this is dated 2026-06-25, after today (2026-06-20); record what happened on "
        "the day it happened.",
        "inspections/bad.yaml:13:5: R766 finding G-2 has no rectify_by and no rectification; give the day it is to be "
        "rectified by, or the task it became.",
        "inspections/period.yaml:4:32: R765 the period ends (2026-06-01) before it starts (2026-06-10); swap or correct "
        "the dates.",
        "inspections/period.yaml:6:50: R762 2026-06-05 is before 2026-06-10, the day this began (the notice was sent, "
        "the inspection started); check the date.",
        "notices/bad.yaml:5:11: R762 2026-06-05 is before 2026-06-10, the day this began (the notice was sent, the "
        "inspection started); check the date.",
        "notices/bad.yaml:7:12: R759 this reply is dated 2026-06-08, before the notice was sent (2026-06-10); write "
        "the day the reply came.",
        "notices/bad.yaml:8:12: R760 this is dated 2026-07-01, after today (2026-06-20); record what happened on the "
        "day it happened.",
    ]
    assert result.exit_code == 1
    zh = _check(cli, root, "zh").stdout.splitlines()
    assert zh[3] == ("inspections/bad.yaml:12:13: R758 问题 G-1 已整改销号但没有佐证材料；请在 closed.evidence 中列出整改材料"
                     "（整改销号须有佐证材料）。")
    assert zh[9] == "notices/bad.yaml:7:12: R759 此回复日期 2026-06-08 早于督办通知发出日期（2026-06-10）；请填写实际回复日期。"


# --- status and overdue ---------------------------------------------------------------------------

def test_status_shows_overdue_and_due_soon_findings_and_notices(tmp_path, cli):
    result = cli("status", "-l", _ledger(tmp_path), "--lang", "en", "--kind", "finding")
    out = result.stdout
    assert "Findings 4: open 2, overdue 1, closed 2 (1 late) · notices 2: unanswered 1, overdue 1" in out
    assert "Overdue findings (rectification)" in out and "Findings due soon" in out
    assert " F-late 方案形成滞后   市发展改革委   2026-06-10 (postponed)   10 (6)" in out
    assert "F-soon 试点经验总结不够" in out and "Overdue milestones" not in out
    assert "Notices not answered in time" not in out
    assert result.exit_code == 0


def test_status_json_holds_every_finding_and_notice_with_its_state(tmp_path, cli):
    data = json.loads(cli("status", "-l", _ledger(tmp_path), "-f", "json").stdout)
    assert [(f["id"], f["state"], f["due"], f["done"]) for f in data["findings"]] == [
        ("F-late", "overdue", "2026-06-10", None), ("F-soon", "due_soon", "2026-06-26", None),
        ("F-done-late", "done_late", "2026-06-01", "2026-06-05"), ("F-done", "done", "2026-06-15", "2026-06-12")]
    assert [(n["id"], n["state"], n["days"]) for n in data["notices"]] == [("DB-1", "overdue", 10), ("DB-2", "done", 0)]
    assert "overdue" in data and data["tasks"] == 2


def test_looking_back_undoes_later_postponements_and_hides_later_records(tmp_path, cli):
    data = json.loads(cli("status", "-l", _ledger(tmp_path), "-f", "json", "--as-of", "2026-05-29").stdout)
    assert [(f["id"], f["due"], f["state"], f["postponed"]) for f in data["findings"]][0] == (
        "F-late", "2026-05-31", "due_soon", False)
    assert data["notices"] == []  # not sent yet


def test_status_unit_shows_what_the_unit_answers_for(tmp_path, cli):
    data = json.loads(cli("status", "-l", _ledger(tmp_path), "-f", "json", "--unit", "gulou").stdout)
    assert [f["id"] for f in data["findings"]] == ["F-soon"]
    assert [n["id"] for n in data["notices"]] == ["DB-2"]
    assert data["tasks"] == 2  # T-1 (co-led) and T-2 (led)


def test_status_unit_counts_tasks_where_the_unit_owns_a_milestone(tmp_path, cli):
    from helpers import TASKS

    tasks = TASKS.replace("{id: m3, due: 2026-06-30, what: 印发实施}", "{id: m3, due: 2026-06-30, what: 印发实施, owner: hitech}")
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": tasks})
    data = json.loads(cli("status", "-l", root, "-f", "json", "--unit", "hitech").stdout)
    assert data["tasks"] == 1 and [r["milestone_id"] for r in data["due_soon"]] == ["m3"]


def test_overdue_lists_each_kind_and_filters_by_kind(tmp_path, cli):
    root = _ledger(tmp_path)
    both = cli("overdue", "-l", root, "--lang", "en").stdout
    assert both.index("Overdue milestones") < both.index("Overdue findings") < both.index("Notices not answered")
    notices = cli("overdue", "-l", root, "--lang", "en", "--kind", "notice").stdout
    assert "DB-1 请报告方案进展" in notices and "Overdue findings" not in notices
    data = json.loads(cli("overdue", "-l", root, "-f", "json", "--kind", "finding").stdout)
    assert list(data) == ["as_of", "findings"] and [f["id"] for f in data["findings"]] == ["F-late"]
    csv = cli("overdue", "-l", root, "-f", "csv", "--kind", "notice").stdout.splitlines()
    assert csv == ["kind,id,source,text,unit_id,unit,due,days,workdays,postponed,severity,task_id",
                   "notice,DB-1,江改督〔2026〕1号,请报告方案进展,dev,市发展改革委,2026-06-10,10,6,False,,"]


def test_overdue_says_when_nothing_of_a_kind_is_late(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("overdue", "-l", root, "--lang", "en", "--kind", "notice", "--as-of", "2026-06-05")
    assert result.stdout == "No notice is overdue as of 2026-06-05.\n"


def test_a_ledger_without_records_shows_no_supervision_lines(ledger_dir, cli):
    out = cli("status", "-l", ledger_dir, "--lang", "en").stdout
    assert "Findings" not in out and "notices" not in out


def test_the_demo_has_a_mid_year_inspection_and_three_notices(cli):
    from reformctl.load.find import demo_ledger

    data = json.loads(cli("status", "-l", demo_ledger(), "-f", "json").stdout)
    assert [(f["id"], f["state"]) for f in data["findings"]] == [
        ("DC-2026-ZX1-01", "done_late"), ("DC-2026-ZX1-02", "done"), ("DC-2026-ZX1-03", "overdue"),
        ("DC-2026-ZX1-04", "due_soon"), ("DC-2026-ZX1-05", "done_late"), ("DC-2026-ZX1-06", "open"),
        ("DC-2026-ZX1-06/r1", "due_soon"), ("DC-2026-ZX1-06/r2", "open")]  # its rectification's milestones
    assert [(n["id"], n["state"]) for n in data["notices"]] == [
        ("DB-2026-01", "done"), ("DB-2026-02", "done_late"), ("DB-2026-03", "overdue")]
