"""reformctl.edit.edit_many: many writes, each file written once, one check, the guarantees of one write."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from helpers import TASKS, write_ledger
from reformctl import edit
from reformctl.edit import batch as batch_module
from reformctl.edit.engine import Outcome
from reformctl.edit.errors import Notice

TODAY = date(2026, 6, 20)
OTHER = """\
# 第二批任务（注释保留）
- id: T-3
  title: 审批制度改革
  lead_unit: hitech
  status: in_progress
  milestones:
    - id: m1
      due: 2026-06-05
      what: 清单公布
"""


@pytest.fixture
def ledger(tmp_path):
    return write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS, "other.yaml": OTHER})


def texts(root):
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((root / "tasks").glob("*.yaml"))}


def planned():
    return [
        edit.Planned("T-1", edit.progress_mutation("T-1", "方案已报审", by="dev"), "a"),
        edit.Planned("T-3", edit.completion_mutation("T-3", "m1", day=date(2026, 6, 4)), "b"),
        edit.Planned("T-1", edit.completion_mutation("T-1", "m2", evidence=["方案.pdf"]), "a"),
        edit.Planned("T-3", edit.progress_mutation("T-3", "清单已公布"), "b"),
    ]


def test_a_batch_writes_what_the_writes_one_by_one_write(ledger, tmp_path):
    alone = tmp_path / "alone"
    shutil.copytree(ledger, alone)
    edit.add_progress(alone, "T-1", "方案已报审", by="dev", today=TODAY)
    edit.complete_milestone(alone, "T-3", "m1", day=date(2026, 6, 4), today=TODAY)
    edit.complete_milestone(alone, "T-1", "m2", evidence=["方案.pdf"], today=TODAY)
    edit.add_progress(alone, "T-3", "清单已公布", today=TODAY)
    done = edit.edit_many(ledger, planned(), today=TODAY)
    assert texts(ledger) == texts(alone)
    assert texts(ledger)["other.yaml"].startswith("# 第二批任务（注释保留）\n")
    assert [(write.tag, outcome.summary.key) for write, outcome in done.done] == [
        ("a", "did_progress"), ("a", "did_done"), ("b", "did_done"), ("b", "did_progress")]
    assert sorted(done.files) == ["tasks/main.yaml", "tasks/other.yaml"] and done.written and not done.refused


def test_a_dry_run_writes_nothing_and_says_the_same(ledger):
    before = texts(ledger)
    done = edit.edit_many(ledger, planned(), today=TODAY, dry_run=True)
    assert texts(ledger) == before and not done.written
    assert [before_bytes.decode() for before_bytes, _ in done.files.values()] == [before["main.yaml"], before["other.yaml"]]


def test_a_refused_write_leaves_out_its_group_and_only_it(ledger):
    writes = planned() + [edit.Planned("T-1", edit.completion_mutation("T-1", "m1"), "a")]  # m1 is done already
    done = edit.edit_many(ledger, writes, today=TODAY, group=lambda write: write.tag)
    assert [(write.tag, refused.key) for write, refused in done.refused] == [("a", "already_done")]
    assert [write.tag for write, _ in done.done] == ["b", "b"]
    assert "方案已报审" not in texts(ledger)["main.yaml"] and "text: 清单已公布" in texts(ledger)["other.yaml"]
    alone = edit.edit_many(ledger, [edit.Planned("T-9", edit.progress_mutation("T-9", "x"), "c")], today=TODAY)
    assert [(refused.key, refused.params["id"]) for _, refused in alone.refused] == [("unknown_task", "T-9")]


def test_a_batch_that_would_break_the_ledger_writes_nothing(ledger):
    def to_nobody(task, facts):
        task["lead_unit"] = "nobody"
        return Outcome(Notice("did_progress", {}), "")

    before = texts(ledger)
    with pytest.raises(edit.EditRefused) as refused:
        edit.edit_many(ledger, planned() + [edit.Planned("T-3", to_nobody, "b")], today=TODAY)
    assert refused.value.key == "would_break" and [p.code for p in refused.value.problems] == ["R301"]
    assert texts(ledger) == before


def test_a_file_changed_underneath_stops_the_batch_before_any_file_is_written(ledger, monkeypatch):
    real_check = batch_module.added_errors

    def someone_edits_meanwhile(root, now, changed):
        (root / "tasks" / "other.yaml").write_text(OTHER + "# 另一人的修改\n", encoding="utf-8")
        return real_check(root, now, changed)

    monkeypatch.setattr(batch_module, "added_errors", someone_edits_meanwhile)
    before = texts(ledger)
    with pytest.raises(edit.EditRefused) as refused:
        edit.edit_many(ledger, planned(), today=TODAY)
    assert refused.value.key == "changed_underneath"
    assert texts(ledger) == {"main.yaml": before["main.yaml"], "other.yaml": OTHER + "# 另一人的修改\n"}
