"""Checking file by file (with kept findings) finds exactly what loading the whole ledger finds."""

from __future__ import annotations

from datetime import date

import pytest

import test_bad_input
import test_checks
from helpers import TASKS, write_ledger
from reformctl import load_ledger
from reformctl.load.cache import ParseCache, check_ledger

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
    return [p.format("en") for p in check_ledger(root, cache=ParseCache(cache_dir), **dates)[1]]


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
