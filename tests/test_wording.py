"""公文 wording (issue 10, "Wording"): each phrase as an office writes it, and the old one gone."""

from __future__ import annotations

import json
import re

import pytest

from helpers import CONFIG, TASKS, write_ledger
from report_fixture import REPORT_CONFIG, REPORT_TASKS, report_args, write_report_ledger


def test_status_words_done_version_window_and_more_units(ledger_dir, cli):
    """已完成 → 已完成待销号 beside 已销号; 提交 → 版本; 临期窗口 → 临期提醒范围; 按时率 → 按时完成率;
    滞后在前 → 按滞后程度排序; ……另有 1 项 → ……另有1个单位; 不在 git 仓库中 → 版本：未纳入 git."""
    out = cli("status", "-l", ledger_dir, "--as-of", "2026-05-10", "--lang", "zh", "--limit", "1").stdout
    lines = out.splitlines()
    assert lines[1] == f"台账：{ledger_dir} · 版本：未纳入 git · 临期提醒范围：10 个工作日（至 2026-05-22）"
    assert lines[3] == "任务 2 项：推进中 1 · 已完成待销号 1"
    assert "各单位推进情况（按滞后程度排序）" in lines
    assert " ……另有1个单位" in lines
    assert "按时完成率" in out
    for old in ("提交", "临期窗口", "按时率", "滞后在前", "另有 1 项", "不在 git 仓库中", "· 已完成 1"):
        assert old not in out


def test_status_english_more_rows_name_what_they_count(ledger_dir, cli):
    out = cli("status", "-l", ledger_dir, "--lang", "en", "--limit", "1").stdout
    assert " … and 1 more unit" in out.splitlines()


# --- check ---

def test_check_clean_summary_says_no_errors_no_warnings(ledger_dir, cli):
    result = cli("check", "-l", ledger_dir, "--lang", "zh")
    assert result.stderr == "共 3 个文件、2 项任务：无错误、无警告。\n"
    assert "0 个警告" not in result.stderr


def test_check_summary_with_errors_says_no_warnings_in_words(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": "- id: X-1\n  title: t\n  lead_unit: nobody\n"
                                               "  milestones: [{id: m1, due: 2026-05-01, what: w}]\n"})
    assert cli("check", "-l", root, "--lang", "zh").stderr == "共 3 个文件、1 项任务：1 个错误、无警告。\n"


def _check_lines(cli, root, lang):
    return cli("check", "-l", root, "--lang", lang).stdout.splitlines()


def test_check_r109_pydantic_refusal_in_chinese_words(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=CONFIG.replace("due_soon_days: 10", "due_soon_days: 1000"))
    assert _check_lines(cli, root, "zh") == ["reformctl.yaml:5:16: R109 “due_soon_days”的值无效：不能大于 366（此处为 1000）。"]
    assert _check_lines(cli, root, "en") == [
        "reformctl.yaml:5:16: R109 'due_soon_days' has an invalid value: it must be at most 366 (here 1000)."]


