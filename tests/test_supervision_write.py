"""finding add|close, notice send|reply (the write path's guarantees), and the documents
report notice, report inspection, report rectification (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from helpers import write_ledger
from test_supervision import INSPECTION, NOTICE_ANSWERED, NOTICE_LATE

COMMENTED = "# 上半年专项督察（注释须保留）\n" + INSPECTION.replace("severity: major", "severity: major  # 较重")


def _ledger(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger", files={"inspections/zx.yaml": COMMENTED, "notices/db1.yaml": NOTICE_LATE,
                                                    "notices/db2.yaml": NOTICE_ANSWERED})


def _text(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def test_finding_add_appends_keeping_every_comment(tmp_path, cli):
    root = _ledger(tmp_path)
    before = _text(root, "inspections/zx.yaml")
    result = cli("finding", "add", "ZX-1", "-l", root, "--lang", "en", "--id", "F-new", "--unit", "gulou",
                 "--text", "新问题", "--rectify-by", "2026-07-31", "--severity", "major")
    assert result.stdout == "Finding F-new added to inspection ZX-1 (鼓楼区) in inspections/zx.yaml.\n"
    after = _text(root, "inspections/zx.yaml")
    assert after == before + ("  - id: F-new\n    unit: gulou\n    text: 新问题\n    severity: major\n"
                              "    rectify_by: 2026-07-31\n")
    assert cli("check", "-l", root, "--no-cache").exit_code == 0


def test_finding_add_refuses_a_taken_id_an_unknown_unit_and_inspection(tmp_path, cli):
    root = _ledger(tmp_path)
    before = _text(root, "inspections/zx.yaml")
    taken = cli("finding", "add", "ZX-1", "-l", root, "--lang", "en", "--id", "F-late", "--unit", "dev", "--text", "x")
    assert (taken.stderr, taken.exit_code) == ("The id F-late is already used; choose another. Nothing was written.\n", 2)
    unit = cli("finding", "add", "ZX-1", "-l", root, "--lang", "en", "--id", "F-9", "--unit", "devv", "--text", "x")
    assert unit.stderr == "There is no unit devv in units.yaml (did you mean 'dev'?); nothing was written.\n"
    inspection = cli("finding", "add", "ZX-9", "-l", root, "--lang", "en", "--id", "F-9", "--unit", "dev", "--text", "x")
    assert inspection.stderr == "There is no inspection ZX-9 under inspections/ (did you mean 'ZX-1'?); nothing was written.\n"
    assert _text(root, "inspections/zx.yaml") == before


def test_finding_add_refuses_what_would_break_the_ledger(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("finding", "add", "ZX-1", "-l", root, "--lang", "en", "--id", "F-9", "--unit", "dev", "--text", "x",
                 "--task", "T-1", "--milestone", "m9")
    assert result.stderr.splitlines() == [
        "inspections/zx.yaml:34:16: R753 task T-1 has no milestone 'm9'; write the id of one of its milestones.",
        "The change would add 1 error to the ledger (listed above); nothing was written."]
    assert result.exit_code == 1


def test_finding_progress_appends_the_units_report(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("finding", "progress", "F-soon", "-l", root, "--lang", "en", "--text", "已总结试点经验",
                 "--evidence", "docs/p.pdf", "--date", "2026-06-18")
    assert result.stdout == "Progress of finding F-soon recorded (2026-06-18, 鼓楼区) in inspections/zx.yaml.\n"
    assert ("    rectify_by: 2026-06-26\n    progress:\n      - date: 2026-06-18\n        by: gulou\n"
            "        text: 已总结试点经验\n        evidence: [docs/p.pdf]\n") in _text(root, "inspections/zx.yaml")
    assert result.stderr == "Warning: the evidence docs/p.pdf does not exist (yet) in the ledger; add the file.\n"


def test_finding_close_needs_evidence_and_refuses_twice(tmp_path, cli):
    root = _ledger(tmp_path)
    none = cli("finding", "close", "F-soon", "-l", root, "--lang", "en")
    assert none.stderr == ("Closing finding F-soon (整改销号) needs the rectification's evidence: give --evidence PATH. "
                           "Nothing was written.\n")
    done = cli("finding", "close", "F-soon", "-l", root, "--lang", "en", "--evidence", "docs/r.pdf", "--date", "2026-06-19")
    assert done.stdout == "Finding F-soon closed (整改销号) on 2026-06-19 in inspections/zx.yaml.\n"
    assert "    closed: {date: 2026-06-19, by: office, evidence: [docs/r.pdf]}\n" in _text(root, "inspections/zx.yaml")
    again = cli("finding", "close", "F-done", "-l", root, "--lang", "en", "--evidence", "docs/r.pdf")
    assert again.stderr == "Finding F-done was already closed (2026-06-12); nothing was written.\n"
    future = cli("finding", "close", "F-late", "-l", root, "--lang", "en", "--evidence", "d.pdf", "--date", "2026-07-01")
    assert future.exit_code == 2 and "after the ledger's today" in future.stderr


def test_notice_send_writes_the_record_and_refuses_to_clobber(tmp_path, cli):
    root = _ledger(tmp_path)
    out = tmp_path / "db3.md"
    result = cli("notice", "send", "-l", root, "--lang", "en", "--id", "DB-3", "--to", "hitech", "--ask", "请报告宣传情况",
                 "--reply-by", "2026-06-30", "--task", "T-1", "--finding", "F-done", "--ref", "江改督〔2026〕3号",
                 "--out", out)
    assert result.stdout == "Notice DB-3 to 高新区 written in notices/DB-3.yaml; reply due by 2026-06-30.\n"
    assert _text(root, "notices/DB-3.yaml") == (
        "id: DB-3\nref: 江改督〔2026〕3号\ndate: 2026-06-20\nto: hitech\nabout:\n  tasks: [T-1]\n  findings: [F-done]\n"
        "ask: 请报告宣传情况\nreply_by: 2026-06-30\n")
    document = out.read_text(encoding="utf-8")
    assert document.startswith("# 关于督促高新区加快推进滞后改革事项的通知\n\n江改督〔2026〕3号\n\n高新区：\n\n请报告宣传情况\n")
    again = cli("notice", "send", "-l", root, "--lang", "en", "--id", "DB-3", "--to", "dev", "--ask", "x",
                "--reply-by", "2026-06-30")
    assert (again.stderr, again.exit_code) == ("The id DB-3 is already used; choose another. Nothing was written.\n", 2)
    same_id = cli("notice", "send", "-l", root, "--lang", "en", "--id", "DB-1", "--to", "dev", "--ask", "x",
                  "--reply-by", "2026-06-30")
    assert same_id.exit_code == 2 and not (root / "notices" / "DB-1.yaml").exists()


def test_notice_reply_appends_and_checks(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("notice", "reply", "DB-1", "-l", root, "--lang", "en", "--text", "方案已报送", "--date", "2026-06-15")
    assert result.stdout == "Reply of 市发展改革委 to notice DB-1 recorded (2026-06-15) in notices/db1.yaml.\n"
    assert _text(root, "notices/db1.yaml").endswith("replies:\n  - date: 2026-06-15\n    by: dev\n    text: 方案已报送\n")
    early = cli("notice", "reply", "DB-2", "-l", root, "--lang", "en", "--text", "x", "--date", "2026-06-01")
    assert early.stderr.splitlines()[0].endswith("R759 this reply is dated 2026-06-01, before the notice was sent "
                                                 "(2026-06-02); write the day the reply came.")
    assert early.exit_code == 1
    data = json.loads(cli("status", "-l", root, "-f", "json", "--kind", "notice").stdout)
    assert [(n["id"], n["state"]) for n in data["notices"]] == [("DB-1", "done_late"), ("DB-2", "done")]


def test_the_writes_are_dry_run_able(tmp_path, cli):
    root = _ledger(tmp_path)
    before = _text(root, "notices/db2.yaml")
    result = cli("notice", "reply", "DB-2", "-l", root, "--lang", "en", "--text", "补充", "--dry-run")
    assert "+  - {date: 2026-06-20, by: gulou, text: 补充}\n" in result.stdout
    assert _text(root, "notices/db2.yaml") == before


# --- the documents --------------------------------------------------------------------------------

def test_report_notice_lists_a_units_overdue_items_and_the_reply_date(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("report", "notice", "-l", root, "--unit", "dev", "--reply-by", "2026-06-30")
    lines = result.stdout.splitlines()
    assert lines[0] == "# 关于督促市发展改革委加快推进滞后改革事项的通知"
    assert "截至2026年6月20日，你单位承担的改革事项中，有1个节点逾期未完成、1个督察发现问题逾期未整改、1份督办通知逾期未回复。现予督办，具体如下。" in lines
    assert "| 1 | 方案形成滞后（F-late） | 上半年专项督察 | 6月10日（已调整） | 6 |" in lines
    assert "| 1 | 江改督〔2026〕1号 | 请报告方案进展 | 6月10日 | 6 |" in lines
    assert "请于2026年6月30日前将上述事项的推进情况、滞后原因和整改措施书面报送江州市委改革办。" in lines
    assert not re.search(r"\d{4}-\d\d-\d\d", result.stdout)  # dates as the office writes them


def test_report_notice_of_a_recorded_notice_and_for_some_tasks(tmp_path, cli):
    root = _ledger(tmp_path)
    data = json.loads(cli("report", "notice", "-l", root, "--notice", "DB-1", "-f", "json").stdout)
    assert (data["unit_id"], data["ask"], data["reply_by"]) == ("dev", "请报告方案进展", "2026-06-10")
    assert [(r["task_id"], r["milestone_id"]) for r in data["milestones"]] == [("T-1", "m2")]
    assert [r["id"] for r in data["findings"]] == ["F-late"] and data["notices"] == []
    some = json.loads(cli("report", "notice", "-l", root, "--unit", "dev", "--task", "T-9", "-f", "json").stdout)
    assert some["counts"] == {"milestones": 0, "findings": 0, "notices": 1}


def test_report_notice_and_inspection_say_what_they_need(tmp_path, cli):
    root = _ledger(tmp_path)
    assert cli("report", "notice", "-l", root, "--lang", "en").stderr == (
        "report notice needs --unit UNIT (the unit it is sent to) or --notice ID (a notice the ledger records).\n")
    assert cli("report", "inspection", "-l", root, "--lang", "en").exit_code == 2
    unknown = cli("report", "inspection", "ZX-9", "-l", root, "--lang", "en")
    assert unknown.stderr == "The ledger has no inspection 'ZX-9'; check the id (reformctl status lists them).\n"


def test_report_inspection_groups_findings_by_unit(tmp_path, cli):
    result = cli("report", "inspection", "ZX-1", "-l", _ledger(tmp_path))
    lines = result.stdout.splitlines()
    assert lines[0] == "# 关于上半年专项督察情况的通报"
    assert ("2026年5月10日至2026年5月20日，市委改革办开展上半年专项督察（专项督察），共发现问题4个，涉及3个单位。截至2026年6月20日，"
            "已整改销号2个（其中逾期整改1个），尚未销号2个（其中逾期1个）。现将有关情况通报如下。") in lines
    assert [line for line in lines if line.startswith("## ")] == ["## 市发展改革委（2个）", "## 鼓楼区（1个）", "## 高新区（1个）"]
    assert "| 2 | 台账更新不及时（F-done-late） | 一般 | 6月1日 | 逾期整改销号（6月5日） |" in lines


def test_report_rectification_is_the_ledger_of_every_finding(tmp_path, cli):
    data = json.loads(cli("report", "rectification", "-l", _ledger(tmp_path), "-f", "json").stdout)
    assert [(r["id"], r["state_zh"]) for r in data["findings"]] == [
        ("F-late", "逾期未整改"), ("F-soon", "临期"), ("F-done-late", "逾期整改销号"), ("F-done", "已按期整改销号")]
    assert data["counts"] == {"findings": 4, "units": 3, "closed": 2, "closed_late": 1, "open": 2, "overdue": 1,
                              "serious": 0}


def test_the_supervision_documents_render_as_word(tmp_path, cli):
    from docx import Document

    root = _ledger(tmp_path)
    for args in (["notice", "--unit", "dev"], ["inspection", "ZX-1"], ["rectification"]):
        target = tmp_path / f"{args[0]}.docx"
        assert cli("report", *args, "-l", root, "-f", "docx", "-o", target).exit_code == 0
        text = "\n".join(p.text for p in Document(str(target)).paragraphs)
        assert {"notice": "关于督促市发展改革委加快推进滞后改革事项的通知", "inspection": "关于上半年专项督察情况的通报",
                "rectification": "督察发现问题整改台账"}[args[0]] in text.replace("\n", "")
