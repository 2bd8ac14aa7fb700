"""`reformctl assess`: the office's method (assessment.yaml) applied, ranked per group with ties
shared, explained point by point; its checks (R770–R780); the 考核结果通报."""

from __future__ import annotations

import json

import pytest

from helpers import CONFIG, TASKS, UNITS, dedent, write_ledger

METHOD = """\
title: 2026年度改革工作考核
full_marks: 100
groups:
  - {id: districts, name: 板块, kinds: [district]}
  - {id: parks, name: 园区, kinds: [park]}
  - {id: departments, name: 部门, kinds: [department]}
indicators:
  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 40}
  - {id: finished, name: 任务完成率, measure: finished_share, weight: 20}
  - {id: overdue, name: 逾期节点, measure: overdue_count, weight: 20, per_item: 4}
  - {id: rectify, name: 逾期整改, measure: findings_closed_late, weight: 10, per_item: 5}
  - {id: replies, name: 逾期答复, measure: notices_answered_late, weight: 10, per_item: 5}
manual_items:
  - {id: experience, name: 典型经验, points: 2}
manual_cap: 5
awards:
  - {unit: gulou, item: experience, date: 2026-05-20, ref: 省改办〔2026〕3号}
grades:
  - {name: 好, min: 90}
  - {name: 较好, min: 80}
  - {name: 一般, min: 60}
  - {name: 较差, min: 0}
"""


def _ledger(tmp_path, method: str = METHOD, tasks: str = TASKS, units: str = UNITS, config: str = CONFIG):
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": tasks}, units=units, config=config)
    (root / "assessment.yaml").write_text(dedent(method), encoding="utf-8")
    return root


def test_table_ranks_each_group(tmp_path, cli):
    result = cli("assess", "-l", _ledger(tmp_path), "--period", "2026H1")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026年度改革工作考核（2026-01-01 至 2026-06-30，截至 2026-06-20）",
        "",
        "                                                   板块（1）",
        "",
        "  排名   单位     节点按时完成率   任务完成率   逾期节点   逾期整改   逾期答复   扣分   加减分    总分   等次",
        " ─────────────────────────────────────────────────────────────────────────────────────────────────────────────",
        "  第1    鼓楼区             0.00        20.00      20.00      10.00      10.00   0.00    +2.00   62.00   一般",
        "",
        "                                                   园区（1）",
        "",
        "  排名   单位     节点按时完成率   任务完成率   逾期节点   逾期整改   逾期答复   扣分   加减分     总分   等次",
        " ──────────────────────────────────────────────────────────────────────────────────────────────────────────────",
        "  第1    高新区            40.00        20.00      20.00      10.00      10.00   0.00    +0.00   100.00   好",
        "",
        "                                                      部门（1）",
        "",
        "  排名   单位           节点按时完成率   任务完成率   逾期节点   逾期整改   逾期答复   扣分   加减分    总分   等次",
        " ───────────────────────────────────────────────────────────────────────────────────────────────────────────────────",
        "  第1    市发展改革委            20.00         0.00      16.00      10.00      10.00   0.00    +0.00   56.00   较差",
    ]


def test_explain_cites_every_item(tmp_path, cli):
    result = cli("assess", "-l", _ledger(tmp_path), "--period", "2026H1", "--explain", "dev")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "市发展改革委（dev）：部门1个单位中第1，总分56.00，等次：较差",
        "考核期间 2026-01-01 至 2026-06-30，截至 2026-06-20",
        "",
        "节点按时完成率（40.00分）：应考核2项，达标1项，比率50.00%，得20.00分",
        "  +20.00  T-1/m1“完成调研” 时限2026-03-31 完成2026-03-28  tasks/main.yaml:9:7",
        "  ±0.00  T-1/m2“形成方案” 时限2026-06-10（失20.00分）  tasks/main.yaml:10:7",
        "",
        "任务完成率（20.00分）：应考核1项，达标0项，比率0.00%，得0.00分",
        "  ±0.00  T-1“优化营商环境改革”（失20.00分）  tasks/main.yaml:1:3",
        "",
        "逾期节点（20.00分，每项扣4.00分）：1项，得16.00分",
        "  −4.00  T-1/m2“形成方案” 时限2026-06-10  tasks/main.yaml:10:7",
        "",
        "逾期整改（10.00分，每项扣5.00分）：0项，得10.00分",
        "",
        "逾期答复（10.00分，每项扣5.00分）：0项，得10.00分",
        "",
        "总分：56.00（指标得分合计 − 扣分 + 加减分，保留两位小数）",
    ]


