"""The 改革责任书's assessment terms (考核条款, issue 14 part 4) come from the office's method in
assessment.yaml: its indicators and points, deductions, manual items and 等次, in Markdown and in
Word; a ledger without assessment.yaml keeps the fixed terms."""

from __future__ import annotations

from helpers import dedent, write_ledger
from test_assess import METHOD
from test_multiyear_letter import LETTER_TASKS

WITH_DEDUCTION = METHOD.replace("manual_items:", "deductions:\n  - {id: open, name: 督察问题逾期未整改, measure: findings_open, "
                                "per_item: 3, cap: 9}\nmanual_items:\n  - {id: criticism, name: 通报批评, points: -2.5}")
FIXED = ("本责任书执行情况纳入2026年度全面深化改革考核。甲方按“按月推进、按季盘点、半年通报、年终盘总账”的要求督察推进，"
         "对节点逾期未完成且未经批准调整的，在半年通报和年终盘总账中予以通报，并在考核中相应扣分。")


def _ledger(tmp_path, method=None):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": LETTER_TASKS})
    if method is not None:
        (root / "assessment.yaml").write_text(dedent(method), encoding="utf-8")
    return root


def _terms(lines: list[str]) -> list[str]:
    start, end = lines.index("## 六、考核"), lines.index("本责任书一式两份，甲乙双方各执一份。")
    return [line for line in lines[start + 1:end] if line]


def test_the_terms_are_the_methods(tmp_path, cli):
    root = _ledger(tmp_path, WITH_DEDUCTION)
    result = cli("report", "letter", "--unit", "dev", "--year", "2026", "-l", root)
    assert result.exit_code == 0, result.stderr
    assert _terms(result.stdout.splitlines()) == [
        "本责任书执行情况纳入2026年度改革工作考核（满分100分），乙方在“部门”类别中排名。甲方按“按月推进、按季盘点、半年通报、"
        "年终盘总账”的要求督察推进，对节点逾期未完成且未经批准调整的，在半年通报和年终盘总账中予以通报，并按考核办法计分。",
        "考核指标：节点按时完成率40分，按比率计分；任务完成率20分，按比率计分；逾期节点20分，每项扣4分，扣完为止；"
        "逾期整改10分，每项扣5分，扣完为止；逾期答复10分，每项扣5分，扣完为止。",
        "扣分项：督察问题逾期未整改每项扣3分，最多扣9分。",
        "加减分项：通报批评减2.5分；典型经验加2分；加减分合计不超过5分。",
        "考核等次：好（90分及以上）、较好（80分及以上）、一般（60分及以上）、较差（60分以下）。",
    ]


def test_the_word_letter_states_the_same_terms(tmp_path, cli):
    root = _ledger(tmp_path, METHOD.replace("  - {name: 好, min: 90}", "  - {name: 好, min: 90, max_share: 0.3}"))
    out = tmp_path / "dev.docx"
    result = cli("report", "letter", "--unit", "dev", "--year", "2026", "-l", root, "-f", "docx", "-o", out)
    assert result.exit_code == 0, result.stderr
    from docx import Document

    text = [p.text for p in Document(str(out)).paragraphs]
    start = text.index("六、考核")
    assert text[start + 2:start + 5] == [
        "考核指标：节点按时完成率40分，按比率计分；任务完成率20分，按比率计分；逾期节点20分，每项扣4分，扣完为止；"
        "逾期整改10分，每项扣5分，扣完为止；逾期答复10分，每项扣5分，扣完为止。",
        "加减分项：典型经验加2分；加减分合计不超过5分。",
        "考核等次：好（90分及以上，不超过本类别单位数的30%）、较好（80分及以上）、一般（60分及以上）、较差（60分以下）。",
    ]


def test_without_a_method_the_fixed_terms_stand(tmp_path, cli):
    result = cli("report", "letter", "--unit", "dev", "--year", "2026", "-l", _ledger(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert _terms(result.stdout.splitlines()) == [FIXED]


def test_the_terms_are_in_the_templates_data(tmp_path, cli):
    import json

    office_unit = cli("report", "letter", "--unit", "office", "--year", "2026", "-l", _ledger(tmp_path, METHOD), "-f", "json")
    data = json.loads(office_unit.stdout)["assessment"]
    assert (data["assessed"], data["group"], data["grades"][-1]) == (
        False, None, {"name": "较差", "min": "0", "below": "60", "max_share": None})
