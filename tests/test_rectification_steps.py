"""A finding's own rectification milestones (rectification.milestones) behave as milestones: each is
overdue, due soon or done (late or on time) with timeline's words, shows in `status`, `overdue
--kind finding`, `remind` and the 整改台账, and counts in `assess` (issue 13)."""

from __future__ import annotations

import json

from helpers import write_ledger

STEPS = """\
id: ZX-9
kind: routine
title: 常规督察
date: 2026-05-01
by: office
findings:
  - id: S-1
    unit: dev
    text: 审批事项清单未公开
    severity: major
    rectification:
      milestones:
        - {id: r1, due: 2026-06-05, what: 梳理清单, done: 2026-06-09}
        - {id: r2, due: 2026-06-12, what: 征求意见}
        - {id: r3, due: 2026-06-24, what: 公开发布, owner: gulou}
  - id: S-2
    unit: hitech
    text: 园区台账不全
    rectification:
      milestones:
        - {id: r1, due: 2026-06-15, what: 补齐台账}
    closed: {date: 2026-06-18, by: office, evidence: [docs/s2.pdf]}
"""

METHOD = """\
title: 考核
groups:
  - {id: all, name: 全部, kinds: [district, park, department]}
indicators:
  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 80}
  - {id: rectify, name: 逾期整改, measure: findings_closed_late, weight: 20, per_item: 5}
deductions:
  - {id: open, name: 逾期未整改, measure: findings_open, per_item: 3}
grades:
  - {name: 好, min: 0}
"""


def _ledger(tmp_path):
    root = write_ledger(tmp_path / "ledger", files={"inspections/zx9.yaml": STEPS, "assessment.yaml": METHOD})
    return root


def test_the_fixture_is_clean(tmp_path, cli):
    result = cli("check", "-l", _ledger(tmp_path), "--lang", "en", "--no-cache")
    assert (result.stdout, result.exit_code) == ("", 0)


def test_each_step_has_its_state_in_status(tmp_path, cli):
    data = json.loads(cli("status", "-l", _ledger(tmp_path), "-f", "json").stdout)
    assert [(f["id"], f["unit_id"], f["state"], f["due"], f["done"]) for f in data["findings"]] == [
        ("S-1", "dev", "open", None, None),
        ("S-1/r1", "dev", "done_late", "2026-06-05", "2026-06-09"),
        ("S-1/r2", "dev", "overdue", "2026-06-12", None),
        ("S-1/r3", "gulou", "due_soon", "2026-06-24", None),
        ("S-2", "hitech", "done", None, "2026-06-18"),
        ("S-2/r1", "hitech", "done_late", "2026-06-15", "2026-06-18")]  # closing the finding closes its steps
    text = cli("status", "-l", _ledger(tmp_path), "--lang", "en", "--kind", "finding").stdout
    assert "Findings 2: open 1, overdue 1, closed 1 (0 late)" in text
    assert " S-1/r2 审批事项清单未公开：征求意见 " in text


def test_overdue_and_unit_filter_see_the_steps(tmp_path, cli):
    root = _ledger(tmp_path)
    data = json.loads(cli("overdue", "-l", root, "-f", "json", "--kind", "finding").stdout)
    assert [(f["id"], f["step"], f["days"]) for f in data["findings"]] == [("S-1/r2", "r2", 8)]
    gulou = json.loads(cli("status", "-l", root, "-f", "json", "--unit", "gulou").stdout)
    assert [f["id"] for f in gulou["findings"]] == ["S-1/r3"]  # the step charged to its owner


def test_remind_names_the_overdue_and_due_soon_steps(tmp_path, cli):
    data = json.loads(cli("remind", "-l", _ledger(tmp_path), "-f", "json").stdout)
    others = {unit["unit_id"]: [(o["kind"], o["id"], o["overdue"]) for o in unit["others"]] for unit in data["units"]}
    assert others["dev"] == [("finding", "S-1/r2", True)]
    assert others["gulou"] == [("finding", "S-1/r3", False)]


def test_the_rectification_ledger_lists_the_steps_and_counts_findings_once(tmp_path, cli):
    data = json.loads(cli("report", "rectification", "-l", _ledger(tmp_path), "-f", "json").stdout)
    assert [(f["id"], f["state_zh"]) for f in data["findings"]] == [
        ("S-1", "整改中"), ("S-1/r1", "逾期整改销号"), ("S-1/r2", "逾期未整改"), ("S-1/r3", "临期"),
        ("S-2", "已按期整改销号"), ("S-2/r1", "逾期整改销号")]
    assert data["counts"] == {"findings": 2, "units": 2, "closed": 1, "closed_late": 0, "open": 1, "overdue": 1,
                              "serious": 0}


def test_assess_counts_steps_done_late_and_overdue(tmp_path, cli):
    root = _ledger(tmp_path)
    explain = cli("assess", "-l", root, "--period", "2026H1", "--explain", "dev").stdout
    assert "  −5.00  S-1/r1“梳理清单” 时限2026-06-05 完成2026-06-09  inspections/zx9.yaml:13:11" in explain
    assert "  −3.00  S-1/r2“征求意见” 时限2026-06-12  inspections/zx9.yaml:14:11" in explain
    hitech = cli("assess", "-l", root, "--period", "2026H1", "--explain", "hitech").stdout
    assert "  −5.00  S-2/r1“补齐台账” 时限2026-06-15 完成2026-06-18  inspections/zx9.yaml:21:11" in hitech


