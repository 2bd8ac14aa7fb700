"""Start-up: commands import only what they use, and a warm run skips what it can.

Each case runs the real command in a fresh interpreter and lists the modules it imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import write_ledger

HEAVY = {"jinja2", "docx", "openpyxl", "xlsxwriter", "python_calamine", "git", "pygit2", "dulwich", "lxml"}
RUN = """\
import atexit, json, sys
listing = sys.argv[1]
atexit.register(lambda: open(listing, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["reformctl", *sys.argv[2:]]
from reformctl.cli import main
main()
"""


def modules_of(*args: str, cwd: Path, env: dict) -> set[str]:
    listing = cwd / "modules.json"
    done = subprocess.run([sys.executable, "-c", RUN, str(listing), *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return set(json.loads(listing.read_text()))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def env(tmp_path):
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "REFORMCTL_LANG": "en"}
    for name in ("REFORMCTL_LEDGER", "REFORMCTL_NO_CACHE"):
        environment.pop(name, None)
    return environment


@pytest.mark.parametrize("args", [["--help"], ["status"], ["status", "--no-cache"], ["check"], ["overdue"]])
def test_commands_on_the_demo_do_not_import_heavy_libraries(args, tmp_path, env):
    modules = modules_of(*args, cwd=tmp_path, env=env)  # tmp_path holds no ledger: the bundled demo
    assert not tops(modules) & HEAVY


def test_help_does_not_import_the_model(tmp_path, env):
    assert "reformctl.model" not in modules_of("--help", cwd=tmp_path, env=env)


def test_a_clean_ledger_is_read_without_ruamel(tmp_path, env):
    root = write_ledger(tmp_path / "ledger")
    modules = modules_of("check", "-l", root, "--no-cache", cwd=tmp_path, env=env)
    assert "reformctl.model" in modules and "ryml" in modules and "ruamel.yaml" not in modules


def test_a_warm_check_builds_nothing(tmp_path, env):
    root = write_ledger(tmp_path / "ledger")
    modules_of("check", "-l", root, cwd=tmp_path, env=env)
    warm = modules_of("check", "-l", root, cwd=tmp_path, env=env)
    assert not {"reformctl.model", "reformctl.checks", "ruamel.yaml", "ryml"} & warm


def test_a_warm_status_replays_without_building_the_ledger(tmp_path, env):
    root = write_ledger(tmp_path / "ledger")
    modules_of("status", "-l", root, cwd=tmp_path, env=env)
    warm = modules_of("status", "-l", root, cwd=tmp_path, env=env)
    assert not {"reformctl.model", "reformctl.ops.status", "rich.table"} & warm


def _status(root: Path, cwd: Path, env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reformctl", "status", "-l", str(root), *extra], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


def test_replayed_status_is_the_same_bytes_and_follows_changes(tmp_path, env):
    root = write_ledger(tmp_path / "ledger")
    fresh = _status(root, tmp_path, env, "--no-cache")
    first, replayed = _status(root, tmp_path, env), _status(root, tmp_path, env)
    for run in (first, replayed):
        assert (run.stdout, run.stderr, run.returncode) == (fresh.stdout, fresh.stderr, fresh.returncode)
    tasks = root / "tasks" / "main.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("due: 2026-06-10", "due: 2026-05-10"), encoding="utf-8")
    changed = _status(root, tmp_path, env)
    assert changed.stdout != fresh.stdout
    assert changed.stdout == _status(root, tmp_path, env, "--no-cache").stdout
    assert _status(root, tmp_path, env, "--limit", "1").stdout == _status(root, tmp_path, env, "--limit", "1", "--no-cache").stdout


def test_a_status_cut_off_by_a_closed_pipe_is_not_replayed(tmp_path, env):
    # `reformctl status | head -1`: the output the reader saw was cut off; the next run prints it whole
    root = write_ledger(tmp_path / "ledger")
    command = [sys.executable, "-m", "reformctl", "status", "-l", str(root)]
    with subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as cut:
        cut.stdout.readline()
        cut.stdout.close()
        cut.wait(timeout=120)
    whole = _status(root, tmp_path, env, "--no-cache")
    after = _status(root, tmp_path, env)
    assert (after.stdout, after.returncode) == (whole.stdout, whole.returncode)


@pytest.mark.parametrize("argv, ledger", [
    (["status"], None),
    (["status", "-l", "x"], "x"),
    (["status", "--ledger=x", "--as-of", "2026-06-30", "--limit", "3", "--force", "-f", "json"], "x"),
    (["status", "--lang", "zh", "--unit", "dev", "--leader", "li", "--list", "key"], None),
    (["check"], False),
    (["status", "--no-cache"], False),
    (["status", "--help"], False),
    (["status", "-lx"], False),  # an attached short value: not parsed here, so not replayed
    (["status", "--limit", "-1"], False),
    (["status", "-l"], False),
    (["status", "--unit=dev", "extra"], False),
])
def test_only_plain_status_command_lines_are_replayed(argv, ledger):
    from reformctl.cli import app
    from reformctl.cli.replay import _replayable_status

    assert _replayable_status(argv, app) == ledger


def _run_line(argv: list[str], whole: bool, env: dict) -> tuple[bytes, bytes, object]:
    """What the command line prints for argv: run as the whole command line (Typer builds every
    command) or as reformctl.cli.main runs it (a lone command built alone)."""
    from typer.testing import CliRunner

    from reformctl.cli import app
    from reformctl.cli.replay import run_command

    code = None
    with CliRunner().isolation(env={"COLUMNS": "100", "REFORMCTL_LANG": "en", "NO_COLOR": "1",
                                    "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]}) as (out, err, _):
        try:
            app(args=argv, prog_name="reformctl") if whole else run_command(argv, app, prog_name="reformctl")
        except SystemExit as done:
            code = done.code
        sys.stdout.flush()
        sys.stderr.flush()
        return out.getvalue(), err.getvalue(), code


@pytest.mark.parametrize("argv", [
    ["status", "--help"], ["overdue", "-h"], ["check", "--help"], ["status", "--bogus"], ["overdue", "--by", "nobody"],
    ["check", "--as-of"], ["status", "--limit", "-3", "--no-cache"], ["status", "--no-cache", "--as-of", "2026-06-30"],
    ["overdue", "--no-cache", "-f", "csv"], ["check", "--no-cache"], ["check", "extra"],
])
def test_a_lone_command_prints_what_the_whole_command_line_does(argv, tmp_path, env, monkeypatch):
    from reformctl.cli.replay import lone_command
    from reformctl.cli import app

    monkeypatch.chdir(tmp_path)  # no ledger here: the bundled demo
    assert lone_command(argv, app) is not None
    whole = _run_line(argv, True, env)
    assert whole[2] in (0, 1, 2) and (whole[0] or whole[1])
    assert _run_line(argv, False, env) == whole


@pytest.mark.parametrize("argv", [["report", "--help"], ["init", "--help"], ["--version"], []])
def test_other_command_lines_are_run_whole(argv):
    from reformctl.cli import app
    from reformctl.cli.replay import lone_command

    assert lone_command(argv, app) is None


@pytest.mark.parametrize("args, code", [
    (["overdue", "-f", "csv", "--no-cache"], 0), (["check", "-l", "{broken}"], 1), (["status", "--bogus"], 2),
])
def test_the_process_ends_at_once_with_everything_written_and_its_exit_code(args, code, tmp_path, env):
    """main() ends the process without tearing the interpreter down: the output is whole (as the
    command prints it in a test's process), the exit's own work runs, and the exit code stands."""
    from typer.testing import CliRunner

    from reformctl.cli import app

    broken = write_ledger(tmp_path / "broken", tasks={"a.yaml": "- id: A-1\n  title: 任务\n  lead_unit: nowhere\n"})
    args = [arg.format(broken=broken) for arg in args]
    marker = tmp_path / "exit-work"
    run = RUN.replace('listing = sys.argv[1]', 'listing = sys.argv[1]; atexit.register(lambda: open(listing + ".done", "w").write("ran"))')
    done = subprocess.run([sys.executable, "-c", run, str(marker), *args], cwd=tmp_path, env=env, capture_output=True,
                          timeout=120)
    expected = CliRunner().invoke(app, args, env={"REFORMCTL_LANG": "en", "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]})
    assert done.returncode == code == expected.exit_code
    assert done.stdout.decode() == expected.stdout and done.stdout.decode().count("\n") == expected.stdout.count("\n")
    assert Path(str(marker) + ".done").read_text() == "ran"


def test_status_leaves_its_report_to_the_process_end_only_when_it_owns_the_process(tmp_path, env):
    """Owning the process, `status` hands its report to the exit (freed at once, not object by
    object as the command returns); called in a test's process, it keeps nothing."""
    from typer.testing import CliRunner

    from reformctl.cli import app
    from reformctl.cli import ending

    assert CliRunner().invoke(app, ["status", "--no-cache"]).exit_code == 0
    assert ending._kept == []
    marker = tmp_path / "kept"
    run = RUN.replace('listing = sys.argv[1]', 'listing = sys.argv[1]; from reformctl.cli import ending; '
                      'atexit.register(lambda: open(listing + ".kept", "w").write(repr([type(o).__name__ for kept in '
                      'ending._kept for o in kept])))')
    done = subprocess.run([sys.executable, "-c", run, str(marker), "status", "--no-cache"], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Path(str(marker) + ".kept").read_text() == "['Ledger', 'StatusReport', 'Supervision']"
