"""公文 wording (issue 10, "Wording"): each phrase as an office writes it, and the old one gone."""

from __future__ import annotations


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
