"""Checking file by file (with kept findings) finds exactly what loading the whole ledger finds."""

from __future__ import annotations

from datetime import date

import pytest

import test_bad_input
import test_checks
from helpers import TASKS, write_ledger
from reformctl import load_ledger
from reformctl.load.cache import Cache
from reformctl.pipeline.incremental import check_ledger

TODAY = date(2026, 11, 23)
OTHER = """\
- id: B-1
  title: 深化国资国企改革
  lead_unit: dev
  depends_on: [T-1]
  milestones:
    - {id: m1, due: 2026-05-31, what: 出台方案, done: 2026-05-20}
  status: done
"""


def _full(root, **dates) -> list[str]:
    return [p.format("en") for p in load_ledger(root, cache=False, **dates)[1]]


def _by_file(root, cache_dir, **dates) -> list[str]:
    return [p.format("en") for p in check_ledger(root, cache=Cache(cache_dir, b"k" * 32), **dates)[1]]


LEDGERS = {f"check {name}": {"t.yaml": tasks} for name, (tasks, _) in test_checks.CASES.items()}


@pytest.mark.parametrize("name", sorted(LEDGERS))
def test_same_problems_as_the_whole_load(name, tmp_path):
    root = write_ledger(tmp_path / "l", tasks={**LEDGERS[name], "other.yaml": OTHER})
    expected = _full(root, as_of=test_checks.NOW)
    assert _by_file(root, tmp_path / "cache", as_of=test_checks.NOW) == expected  # nothing kept yet
    (root / "tasks" / "other.yaml").write_text(OTHER + "# a comment\n", encoding="utf-8")
    assert _by_file(root, tmp_path / "cache", as_of=test_checks.NOW) == expected  # t.yaml's findings kept


@pytest.mark.parametrize("name", sorted(test_bad_input.CASES))
def test_same_problems_on_bad_input(name, tmp_path):
    rel, content, _ = test_bad_input.CASES[name]
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    (root / rel).write_bytes(content)
    assert _by_file(root, tmp_path / "cache", today=TODAY) == _full(root, today=TODAY)


def test_findings_are_kept_per_file(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    _by_file(root, tmp_path / "cache", today=TODAY)
    assert len([p for p in (tmp_path / "cache" / "files").rglob("*") if p.is_file()]) == 2


def test_a_change_in_one_file_is_seen_across_files(tmp_path):
    """A task removed from one file: the kept findings of another file do not hide the break."""
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    cache = tmp_path / "cache"
    assert _by_file(root, cache, today=TODAY) == _full(root, today=TODAY) == []
    (root / "tasks" / "main.yaml").write_text(TASKS.replace("id: T-1", "id: T-9"), encoding="utf-8")
    found = _by_file(root, cache, today=TODAY)
    assert found == _full(root, today=TODAY)
    assert [line.split(": ")[1].split()[0] for line in found] == ["R303"]


def test_findings_follow_the_settings_and_the_day(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    cache = tmp_path / "cache"
    _by_file(root, cache, as_of=date(2026, 6, 20))
    later = _by_file(root, cache, as_of=date(2026, 9, 1))
    assert later == _full(root, as_of=date(2026, 9, 1)) and any("R702" in line for line in later)
    settings = (root / "reformctl.yaml").read_text(encoding="utf-8").replace("stale_after_days: 30",
                                                                             "stale_after_days: 200")
    (root / "reformctl.yaml").write_text(settings, encoding="utf-8")
    assert _by_file(root, cache, as_of=date(2026, 9, 1)) == _full(root, as_of=date(2026, 9, 1)) == []


def test_a_library_caller_keeps_its_process(tmp_path, monkeypatch):
    """Loading and checking neither freeze objects, nor leave the collector off, nor fork."""
    import gc
    import os

    import reformctl.load.parallel as parallel

    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)  # large enough to fork, were it allowed
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("a library call forked the caller's process"))
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    for _ in range(10):
        load_ledger(root, today=TODAY, cache=False)
        check_ledger(root, today=TODAY, cache=False)
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)