def test_check_r001_two_documents_in_chinese_words(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": TASKS + "---\n" + TASKS})
    zh = _check_lines(cli, root, "zh")
    assert zh[0].startswith("tasks/t.yaml:") and zh[0].endswith(
        " R001 YAML 语法错误：一个文件中有多个 YAML 文档（以一行“---”分隔），每个文件只能有一个。请检查本行及上一行的缩进和引号。")
    assert "more than one" not in "\n".join(zh)


def test_check_r001_parser_words_are_said_in_chinese(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": "- id: X-1\n  title: [unclosed\n"})
    line = _check_lines(cli, root, "zh")[0]
    assert line.endswith("R001 YAML 语法错误：方括号没有闭合（缺少“]”或“,”）。请检查本行及上一行的缩进和引号。")
    assert not re.search("[A-Za-z]{4,}", line.split("R001", 1)[1].replace("YAML", ""))


def test_check_shows_true_as_written_not_pythons_true(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": TASKS.replace("title: 优化营商环境改革", "title: true")})
    assert _check_lines(cli, root, "zh") == ["tasks/t.yaml:2:10: R103 “title”应为文本，此处却是布尔值（true）。"]
    assert _check_lines(cli, root, "en") == ["tasks/t.yaml:2:10: R103 'title' must be text, but here it is true/false (true)."]


def test_check_full_width_id_gets_a_hint_naming_the_half_width_one(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": TASKS.replace("- id: T-1", "- id: ＪＺ－２０２６－００１")})
    assert _check_lines(cli, root, "zh") == [
        "tasks/t.yaml:1:7: R108 “ＪＺ－２０２６－００１”不是有效的编号（使用了全角字符，应写作半角的“JZ-2026-001”）；"
        "编号只能用字母、数字、“-”“_”“.”，并以字母或数字开头。"]
    assert _check_lines(cli, root, "en") == [
        "tasks/t.yaml:1:7: R108 'ＪＺ－２０２６－００１' is not a valid id (typed in full-width characters: write "
        "'JZ-2026-001'); use letters, digits, '-', '_' or '.', starting with a letter or digit."]


# --- reports ---

TITLED_TASK = """\
- id: W-1
  title: 鼓楼区：“企业服务专员”全覆盖
  lead_unit: gulou
  status: in_progress
  milestones:
    - {id: m1, due: 2026-06-10, what: 出台“企业服务专员”工作办法}
  progress:
    - {date: 2026-06-15, by: gulou, text: 办法已起草, coordination: 请市司法局审查}
"""


@pytest.fixture
def titled_ledger(tmp_path):
    """The report fixture plus a task whose title names its unit and holds quotes, with no leader."""
    return write_ledger(tmp_path / "ledger", config=REPORT_CONFIG, tasks={"main.yaml": REPORT_TASKS + TITLED_TASK})


def _report(cli, kind, root, *more):
    result = cli(*report_args(kind, root, *more))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_inner_quotes_and_no_second_unit_prefix_in_running_text(titled_ledger, cli):
    """白鹤区“白鹤区：“企业服务专员”全覆盖” → 白鹤区“企业服务专员”全覆盖; quotes inside “ ” are ‘ ’."""
    monthly = _report(cli, "monthly", titled_ledger).splitlines()
    assert "- 鼓楼区“企业服务专员”全覆盖（2026年6月15日）：办法已起草" in monthly
    assert "2. 鼓楼区“企业服务专员”全覆盖（2026年6月15日）：请市司法局审查" in monthly
    bulletin = _report(cli, "bulletin", titled_ledger)
    assert "2. 鼓楼区牵头的“‘企业服务专员’全覆盖”（W-1）：逾期节点1个，最长逾期13个工作日；未报送滞后原因。" in bulletin
    assert "鼓楼区“鼓楼区：" not in monthly and "“鼓楼区：“" not in bulletin


def test_overdue_word_names_the_task_and_milestone_with_nested_quotes(titled_ledger, cli, tmp_path):
    import docx

    target = tmp_path / "o.docx"
    assert cli(*report_args("overdue", titled_ledger, "-f", "docx", "-o", str(target))).exit_code == 0
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert ("1. “‘企业服务专员’全覆盖”（W-1）：节点“出台‘企业服务专员’工作办法”时限为2026年6月10日，已逾期21个工作日。"
            "最新进展（2026年6月15日）：办法已起草。未报送滞后原因。") in texts
    assert "二、鼓楼区（逾期节点2个）" in texts
    assert not [t for t in texts if "牵头领导未明确" in t or "未说明" in t]


def test_leader_is_the_city_leader_and_an_empty_one_is_left_out(titled_ledger, cli):
    bulletin = _report(cli, "bulletin", titled_ledger)
    assert "1. 市发展改革委牵头的“优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期”（T-1，牵头市领导李明）：" in bulletin
    assert "| 序号 | 牵头单位 | 任务 | 逾期节点 | 时限 | 逾期工作日 | 牵头市领导 | 最新进展 | 滞后原因 |" in bulletin
    assert "牵头领导" not in bulletin.replace("牵头市领导", "")
    assert "未明确" not in bulletin


def test_bulletin_reports_not_airs_and_names_the_year_end_settlement(titled_ledger, cli):
    bulletin = _report(cli, "bulletin", titled_ledger)
    assert "“按月推进、按季盘点、半年通报、年终盘总账”" in bulletin and "年终盘账" not in bulletin
    assert "（清单见附件1），现予通报：" in bulletin and "晾晒" not in bulletin


def test_overdue_says_who_gave_no_reason_and_counts_under_each_unit(titled_ledger, report_ledger, cli):
    text = _report(cli, "overdue", titled_ledger)
    assert "最长逾期21个工作日；其中2个节点未报送滞后原因。" in text and "说明了滞后原因" not in text
    assert "## 鼓楼区（逾期节点2个）" in text.splitlines() and "（2个）" not in text
    assert "| 6月25日 | 11 | 6月28日 已完成三个村的摸底 | 未报送原因 |" in text and "未说明" not in text


def test_overdue_with_every_reason_given_says_so(tmp_path, cli):
    root = write_ledger(tmp_path / "l", config=REPORT_CONFIG, tasks={"main.yaml": REPORT_TASKS.split("- id: T-2")[0]})
    text = _report(cli, "overdue", root)
    assert "最长逾期21个工作日；均已说明滞后原因。另有0个节点即将到期。" in text


def test_quarterly_says_which_way_the_rate_moved(report_ledger, cli):
    text = _report(cli, "quarterly", report_ledger)
    assert "逾期节点增加2个；节点完成率由100%下降至66.7%。" in text and "变为" not in text
    assert "| 2 | 鼓楼区 | 农村宅基地制度改革试点 | 1 | 3 | 未报送原因 |" in text


def test_settlement_is_the_year_end_general_account_and_opens_with_the_overall_picture(report_ledger, cli):
    text = _report(cli, "settlement", report_ledger, "--force")  # before the year's end
    # before the year's end it is a 预盘点 (after it, 年终盘总账: tests/test_settlement.py); never 年终盘账
    assert text.splitlines()[0] == "# 关于2026年度改革任务年终预盘点情况的通报" and "年终盘账" not in text
    assert "## 一、总体情况" in text.splitlines() and "## 一、总账" not in text
    assert "| 1 | 鼓楼区 | 城市更新试点（T-2） | 5月20日 | docs/t2.pdf | 江改办〔2026〕3号 |" in text


def test_rate_change_filter_words():
    from reformctl.render.templating import rate_change

    assert [rate_change(1.0, 0.934), rate_change(0.902, 0.934), rate_change(0.934, 0.934), rate_change(None, 0.5)] == [
        "由100%下降至93.4%", "由90.2%上升至93.4%", "保持93.4%不变", "为50%"]


def test_unit_task_and_quoted_filters():
    from reformctl.render.templating import quoted, unit_task

    assert unit_task("白鹤区：“企业服务专员”全覆盖", "白鹤区") == "白鹤区“企业服务专员”全覆盖"
    assert unit_task("优化“放管服”改革", "市发展改革委") == "市发展改革委“优化‘放管服’改革”"
    assert unit_task("临江区渔港街道：由“接诉即办”向“未诉先办”升级", "临江区") == "临江区渔港街道：由“接诉即办”向“未诉先办”升级"
    assert quoted("北亭区：小区“微治理”积分制", "北亭区") == "“小区‘微治理’积分制”"
    assert quoted("引用‘三张清单’的“做法”") == "“引用“三张清单”的‘做法’”"


def test_source_line_names_the_version_and_a_chinese_date():
    from reformctl.reports import source_note

    assert source_note("a17d30cf0fa0", "2026年7月31日") == "本文件由 reformctl 根据台账版本 a17d30cf0fa0 生成，数据截至2026年7月31日。"
    assert source_note(None, "2026年7月31日") == "本文件由 reformctl 根据台账（未纳入 git 管理）生成，数据截至2026年7月31日。"


# --- dates in the Markdown documents ---

def test_markdown_tables_show_month_and_day_and_the_signing_date_is_the_date_option(titled_ledger, cli):
    text = _report(cli, "bulletin", titled_ledger, "--date", "2026-07-15")
    lines = text.splitlines()
    assert "| 1 | 市发展改革委 | 优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期 | 形成方案 | 6月10日 | 13 | 李明 | 方案已形成初稿 | 部门意见尚未统一 |" in lines
    signature = lines.index("江州市委全面深化改革委员会办公室  ")
    assert lines[signature + 1] == "2026年7月15日"  # the 成文日期: --date
    assert "（数据截至2026年6月30日）" in text  # the figures stay those of the as-of day
    assert not re.search(r"\d{4}-\d\d-\d\d", text)


@pytest.mark.parametrize("kind", ["overdue", "monthly", "quarterly", "settlement"])
def test_every_markdown_kind_signs_with_the_date_option_and_shows_no_iso_date(report_ledger, cli, kind):
    text = _report(cli, kind, report_ledger, "--date", "2026-07-15", *(["--force"] if kind == "settlement" else []))
    lines = text.splitlines()
    assert lines[lines.index("江州市委全面深化改革委员会办公室  ") + 1] == "2026年7月15日"
    assert not re.search(r"\d{4}-\d\d-\d\d", text.replace("docs/", ""))


@pytest.fixture
def report_ledger(tmp_path):
    return write_report_ledger(tmp_path / "report-ledger")


# --- diff and the pull-request rules ---

@pytest.fixture
def drift(tmp_path):
    """A pull request that postpones m3 with an approval whose reason ends in a stop, moves m2
    without one, and rewrites T-1's progress entry in place."""
    from ci_repo import LedgerRepo

    repo = LedgerRepo(tmp_path / "repo", sub="ledger", tasks={"main.yaml": TASKS})
    repo.edit("tasks/main.yaml", "{id: m2, due: 2026-06-10,", "{id: m2, due: 2026-07-10,")
    repo.edit("tasks/main.yaml", "{id: m3, due: 2026-06-30,", "{id: m3, due: 2026-09-30,")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-16, milestone: m3, field: due, from: 2026-06-30, "
                                                "to: 2026-09-30, reason: 待省级方案出台后衔接。, approved_by: 市委改革办}\n- id: T-2\n")
    repo.edit("tasks/main.yaml", "text: 方案已形成初稿}", "text: 方案已形成初稿并征求意见}")
    repo.commit("June update")
    return repo


def test_diff_postponement_has_one_stop_and_an_unapproved_one_says_so(drift, cli):
    lines = cli("diff", "HEAD~1", "HEAD", "-l", drift.root, "--lang", "zh").stdout.splitlines()
    assert "  T-1 m3“印发实施”：2026-06-30 → 2026-09-30；原因：待省级方案出台后衔接；批准：市委改革办" in lines
    assert "  T-1 m2“形成方案”：2026-06-10 → 2026-07-10，未经批准" in lines
    assert not [line for line in lines if "。；" in line or "—；" in line]
    english = cli("diff", "HEAD~1", "HEAD", "-l", drift.root, "--lang", "en").stdout.splitlines()
    assert "  T-1 m2 形成方案: 2026-06-10 → 2026-07-10, not approved" in english
    assert "  T-1 m3 印发实施: 2026-06-30 → 2026-09-30; reason: 待省级方案出台后衔接; approved by 市委改革办" in english


def test_diff_shows_a_rewritten_progress_entry_as_rewritten_not_new(drift, cli):
    lines = cli("diff", "HEAD~1", "HEAD", "-l", drift.root, "--lang", "zh").stdout.splitlines()
    assert lines[lines.index("改写进展记录（1）") + 1] == (
        "  T-1 2026-06-01 市发展改革委：方案已形成初稿并征求意见（改写了原有记录，原为：2026-06-01 方案已形成初稿）")
    assert not [line for line in lines if line.startswith("新增进展")]
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", drift.root, "-f", "json").stdout)
    assert data["progress"] == [] and [(x["task"], x["was_text"]) for x in data["rewritten"]] == [("T-1", "方案已形成初稿")]


def test_pull_request_rules_name_the_task_as_well_as_the_milestone(drift, cli):
    result = cli("check", "-l", drift.root, "--base", "HEAD~1", "--lang", "zh")
    messages = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert any(m.startswith("R911 任务 T-1 的节点 m2 的时限从 2026-06-10 改为 2026-07-10，但没有新增经批准的调整记录；") for m in messages)
    english = cli("check", "-l", drift.root, "--base", "HEAD~1", "--lang", "en").stdout
    assert "R911 the due date of milestone m2 of task T-1 moved from 2026-06-10 to 2026-07-10 without a new approved change;" in english


def test_every_pull_request_rule_about_a_milestone_or_a_field_names_the_task():
    from reformctl.problems import RULES

    for code, rule in RULES.items():
        if "R901" <= code <= "R949" and ("milestone" in rule.en or "{field}" in rule.en):
            assert "{task}" in rule.en and "{task}" in rule.zh, code


def test_cli_messages_nest_the_quotes_of_ledger_text_they_quote():
    """A value the Chinese message sets inside “ ” has its own quotes made ‘ ’ (log, diff, problems)."""
    from reformctl.i18n import t
    from reformctl.problems import Problem

    line = t("log_done", "zh", milestone="m1", what="上线“一件事”服务", day="2026-03-30", new="2026-03-31")
    assert line == "节点完成：m1“上线‘一件事’服务”，2026-03-30 完成（时限 2026-03-31）"
    assert t("log_done", "en", milestone="m1", what="上线“一件事”服务", day="2026-03-30",
             new="2026-03-31") == "Milestone done: m1 上线“一件事”服务, done 2026-03-30 (due 2026-03-31)"
    problem = Problem("R003", "tasks/a.yaml", params={"key": "“id”", "first": 3}, line=4, col=3)
    assert "键“‘id’”出现了两次" in problem.message("zh")
