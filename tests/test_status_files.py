"""`status --no-cache` tallied file by file (reformctl.ops.status_files) shows what it showed before.

Each task file's part of the status is tallied in the check's pass, on the records built to check
it (in the forked child for half of the files of a large ledger), and the parts are added up. Here
the report is compared with `compute_status` on the full models, figure by figure, on a varied
ledger at several days and with every filter, on a generated ledger (on one process and on two),
and on the demo; and the command line's output (table, JSON, `overdue`) with what the read of lean
tasks prints, on ledgers without and with problems: a ledger with errors is refused with the same
messages, and `--force` reads it in full as before.
"""

from __future__ import annotations

import marshal
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import CONFIG, UNITS, write_ledger
from reformctl.ops.status import Filters, compute_status
from reformctl.ops.status_files import status_by_file, tally_from_plain, tally_to_plain
from reformctl.pipeline.ledger import load_ledger
from test_lean import DAYS, VARIED

FILTERS = (Filters(), Filters(unit="gulou"), Filters(unit="hitech"), Filters(leader="li"), Filters(list="pilot"),
           Filters(unit="dev", list="key"))
DEMO = Path(__file__).resolve().parent.parent / "ledgers" / "demo"


def _same_report(root: Path, days, filters=FILTERS) -> None:
    full, problems = load_ledger(root, cache=False)
    assert [p for p in problems if p.severity == "error"] == []
    for day in days:
        for chosen in filters:
            ledger, report = status_by_file(root, today=date(2026, 11, 26), chosen=day, filters=chosen)
            assert ledger is not None and ledger.tasks == ()
            assert ledger.records == full.records and ledger.config == full.config and ledger.units == full.units
            assert report.to_dict() == compute_status(full, day, filters=chosen).to_dict(), (day, chosen)


@pytest.fixture(scope="module")
def varied(tmp_path_factory) -> Path:
    return write_ledger(tmp_path_factory.mktemp("varied"), config=CONFIG.replace("as_of: 2026-06-20\n", ""),
                        units=UNITS, tasks={"a.yaml": VARIED, "b.yaml": VARIED.replace("id: V-", "id: W-"),
                                            "c.yaml": VARIED.replace("id: V-", "id: X-")})


def test_the_report_file_by_file_is_the_whole_ledgers_on_a_varied_ledger(varied):
    assert compute_status(load_ledger(varied, cache=False)[0], DAYS[3]).overdue  # something to compare
    _same_report(varied, DAYS)


def test_the_day_is_the_ledgers_pinned_day_else_today(varied, tmp_path):
    pinned = write_ledger(tmp_path / "p", config=CONFIG.replace("2026-06-20", "2026-12-31"), tasks={"a.yaml": VARIED})
    assert status_by_file(pinned, today=date(2026, 11, 26))[1].as_of == date(2026, 12, 31)
    assert status_by_file(varied, today=date(2026, 11, 26))[1].as_of == date(2026, 11, 26)


def test_the_report_file_by_file_is_the_whole_ledgers_on_the_demo():
    _same_report(DEMO, (date(2026, 6, 30), date(2026, 9, 18)))


@pytest.mark.parametrize("forking", [False, True], ids=["one process", "two processes"])
def test_the_report_file_by_file_is_the_whole_ledgers_on_a_generated_ledger(tmp_path, monkeypatch, forking):
    """With two processes, the child's parts cross the pipe as plain data (forked here whatever
    the ledger's size)."""
    from reformctl.load import parallel

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_ledger import write_ledger as generate

    generate(tmp_path / "gen", 400, 4, seed=7)
    queued = []
    worth, queue = parallel._worth_forking, parallel._Queue
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: worth(sizes, 0))
    monkeypatch.setattr(parallel, "_Queue", lambda count: queued.append(count) or queue(count))
    parallel.allow_forking(forking)
    try:
        _same_report(tmp_path / "gen", (date(2026, 4, 30), date(2026, 12, 31)), FILTERS[:2])
    finally:
        parallel.allow_forking(False)
    assert (4 in queued) is forking  # the four task files, shared out between the two processes


def test_a_tally_crosses_the_pipe_as_plain_data(varied):
    from reformctl.calendar import WorkCalendar
    from reformctl.ops.status import tally_status

    full, _ = load_ledger(varied, cache=False)
    tally = tally_status(full, DAYS[3], WorkCalendar("cn"))
    plain = marshal.loads(marshal.dumps(tally_to_plain(tally)))
    assert tally.overdue and tally.stale and tally.units
    assert tally_from_plain(plain).__dict__ == {**tally.__dict__, "office": "", "as_of": date.min,
                                               "window_end": date.min, "window": ""}