def test_ledger_checks_read_the_index_of_task_references(tmp_path):
    """Ledger-scope checks are given a TaskRefIndex (not tasks), file-scope checks a Ledger."""
    import inspect

    from reformctl.checks import FILE_CHECKS, LEDGER_CHECKS, TaskRefIndex
    from reformctl.model import Ledger

    assert {inspect.signature(check).parameters["index"].annotation for check in LEDGER_CHECKS} == {"TaskRefIndex"}
    assert {inspect.signature(check).parameters["ledger"].annotation for check in FILE_CHECKS} == {"Ledger"}
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS.replace("lead_unit: dev", "lead_unit: nobody", 1)})
    ledger, _ = load_ledger(root, today=TODAY, cache=False, run_checks=False)
    index = TaskRefIndex.of(ledger)
    assert isinstance(ledger, Ledger) and [ref.id for ref in index.refs] == ["T-1", "T-2"]
    found = [p.code for check in LEDGER_CHECKS for p in check(index, None)]
    assert found == ["R301"]


def test_the_same_problems_when_a_forked_child_takes_half(tmp_path, monkeypatch):
    """With forking allowed (as the command line allows it), a child checks half of the files and
    sends its findings back as plain data: the problems are the same, the cache filled alike."""
    import reformctl.load.parallel as parallel

    tasks = {f"f{n}.yaml": TASKS.replace("T-1", f"T-1{n}").replace("T-2", f"T-2{n}") for n in range(4)}
    root = write_ledger(tmp_path / "l", tasks={**tasks, "other.yaml": OTHER})
    expected = _full(root, today=TODAY)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(parallel, "_forking_allowed", True)
    assert _by_file(root, tmp_path / "cache", today=TODAY) == expected and expected
    assert len([p for p in (tmp_path / "cache" / "files").rglob("*") if p.is_file()]) == 5
    assert _by_file(root, tmp_path / "cache", today=TODAY) == expected


def test_problems_across_files_are_the_same_when_a_forked_child_takes_half(tmp_path, monkeypatch):
    """Ids written twice, circles of dependencies and unknown names across files checked in two
    processes: what each file's references name is joined in file order (checks.refs.RefNames)."""
    import reformctl.load.parallel as parallel

    tasks = {f"f{n}.yaml": TASKS.replace("T-1", f"T-1{n % 2}").replace("T-2", f"T-2{n}") for n in range(4)}
    tasks["f1.yaml"] = tasks["f1.yaml"].replace("lead_unit: dev", "lead_unit: dve", 1)
    tasks["f3.yaml"] += "  depends_on: [B-1, T-99]\n"
    other = OTHER.replace("depends_on: [T-1]", "depends_on: [T-23]")
    root = write_ledger(tmp_path / "l", tasks={**tasks, "other.yaml": other})
    expected = _full(root, today=TODAY)
    assert {line.split(": ")[1].split()[0] for line in expected} >= {"R201", "R301", "R303", "R304"}
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(parallel, "_forking_allowed", True)
    assert _by_file(root, tmp_path / "cache", today=TODAY) == expected
    assert _by_file(root, tmp_path / "cache", today=TODAY) == expected  # read back from the cache


def _uncached(root, **dates) -> list[str]:
    return [p.format("en") for p in check_ledger(root, cache=False, **dates)[1]]


@pytest.mark.parametrize("name", sorted(test_bad_input.CASES))
def test_without_a_cache_each_task_file_is_read_where_it_is_checked_with_the_same_problems(name, tmp_path):
    """With nothing kept to look up by content, the task files are read by the process that checks
    each (incremental._find): unreadable ones say why as before."""
    rel, content, _ = test_bad_input.CASES[name]
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    (root / rel).write_bytes(content)
    assert _uncached(root, today=TODAY) == _full(root, today=TODAY)


def test_problems_across_files_read_by_a_forked_child_are_placed_by_the_parent(tmp_path, monkeypatch):
    """A ledger check's problem in a file the child read and checked is placed by the parent,
    which reads that file's text only then (incremental.ReadElsewhere)."""
    import reformctl.load.parallel as parallel

    tasks = {f"f{n}.yaml": TASKS.replace("T-1", f"T-1{n % 2}").replace("T-2", f"T-2{n}") for n in range(4)}
    tasks["f1.yaml"] = tasks["f1.yaml"].replace("lead_unit: dev", "lead_unit: dve", 1)
    tasks["f3.yaml"] += "  depends_on: [B-1, T-99]\n"
    root = write_ledger(tmp_path / "l", tasks={**tasks, "other.yaml": OTHER.replace("[T-1]", "[T-23]")})
    expected = _full(root, today=TODAY)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    monkeypatch.setattr(parallel, "_forking_allowed", True)
    assert _uncached(root, today=TODAY) == expected and len(expected) == 5
    summary, _ = check_ledger(root, cache=False, today=TODAY)
    assert summary.files == ("reformctl.yaml", "units.yaml", *(f"tasks/f{n}.yaml" for n in range(4)), "tasks/other.yaml")
