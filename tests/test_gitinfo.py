"""The commit a document or a status names is the one the ledger was read at."""

from __future__ import annotations

import subprocess

from helpers import write_ledger
from reformctl.gitinfo import head_commit


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


def test_commit_of_a_ledger_in_git_and_its_local_edits(tmp_path):
    root = write_ledger(tmp_path / "l")
    _git(root, "init", "-q")
    assert head_commit(root) is None  # no commit yet
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "ledger")
    commit = head_commit(root)
    assert commit and len(commit) == 12 and "+" not in commit
    (root / "units.yaml").write_text("# edited\n" + (root / "units.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert head_commit(root) == commit + "+dirty"


def test_no_commit_for_a_ledger_git_does_not_track(tmp_path):
    _git(tmp_path, "init", "-q")
    (tmp_path / "README").write_text("x")
    _git(tmp_path, "add", "README")
    _git(tmp_path, "commit", "-qm", "other")
    root = write_ledger(tmp_path / ".venv" / "demo")  # untracked, like a package inside a venv
    assert head_commit(root) is None
