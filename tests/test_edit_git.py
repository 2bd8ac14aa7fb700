"""`--commit` and the pull-request rules: what the commands write passes the rules when its author
may write it, and fails them when a unit writes into a task that is not its own."""

from __future__ import annotations

import pytest

from ci_repo import DEV, HITECH, OFFICE, LedgerRepo, git

POSTPONE = ("postpone", "T-1", "m3", "--to", "2026-09-30", "--reason", "待省级方案出台后衔接",
            "--approved-by", "市委改革办", "--ref", "江改办〔2026〕26号")


@pytest.fixture
def repo(tmp_path):
    return LedgerRepo(tmp_path / "repo")


def _as(repo: LedgerRepo, email: str) -> None:
    """git's own configuration says who commits: the author of what --commit makes."""
    git(repo.top, "config", "user.name", "台账测试")
    git(repo.top, "config", "user.email", email)
    git(repo.top, "config", "commit.gpgsign", "false")


def test_commit_makes_one_commit_of_exactly_the_changed_file(cli, repo):
    _as(repo, OFFICE)
    repo.write("notes.txt", "未提交的其他修改\n")
    repo.edit("units.yaml", "李明", "李明明")  # a change in the working tree that is not ours to commit
    result = cli(*POSTPONE, "--commit", "-l", repo.root)
    assert result.exit_code == 0
    commit = git(repo.top, "rev-parse", "HEAD")
    assert result.stdout == ("已调整 T-1 节点 m3 时限：2026-06-30 → 2026-09-30，并记录调整依据：tasks/main.yaml。\n"
                             f"已提交 {commit[:12]}：T-1 m3 时限由2026-06-30调整为2026-09-30（江改办〔2026〕26号）\n")
    assert git(repo.top, "log", "-1", "--format=%s|%ae") == f"T-1 m3 时限由2026-06-30调整为2026-09-30（江改办〔2026〕26号）|{OFFICE}"
    assert git(repo.top, "show", "--name-only", "--format=", "HEAD") == "tasks/main.yaml"
    assert git(repo.top, "status", "--porcelain") == "M units.yaml\n?? notes.txt"


def test_without_commit_the_working_tree_shows_the_change(cli, repo):
    assert cli(*POSTPONE, "-l", repo.root).exit_code == 0
    assert git(repo.top, "status", "--porcelain") == "M tasks/main.yaml"
    assert "+      to: 2026-09-30" in git(repo.top, "diff")


def test_the_office_postponing_passes_the_pull_request_rules(cli, repo):
    _as(repo, OFFICE)
    assert cli(*POSTPONE, "--commit", "-l", repo.root).exit_code == 0
    checked = cli("check", "--base", "HEAD~1", "-l", repo.root, "--lang", "en")
    assert (checked.exit_code, checked.stdout) == (0, "")


def test_a_unit_reporting_its_own_progress_passes(cli, repo):
    _as(repo, DEV)
    reported = cli("progress", "T-1", "方案已报市政府审议", "--commit", "-l", repo.root)
    assert reported.exit_code == 0
    assert git(repo.top, "log", "-1", "--format=%s|%ae") == f"T-1 市发展改革委报送进展（2026-06-20）：方案已报市政府审议|{DEV}"
    checked = cli("check", "--base", "HEAD~1", "-l", repo.root, "--lang", "en")
    assert (checked.exit_code, checked.stdout) == (0, "")


@pytest.mark.parametrize("args, codes", [
    (("progress", "T-1", "高新区代为报送", "--by", "hitech"), ["R941"]),
    (POSTPONE, ["R941", "R944"]),  # not its task, and a unit cannot approve a change
])
def test_a_unit_writing_into_a_task_not_its_own_fails(cli, repo, args, codes):
    _as(repo, HITECH)
    assert cli(*args, "--commit", "-l", repo.root).exit_code == 0  # the ledger itself stays sound
    checked = cli("check", "--base", "HEAD~1", "-l", repo.root, "--lang", "en")
    assert checked.exit_code == 1
    assert [line.split(" ")[1] for line in checked.stdout.splitlines()] == codes
    assert "hitech@jz.gov.cn (高新区) changed task T-1" in checked.stdout


def test_a_unit_asking_to_postpone_its_own_task_waits_for_the_office(cli, repo):
    _as(repo, DEV)
    assert cli(*POSTPONE, "--commit", "-l", repo.root).exit_code == 0
    asked = cli("check", "--base", "HEAD~1", "-l", repo.root, "--lang", "en")
    assert (asked.exit_code, [line.split(" ")[1] for line in asked.stdout.splitlines()]) == (1, ["R944"])
    git(repo.top, "commit", "-q", "--allow-empty", "-m", "确认 T-1 m3 延期至 2026-09-30（江改办〔2026〕26号）", email=OFFICE)
    confirmed = cli("check", "--base", "HEAD~2", "-l", repo.root, "--lang", "en")
    assert (confirmed.exit_code, confirmed.stdout) == (0, "")


def test_commit_outside_git_says_the_file_was_written(cli, ledger_dir):
    result = cli("progress", "T-1", "x", "--commit", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == "Progress of T-1 recorded (2026-06-20, 市发展改革委) in tasks/main.yaml.\n"
    assert result.stderr.startswith("The file was written, but git could not commit it: ")
