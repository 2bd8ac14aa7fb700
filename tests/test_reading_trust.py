"""What reformctl reads is the ledger and nothing else (issue 8, section 2).

Links are not followed (R011), odd files (R012) and unreadable folders (R013) are problems, YAML
tags are refused (R014), nesting past 64 levels is refused before any parser recurses (R015),
control characters (R016) and blank required text (R110) are problems, and no message quotes
more than a short excerpt of a file. Every test here failed on the main branch before the change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ci_repo import LedgerRepo
from helpers import write_ledger
from reformctl.gitsource import GitFiles
from reformctl.load.fastread import read_fast
from reformctl.load.files import DiskFiles
from reformctl.pipeline.ledger import load_ledger
from reformctl.load.yamlread import MAX_DEPTH, Source, parse

SECRET = "AKIA-RUNNER-SECRET-0123456789"
TASK = "- id: X-1\n  title: 改革任务\n  lead_unit: dev\n  milestones: [{id: m1, due: 2026-12-31, what: 完成}]\n"
R011_EN = ("R011 this is a symbolic link; reformctl reads only the ledger's own files and does not follow links "
           "(its target was not read). Replace the link with the file or folder itself.")


def _secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "runner.env"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(f"- {SECRET}\n", encoding="utf-8")
    return secret


def _check(cli, root: Path, *args: str):
    return cli("check", "-l", root, "--lang", "en", "--no-cache", *args)


# --- links are not followed -----------------------------------------------------------------------


def test_task_file_link_is_refused_without_reading_its_target(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    (root / "tasks" / "link.yaml").symlink_to(_secret_file(tmp_path))
    result = _check(cli, root)
    assert result.stdout == f"tasks/link.yaml:1:1: {R011_EN}\n"
    assert SECRET not in result.stdout + result.stderr
    assert result.exit_code == 1


@pytest.mark.parametrize("name", ["reformctl.yaml", "units.yaml"])
def test_settings_and_units_links_are_refused(tmp_path, cli, name):
    root = write_ledger(tmp_path / "ledger")
    real = tmp_path / "outside" / name
    real.parent.mkdir()
    (root / name).rename(real)
    (root / name).symlink_to(real)
    _, problems = load_ledger(root, cache=False)
    assert [p.format() for p in problems] == [f"{name}:1:1: {R011_EN}"]


def test_settings_link_to_nowhere_is_refused_rather_than_another_ledger_found(tmp_path, cli, monkeypatch):
    root = write_ledger(tmp_path / "ledger")
    (root / "reformctl.yaml").unlink()
    (root / "reformctl.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert _check(cli, root).stdout == f"reformctl.yaml:1:1: {R011_EN}\n"
    monkeypatch.chdir(root / "tasks")  # found from below, not the bundled demo
    result = cli("check", "--lang", "en", "--no-cache")
    assert result.stdout == f"reformctl.yaml:1:1: {R011_EN}\n" and result.exit_code == 1


def test_linked_folder_under_tasks_is_not_walked(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "more.yaml").write_text(TASK, encoding="utf-8")
    (root / "tasks" / "more").symlink_to(elsewhere, target_is_directory=True)
    result = _check(cli, root)
    assert result.stdout == f"tasks/more:1:1: {R011_EN}\n"
    assert "3 files, 2 tasks" in result.stderr and result.exit_code == 1


def test_template_link_is_reported_by_check_and_not_rendered(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    (root / "templates").mkdir()
    (root / "templates" / "overdue.md.j2").symlink_to(_secret_file(tmp_path))
    assert _check(cli, root).stdout == f"templates/overdue.md.j2:1:1: {R011_EN}\n"
    report = cli("report", "overdue", "-l", root, "--lang", "en", "--force")
    assert report.exit_code == 2
    assert f"templates/overdue.md.j2:?: template error: {R011_EN}" in report.stderr
    assert SECRET not in report.stdout + report.stderr


def test_linked_templates_folder_is_refused(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "overdue.md.j2").write_text(SECRET, encoding="utf-8")
    (root / "templates").symlink_to(elsewhere, target_is_directory=True)
    assert _check(cli, root).stdout == f"templates:1:1: {R011_EN}\n"
    report = cli("report", "overdue", "-l", root, "--lang", "en", "--force")
    assert report.exit_code == 2 and SECRET not in report.stdout + report.stderr


def test_link_in_git_is_refused_as_on_disk(tmp_path):
    repo = LedgerRepo(tmp_path / "repo")
    (repo.root / "tasks" / "link.yaml").symlink_to("../units.yaml")
    repo.commit("a task file that is a link")
    in_git = GitFiles(repo.root, "HEAD")
    assert ("tasks/link.yaml", "tasks") in in_git.ledger_files()
    _, from_git = load_ledger(repo.root, files=in_git, cache=False)
    _, from_disk = load_ledger(repo.root, cache=False)
    assert [p.format() for p in from_git] == [p.format() for p in from_disk] == [f"tasks/link.yaml:1:1: {R011_EN}"]


# --- what cannot be read is a problem, never "no errors" ---------------------------------------


def test_unreadable_folder_is_a_problem(tmp_path, cli, monkeypatch):
    root = write_ledger(tmp_path / "ledger")
    locked = root / "tasks" / "locked"
    locked.mkdir()
    (locked / "t.yaml").write_text(TASK, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # the tests run as root, whom chmod does not stop
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _check(cli, root)
    assert result.stdout == ("tasks/locked:1:1: R013 the folder cannot be read (Permission denied), so its task files "
                             "were not checked; give read access to it, or move it out of the ledger.\n")
    assert result.exit_code == 1


def test_named_pipe_is_a_problem_and_is_not_opened(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    os.mkfifo(root / "tasks" / "pipe.yaml")  # opening it for reading would wait for a writer forever
    result = _check(cli, root)
    assert result.stdout == ("tasks/pipe.yaml:1:1: R012 this is a named pipe (FIFO), not a plain file; a ledger holds "
                             "only plain text files: replace it with a file, or move it out of the ledger.\n")
    assert result.exit_code == 1


def test_folder_in_place_of_units_is_a_problem(tmp_path):
    root = write_ledger(tmp_path / "ledger")
    (root / "units.yaml").unlink()
    (root / "units.yaml").mkdir()
    _, problems = load_ledger(root, cache=False)
    assert [(p.file, p.code, p.params["found"]) for p in problems] == [("units.yaml", "R012", "a folder")]


# --- short excerpts only --------------------------------------------------------------------------


def test_wrong_shaped_file_is_not_printed_whole(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger")
    (root / "units.yaml").write_text(f"GITHUB_TOKEN={SECRET * 20}\n", encoding="utf-8")
    result = _check(cli, root)
    quoted = ("GITHUB_TOKEN=" + SECRET * 20)[:80]
    assert result.stdout == (f"units.yaml:1:1: R008 this file must hold a mapping with 'leaders' and 'units', "
                             f"but it holds the text '{quoted}…'.\n")


def test_every_quoted_value_is_an_excerpt(tmp_path, cli):
    long = "长" * 500
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": f"""\
        - id: X-1
          title: t
          lead_unit: dev
          {long}: 1
          status: {long}
          milestones: [{{id: m1, due: '{long}', what: w}}]
          co_units: {long}
        """})
    result = _check(cli, root)
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 4
    for line in result.stdout.splitlines():
        assert long[:81] not in line and long[:80] + "…" in line, line


def test_excerpt_cuts_long_text_and_keeps_composed_parameters():
    from reformctl.problems import Problem

    problem = Problem("R101", "t.yaml", params={"key": "k" * 200, "allowed": ", ".join(["a-key"] * 30)})
    assert problem.message() == f"unknown key '{'k' * 80}…'. Keys allowed here: {', '.join(['a-key'] * 30)}."


def test_control_characters_in_messages_are_made_visible(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": TASK + '  "k\\e[2J\\u202eey": 1\n'})
    result = _check(cli, root)
    assert result.stdout.splitlines()[1] == ("tasks/t.yaml:5:3: R101 unknown key 'k␛[2J<U+202E>ey'. Keys allowed here: "
                                             "id, title, summary, lists, source, lead_leader, lead_unit, co_units, "
                                             "outcome, milestones, depends_on, progress, status, added, changes, "
                                             "closed, carry_over, pilot.")


def test_control_characters_leave_the_rest_readable_with_force(tmp_path, cli):
    late = TASK.replace("title: 改革任务", 'title: "改革\\u202e任务"').replace("2026-12-31", "2026-03-31")
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": late})
    assert _check(cli, root).exit_code == 1
    shown = cli("overdue", "-l", root, "--lang", "zh", "--no-cache", "--force")
    assert shown.exit_code == 0 and "X-1 改革<U+202E>任务" in shown.stdout and "\u202e" not in shown.stdout


# --- YAML tags ------------------------------------------------------------------------------------

TAGGED = {
    "custom tag on co_units": ("  co_units: !custom [gulou]\n", "tasks/t.yaml:5:13: R014 the YAML tag '!custom' is"),
    "python object": ("  summary: !!python/object/apply:os.system [echo]\n",
                      "tasks/t.yaml:5:12: R014 the YAML tag '!!python/object/apply:os.system' is"),
    "core tag": ("  summary: !!str 12\n", "tasks/t.yaml:5:12: R014 the YAML tag '!!str' is"),
    "non-specific tag": ("  summary: ! 12\n", "tasks/t.yaml:5:12: R014 the YAML tag '!' is"),
    "tag on a key": ("  !k summary: s\n", "tasks/t.yaml:5:3: R014 the YAML tag '!k' is"),
}


@pytest.mark.parametrize("name", sorted(TAGGED))
def test_tags_are_refused_wherever_they_stand(tmp_path, cli, name):
    line, expected = TAGGED[name]
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": TASK + line})
    result = _check(cli, root)
    assert result.stdout.startswith(expected), result.stdout
    assert result.exit_code == 1


def test_tags_are_declined_by_the_fast_path_and_refused_by_the_canonical_reading():
    text = "a: !custom [x]\n"
    assert read_fast(text) is None
    assert [p.code for p in parse(Source("t.yaml", text))[1]] == ["R014"]


# --- nesting --------------------------------------------------------------------------------------


def test_thirty_thousand_brackets_do_not_crash(tmp_path):
    root = write_ledger(tmp_path / "ledger", tasks={"deep.yaml": "[" * 30_000 + "\n"})
    run = subprocess.run([sys.executable, "-m", "reformctl", "check", "-l", str(root), "--lang", "en", "--no-cache"],
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.startswith("tasks/deep.yaml:1:66: R015 the data is nested more than 64 levels deep here;")
    assert run.returncode == 1


def test_deep_mapping_is_located(tmp_path, cli):
    deep = "".join("  " * level + f"k{level}:\n" for level in range(1000)) + "  " * 1000 + "v: 1\n"
    root = write_ledger(tmp_path / "ledger", units=deep)
    result = _check(cli, root)
    assert result.stdout.startswith("units.yaml:65:129: R015 the data is nested more than 64 levels deep here;")
    assert result.exit_code == 1


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH])
def test_nesting_up_to_the_limit_reads_alike_on_both_paths(depth):
    text = "a: " + "[" * depth + "]" * depth + "\n"  # the innermost list sits inside `depth` collections
    data, problems = parse(Source("t.yaml", text))
    assert problems == [] and read_fast(text) == data


def test_nesting_past_the_limit_is_refused_on_both_paths():
    text = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
    assert read_fast(text) is None
    assert [p.code for p in parse(Source("t.yaml", text))[1]] == ["R015"]


# --- control characters and blank text ------------------------------------------------------------

CONTROL = {
    "raw bidi override": ("  summary: 甲\u202e乙\n", "tasks/t.yaml:5:13: R016", "U+202E"),
    "escaped bidi isolate": ('  summary: "甲\\u2066乙"\n', "tasks/t.yaml:5:12: R016", "U+2066"),
    "escaped C1": ('  summary: "a\\x85b"\n', "tasks/t.yaml:5:12: R016", "U+0085"),
    "escaped escape": ('  summary: "\\e[2J"\n', "tasks/t.yaml:5:12: R016", "U+001B"),
    "not XML": ('  summary: "a\\uFFFE"\n', "tasks/t.yaml:5:12: R016", "U+FFFE"),
    "raw bell": ("  summary: a\x07b\n", "tasks/t.yaml:5:13: R016", "U+0007"),
    "in a key": ('  "s\\u202eummary": x\n', "tasks/t.yaml:5:3: R016", "U+202E"),
}


@pytest.mark.parametrize("name", sorted(CONTROL))
def test_control_characters_are_located(tmp_path, cli, name):
    line, expected, char = CONTROL[name]
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": TASK + line})
    result = _check(cli, root)
    assert result.stdout.startswith(f"{expected} the text holds an invisible control character ({char});")
    assert result.exit_code == 1


def test_escaped_backslash_is_not_an_escape():
    text = 'a: "docs\\\\build\\\\x"\n'  # docs\build\x: the backslashes are written, \b is no backspace
    assert parse(Source("t.yaml", text)) == ({"a": "docs\\build\\x"}, [])
    assert read_fast(text) == {"a": "docs\\build\\x"}


@pytest.mark.parametrize("title", ["'   '", "'\u3000\u3000'", "''"])
def test_blank_required_text_is_a_problem(tmp_path, cli, title):
    root = write_ledger(tmp_path / "ledger", tasks={"t.yaml": TASK.replace("title: 改革任务", f"title: {title}")})
    result = _check(cli, root)
    assert result.stdout == "tasks/t.yaml:2:10: R110 'title' is empty or holds only spaces; write the text.\n"
    assert result.exit_code == 1


def test_new_codes_have_both_languages_and_a_fix():
    from reformctl.problems import RULES

    for code in ("R011", "R012", "R013", "R014", "R015", "R016", "R110"):
        rule = RULES[code]
        assert rule.severity == "error" and rule.en and rule.zh
    docs = (Path(__file__).resolve().parent.parent / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    for code in ("R011", "R012", "R013", "R014", "R015", "R016", "R110"):
        assert f"| {code} | `{RULES[code].name}` |" in docs


def test_disk_listing_keeps_the_order_of_paths(tmp_path):
    root = write_ledger(tmp_path / "ledger", tasks={"b.yaml": TASK, "a-b.yaml": TASK})
    (root / "tasks" / "a").mkdir()
    (root / "tasks" / "a" / "z.yaml").write_text(TASK, encoding="utf-8")
    assert [rel for rel, _ in DiskFiles(root).ledger_files()] == [
        "reformctl.yaml", "units.yaml", "tasks/a/z.yaml", "tasks/a-b.yaml", "tasks/b.yaml"]
