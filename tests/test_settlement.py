"""The settlement (年终盘总账, issue 10 item 8): a 通报 sent down, a 报告 only when addressed up; before
the year's end refused unless --force, and then a 预盘点; every unfinished task states its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import write_ledger
from report_fixture import REPORT_CONFIG, REPORT_TASKS

UNREPORTED = """\
- id: T-6
  title: 基层减负改革
  lead_unit: gulou
  status: in_progress
  milestones:
    - {id: m1, due: 2026-06-30, what: 形成减负清单}
  progress:
    - {date: 2026-06-05, by: gulou, text: 已梳理报表42张}
"""
SUPERIOR = "中共江州市委全面深化改革委员会"


def _ledger(root: Path, as_of: str, extra_documents: str = "") -> Path:
    config = REPORT_CONFIG.replace("as_of: 2026-07-10", f"as_of: {as_of}") + extra_documents
    return write_ledger(root, config=config, tasks={"main.yaml": REPORT_TASKS + UNREPORTED})


@pytest.fixture
def year_over(tmp_path: Path) -> Path:
    """The ledger in January 2027: the 2026 settlement is due."""
    return _ledger(tmp_path / "january", "2027-01-10", f"  superiors: [{SUPERIOR}, 省委改革办]\n")


@pytest.fixture
def in_july(tmp_path: Path) -> Path:
    return _ledger(tmp_path / "july", "2026-07-10")


def test_before_the_year_end_it_is_refused_in_either_language(in_july, cli):
    zh = cli("report", "settlement", "-l", in_july, "--lang", "zh")
    en = cli("report", "settlement", "-l", in_july, "--lang", "en")
    assert (zh.exit_code, en.exit_code, zh.stdout, en.stdout) == (1, 1, "", "")
    assert zh.stderr == ("年终盘总账（2026）须在年度结束（2026-12-31）后进行，台账日期为 2026-07-10。如需现在盘点，"
                         "请加 --force，生成的文件为“预盘点”，标题和正文均注明。\n")
    assert en.stderr == ("The settlement of 2026 (年终盘总账) is made once the year is over, on 2026-12-31 or later; "
                         "the ledger's day is 2026-07-10. To take stock now, give --force: the document is then a "
                         "provisional settlement (预盘点) and says so in its title and text.\n")


def test_forced_before_the_year_end_it_reads_yupandian(in_july, cli):
    result = cli("report", "settlement", "-l", in_july, "--force", "--lang", "zh")
    assert result.exit_code == 0
    assert result.stderr == "注意：2026 年度至 2026-12-31 结束，本文件为截至 2026-07-10 的预盘点。\n"
    lines = result.stdout.splitlines()
    assert lines[0] == "# 关于2026年度改革任务年终预盘点情况的通报"
    assert lines[4] == ("按照“对账、查账、销账”的要求，现将2026年度改革任务年终预盘点情况通报如下（数据截至2026年7月10日；"
                        "年度尚未结束，以下为预盘点结果，年度结束后另行盘总账）。")
    assert "特此通报。" in lines and "盘总账情况" not in result.stdout


def test_json_is_refused_early_too_and_says_provisional_when_forced(in_july, cli):
    assert cli("report", "settlement", "-l", in_july, "-f", "json").exit_code == 1
    import json

    data = json.loads(cli("report", "settlement", "-l", in_july, "-f", "json", "--force").stdout)
    assert (data["genre"], data["stage"], data["provisional"]) == ("通报", "年终预盘点", True)


def test_after_the_year_end_it_is_a_tongbao_sent_down(year_over, cli):
    result = cli("report", "settlement", "-l", year_over, "--period", "2026")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# 关于2026年度改革任务年终盘总账情况的通报"
    assert lines[2] == "各区委、区政府、市委各部委、市各委办局："
    assert lines[4] == "按照“对账、查账、销账”的要求，现将2026年度改革任务年终盘总账情况通报如下（数据截至2026年12月31日）。"
    assert "特此通报。" in lines and "预盘点" not in result.stdout


@pytest.mark.parametrize("to, genre", [((SUPERIOR,), "报告"), (("省委改革办", "市委办公室"), "报告"),
                                       (("鼓楼区",), "通报")])
def test_addressed_to_a_superior_it_is_a_baogao(year_over, cli, to, genre):
    args = [arg for name in to for arg in ("--to", name)]
    result = cli("report", "settlement", "-l", year_over, *args)
    lines = result.stdout.splitlines()
    assert lines[0] == f"# 关于2026年度改革任务年终盘总账情况的{genre}"
    assert lines[2] == "、".join(to) + "："
    assert f"现将2026年度改革任务年终盘总账情况{genre}如下" in lines[4] and f"特此{genre}。" in lines


def test_the_setting_alone_makes_it_a_baogao(tmp_path, cli):
    """documents.recipients naming a superior: the office's settlement always goes up."""
    root = _ledger(tmp_path / "ledger", "2027-01-10", f"  superiors: [{SUPERIOR}]\n")
    config = root / "reformctl.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "recipients: [各区委、区政府, 市委各部委, 市各委办局]", f"recipients: [{SUPERIOR}]"), encoding="utf-8")
    result = cli("report", "settlement", "-l", root)
    assert result.stdout.splitlines()[0] == "# 关于2026年度改革任务年终盘总账情况的报告"
    assert cli("report", "bulletin", "-l", root, "--period", "2026H1").stdout.startswith(
        "# 关于2026年上半年全面深化改革任务推进情况的通报")  # only the settlement changes its 文种