# --- a rectification milestone moves only with an approved change naming it ------------------------

POSTPONED = STEPS.replace(
    "        - {id: r2, due: 2026-06-12, what: 征求意见}\n",
    "        - {id: r2, due: 2026-06-30, what: 征求意见}\n").replace(
    "        - {id: r3, due: 2026-06-24, what: 公开发布, owner: gulou}\n",
    "        - {id: r3, due: 2026-06-24, what: 公开发布, owner: gulou}\n"
    "    changes:\n"
    "      - {date: 2026-06-10, field: due, milestone: r2, from: 2026-06-12, to: 2026-06-30, reason: 待上级答复, "
    "approved_by: 市委改革办}\n")


def test_a_postponed_step_is_judged_by_its_new_due_and_said_postponed(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger", files={"inspections/zx9.yaml": POSTPONED})
    assert cli("check", "-l", root, "--no-cache").exit_code == 0
    data = json.loads(cli("status", "-l", root, "-f", "json").stdout)
    [r2] = [f for f in data["findings"] if f["id"] == "S-1/r2"]
    assert (r2["due"], r2["state"], r2["postponed"]) == ("2026-06-30", "due_soon", True)
    back = json.loads(cli("status", "-l", root, "-f", "json", "--as-of", "2026-06-09").stdout)
    [then] = [f for f in back["findings"] if f["id"] == "S-1/r2"]
    assert (then["due"], then["postponed"]) == ("2026-06-12", False)  # the change came later


def test_a_step_change_must_name_a_step_and_agree_with_it(tmp_path, cli):
    wrong = POSTPONED.replace("milestone: r2, from", "milestone: r9, from").replace(
        "{id: r1, due: 2026-06-05, what: 梳理清单, done: 2026-06-09}",
        "{id: r1, due: 2026-06-07, what: 梳理清单, done: 2026-06-09}\n"
        "        - {id: r4, due: 2026-07-01, what: 复查}").replace(
        "approved_by: 市委改革办}\n",
        "approved_by: 市委改革办}\n      - {date: 2026-06-11, field: due, milestone: r1, from: 2026-06-05, to: 2026-06-06, "
        "reason: 提前, approved_by: 市委改革办}\n")
    root = write_ledger(tmp_path / "ledger", files={"inspections/zx9.yaml": wrong})
    result = cli("check", "-l", root, "--no-cache", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "inspections/zx9.yaml:13:25: R764 the last approved change moves r1.due to 2026-06-06, but it is 2026-06-07; "
        "the deadline and its changes must agree.",
        "inspections/zx9.yaml:18:51: R781 this change of due names no rectification milestone of finding S-1 ('r9'); "
        "write milestone: one of r1, r4, r2, r3."]


def test_finding_done_records_a_step_with_its_evidence_keeping_the_file(tmp_path, cli):
    root = _ledger(tmp_path)
    path = root / "inspections/zx9.yaml"
    result = cli("finding", "done", "S-1", "r2", "-l", root, "--lang", "en", "--evidence", "docs/r2.pdf",
                 "--date", "2026-06-19")
    assert result.stdout == "Rectification milestone r2 of finding S-1 done on 2026-06-19 in inspections/zx9.yaml.\n"
    assert result.stderr == "Warning: the evidence docs/r2.pdf does not exist (yet) in the ledger; add the file.\n"
    assert path.read_text(encoding="utf-8") == STEPS.replace(
        "{id: r2, due: 2026-06-12, what: 征求意见}",
        "{id: r2, due: 2026-06-12, what: 征求意见, done: 2026-06-19, evidence: [docs/r2.pdf]}")
    data = json.loads(cli("status", "-l", root, "-f", "json").stdout)
    assert [(f["id"], f["state"]) for f in data["findings"] if f["id"] == "S-1/r2"] == [("S-1/r2", "done_late")]


def test_finding_done_refuses_an_unknown_or_done_step_and_a_closed_finding(tmp_path, cli):
    root = _ledger(tmp_path)
    path = root / "inspections/zx9.yaml"
    unknown = cli("finding", "done", "S-1", "r9", "-l", root, "--lang", "en")
    assert (unknown.stderr, unknown.exit_code) == (
        "Finding S-1 has no rectification milestone r9; its milestones: r1, r2, r3. "
        "Nothing was written.\n", 2)
    done = cli("finding", "done", "S-1", "r1", "-l", root, "--lang", "zh")
    assert done.stderr == "问题 S-1 的整改节点 r1 已于 2026-06-09 完成；未写入任何内容。\n"
    closed = cli("finding", "done", "S-2", "r1", "-l", root, "--lang", "en", "--date", "2026-06-19")
    assert (closed.stderr, closed.exit_code) == ("Finding S-2 was already closed (2026-06-18); nothing was written.\n", 2)
    assert path.read_text(encoding="utf-8") == STEPS
