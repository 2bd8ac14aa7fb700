"""The CI examples work: their commands, taken from the files in examples/ci/, run against a ledger
repository cloned from an 'origin' with a pull request on a branch, as the CI services do."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_repo import DEV, LedgerRepo, git
from ruamel.yaml import YAML

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ci"
BIN = str(Path(sys.executable).parent)  # where reformctl is installed beside this Python

APPROVED = ("  changes:\n    - {date: 2026-06-08, milestone: m2, field: due, from: 2026-06-10, to: 2026-06-25, "
            "reason: 待省级方案出台后衔接, approved_by: 市委改革办}\n- id: T-2\n")


def _load(name: str):
    return YAML(typ="safe", pure=True).load((EXAMPLES / name).read_text(encoding="utf-8"))


def _installs(command: str) -> bool:
    """Installing reformctl is the one step a test skips: it is installed already."""
    return bool(re.match(r"(python -m )?pip install\b", command))


def _pull_request(tmp_path: Path, approved: bool) -> Path:
    """A clone of 'origin' on a branch where a unit postpones a milestone, with or without approval."""
    work = LedgerRepo(tmp_path / "work")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work.top), str(origin)], check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{origin}", str(clone)], check=True)
    git(clone, "checkout", "-q", "-b", "postpone-m2")
    tasks = clone / "tasks" / "main.yaml"
    text = tasks.read_text(encoding="utf-8").replace("{id: m2, due: 2026-06-10,", "{id: m2, due: 2026-06-25,")
    tasks.write_text(text.replace("- id: T-2\n", APPROVED) if approved else text, encoding="utf-8")
    git(clone, "commit", "-q", "-am", "m2 推迟", email=DEV)
    if approved:  # the unit's request, confirmed by the office's own commit (docs/ci.md)
        git(clone, "commit", "-q", "--allow-empty", "-m", "改革办确认 m2 推迟")
    return clone


def _run(commands: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The commands in one bash session that stops at the first failure, like both CI services."""
    script = "\n".join(c for c in commands if not _installs(c))
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env},
                          capture_output=True, text=True, timeout=120)


def _github_steps(base_ref: str) -> list[str]:
    steps = _load("github-actions.yml")["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    return [step["run"].replace("${{ github.base_ref }}", base_ref) for step in steps if "run" in step]


def test_github_workflow_fails_a_silent_postponement_with_one_annotation(tmp_path):
    clone = _pull_request(tmp_path, approved=False)
    summary = tmp_path / "summary.md"
    steps = _github_steps("main")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "REFORMCTL_LANG": "en"}
    check = _run([s for s in steps if "reformctl check" in s], clone, env)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [check.stdout.splitlines()[0]]
    assert check.stdout.startswith("::error file=tasks/main.yaml,line=10,col=21,title=R911 silent-postponement::")
    assert "authors: dev@jz.gov.cn" in check.stderr


def test_github_workflow_passes_an_approved_postponement_and_summarises_it(tmp_path):
    clone = _pull_request(tmp_path, approved=True)
    summary = tmp_path / "summary.md"
    result = _run(_github_steps("main"), clone,
                  {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "REFORMCTL_LANG": "zh"})
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("### reformctl 台账检查：无错误、无警告\n")
    assert "- T-1 m2“形成方案”：2026-06-10 → 2026-06-25；原因：待省级方案出台后衔接；批准：市委改革办\n" in text


def _gitlab_job() -> dict:
    return _load("gitlab-ci.yml")["reformctl-check"]


@pytest.mark.parametrize("approved", [False, True])
def test_gitlab_job_writes_the_code_quality_report(tmp_path, approved):
    job = _gitlab_job()
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["variables"]["GIT_DEPTH"] == 0
    clone = _pull_request(tmp_path, approved=approved)
    result = _run(job["before_script"] + job["script"], clone,
                  {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "REFORMCTL_LANG": "en"})
    report = json.loads((clone / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    if approved:
        assert result.returncode == 0 and report == []
        assert "- T-1 m2 形成方案: 2026-06-10 → 2026-06-25" in (clone / "ledger-changes.md").read_text(encoding="utf-8")
    else:
        assert result.returncode == 1
        assert [(r["check_name"], r["location"]) for r in report] == [
            ("R911 silent-postponement", {"path": "tasks/main.yaml", "lines": {"begin": 10}})]
        assert "tasks/main.yaml:10:21: R911" in result.stdout


def test_pre_commit_config_runs_the_check(tmp_path):
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extras")
    repo = LedgerRepo(tmp_path / "repo")
    shutil.copy(EXAMPLES / ".pre-commit-config.yaml", repo.top / ".pre-commit-config.yaml")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "REFORMCTL_LANG": "en"}
    good = _run([f"{sys.executable} -m pre_commit run --all-files"], repo.top, env)
    assert good.returncode == 0, good.stdout
    repo.edit("tasks/main.yaml", "  lead_unit: dev\n", "  lead_unit: devv\n")
    bad = _run([f"{sys.executable} -m pre_commit run --all-files"], repo.top, env)
    assert bad.returncode == 1
    assert "tasks/main.yaml:5:14: R301 unknown unit 'devv' (did you mean 'dev'?)" in bad.stdout


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml", ".pre-commit-config.yaml"])
def test_docs_show_the_tested_examples(name):
    docs = (EXAMPLES.parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    assert (EXAMPLES / name).read_text(encoding="utf-8").rstrip() in docs


def test_docs_list_every_pull_request_rule():
    from reformctl.problems import RULES

    docs = (EXAMPLES.parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
    for code in (c for c in RULES if c.startswith("R9")):
        assert f"| {code} | {RULES[code].name} |" in docs