def test_every_unfinished_task_states_its_reason(year_over, cli):
    """carry_over.reason, else the latest progress' problem, else 未报送原因."""
    from datetime import date

    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports import build_report, parse_period

    ledger, _ = load_ledger(year_over, today=date(2027, 1, 10))
    data = build_report("settlement", ledger, parse_period("2026"), date(2026, 12, 31))
    assert [(r["task_id"], r["reason"], r["reason_from"]) for r in data["not_completed"]] == [
        ("T-1", "部门意见尚未统一", "progress"), ("T-6", None, None)]
    assert [(r["task_id"], r["reason"], r["reason_from"]) for r in data["carried_over"]] == [
        ("T-5", "试点周期两年", "carry_over")]
    markdown = cli("report", "settlement", "-l", year_over).stdout
    assert "| 1 | 市发展改革委 | 优化营商环境改革 \\| 一网通办 \\< 二期 \\& 三期（T-1） | 形成方案；印发实施 | 部门意见尚未统一 |" in markdown
    assert "| 2 | 鼓楼区 | 基层减负改革（T-6） | 形成减负清单 | 未报送原因 |" in markdown
    assert "| 1 | 鼓楼区 | 农村宅基地制度改革试点（T-5） | 2027年 | 试点周期两年 |" in markdown


def test_the_word_file_says_the_same(year_over, in_july, cli, tmp_path):
    docx = pytest.importorskip("docx")
    texts = {}
    for name, root, more in (("up", year_over, ["--to", SUPERIOR]), ("early", in_july, ["--force"])):
        target = tmp_path / f"{name}.docx"
        assert cli("report", "settlement", "-l", root, "-f", "docx", "-o", target, *more).exit_code == 0
        texts[name] = [p.text for p in docx.Document(str(target)).paragraphs]
    up, early = texts["up"], texts["early"]
    assert "".join(up).count("年终盘总账情况的报告") == 1 and "特此报告。" in up
    assert "2. 鼓楼区“基层减负改革”，未完成节点：形成减负清单；原因：未报送原因。" in up
    assert "".join(early).count("年终预盘点情况的通报") == 1 and "特此通报。" in early
    assert any("年度尚未结束，以下为预盘点结果" in text for text in early)