def _cli_both(cli, monkeypatch, *args):
    """The command's output with `--no-cache` (file by file), and as the lean read printed it
    (status_by_file standing aside)."""
    new = cli(*args, "--no-cache")
    monkeypatch.setattr("reformctl.ops.status_files.status_by_file", lambda *a, **k: (None, None))
    old = cli(*args, "--no-cache")
    monkeypatch.undo()
    return new, old


@pytest.mark.parametrize("args", [("status",), ("status", "-f", "json"), ("status", "--unit", "gulou"),
                                  ("status", "--list", "pilot", "--limit", "0"), ("overdue",),
                                  ("overdue", "--by", "unit"), ("overdue", "-f", "csv")], ids=" ".join)
def test_the_command_line_prints_what_it_printed(varied, cli, monkeypatch, args):
    new, old = _cli_both(cli, monkeypatch, *args, "-l", varied, "--as-of", "2026-07-10")
    assert new.exit_code == old.exit_code == 0
    assert new.stdout == old.stdout and new.stderr == old.stderr
    assert "V-1" in new.stdout or "W-1" in new.stdout


def test_the_command_line_prints_what_it_printed_on_the_demo(cli, monkeypatch):
    for args in (("status", "-l", DEMO, "--as-of", "2026-09-18"), ("status", "-l", DEMO, "-f", "json")):
        new, old = _cli_both(cli, monkeypatch, *args)
        assert new.exit_code == old.exit_code == 0 and new.stdout == old.stdout and new.stderr == old.stderr


def test_a_ledger_with_errors_is_refused_with_the_same_messages(tmp_path, cli, monkeypatch):
    broken = VARIED.replace("lead_unit: hitech\n  status: withdrawn", "lead_unit: nowhere\n  status: withdrawn")
    root = write_ledger(tmp_path / "l", config=CONFIG.replace("2026-06-20", "2026-12-31"), tasks={"a.yaml": broken})
    assert status_by_file(root, today=date(2026, 11, 26))[0] is None
    for args in (("status",), ("status", "--force"), ("overdue",), ("status", "-f", "json", "--force")):
        new, old = _cli_both(cli, monkeypatch, *args, "-l", root)
        assert new.exit_code == old.exit_code and new.stdout == old.stdout and new.stderr == old.stderr
        forced = "--force" in args
        assert new.exit_code == (0 if forced else 1) and ("R301" in new.stderr) is not forced
        assert ("以下数字未包含无法读取的内容" in new.stderr) is forced


def test_a_ledger_that_cannot_be_read_is_said_so_as_before(tmp_path, cli, monkeypatch):
    root = write_ledger(tmp_path / "l", tasks={"a.yaml": VARIED})
    (root / "reformctl.yaml").write_text("office: [unclosed\n", encoding="utf-8")
    assert status_by_file(root, today=date(2026, 11, 26)) == (None, None)
    new, old = _cli_both(cli, monkeypatch, "status", "-l", root)
    assert new.exit_code == old.exit_code == 1 and new.stderr == old.stderr and "R001" in new.stderr


def test_warnings_are_not_placed_only_the_errors_that_refuse_the_ledger(tmp_path, monkeypatch):
    """`status` shows no warnings, so it does not pay for placing them (each file with one is
    read again by ruamel.yaml); the errors that refuse a ledger are placed as `check` places them."""
    import reformctl.load.stages as stages

    placed = []
    locate = stages.locate_all
    monkeypatch.setattr(stages, "locate_all", lambda text, requests: placed.append(len(requests)) or locate(text, requests))
    root = write_ledger(tmp_path / "w", config=CONFIG.replace("2026-06-20", "2026-12-31"), tasks={"a.yaml": VARIED})
    _, problems = load_ledger(root, cache=False)
    assert {p.code for p in problems if p.severity == "warning"} and not [p for p in problems if p.severity == "error"]
    placed.clear()
    ledger, report = status_by_file(root, today=date(2026, 11, 26))
    assert ledger is not None and report.tasks and placed == []

    broken = VARIED.replace("lead_unit: hitech\n  status: withdrawn", "lead_unit: nowhere\n  status: withdrawn")
    root = write_ledger(tmp_path / "e", config=CONFIG.replace("2026-06-20", "2026-12-31"), tasks={"a.yaml": broken})
    errors = [p for p in load_ledger(root, cache=False)[1] if p.severity == "error"]
    assert status_by_file(root, today=date(2026, 11, 26)) == (None, errors) and errors
