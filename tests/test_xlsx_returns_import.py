"""`reformctl returns import`: returns filled in, read back, checked cell by cell, written through reformctl.edit."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from helpers import TASKS, write_ledger


@pytest.fixture
def ledger(tmp_path):
    return write_ledger(tmp_path / "ledger")


@pytest.fixture
def made(cli, ledger, tmp_path):
    """dev's return for June 2026: rows 4 (T-1 m2 形成方案, due 06-10) and 5 (T-1 m3 印发实施, due 06-30)."""
    out = tmp_path / "returns"
    assert cli("returns", "make", "-p", "2026-06", "-l", ledger, "-o", out).exit_code == 0
    return out / "dev-2026-06.xlsx"


def fill(path: Path, cells: dict, target: Path | None = None) -> Path:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book["进展报送表"][ref] = value
    book.save(target or path)
    return target or path


def run(cli, ledger, *args):
    return cli("returns", "import", *map(str, args), "-l", ledger, "--lang", "en")


def tasks_text(ledger: Path) -> str:
    return (ledger / "tasks" / "main.yaml").read_text(encoding="utf-8")


def test_a_clean_return_writes_progress_and_completion_once(cli, ledger, made):
    fill(made, {"F4": datetime(2026, 6, 15), "G4": "方案已印发征求意见", "J4": "方案.pdf；征求意见函",
                "G5": "试点区已确定", "H5": "试点经费未落实", "I5": "请市财政局协调经费"})
    result = run(cli, ledger, made)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file: written 1 progress report and 1 milestone completion.\n"
    text = tasks_text(ledger)
    assert "- {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-15, evidence: [方案.pdf, 征求意见函]}" in text
    assert ("    - {date: 2026-06-20, by: dev, text: 方案已印发征求意见；试点区已确定, evidence: [方案.pdf, 征求意见函], "
            "problem: 试点经费未落实, coordination: 请市财政局协调经费}\n") in text  # in the style of the entries above
    again = run(cli, ledger, made)
    assert (again.exit_code, again.stderr) == (0, "1 file: written 0 progress reports and 0 milestone completions.\n")
    assert tasks_text(ledger) == text
    assert cli("check", "-l", ledger).exit_code == 0


def test_every_cell_that_cannot_be_taken_is_a_problem_and_nothing_is_written(cli, ledger, made):
    before = tasks_text(ledger)
    fill(made, {"F4": "2026/6/31", "G4": "进展", "F5": "下月底", "G5": "进展"})
    book = openpyxl.load_workbook(made)
    form = book["进展报送表"]
    form["A6"], form["C6"], form["G6"] = "T-2", "m1", "代报"  # a task dev does not own
    form["A7"], form["C7"], form["G7"] = "T-1", "m9", "改了编号"
    form["A8"], form["H8"] = "T-1", "只写了问题"
    book.save(made)
    result = run(cli, ledger, made)
    where = str(made)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{where}!F4: R806 '2026/6/31' is not a day of the calendar; correct the month or the day.",
        f"{where}!F5: R805 '下月底' is not a date; write the completion date as YYYY-MM-DD, for example 2026-06-20, "
        "or leave the cell empty if the milestone is not done.",
        f"{where}!A6: R809 task T-2 is not led or co-led by 市发展改革委; a unit reports only on its own tasks: "
        "delete this row (鼓楼区 reports on it).",
        f"{where}!C7: R808 'm9' is not a milestone id the office sent in this return; the id columns are locked: "
        "restore the row as it was sent (or ask the office for a fresh return).",
        f"{where}!C8: R808 '' is not a milestone id the office sent in this return; the id columns are locked: "
        "restore the row as it was sent (or ask the office for a fresh return).",
    ]
    assert result.stderr.endswith("The returns have 5 problems (listed above); nothing was imported. "
                                  "Fix the files, or add --partial to take the clean rows.\n")
    assert tasks_text(ledger) == before


def test_future_dates_other_units_milestones_and_progress_missing(cli, ledger, made, tmp_path):
    gulou = made.parent / "gulou-2026-06.xlsx"
    fill(gulou, {"F4": "2026-06-12", "G4": "鼓楼区配合推进", "F5": "2026-06-25", "H5": "滞后"})
    result = run(cli, ledger, gulou)
    assert result.stdout.splitlines() == [
        f"{gulou}!F4: R811 milestone m2 of task T-1 is completed by 市发展改革委, not by 鼓楼区; leave this cell empty "
        "and report the progress in column G.",
        f"{gulou}!F5: R807 the completion date 2026-06-25 is after today (2026-06-20); fill in only milestones "
        "already done, with the day they were done.",
        f"{gulou}!G5: R813 本月进展 is empty, but this row fills in 存在问题/滞后原因; write the month's progress in this cell.",
    ]


