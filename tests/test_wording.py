"""公文 wording (issue 10, "Wording"): each phrase as an office writes it, and the old one gone."""

from __future__ import annotations

import re

from helpers import CONFIG, TASKS, write_ledger


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
