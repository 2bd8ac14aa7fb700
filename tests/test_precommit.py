"""The hook this repository offers to pre-commit, run by the real tool on a ledger repository.

`pre-commit try-repo` installs reformctl from a repository into an isolated environment, exactly as
a ledger repository's `.pre-commit-config.yaml` pointing here would. The repository it installs
from is a fresh commit of this working tree's package files, so the test sees the code as it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_repo import LedgerRepo, git

pytest.importorskip("pre_commit", reason="pre-commit is in the test extras (pip install -e '.[test]')")

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
PACKAGE_DIRS = ("reformctl", "templates", "ledgers/demo")


def test_manifest_offers_reformctl_check():
    from pre_commit.clientlib import load_manifest

    (hook,) = load_manifest(str(PROJECT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "reformctl-check", "reformctl check", "python", False)
    assert hook["files"] == r"\.(ya?ml)$"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This project's package files, committed in a repository of their own."""
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in PACKAGE_FILES:
        shutil.copy(PROJECT / name, repo / name)
    for name in PACKAGE_DIRS:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "reformctl")
    return repo


def _try_repo(hook_repo: Path, ledger: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "REFORMCTL_LANG": "en", "PRE_COMMIT_COLOR": "never"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "reformctl-check",
                           "--all-files"], cwd=ledger, env=env, capture_output=True, text=True, timeout=600)


def test_try_repo_on_a_ledger_repository(hook_repo, tmp_path_factory):
    home = tmp_path_factory.mktemp("pre-commit-home")
    ledger = LedgerRepo(tmp_path_factory.mktemp("ledger") / "repo")
    clean = _try_repo(hook_repo, ledger.top, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "reformctl check (检查台账)" in clean.stdout and "Passed" in clean.stdout

    ledger.edit("tasks/main.yaml", "  lead_unit: dev\n", "  lead_unit: devv\n")
    ledger.commit("typo in a unit id")
    broken = _try_repo(hook_repo, ledger.top, home)
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert "tasks/main.yaml:5:14: R301 unknown unit 'devv' (did you mean 'dev'?)" in broken.stdout