def test_explain_shows_awards(tmp_path, cli):
    result = cli("assess", "-l", _ledger(tmp_path), "--period", "2026H1", "--explain", "gulou")
    lines = result.stdout.splitlines()
    assert lines[-4:] == ["加减分：+2.00", "  +2.00  典型经验（2026-05-20，省改办〔2026〕3号）  assessment.yaml:17:5", "",
                          "总分：62.00（指标得分合计 − 扣分 + 加减分，保留两位小数）"]


def test_explain_refuses_unranked_and_unknown_units(tmp_path, cli):
    root = _ledger(tmp_path)
    unranked = cli("assess", "-l", root, "--explain", "office", "--lang", "en")
    assert unranked.exit_code == 2
    assert unranked.stderr.strip() == ("Unit office is of kind 'office', which no group of assessment.yaml ranks; "
                                       "there is no score to explain.")
    unknown = cli("assess", "-l", root, "--explain", "nowhere", "--lang", "en")
    assert unknown.exit_code == 2 and "There is no unit 'nowhere' in units.yaml." in unknown.stderr


def test_csv_defuses_formulas(tmp_path, cli):
    units = UNITS.replace("name: 鼓楼区", "name: '=HYPERLINK(\"http://x\")'")
    result = cli("assess", "-l", _ledger(tmp_path, units=units), "--period", "2026H1", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "group,rank,tied,unit_id,unit,on-time,finished,overdue,rectify,replies,manual,total,grade"
    assert lines[1] == "板块,1,,gulou,\"'=HYPERLINK(\"\"http://x\"\")\",0.00,20.00,20.00,10.00,10.00,2.00,62.00,一般"


def test_no_method_and_bad_period(tmp_path, cli):
    root = write_ledger(tmp_path / "plain")
    missing = cli("assess", "-l", root, "--lang", "en")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"The ledger at {root} has no assessment.yaml")
    quarter = cli("assess", "-l", _ledger(tmp_path), "--period", "2026Q2", "--lang", "en")
    assert quarter.exit_code == 2
    assert quarter.stderr.strip() == "--period 2026Q2: an assessment covers a half-year (2026H1) or a year (2026)."


def test_a_broken_method_is_said_to_be_unreadable_not_missing(tmp_path, cli):
    root = write_ledger(tmp_path / "broken", files={"assessment.yaml": "groups: 5\n"})
    refused = cli("assess", "-l", root, "--lang", "en")
    assert refused.exit_code == 1 and "assessment.yaml:1:9: R103" in refused.stderr
    forced = cli("assess", "-l", root, "--force", "--lang", "en")
    assert forced.exit_code == 2
    assert forced.stderr.splitlines()[-1] == (f"The assessment method (assessment.yaml) of the ledger at {root} could "
                                              "not be read; fix the problems shown above (reformctl check), then assess again.")
    assert "has no assessment.yaml" not in forced.stderr


def test_the_document(tmp_path, cli):
    root = _ledger(tmp_path)
    md = cli("assess", "-l", root, "--period", "2026H1", "-f", "md")
    assert md.exit_code == 0, md.stderr
    assert md.stdout.startswith("# 关于2026年上半年全面深化改革工作考核结果的通报\n")
    assert ("按照《2026年度改革工作考核》，对各单位2026年上半年全面深化改革工作进行了评估（数据截至2026年6月20日）。"
            "考核满分100分，好1个、较好0个、一般1个、较差1个。") in md.stdout
    assert "| 第1 | 鼓楼区 | 0.00 | 20.00 | 20.00 | 10.00 | 10.00 | 0.00 | +2.00 | 62.00 | 一般 |" in md.stdout
    report = cli("report", "assessment", "-l", root, "--period", "2026", "-f", "docx", "-o", tmp_path / "a.docx")
    assert report.exit_code == 0, report.stderr
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "a.docx")).paragraphs)
    assert "关于2026年度全面深化改革\n工作考核结果的通报" in text  # the title in two lines, as GB/T 9704 sets it
    assert "一般（1个）：鼓楼区（第1，62.00分）。" in text
    table = Document(str(tmp_path / "a.docx")).tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [
        "第1", "鼓楼区", "0.00", "20.00", "20.00", "10.00", "10.00", "0.00", "+2.00", "62.00", "一般"]