def test_partial_takes_the_clean_rows_and_lists_the_rest(cli, ledger, made):
    fill(made, {"F4": "2026-06-18", "G4": "方案已形成", "F5": "6月底"})
    result = cli("returns", "import", made, "--partial", "-l", ledger, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{made}!F5: R805 '6月底' is not a date")
    assert result.stderr == ("The returns have 1 problem (listed above); those cells' rows were left out and the "
                             "clean rows taken.\n1 file: written 1 progress report and 1 milestone completion.\n")
    assert "what: 形成方案, done: 2026-06-18}" in tasks_text(ledger)


def test_a_return_for_another_unit_or_month_is_refused_whole(cli, ledger, made):
    fill(made, {"G4": "进展"})
    before = tasks_text(ledger)
    renamed = made.with_name("gulou-2026-06.xlsx")
    shutil.copyfile(made, renamed)
    result = run(cli, ledger, renamed)
    assert result.stdout == (f"{renamed}: R803 this return is dev's, but the file is named for gulou; import each "
                             "unit's own return, under its own name (dev-2026-06.xlsx).\n")
    other = cli("returns", "import", made, "--period", "2026-07", "--partial", "-l", ledger, "--lang", "en")
    assert other.stdout == (f"{made}: R804 this return is for 2026-06, not for 2026-07; import it with --period "
                            "2026-06, or ask the unit for its return of 2026-07.\n")
    assert other.exit_code == 1 and tasks_text(ledger) == before


def test_rows_the_ledger_has_moved_on_from_are_refused(cli, ledger, made):
    fill(made, {"G4": "进展"})
    path = ledger / "tasks" / "main.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("what: 印发实施", "what: 印发实施方案"), encoding="utf-8")
    assert run(cli, ledger, made).exit_code == 0  # row 4 (m2) did not change, and row 5 is empty
    fill(made, {"G5": "进展"})
    result = run(cli, ledger, made)
    assert result.stdout == (f"{made}!A5: R810 the ledger has changed for this row since the return was made on "
                             "2026-06-20 (its title, milestone, due date or owner was changed); make a fresh return "
                             "(reformctl returns make --period 2026-06 --unit dev) and copy the entries across.\n")


def test_not_a_return_and_not_a_workbook(cli, ledger, tmp_path):
    plain = tmp_path / "dev-2026-06.xlsx"
    openpyxl.Workbook().save(plain)
    text = tmp_path / "notes.xlsx"
    text.write_text("不是表格", encoding="utf-8")
    result = run(cli, ledger, plain, text)
    assert result.stdout.splitlines() == [
        f"{plain}: R802 this workbook is not a return made by `reformctl returns make` (no sheet _reformctl); fill in "
        "the return the office sent, not a copy or a new file.",
        f"{text}: R801 the file cannot be read as an Excel workbook (BadZipFile); open it in Excel or WPS and save it "
        "as .xlsx (Excel 工作簿).",
    ]


def test_json_output_and_dry_run(cli, ledger, made):
    fill(made, {"F4": "下月底", "G5": "进展"})
    result = cli("returns", "import", made, "-f", "json", "-l", ledger, "--lang", "zh")
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"]) == (1, 0)
    assert data["problems"] == [{"file": f"{made}!F4", "line": None, "col": None, "code": "R805",
                                 "name": "return-bad-date", "severity": "error",
                                 "message": "“下月底”不是日期；完成日期请写成 YYYY-MM-DD 格式，例如 2026-06-20；节点未完成的请留空。"}]
    fill(made, {"F4": None})
    before = tasks_text(ledger)
    dry = cli("returns", "import", made, "--dry-run", "-l", ledger, "--lang", "en")
    assert (dry.exit_code, dry.stderr) == (0, "Dry run: 1 progress report and 0 milestone completions would be "
                                              "written; nothing was written.\n")
    assert tasks_text(ledger) == before


def test_commit_makes_one_commit_of_the_changed_files(cli, ledger, made):
    git = ["git", "-C", str(ledger), "-c", "user.name=改革办", "-c", "user.email=office@example.cn"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "台账"], check=True)
    fill(made, {"G4": "进展顺利"})
    env = {"GIT_AUTHOR_NAME": "改革办", "GIT_AUTHOR_EMAIL": "o@e.cn", "GIT_COMMITTER_NAME": "改革办",
           "GIT_COMMITTER_EMAIL": "o@e.cn"}
    result = cli("returns", "import", made, "--commit", "-l", ledger, "--lang", "en", env=env)
    assert result.exit_code == 0, result.stderr
    log = subprocess.run(git + ["log", "--format=%s", "-1", "--name-only"], capture_output=True, text=True).stdout
    assert log.split("\n")[:3] == ["导入进展报送表：1 条进展、0 个节点完成", "", "tasks/main.yaml"]



