"""The parse cache: keyed on content, never hiding an error, surviving broken entries, optional."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TASKS, write_ledger
from reformctl.load.cache import CACHE_DIR_NAME, KEY_FILE_NAME, Cache
from reformctl.pipeline.incremental import check_ledger
from reformctl.pipeline.ledger import load_ledger

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


# --- issue 8 §1: the cache is data, authenticated, and never taken from the ledger's history ----

def test_the_mac_key_is_private_to_the_user(ledger):
    check_ledger(ledger, today=date(2026, 6, 20))
    key = ledger.parent / "user-cache" / "reformctl" / KEY_FILE_NAME
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32


def test_a_committed_poisoned_cache_cannot_hide_a_silent_postponement(tmp_path, monkeypatch):
    """A pull request commits `.reformctl-cache/` entries (made with its author's own reformctl)
    whose data shows the old due date: `check --base` still sees the postponement, and says why
    it does not use that folder."""
    from ci_repo import DEV, LedgerRepo

    repo = LedgerRepo(tmp_path / "repo")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10, what: 形成方案}\n",
              "    - {id: m2, due: 2026-06-25, what: 形成方案}\n")
    (repo.root / CACHE_DIR_NAME).mkdir()
    attacker = _reformctl(tmp_path / "attacker-cache", "check", "-l", repo.root)  # fills the ledger's folder
    assert attacker.returncode == 0
    poisoned = 0
    for entry in entries(repo.root / CACHE_DIR_NAME):
        raw = entry.read_bytes()
        if b"2026-06-25" in raw:
            entry.write_bytes(raw.replace(b"2026-06-25", b"2026-06-10"))
            poisoned += 1
    assert poisoned
    repo.commit("postpone m2, with a cache", email=DEV)  # `git add -A` takes the folder: nothing ignores it
    victim = _reformctl(tmp_path / "victim-cache", "check", "-l", repo.root, "--base", "HEAD~1", "--lang", "en")
    assert victim.returncode == 1 and "R911" in victim.stdout
    assert f"git tracks files in the cache folder {repo.root / CACHE_DIR_NAME}, so it is not used" in victim.stderr


def test_a_tracked_cache_folder_is_not_used(tmp_path, monkeypatch):
    from ci_repo import LedgerRepo

    from reformctl.load.cache import CacheFolderTracked

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    repo = LedgerRepo(tmp_path / "repo")
    (repo.root / CACHE_DIR_NAME).mkdir()
    (repo.root / CACHE_DIR_NAME / "README").write_text("committed by mistake\n")
    repo.commit("a cache folder in the repository")
    with pytest.warns(CacheFolderTracked):
        store = Cache.for_ledger(repo.root)
    assert store is not None and CACHE_DIR_NAME not in str(store.folder)
    with pytest.warns(CacheFolderTracked):
        check_ledger(repo.root, today=date(2026, 6, 20))
    assert entries(repo.root / CACHE_DIR_NAME) == [repo.root / CACHE_DIR_NAME / "README"]


def test_a_pickle_payload_in_the_cache_runs_nothing(ledger, tmp_path, cli):
    """Every entry replaced by a pickle that would make a folder when unpickled: nothing is made,
    and the check prints what it printed."""
    import os
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return os.mkdir, (str(marker),)

    (ledger / "tasks" / "broken.yaml").write_text("- id: T-9\n  title: 整改\n  lead_unit: nobody\n", encoding="utf-8")
    cold = cli("check", "-l", ledger, "--lang", "en")
    written = entries(ledger / CACHE_DIR_NAME)
    assert {_kind(entry) for entry in written} >= {"parse", "files", "check"}
    for entry in written:
        entry.write_bytes(pickle.dumps(Payload()))
    for _ in range(2):
        again = cli("check", "-l", ledger, "--lang", "en")
        assert (again.stdout, again.stderr, again.exit_code) == (cold.stdout, cold.stderr, cold.exit_code)
    assert not marker.exists()


@pytest.mark.parametrize("where", ["payload", "mac"])
def test_a_bit_flip_in_any_entry_changes_nothing_printed(ledger, tmp_path, where):
    """parse, files, check, output and lean entries alike: a flipped bit is a miss, never a result."""
    user_cache = tmp_path / "user-cache"
    (ledger / "tasks" / "broken.yaml").write_text("- id: T-9\n  title: 整改\n  lead_unit: nobody\n", encoding="utf-8")
    commands = [("check", "-l", ledger, "--lang", "en"), ("status", "-l", ledger, "--lang", "en", "--force")]
    before = [_printed(_reformctl(user_cache, *command)) for command in commands]
    written = entries(ledger / CACHE_DIR_NAME)
    assert {_kind(entry) for entry in written} == {"parse", "files", "check", "output", "lean"}
    for entry in written:
        entry.write_bytes(_flipped(entry.read_bytes(), where))
    assert [_printed(_reformctl(user_cache, *command)) for command in commands] == before


def test_an_entry_of_the_wrong_shape_is_a_miss(ledger):
    """An entry with a good MAC but not the shape this code writes (say, from a bug) is a miss."""
    from reformctl.load.files import DiskFiles
    from reformctl.pipeline.incremental import file_hashes, whole_check_key

    cold = check_ledger(ledger, today=date(2026, 6, 20))
    key = whole_check_key(file_hashes(DiskFiles(ledger)), date(2026, 6, 20), None)
    store = Cache.for_ledger(ledger)
    assert store.get("check", key) is not None
    for wrong in [("no summary",), (None, (("R101", "f", (), (), "no", None, None),)), {"a": 1}, None]:
        store.put("check", key, wrong)
        assert check_ledger(ledger, today=date(2026, 6, 20)) == cold


def _reformctl(user_cache, *args):
    """The command line in a fresh process (as a user runs it), with its own user cache folder."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(user_cache), "REFORMCTL_LANG": "en"}
    for name in ("REFORMCTL_LEDGER", "REFORMCTL_NO_CACHE", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "reformctl", *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=120)


def _printed(done):
    return done.stdout, done.stderr, done.returncode


def _kind(entry):
    parts = entry.parts
    return next(part for part in ("parse", "files", "check", "output", "lean") if part in parts)


def _flipped(raw: bytes, where: str) -> bytes:
    """One bit changed: in the MAC (the first byte), or in the data (a letter's case, near the end)."""
    if where == "mac":
        return bytes([raw[0] ^ 1]) + raw[1:]
    position = max(i for i, byte in enumerate(raw) if 0x61 <= byte <= 0x7A)
    return raw[:position] + bytes([raw[position] ^ 0x20]) + raw[position + 1:]


def test_a_status_run_reads_each_file_and_asks_git_once(ledger, monkeypatch, capsys):
    """The replay's key and the run that fills it share the bytes read and the commit asked."""
    import sys

    import reformctl.gitinfo
    from reformctl.cli import main
    from reformctl.load.files import DiskFiles

    reads, asks = [], []
    read_bytes, head_commit = DiskFiles.read_bytes, reformctl.gitinfo.head_commit
    monkeypatch.setattr(DiskFiles, "read_bytes", lambda self, rel: reads.append(rel) or read_bytes(self, rel))
    monkeypatch.setattr(reformctl.gitinfo, "head_commit", lambda root: asks.append(root) or head_commit(root))
    monkeypatch.setattr(sys, "argv", ["reformctl", "status", "-l", str(ledger), "--lang", "en"])
    monkeypatch.setattr("reformctl.cli._own_the_process", lambda: None)  # the collector and forking: not in tests
    with pytest.raises(SystemExit):
        main()
    assert sorted(reads) == ["reformctl.yaml", "tasks/main.yaml", "units.yaml"] and asks == [ledger]
    assert "江州市委改革办" in capsys.readouterr().out


GOOD_REFS = ("T-1", "t.yaml", (0,), "dev", None, ("key",), ("T-2",), ("dev", "gulou"), ("m1",), "li", (0, 1))


@pytest.mark.parametrize("refs", [
    (GOOD_REFS[:2] + ((0, 1.5),) + GOOD_REFS[3:],),  # a float in a key path
    (GOOD_REFS[:4] + (3,) + GOOD_REFS[5:],),  # a number for a leader
    (GOOD_REFS[:10] + ((0,),),),  # a unit named without where
    (GOOD_REFS[:10] + ((0, 1.5),),),  # a float for where a unit is named
    (GOOD_REFS[:10] + ((0, -1),),),  # a place that is no place
    (GOOD_REFS[:7] + (("dev", 2),) + GOOD_REFS[8:],),  # a number for a unit
    (GOOD_REFS[:8] + ((1,),) + GOOD_REFS[9:],),  # a number for a milestone id
    (GOOD_REFS[:9] + (7,) + GOOD_REFS[10:],),  # a number for a pilot's contact
    (GOOD_REFS[:7] + ((("dev", ("lead_unit",)), ("gulou", ("co_units", 0))),) + GOOD_REFS[8:10],),  # the shape before
    (GOOD_REFS[:9],),  # an entry of the shape before pilots' contacts were kept
    (GOOD_REFS[:8],),  # an entry of the shape before milestone ids were kept
    (GOOD_REFS[:5] + ([1],) + GOOD_REFS[6:],),  # a list for a tuple, numbers for list ids
    (GOOD_REFS[:3],), ("x",), [GOOD_REFS],
])
def test_file_findings_of_the_wrong_shape_are_refused(refs):
    from reformctl.pipeline.entries import BadEntry, findings_from_plain

    assert findings_from_plain(((), (GOOD_REFS,), ("T-3",), True)).refs[0].src == ("t.yaml", (0,))
    with pytest.raises(BadEntry):
        findings_from_plain(((), refs, (), True))


def test_kept_findings_name_the_file_they_were_found_in(ledger):
    """Two task files with the same text, in one ledger or two: each problem names its own file
    (the findings were once kept by text alone and named the first file met)."""
    broken = "- id: X-1\n  title: [unclosed\n"
    (ledger / "tasks" / "t.yaml").write_text(broken, encoding="utf-8")
    first = check_ledger(ledger, today=date(2026, 6, 20))[1]
    (ledger / "tasks" / "t.yaml").rename(ledger / "tasks" / "b.yaml")
    second = check_ledger(ledger, today=date(2026, 6, 20))[1]
    assert [(p.code, p.file, p.line) for p in first] == [("R001", "tasks/t.yaml", 3)]
    assert [(p.code, p.file, p.line) for p in second] == [("R001", "tasks/b.yaml", 3)]
