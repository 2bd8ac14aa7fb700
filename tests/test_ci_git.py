"""Reading the ledger at a git revision, and the clear refusals when a revision cannot be had."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from ci_repo import LedgerRepo, git

from reformctl.gitsource import GitError, GitFiles, commit_authors
from reformctl.pipeline.ledger import DiskFiles, load_ledger

ONE_TASK = "- {{id: {id}, title: 任务{id}, lead_unit: dev, milestones: [{{id: m1, due: 2026-09-30, what: 完成}}]}}\n"


def _dumps(ledger):
    return [(t.src.file, t.src.keypath, t.model_dump(mode="json")) for t in ledger.tasks]


def test_revision_reads_like_the_working_tree(tmp_path):
    tasks = {"a-b.yaml": ONE_TASK.format(id="AB"), "b.yml": ONE_TASK.format(id="B"), "notes.txt": "not a ledger file"}
    repo = LedgerRepo(tmp_path / "repo", tasks=tasks)
    repo.write("tasks/a/x.yaml", ONE_TASK.format(id="AX"))
    repo.write("tasks/a/y.yaml", "- {id: BAD, title: 坏任务}\n")  # a problem at the same place both ways
    repo.commit("more files")
    at_head = GitFiles(repo.root, "HEAD")
    disk = DiskFiles(repo.root)
    assert at_head.ledger_files() == disk.ledger_files()
    assert [rel for rel, _ in at_head.ledger_files()][2:4] == ["tasks/a/x.yaml", "tasks/a/y.yaml"]  # Path order
    for rel, _ in disk.ledger_files():
        assert at_head.read_bytes(rel) == disk.read_bytes(rel)
    from_git, git_problems = load_ledger(repo.root, files=at_head)
    from_disk, disk_problems = load_ledger(repo.root)
    assert _dumps(from_git) == _dumps(from_disk)
    assert git_problems == disk_problems and [p.code for p in git_problems] == ["R102"]
    assert [p.line for p in git_problems] == [p.line for p in disk_problems]


def test_revision_is_read_without_checkout(tmp_path):
    repo = LedgerRepo(tmp_path / "repo")
    first = git(repo.top, "rev-parse", "HEAD")
    repo.edit("tasks/main.yaml", "优化营商环境改革", "优化营商环境改革（升级版）")
    repo.commit("rename title")
    (repo.root / "units.yaml").unlink()  # the working tree may be anything
    old, _ = load_ledger(repo.root, files=GitFiles(repo.root, first))
    assert old.task("T-1").title == "优化营商环境改革"
    assert GitFiles(repo.root, first).read_bytes("tasks/none.yaml") is None
    assert git(repo.top, "status", "--porcelain") == "D units.yaml"


def test_missing_file_at_revision_is_reported_like_on_disk(tmp_path):
    repo = LedgerRepo(tmp_path / "repo", units=None)
    _, problems = load_ledger(repo.root, files=GitFiles(repo.root, "HEAD"))
    assert [(p.code, p.file, p.line) for p in problems] == [("R009", "units.yaml", 1)]


def test_commit_authors_of_the_range(tmp_path):
    repo = LedgerRepo(tmp_path / "repo")
    repo.commit("one", email="a@jz.gov.cn")
    repo.commit("two", email="b@jz.gov.cn")
    repo.commit("three", email="a@jz.gov.cn")
    assert commit_authors(repo.root, "HEAD~3") == ["a@jz.gov.cn", "b@jz.gov.cn"]
    assert commit_authors(repo.root, "HEAD~3", "HEAD~2") == ["a@jz.gov.cn"]


def test_unknown_revision(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    with pytest.raises(GitError) as caught:
        GitFiles(repo.root, "origin/nope")
    assert caught.value.reason == "no_rev"
    result = cli("check", "-l", repo.root, "--base", "origin/nope", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == ("The revision 'origin/nope' does not exist in this repository; check its name "
                             "(for example origin/main) and fetch it first: git fetch origin.\n")
    result = cli("check", "-l", repo.root, "--base", "origin/nope", "--lang", "zh")
    assert result.exit_code == 2 and "本仓库中没有版本“origin/nope”" in result.stderr


def test_option_looking_revision_is_not_an_option(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    result = cli("check", "-l", repo.root, "--base=--output=/tmp/x", "--lang", "en")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_folder_outside_git(ledger_dir, cli, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ledger_dir.parent))
    result = cli("check", "-l", ledger_dir, "--base", "main", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{ledger_dir} is not inside a git repository;")
    result = cli("diff", "main", "-l", ledger_dir, "--lang", "zh")
    assert result.exit_code == 2 and "不在 git 仓库中" in result.stderr


def test_shallow_clone_without_the_base(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    first = git(repo.top, "rev-parse", "HEAD")
    repo.commit("second")
    repo.commit("third")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.top}", str(clone)], check=True)
    result = cli("check", "-l", clone, "--base", first, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"The revision '{first}' is not in this shallow clone; fetch the history first")


def test_base_without_a_ledger_skips_the_rules(tmp_path, cli):
    top = tmp_path / "repo"
    top.mkdir()
    git(top, "init", "-q")
    (top / "README.md").write_text("台账仓库\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "empty")
    from helpers import write_ledger

    write_ledger(top)  # the ledger arrives with the pull request
    result = cli("check", "-l", top, "--base", "HEAD", "--lang", "en")
    assert result.exit_code == 0
    assert "The ledger cannot be read at HEAD" in result.stderr


def test_paths_are_text(tmp_path: Path):
    repo = LedgerRepo(tmp_path / "repo", tasks={"重点任务.yaml": ONE_TASK.format(id="Z")})
    files = GitFiles(repo.root, "HEAD")
    assert ("tasks/重点任务.yaml", "tasks") in files.ledger_files()
    assert files.read_bytes("tasks/重点任务.yaml").decode("utf-8").startswith("- {id: Z")


def test_partial_clone_that_cannot_fetch_the_files(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    git(repo.top, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--filter=blob:none", "--no-checkout", f"file://{repo.top}", str(clone)],
                   check=True, capture_output=True)
    shutil.copy(repo.root / "reformctl.yaml", clone / "reformctl.yaml")
    shutil.rmtree(repo.top)  # the origin is gone: the blobs cannot be fetched
    result = cli("check", "-l", clone, "--head", "HEAD", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("The files of revision 'HEAD' are not in this clone and cannot be fetched")


@pytest.mark.parametrize("head", [[], ["--head", "HEAD"]], ids=["working tree", "revision"])
def test_a_task_file_behind_a_link_reads_alike_on_both_sides(tmp_path, cli, head):
    """The two-step walk-around: move the tasks behind a link, then edit the link's target outside
    the ledger. Base and head are read with the same rules, so the link is refused on both sides
    (R011) instead of reading as link text at the base and as the target at the head."""
    repo = LedgerRepo(tmp_path / "repo", sub="ledger")
    notes = repo.top / "notes"
    notes.mkdir()
    (notes / "main.yaml").write_bytes(repo.path("tasks/main.yaml").read_bytes())
    repo.path("tasks/main.yaml").unlink()
    repo.path("tasks/main.yaml").symlink_to("../../notes/main.yaml")
    repo.commit("tidy: the tasks live in notes/")
    text = (notes / "main.yaml").read_text(encoding="utf-8")
    (notes / "main.yaml").write_text(text.replace("{id: m2, due: 2026-06-10,", "{id: m2, due: 2026-09-30,"), encoding="utf-8")
    repo.commit("postpone m2 where nobody looks")
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", *head, "-f", "json", "--lang", "en")
    problems = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1
    assert [(p["code"], p["file"]) for p in problems] == [("R011", "tasks/main.yaml")]
    assert "2026-09-30" not in result.stdout + result.stderr
