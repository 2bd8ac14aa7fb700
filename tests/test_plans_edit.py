"""The writes of plans, the agenda and meetings (issue 14): through reformctl.edit, only the lines
touched change, and a write that would add an error is refused."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import write_ledger
from reformctl import load_ledger
from reformctl.edit import EditRefused
from reformctl.edit.plans import propose_agenda_item, record_meeting, record_review
from test_plans import _files

TODAY = date(2026, 6, 20)


def _ledger(tmp_path):
    return write_ledger(tmp_path / "l", files=_files())


def test_a_review_step_recorded_unblocks_the_plan(tmp_path):
    root = _ledger(tmp_path)
    change = record_review(root, "FA-1", "legality", day=date(2026, 6, 18), by="市司法局",
                           evidence=["docs/fa1-legality.pdf"], today=TODAY)
    assert change.diff.splitlines()[2:] == [
        "@@ -7,5 +7,6 @@",
        " review:",
        "   consult: {date: 2026-05-10, by: dev, evidence: [docs/fa1-consult.pdf]}",
        "   expert: {date: 2026-05-20, by: 专家组}",
        "+  legality: {date: 2026-06-18, by: 市司法局, evidence: [docs/fa1-legality.pdf]}",
        "   stability: {not_needed: 不涉及群众切身利益}",
        " meeting: {target: M-7}",
    ]
    assert change.summary.message("zh") == "已记录方案 FA-1 的合法性审查：plans/fa-1.yaml。"
    _, problems = load_ledger(root)
    assert "R370" not in {p.code for p in problems}
    with pytest.raises(EditRefused) as refused:
        record_review(root, "FA-1", "legality", today=TODAY)
    assert refused.value.message("en").startswith("The legality step (合法性审查) of plan FA-1 is already recorded")
    with pytest.raises(EditRefused) as unknown:
        record_review(root, "FA-9", "expert", today=TODAY)
    assert unknown.value.message("en") == "There is no plan FA-9 in plans/ (did you mean 'FA-2'?); nothing was written."


def test_an_agenda_item_is_proposed_in_reserve(tmp_path):
    root = _ledger(tmp_path)
    change = propose_agenda_item(root, {"title": "听取城市更新试点汇报", "unit": "gulou", "want_meeting": "M-7"},
                                 today=TODAY, dry_run=True)
    assert change.diff.splitlines()[-1] == ("+  - {id: YT-2026-003, title: 听取城市更新试点汇报, unit: gulou, "
                                            "want_meeting: M-7, submitted: 2026-06-20, state: reserve}")
    assert not change.written


def test_a_meeting_is_recorded_in_its_own_file(tmp_path, cli):
    root = _ledger(tmp_path)
    (tmp_path / "m8.yaml").write_text("id: M-8\nkind: 深改委主任会议\ndate: 2026-06-19\ntheme: 数据要素\n"
                                      "items:\n  - {kind: decide, task: T-1, unit: dev, result: 同意}\nassigned: [T-1]\n",
                                      encoding="utf-8")
    result = cli("meeting-record", tmp_path / "m8.yaml", "-l", root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "已记录会议 M-8：meetings/M-8.yaml。\n"
    assert (root / "meetings" / "M-8.yaml").read_text(encoding="utf-8") == (
        "id: M-8\nkind: 深改委主任会议\ndate: 2026-06-19\ntheme: 数据要素\nitems:\n"
        "  - {kind: decide, task: T-1, unit: dev, result: 同意}\nassigned: [T-1]\n")
    again = cli("meeting-record", tmp_path / "m8.yaml", "-l", root, "--lang", "en")
    assert (again.exit_code, again.stderr.strip()) == (
        2, "The id M-8 is already used by a meeting; choose another. Nothing was written.")


def test_the_commands_write_through_the_edit_layer(tmp_path, cli):
    root = _ledger(tmp_path)
    done = cli("plan-review", "FA-1", "legality", "--date", "2026-06-18", "--by", "市司法局", "-l", root, "--lang", "zh")
    assert (done.exit_code, done.stdout) == (0, "已记录方案 FA-1 的合法性审查：plans/fa-1.yaml。\n")
    proposed = cli("agenda-propose", "--title", "听取城市更新试点汇报", "--unit", "gulou", "-l", root, "--lang", "zh")
    assert (proposed.exit_code, proposed.stdout) == (0, "已报送议题 YT-2026-003：agenda.yaml。\n")
    wrong = cli("agenda-propose", "--title", "x", "--unit", "nowhere", "-l", root, "--lang", "en")
    assert wrong.exit_code == 2 and wrong.stderr.startswith("There is no unit nowhere in units.yaml")