# --- a Nanjing-like city: 12 districts, 10 parks, 70 departments, each group ranked by itself ----------

NANJING_METHOD = """\
title: 南京式分类考核
groups:
  - {id: districts, name: 板块, kinds: [district]}
  - {id: parks, name: 园区, kinds: [park]}
  - {id: departments, name: 部门, kinds: [department]}
indicators:
  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 100}
grades:
  - {name: 好, min: 75, max_share: 0.3}
  - {name: 较好, min: 50}
  - {name: 一般, min: 0}
"""


def _nanjing(tmp_path):
    kinds = [("d", "district", 12), ("p", "park", 10), ("b", "department", 70)]
    units = "leaders: []\nunits:\n  - {id: office, name: 市委改革办, kind: office}\n"
    tasks = ""
    for prefix, kind, count in kinds:
        for number in range(1, count + 1):
            unit = f"{prefix}{number:02d}"
            units += f"  - {{id: {unit}, name: 单位{unit}, kind: {kind}}}\n"
            on_time = number % 5  # 0..4 of 4 milestones on time: many ties
            milestones = "".join(
                f"    - {{id: m{m}, due: 2026-0{m}-15, what: 节点{m}, done: 2026-0{m}-{15 if m <= on_time else 20}}}\n"
                for m in range(1, 5))
            tasks += f"- id: T-{unit}\n  title: 任务{unit}\n  lead_unit: {unit}\n  status: done\n  milestones:\n{milestones}"
    return _ledger(tmp_path, NANJING_METHOD, tasks, units)


def test_nanjing_like_city_ranks_each_group_with_ties_shared(tmp_path, cli):
    result = cli("assess", "-l", _nanjing(tmp_path), "--period", "2026H1", "-f", "json")
    assert result.exit_code == 0, result.stderr
    groups = {g["name"]: g["units"] for g in json.loads(result.stdout)["groups"]}
    assert [len(units) for units in groups.values()] == [12, 10, 70]
    districts = [(u["unit_id"], u["rank_label"], u["total"], u["grade"]) for u in groups["板块"]]
    assert districts == [
        ("d04", "并列第1", 100, "好"), ("d09", "并列第1", 100, "好"),
        ("d03", "并列第3", 75, "好"), ("d08", "并列第3", 75, "好"),
        ("d02", "并列第5", 50, "较好"), ("d07", "并列第5", 50, "较好"), ("d12", "并列第5", 50, "较好"),
        ("d01", "并列第8", 25, "一般"), ("d06", "并列第8", 25, "一般"), ("d11", "并列第8", 25, "一般"),
        ("d05", "并列第11", 0, "一般"), ("d10", "并列第11", 0, "一般")]
    parks = [(u["unit_id"], u["rank_label"], u["grade"]) for u in groups["园区"]]
    assert parks == [("p04", "并列第1", "好"), ("p09", "并列第1", "好"), ("p03", "并列第3", "好"),
                     ("p08", "并列第3", "好"), ("p02", "并列第5", "较好"), ("p07", "并列第5", "较好"),
                     ("p01", "并列第7", "一般"), ("p06", "并列第7", "一般"),
                     ("p05", "并列第9", "一般"), ("p10", "并列第9", "一般")]
    departments = groups["部门"]
    ranks = sorted({(u["rank"], u["total"]) for u in departments})
    assert ranks == [(1, 100), (15, 75), (29, 50), (43, 25), (57, 0)]
    assert all(u["tied"] for u in departments)
    # 好 goes to ranks ≤ ⌊70 × 0.3⌋ = 21: the 14 tied first; the 75s (rank 15) too; not below
    assert {u["grade"] for u in departments if u["rank"] <= 15} == {"好"}
    assert {u["grade"] for u in departments if u["total"] == 50} == {"较好"}