def test_a_row_the_ledger_refuses_leaves_its_whole_return_out_unless_partial(cli, tmp_path):
    """Evidence outside the ledger passes the return's own checks but not the write's: the return
    is all or nothing, as for a cell that cannot be taken; --partial takes what the ledger accepts."""
    more = TASKS + ("- id: T-3\n  title: 审批制度改革\n  lead_unit: dev\n  status: in_progress\n  milestones:\n"
                    "    - {id: m1, due: 2026-06-05, what: 清单公布}\n")
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": more})
    assert cli("returns", "make", "-p", "2026-06", "-l", root, "-o", tmp_path / "out").exit_code == 0
    made = fill(tmp_path / "out" / "dev-2026-06.xlsx",
                {"F4": datetime(2026, 6, 15), "G4": "方案已印发", "J4": "../外部/方案.pdf", "G6": "清单已公布"})
    before = tasks_text(root)
    refusal = ("R814 this row cannot be written to the ledger: The evidence ../外部/方案.pdf is outside the ledger "
               "folder; put the file inside the …")
    result = run(cli, root, made)
    assert (result.exit_code, result.stdout.splitlines()) == (1, [f"{made}!F4: {refusal}", f"{made}!G4: {refusal}"])
    assert tasks_text(root) == before
    taken = run(cli, root, made, "--partial")
    assert (taken.exit_code, taken.stdout.splitlines()) == (1, [f"{made}!F4: {refusal}", f"{made}!G4: {refusal}"])
    assert taken.stderr.splitlines()[-1] == "1 file: written 1 progress report and 0 milestone completions."
    text = tasks_text(root)
    assert "text: 清单已公布" in text and "方案已印发" not in text and "done: 2026-06-15" not in text


def test_only_the_tasks_a_return_asks_about_are_built(made, ledger):
    """The import builds the tasks of the rows filled in or not sent (a row left as sent asks for
    nothing); each is placed where it is in its file, as a whole load places it."""
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.sources.returns import open_return

    fill(made, {"G5": "进展", "A6": "T-2", "C6": "m1"})
    opened = open_return(made, "dev-2026-06.xlsx")
    assert opened.tasks_needed() == {"T-1", "T-2"}  # row 4 (T-1) left as sent; row 5 filled; row 6 added
    fill(made, {"G5": None, "A6": None, "C6": None})
    assert open_return(made, "dev-2026-06.xlsx").tasks_needed() == set()
    whole, _ = load_ledger(ledger, run_checks=False)
    some, _ = load_ledger(ledger, run_checks=False, only_tasks=frozenset({"T-2", "T-9"}))
    assert [task.id for task in some.tasks] == ["T-2"]
    assert some.task("T-2") == whole.task("T-2") and some.task("T-2").src == whole.task("T-2").src
    assert some.units == whole.units and some.config == whole.config
    with pytest.raises(ValueError):
        load_ledger(ledger, only_tasks=frozenset({"T-2"}))  # checks need every task


def test_only_some_tasks_are_built_beside_an_id_that_is_not_text(tmp_path):
    """A task whose id is a list or a map (an error the check reports) does not stop the build of
    the tasks a return names."""
    from reformctl.pipeline.ledger import load_ledger

    odd = "- id: [T-9]\n  title: 编号写成了列表\n  lead_unit: dev\n- id: {a: 1}\n  title: 编号写成了映射\n  lead_unit: dev\n"
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TASKS, "odd.yaml": odd})
    ledger, _ = load_ledger(root, run_checks=False, only_tasks=frozenset({"T-1"}))
    assert [task.id for task in ledger.tasks] == ["T-1"]
