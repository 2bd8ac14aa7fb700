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


def test_a_large_batch_edits_on_two_processes_and_writes_the_same(tmp_path):
    """Past EDIT_PARALLEL_CHARS a forked child round-trips half the files (where forking is allowed,
    as the command line allows it): the bytes and the outcomes are those of one process."""
    from reformctl.load import parallel

    def tasks(prefix):
        return "".join(f"- id: {prefix}-{n}\n  title: 改革任务{n}\n  lead_unit: dev\n  status: in_progress\n"
                       f"  milestones:\n    - {{id: m1, due: 2026-06-05, what: 第一步}}\n"
                       f"    - {{id: m2, due: 2026-12-05, what: 第二步}}\n  progress:\n"
                       f"    - {{date: 2026-06-01, by: dev, text: 已启动}}\n" for n in range(40))

    writes = [edit.Planned(f"{p}-{n}", edit.progress_mutation(f"{p}-{n}", f"第{n}项进展"), (p, n))
              for p in ("A", "B") for n in range(40)]
    writes += [edit.Planned("B-3", edit.completion_mutation("B-3", "m1"), ("B", 3)),
               edit.Planned("A-1", edit.completion_mutation("A-1", "m9"), ("A", 1))]  # no m9: refused
    results = {}
    for forking in (False, True):
        root = write_ledger(tmp_path / str(forking), tasks={"a.yaml": tasks("A"), "b.yaml": tasks("B")})
        parallel.allow_forking(forking)
        try:
            done = edit.edit_many(root, writes, today=TODAY)
        finally:
            parallel.allow_forking(False)
        results[forking] = (texts(root), [(w.tag, o.summary.message("zh")) for w, o in done.done],
                            [(w.tag, r.message("en")) for w, r in done.refused])
    assert results[True] == results[False]
    assert len(results[True][1]) == 81 and [tag for tag, _ in results[True][2]] == [("A", 1)]
    assert "text: 第39项进展" in results[True][0]["b.yaml"]
