"""The parse cache: keyed on content, never hiding an error, surviving broken entries, optional."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TASKS, write_ledger
from reformctl.load.cache import CACHE_DIR_NAME, KEY_FILE_NAME, Cache
from reformctl.load.incremental import check_ledger
from reformctl.load.ledger import load_ledger

BROKEN_DUE = TASKS.replace("due: 2026-06-10", "due: 2026-06-31")


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    """A ledger whose .gitignore lists the cache folder, as `reformctl init` writes it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("REFORMCTL_NO_CACHE", raising=False)
    root = write_ledger(tmp_path / "ledger")
    (root / ".gitignore").write_text(f"{CACHE_DIR_NAME}/\n", encoding="utf-8")
    return root


def entries(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_cache_lives_in_the_ledger_when_its_gitignore_asks(ledger):
    check_ledger(ledger, today=date(2026, 6, 20))
    own = entries(ledger / CACHE_DIR_NAME)
    assert any("/parse/" in str(p) for p in own) and any("/check/" in str(p) for p in own)
    # the user's cache folder holds the MAC key alone: the key never lives in a ledger
    assert entries(ledger.parent / "user-cache") == [ledger.parent / "user-cache" / "reformctl" / KEY_FILE_NAME]


def test_other_ledgers_use_the_user_cache_and_stay_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    root = write_ledger(tmp_path / "plain")
    before = entries(root)
    load_ledger(root, today=date(2026, 6, 20))
    assert entries(root) == before
    assert entries(tmp_path / "user-cache" / "reformctl")


def test_no_writable_folder_means_no_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    (tmp_path / "not-a-folder").write_text("a file where the cache folder would go")
    monkeypatch.setenv("HOME", str(tmp_path / "nowhere"))
    root = write_ledger(tmp_path / "plain")
    assert Cache.for_ledger(root) is None
    _, problems = load_ledger(root, today=date(2026, 6, 20))
    assert not [p for p in problems if p.severity == "error"]


def test_a_warm_check_answers_the_same(ledger):
    cold = check_ledger(ledger, today=date(2026, 6, 20))
    warm = check_ledger(ledger, today=date(2026, 6, 20))
    assert warm == cold
    assert warm[0].tasks == ("T-1", "T-2")


def test_a_changed_file_is_read_again_and_its_error_found(ledger):
    _, clean = check_ledger(ledger, today=date(2026, 6, 20))
    (ledger / "tasks" / "main.yaml").write_text(BROKEN_DUE, encoding="utf-8")
    # same size, same second: only the content tells; the key is the content
    _, problems = check_ledger(ledger, today=date(2026, 6, 20))
    assert [p.format() for p in problems if p.code == "R105"] == [
        "tasks/main.yaml:10:21: R105 2026-06-31 is not a day of the calendar; correct the month or the day."]
    (ledger / "tasks" / "main.yaml").write_text(TASKS, encoding="utf-8")
    assert check_ledger(ledger, today=date(2026, 6, 20))[1] == clean


def test_the_check_key_covers_the_day(ledger):
    """A date check depends on the day: a cached answer for one day is not given for another."""
    text = TASKS.replace("    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}", "    - {date: 2026-07-01, by: dev, text: 方案已形成初稿}")
    (ledger / "reformctl.yaml").write_text((ledger / "reformctl.yaml").read_text().replace("as_of: 2026-06-20\n", ""))
    (ledger / "tasks" / "main.yaml").write_text(text, encoding="utf-8")
    early = {p.code for p in check_ledger(ledger, today=date(2026, 6, 20))[1]}
    late = {p.code for p in check_ledger(ledger, today=date(2026, 7, 2))[1]}
    assert "R701" in early and "R701" not in late


def test_broken_entries_are_misses(ledger):
    cold = check_ledger(ledger, today=date(2026, 6, 20))
    for entry in entries(ledger / CACHE_DIR_NAME):
        entry.write_bytes(entry.read_bytes()[:7])  # as if a crash had cut them short
    assert check_ledger(ledger, today=date(2026, 6, 20)) == cold
    loaded, problems = load_ledger(ledger, today=date(2026, 6, 20))
    assert [t.id for t in loaded.tasks] == ["T-1", "T-2"] and problems == cold[1]


def test_writes_are_atomic_and_leave_no_temporary_files(ledger):
    check_ledger(ledger, today=date(2026, 6, 20))
    assert not [p for p in entries(ledger / CACHE_DIR_NAME) if p.name.startswith(".tmp-")]


def test_a_git_revision_with_the_same_bytes_hits_the_parse_cache(ledger):
    class Revision:  # a file source like reformctl.gitsource.GitFiles
        def ledger_files(self):
            return [("reformctl.yaml", "config"), ("units.yaml", "units"), ("tasks/main.yaml", "tasks")]

        def read_bytes(self, rel):
            return (ledger / rel).read_bytes()

    load_ledger(ledger, today=date(2026, 6, 20))
    before = entries(ledger / CACHE_DIR_NAME)
    at_revision, _ = load_ledger(ledger, today=date(2026, 6, 20), files=Revision())
    assert entries(ledger / CACHE_DIR_NAME) == before
    assert [t.id for t in at_revision.tasks] == ["T-1", "T-2"]


def test_no_cache_neither_reads_nor_writes(ledger, cli):
    result = cli("check", "-l", ledger, "--no-cache")
    assert result.exit_code == 0
    assert not (ledger / CACHE_DIR_NAME).exists()
    assert cli("status", "-l", ledger, "--no-cache").exit_code == 0
    assert cli("overdue", "-l", ledger, "--no-cache").exit_code == 0
    assert not (ledger / CACHE_DIR_NAME).exists()


def test_environment_turns_the_cache_off(ledger, monkeypatch):
    monkeypatch.setenv("REFORMCTL_NO_CACHE", "1")
    load_ledger(ledger, today=date(2026, 6, 20))
    assert not (ledger / CACHE_DIR_NAME).exists()


def test_unwritable_ledger_falls_back_to_the_user_cache(ledger, monkeypatch):
    import reformctl.load.cache as cache

    writable = cache._writable
    monkeypatch.setattr(cache, "_writable", lambda folder: CACHE_DIR_NAME not in str(folder) and writable(folder))
    load_ledger(ledger, today=date(2026, 6, 20))
    assert not (ledger / CACHE_DIR_NAME).exists()
    assert entries(ledger.parent / "user-cache" / "reformctl")


@pytest.mark.parametrize("fmt", ["text", "json", "gitlab"])
def test_check_prints_the_same_cold_warm_and_without_cache(ledger, cli, fmt):
    (ledger / "tasks" / "broken.yaml").write_text("- id: T-9\n  title: 整改\n  lead_unit: nobody\n  milestones:\n"
                                                  "    - {id: m1, due: 2026-02-30, what: x}\n  colour: red\n",
                                                  encoding="utf-8")
    runs = [cli("check", "-l", ledger, "--format", fmt, *extra) for extra in ([], [], ["--no-cache"])]
    assert {(r.stdout, r.stderr, r.exit_code) for r in runs} == {(runs[0].stdout, runs[0].stderr, 1)}
    assert "R105" in runs[0].stdout or "no-such-day" in runs[0].stdout