# --- checks ---------------------------------------------------------------------------------------


def test_a_sound_method_checks_clean(tmp_path, cli):
    result = cli("check", "-l", _ledger(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.stdout


BAD_METHOD = """\
title: 有毛病的考核办法
groups:
  - {id: districts, name: 板块, kinds: [district]}
  - {id: more, name: 其他, kinds: [district, department]}
indicators:
  - {id: on-time, name: 按时率, measure: on_time_share, weight: 40, per_item: 1}
  - {id: overdue, name: 逾期, measure: overdue_count, weight: 30}
  - {id: overdue, name: 逾期2, measure: late_done_count, weight: 20, per_item: 2}
deductions:
  - {id: share, name: 比率扣分, measure: finished_share, per_item: 1}
manual_items:
  - {id: experience, name: 典型经验, points: 2}
awards:
  - {unit: gulu, item: experince, date: 2026-05-20}
  - {unit: office, item: experience, date: 2026-05-20}
grades:
  - {name: 较好, min: 80}
  - {name: 好, min: 90}
"""


def test_a_method_with_mistakes_is_reported_at_each_place(tmp_path, cli):
    result = cli("check", "-l", _ledger(tmp_path, BAD_METHOD), "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "assessment.yaml:2:1: R771 units of kind 'park' (hitech) are in no group, so they would not be ranked; add the kind to a group's kinds, or list it under not_assessed.",
        "assessment.yaml:4:34: R772 unit kind 'district' is already in districts; a kind is ranked in one group only: delete it here.",
        "assessment.yaml:5:1: R770 the indicators' weights add up to 90 (40 + 30 + 20), not to full_marks 100; change the weights (or full_marks) so that they agree.",
        "assessment.yaml:6:66: R777 indicator 'on-time' is a share (on_time_share), scored weight × share; per_item means nothing here: delete it.",
        "assessment.yaml:7:5: R776 indicator 'overdue' counts items (overdue_count), so it needs per_item: the points lost for each item (weight − per_item × count, not below 0).",
        "assessment.yaml:8:10: R203 'overdue' is defined twice among the indicators (first at assessment.yaml indicators[2]); keep one.",
        "assessment.yaml:10:38: R778 deduction 'share' takes points per item, and finished_share is a share, not a count; choose a count: overdue_count, late_done_count, findings_open, findings_closed_late, notices_answered_late or notices_unanswered.",
        "assessment.yaml:14:12: R774 unknown unit 'gulu' (did you mean 'gulou'?); units are listed in units.yaml.",
        "assessment.yaml:14:24: R773 the manual item 'experince' (did you mean 'experience'?) is not in manual_items; add it to the points table, or correct the id.",
        "assessment.yaml:15:12: R775 unit 'office' is of kind 'office', which no group ranks, so these points count for no one; check the unit, or add its kind to a group.",
        "assessment.yaml:16:1: R779 the lowest grade starts at 80, so a unit scoring less would have no 等次; give the last grade min: 0.",
        "assessment.yaml:18:20: R780 grade '好' (min 90) is listed after '较好' (min 80); list the grades from the highest min down.",
    ]
    assert "11 errors, 1 warning." in result.stderr


# --- who may write the method: the office only (R943), tested both ways ------------------------------


def test_only_the_office_changes_the_method(tmp_path, cli):
    from ci_repo import GULOU, OFFICE, LedgerRepo

    repo = LedgerRepo(tmp_path / "repo")
    repo.write("assessment.yaml", METHOD)
    repo.commit("考核办法", email=OFFICE)
    repo.edit("assessment.yaml", "date: 2026-05-20", "date: 2026-05-21")
    repo.commit("鼓楼区改了自己的加分日期", email=GULOU)
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "json", "--lang", "en")
    problems = [(p["code"], p["file"], p["line"]) for p in json.loads(result.stdout)["problems"]]
    assert result.exit_code == 1 and problems == [("R943", "assessment.yaml", 1)]
    by_office = cli("check", "-l", repo.root, "--base", "HEAD~1", "--author", OFFICE, "-f", "json")
    assert by_office.exit_code == 0 and json.loads(by_office.stdout)["problems"] == []
