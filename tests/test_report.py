"""`reformctl report`: the data of each briefing, its Markdown, templates, refusal and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from helpers import write_ledger
from report_fixture import KINDS, report_args, write_report_ledger

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def report_ledger(tmp_path: Path) -> Path:
    return write_report_ledger(tmp_path / "ledger")


def load(root: Path):
    from reformctl.pipeline.ledger import load_ledger

    ledger, problems = load_ledger(root, today=date(2026, 11, 23))
    assert ledger is not None and not [p for p in problems if p.severity == "error"]
    return ledger


def data_of(root: Path, kind: str, period: str | None, as_of: date) -> dict:
    from reformctl.reports import build_report, parse_period

    return build_report(kind, load(root), parse_period(period) if period else None, as_of)


# --- periods and the default as-of day ---------------------------------------------------------


@pytest.mark.parametrize("text, grain, start, end, label", [
    ("2026-05", "month", date(2026, 5, 1), date(2026, 5, 31), "2026年5月"),
    ("2026Q2", "quarter", date(2026, 4, 1), date(2026, 6, 30), "2026年第二季度"),
    ("2026H1", "half", date(2026, 1, 1), date(2026, 6, 30), "2026年上半年"),
    ("2026h2", "half", date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
    ("2026", "year", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
])
def test_periods(text, grain, start, end, label):
    from reformctl.reports import parse_period

    period = parse_period(text)
    assert (period.grain, period.start, period.end, period.label) == (grain, start, end, label)


def test_previous_and_following_periods_cross_years():
    from reformctl.reports import parse_period

    assert parse_period("2026Q1").previous().code == "2025Q4"
    assert parse_period("2026-12").following().code == "2027-01"
    assert parse_period("2026H2").following().code == "2027H1"


@pytest.mark.parametrize("text", ["2026-13", "2026Q5", "26H1", "2026-05-01", "H1", ""])
def test_bad_periods_are_refused(text):
    from reformctl.reports import PeriodError, parse_period

    with pytest.raises(PeriodError):
        parse_period(text)


def test_default_as_of_is_the_period_end_capped_at_the_ledger_now():
    from reformctl.reports import default_as_of, parse_period

    assert default_as_of(parse_period("2026H1"), date(2026, 9, 18)) == date(2026, 6, 30)
    assert default_as_of(parse_period("2026"), date(2026, 9, 18)) == date(2026, 9, 18)
    assert default_as_of(None, date(2026, 9, 18)) == date(2026, 9, 18)


# --- the data of each KIND ---------------------------------------------------------------------


def test_overdue_data_is_the_status_overdue(report_ledger):
    from reformctl.ops.status import compute_status

    data = data_of(report_ledger, "overdue", None, date(2026, 7, 10))
    status = compute_status(load(report_ledger), date(2026, 7, 10))
    assert [(r["task_id"], r["milestone_id"]) for r in data["overdue"]] == \
        [(r.task_id, r.milestone_id) for r in status.overdue] == [("T-1", "m2"), ("T-5", "m2"), ("T-1", "m3")]
    assert data["counts"] == {"milestones": 3, "tasks": 2, "units": 2, "max_workdays": 21, "with_reason": 2,
                              "due_soon": 0}
    assert [(u["unit"], u["overdue"], len(u["rows"])) for u in data["by_unit"]] == [("市发展改革委", 2, 2), ("鼓楼区", 1, 1)]
    assert data["overdue"][0]["reason"] == "部门意见尚未统一"


def test_monthly_data(report_ledger):
    data = data_of(report_ledger, "monthly", "2026-06", date(2026, 6, 30))
    assert [r["what"] for r in data["due_open"]] == ["形成方案", "形成试点方案", "印发实施"]
    assert [(c["task_id"], c["coordination"]) for c in data["coordination"]] == [("T-1", "请市司法局加快合法性审查")]
    assert [r["what"] for r in data["next_month"]["milestones"]] == ["形成试点经验"]
    assert data["counts"]["progress"] == 2


def test_quarterly_data_compares_with_the_previous_quarter(report_ledger):
    data = data_of(report_ledger, "quarterly", "2026Q2", date(2026, 6, 30))
    assert data["previous"]["as_of"] == date(2026, 3, 31)
    assert (data["total"]["finished"], data["previous"]["total"]["finished"], data["change"]["finished"]) == (2, 0, 2)
    assert [row["key"] for row in data["by_list"]] == ["key", "pilot", "-"]
    assert [row["key"] for row in data["by_unit"]] == ["dev", "gulou", "hitech"]


def test_bulletin_ranks_units_by_kind_and_names_the_lagging(report_ledger):
    """One ranking per kind of unit (tests/test_ranking.py has a ledger of many units of each)."""
    data = data_of(report_ledger, "bulletin", "2026H1", date(2026, 6, 30))
    assert [(g["label"], [(r["rank_label"], r["key"]) for r in g["ranked"]]) for g in data["rankings"]] == [
        ("板块", [("第1", "gulou")]), ("园区", [("第1", "hitech")]), ("部门", [("第1", "dev")])]
    assert [t["task_id"] for t in data["lagging_tasks"]] == ["T-1", "T-5"]
    assert data["total"]["tasks"] == 5 and data["total"]["overdue"] == 2


def test_settlement_settles_every_task_once_and_reconciles(report_ledger):
    data = data_of(report_ledger, "settlement", "2026", date(2026, 7, 10))
    assert {name: [row["task_id"] for row in data[name]] for name in
            ("struck_off", "done", "not_completed", "carried_over", "withdrawn", "suspended")} == {
        "struck_off": ["T-2"], "done": ["T-3"], "not_completed": ["T-1"], "carried_over": ["T-5"],
        "withdrawn": ["T-4"], "suspended": []}
    assert data["struck_off"][0]["evidence"] == ["docs/t2.pdf"]
    assert data["withdrawn"][0]["approval"]["ref"] == "江改办〔2026〕2号"
    assert data["not_completed"][0]["reason"] == "部门意见尚未统一"
    assert data["rates"] == {"task_completion": 0.4, "completion": 0.5, "struck_off": 0.25, "counted_tasks": 4}
    assert [(item["code"], item["task_id"]) for item in data["reconciliation"]] == [("carry_over_finished", "T-3")]


def test_reconciliation_finds_what_does_not_add_up(tmp_path):
    tasks = """\
    - id: A
      title: 销号后又完成节点
      lead_unit: dev
      status: closed
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研, done: 2026-04-10}
      closed: {date: 2026-04-01, by: office, evidence: [a.pdf]}
    - id: B
      title: 节点完成但任务未完成
      lead_unit: dev
      status: in_progress
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研, done: 2026-03-30}
    """
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports import build_report, parse_period

    ledger, _ = load_ledger(write_ledger(tmp_path / "l", tasks={"main.yaml": tasks}), run_checks=False)
    data = build_report("settlement", ledger, parse_period("2026"), date(2026, 6, 20))
    assert [(item["code"], item["task_id"]) for item in data["reconciliation"]] == [
        ("done_after_closed", "A"), ("milestones_done_task_open", "B")]


def test_reconciliation_runs_the_status_checks_on_the_ledger_as_it_stood(tmp_path):
    tasks = """\
    - id: C
      title: 销号无佐证
      lead_unit: dev
      status: closed
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研, done: 2026-02-01}
      closed: {date: 2026-03-01, by: office, evidence: []}
    - id: D
      title: 完成但节点未完成
      lead_unit: dev
      status: done
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研, done: 2026-03-30}
        - {id: m2, due: 2026-05-31, what: 出台}
    - id: E
      title: 有销号记录但状态未改
      lead_unit: dev
      status: in_progress
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研}
      closed: {date: 2026-04-01, by: office, evidence: [e.pdf]}
    - id: F
      title: 销号在查看日之后
      lead_unit: dev
      status: closed
      milestones:
        - {id: m1, due: 2026-03-31, what: 调研, done: 2026-03-30}
      closed: {date: 2026-09-01, by: office, evidence: []}
    """
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports import build_report, parse_period

    ledger, _ = load_ledger(write_ledger(tmp_path / "l", tasks={"main.yaml": tasks}), run_checks=False)
    data = build_report("settlement", ledger, parse_period("2026"), date(2026, 6, 20))
    # F's strike-off without evidence (R502 today) had not happened on 20 June; D, "done" with a
    # milestone open, reads as in progress on any day (status_on), so R501 has nothing to find
    assert [(item["code"], item["task_id"], item["text"]) for item in data["reconciliation"]] == [
        ("closed_without_evidence", "C", "已销号但没有佐证材料"),
        ("record_without_status", "E", "有销号记录（2026-04-01），但状态不是已销号")]


def test_reports_never_import_jinja_or_docx():
    code = ("import sys\nfrom reformctl import reports\n"
            "print(sorted(m for m in ('jinja2', 'docx', 'typer', 'rich') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# --- Markdown: snapshots and escaping ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_markdown_snapshot(kind, report_ledger, cli):
    result = cli(*report_args(kind, report_ledger, "--lang", "en"))
    assert result.exit_code == 0, result.stderr
    snapshot = SNAPSHOTS / f"{kind}.md"
    if os.environ.get("REFORMCTL_UPDATE_SNAPSHOTS"):
        snapshot.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == snapshot.read_text(encoding="utf-8")


def test_markdown_escapes_ledger_text(report_ledger, cli):
    out = cli(*report_args("overdue", report_ledger)).stdout
    row = next(line for line in out.splitlines() if line.startswith("| 1 | 优化营商环境改革"))
    assert "优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期（T-1）" in row
    assert row.count(" | ") == 7  # eight cells: the title's pipe is not a column


def test_json_is_the_data_the_template_receives(report_ledger, cli):
    result = cli(*report_args("bulletin", report_ledger, "--format", "json"))
    data = json.loads(result.stdout)
    assert (data["kind"], data["as_of"], data["period"]["code"]) == ("bulletin", "2026-06-30", "2026H1")
    assert data["document"] == {"issuer": "江州市委全面深化改革委员会办公室", "number": None,
                                "recipients": ["各区委、区政府", "市委各部委", "市各委办局"],
                                "cc": ["市委办公室", "市政府办公室"], "printer": "江州市委改革办",
                                "addressed_up": False, "date": "2026-06-30"}  # 成文日期: --date, else the as-of day
    assert data["source"]["commit"] is None and data["source"]["errors"] == 0
    assert data["title"] == "关于2026年上半年全面深化改革任务推进情况的通报"


def test_options_override_the_document_settings(report_ledger, cli):
    out = cli(*report_args("overdue", report_ledger, "--number", "7", "--to", "鼓楼区", "--cc", "市纪委")).stdout
    assert out.splitlines()[2:5] == ["江改办〔2026〕7号", "", "鼓楼区："]
    assert "抄送：市纪委。" in out


# --- templates: overrides and errors -----------------------------------------------------------


def test_an_office_overrides_a_template(report_ledger, cli):
    (report_ledger / "templates").mkdir()
    (report_ledger / "templates" / "overdue.md.j2").write_text(
        "{{ office }}：逾期{{ counts.milestones }}个\n{% for row in overdue %}- {{ row.task_title }}\n{% endfor %}",
        encoding="utf-8")
    out = cli(*report_args("overdue", report_ledger)).stdout
    assert out.splitlines()[:4] == ["江州市委改革办：逾期3个", "- 优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期",
                                    "- 农村宅基地制度改革试点", "- 优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期"]


@pytest.mark.parametrize("text, line, detail", [
    ("# {{ title }}\n\n{% for row in overdue %}\n{{ row.task_title }\n{% endfor %}\n", 4, "unexpected '}'"),
    ("# {{ title }}\n\n{{ counts.nonesuch }}\n", 3, "has no attribute 'nonesuch'"),
    ("# {{ title }}\n{{ office.__class__.__mro__ }}\n", 2, "SecurityError"),
])
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_broken_template_names_itself_and_its_line_and_writes_nothing(report_ledger, cli, text, line, detail, fmt):
    (report_ledger / "templates").mkdir()
    template = report_ledger / "templates" / f"overdue.{fmt}.j2"
    template.write_text(text, encoding="utf-8")
    target = report_ledger / f"out.{fmt}"
    result = cli(*report_args("overdue", report_ledger, "--format", fmt, "-o", target, "--lang", "en"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{template}:{line}: template error: ")
    assert detail in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists() and [p.name for p in report_ledger.iterdir() if p.name.startswith(".out")] == []


def test_a_word_template_with_a_bad_block_is_refused(report_ledger, cli):
    (report_ledger / "templates").mkdir()
    (report_ledger / "templates" / "overdue.docx.j2").write_text("# {{ title }}\n@stamp 公章\n", encoding="utf-8")
    result = cli(*report_args("overdue", report_ledger, "--format", "docx", "-o", report_ledger / "x.docx", "--lang", "en"))
    assert result.exit_code == 2
    assert "overdue.docx.j2:?: template error: its output, line 2: unknown directive @stamp" in result.stderr


# --- refusal, periods at the command line -------------------------------------------------------


def test_a_ledger_with_errors_is_refused_unless_forced(tmp_path, cli):
    root = write_ledger(tmp_path / "bad", tasks={"main.yaml": "- id: T-1\n  title: 缺少牵头单位\n"})
    refused = cli("report", "overdue", "-l", root, "--lang", "en")
    assert refused.exit_code == 1 and "add --force" in refused.stderr and refused.stdout == ""
    forced = cli("report", "overdue", "-l", root, "--force", "--lang", "en")
    assert forced.exit_code == 0
    assert forced.stdout.startswith("> **注意：台账存在 1 个校验错误，本文件系强制生成（--force）")


@pytest.mark.parametrize("args, message", [
    (["monthly", "--period", "2026Q2"], "report monthly covers a month, and 2026Q2 is not one"),
    (["bulletin", "--period", "2026-13"], "--period 2026-13 is not a period"),
    (["quarterly", "--period", "2027Q1"], "The period 2027Q1 has not begun on the ledger's day 2026-07-10"),
])
def test_period_mistakes_are_usage_errors(report_ledger, cli, args, message):
    result = cli("report", *args, "-l", report_ledger, "--lang", "en")
    assert result.exit_code == 2 and message in result.stderr


def test_the_default_period_holds_the_ledger_day(report_ledger, cli):
    data = json.loads(cli("report", "quarterly", "-l", report_ledger, "-f", "json").stdout)
    assert (data["period"]["code"], data["as_of"]) == ("2026Q3", "2026-07-10")


def test_every_kind_renders_on_the_demo_ledger(cli):
    from reformctl.load.find import demo_ledger

    for kind in KINDS:  # the demo's day is 18 September: its settlement is a 预盘点, asked for
        result = cli("report", kind, "-l", demo_ledger(), *(["--force"] if kind == "settlement" else []))
        assert result.exit_code == 0, (kind, result.stderr)
        assert result.stdout.startswith("# 关于") and "数据截至2026年9月18日。" in result.stdout


def test_period_mistakes_read_in_chinese(report_ledger, cli):
    result = cli("report", "monthly", "--period", "2026Q2", "-l", report_ledger, "--lang", "zh")
    assert result.exit_code == 2
    assert result.stderr.startswith("report monthly 按月出具，2026Q2 不符；")


# --- the Word blocks keep ledger text as written -------------------------------------------------


one_line = st.text(min_size=1).map(lambda text: " ".join(text.split())).filter(bool)


@given(one_line, one_line)
def test_escaped_text_survives_the_word_blocks(first, second):
    from reformctl.render.docx_blocks import escape_block_text, parse_blocks

    table, paragraph = parse_blocks(f"| {escape_block_text(first)} | {escape_block_text(second)} |\n"
                                    f"{escape_block_text(first)}\n")
    assert (table.kind, table.rows) == ("table", [[first, second]])
    assert (paragraph.kind, paragraph.text) == ("p", first)
