"""The Pages examples in examples/ci/ work: their commands, taken from the files, run in a clone of
a ledger repository as GitHub Actions and GitLab CI would run them, and write the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from ci_repo import LedgerRepo, git
from ruamel.yaml import YAML

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ci"
BIN = str(Path(sys.executable).parent)  # where reformctl is installed beside this Python


def _load(name: str):
    return YAML(typ="safe", pure=True).load((EXAMPLES / name).read_text(encoding="utf-8"))


def _clone(tmp_path: Path) -> Path:
    """A full clone of a ledger with two commits, detached at its head as CI checks it out."""
    work = LedgerRepo(tmp_path / "work")
    work.edit("tasks/main.yaml", "{id: m2, due: 2026-06-10, what: 形成方案}",
              "{id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09}")
    work.commit("T-1 m2 完成")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{work.top}", str(clone)], check=True)
    git(clone, "checkout", "-q", "--detach")
    return clone


def _run(commands: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The commands in one bash session that stops at the first failure; installing is skipped."""
    script = "\n".join(c for c in commands if not re.match(r"(python -m )?pip install\b", c))
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], "REFORMCTL_LANG": "en"},
                          capture_output=True, text=True, timeout=300)


def _check_site(public: Path) -> None:
    assert (public / "index.html").is_file()
    task = (public / "tasks/T-1.html").read_text(encoding="utf-8")
    assert "<li>Milestone done: m2 形成方案, done 2026-06-09 (due 2026-06-10)</li>" in task  # the log, from git


def test_github_pages_workflow_writes_the_site(tmp_path):
    workflow = _load("github-pages.yml")
    steps = workflow["jobs"]["build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-pages-artifact"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    clone = _clone(tmp_path)
    result = _run([step["run"] for step in steps if "run" in step], clone)
    assert result.returncode == 0, result.stderr
    _check_site(clone / upload["with"]["path"])


def test_gitlab_pages_job_writes_the_site(tmp_path):
    job = _load("gitlab-pages.yml")["pages"]
    assert job["variables"]["GIT_DEPTH"] == 0 and job["artifacts"]["paths"] == ["public"]
    clone = _clone(tmp_path)
    result = _run(job["before_script"] + job["script"], clone)
    assert result.returncode == 0, result.stderr
    _check_site(clone / "public")


def test_docs_show_the_tested_pages_examples():
    docs = (EXAMPLES.parent.parent / "docs" / "site.md").read_text(encoding="utf-8")
    for name in ("github-pages.yml", "gitlab-pages.yml"):
        assert (EXAMPLES / name).read_text(encoding="utf-8").rstrip() in docs
