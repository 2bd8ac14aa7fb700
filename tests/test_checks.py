"""Each check, with a small ledger that breaks it and the exact place it points at."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import UNITS, write_ledger
from reformctl import load_ledger

BASE = """\
- id: A-1
  title: 优化营商环境
  lead_unit: dev
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-31, what: 完成调研, done: 2026-03-20}
    - {id: m2, due: 2026-09-30, what: 印发方案}
  progress:
    - {date: 2026-09-01, by: dev, text: 已形成初稿}
"""


NOW = date(2026, 9, 15)  # the ledger's "now" for these checks


def problems_of(tmp_path, tasks: str, **ledger) -> list[str]:
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": tasks}, **ledger)
    _, problems = load_ledger(root, as_of=NOW)
    return [f"{p.where()}: {p.code}" for p in problems]


CASES = {
    "R101 unknown key, with a suggestion": (BASE + "  lead_unti: dev\n", ["tasks/t.yaml:10:3: R101"]),
    "R102 missing key": ("- id: A-1\n  lead_unit: dev\n  milestones: [{id: m1, due: 2026-12-01, what: w}]\n",
                         ["tasks/t.yaml:1:3: R102"]),
    "R107 bad choice": (BASE.replace("in_progress", "ongoing"), ["tasks/t.yaml:4:11: R107"]),
    "R108 bad id": (BASE.replace("id: A-1", "id: A 1"), ["tasks/t.yaml:1:7: R108"]),
    "R201 duplicate task id": (BASE + BASE, ["tasks/t.yaml:10:7: R201"]),
    "R202 duplicate milestone id": (BASE.replace("id: m2", "id: m1"), ["tasks/t.yaml:7:12: R202"]),
    "R301 unknown unit": (BASE.replace("lead_unit: dev", "lead_unit: deve"), ["tasks/t.yaml:3:14: R301"]),
    "R302 unknown leader": (BASE + "  lead_leader: zhao\n", ["tasks/t.yaml:10:16: R302"]),
    "R303 unknown task": (BASE + "  depends_on: [B-9]\n", ["tasks/t.yaml:10:16: R303"]),
    "R304 dependency cycle": (
        BASE + "  depends_on: [A-2]\n" + BASE.replace("A-1", "A-2") + "  depends_on: [A-1]\n",
        ["tasks/t.yaml:10:16: R304"]),
    "R305 unknown list": (BASE + "  lists: [kye]\n", ["tasks/t.yaml:10:11: R305"]),
    "R401 milestones out of order": (BASE.replace("2026-09-30", "2026-02-28"), ["tasks/t.yaml:7:21: R401"]),
    "R402 done in the future": (BASE.replace("done: 2026-03-20", "done: 2026-12-20"),
                                ["tasks/t.yaml:6:51: R402"]),
    "R403 no milestones": ("- id: A-1\n  title: t\n  lead_unit: dev\n", ["tasks/t.yaml:1:7: R403"]),
    "R501 done with open milestones": (BASE.replace("in_progress", "done"), ["tasks/t.yaml:4:11: R501"]),
    "R502 closed without evidence": (
        BASE.replace("in_progress", "closed").replace("what: 印发方案}", "what: 印发方案, done: 2026-09-01}")
        + "  closed: {date: 2026-09-10, by: office, evidence: []}\n", ["tasks/t.yaml:10:11: R502"]),
    "R503 closed before done": (
        BASE.replace("in_progress", "closed").replace("what: 印发方案}", "what: 印发方案, done: 2026-09-01}")
        + "  closed: {date: 2026-08-10, by: office, evidence: [a.pdf]}\n", ["tasks/t.yaml:10:18: R503"]),
    "R504 closed status without record": (
        BASE.replace("in_progress", "closed").replace("what: 印发方案}", "what: 印发方案, done: 2026-09-01}"),
        ["tasks/t.yaml:4:11: R504"]),
    "R505 struck off in the future": (
        BASE.replace("in_progress", "closed").replace("what: 印发方案}", "what: 印发方案, done: 2026-09-01}")
        + "  closed: {date: 2026-12-10, by: office, evidence: [a.pdf]}\n", ["tasks/t.yaml:10:18: R505"]),
    "R506 all done, still active": (BASE.replace("what: 印发方案}", "what: 印发方案, done: 2026-09-01}"),
                                    ["tasks/t.yaml:4:11: R506"]),
    "R601 change of an unknown milestone": (
        BASE + "  changes:\n    - {date: 2026-05-01, milestone: m9, field: due, from: 2026-06-30, to: 2026-09-30,"
               " reason: r, approved_by: 市委改革办}\n", ["tasks/t.yaml:11:37: R601"]),
    "R602 due date disagrees with its change": (
        BASE + "  changes:\n    - {date: 2026-05-01, milestone: m2, field: due, from: 2026-06-30, to: 2026-10-31,"
               " reason: r, approved_by: 市委改革办}\n", ["tasks/t.yaml:7:21: R602"]),
    "R603 change without its milestone": (
        BASE + "  changes:\n    - {date: 2026-05-01, field: due, from: 2026-06-30, to: 2026-09-30,"
               " reason: r, approved_by: 市委改革办}\n", ["tasks/t.yaml:11:7: R603"]),
    "R604 change with a bad date": (
        BASE + "  changes:\n    - {date: 2026-05-01, milestone: m2, field: due, from: 6月30日, to: 2026-09-30,"
               " reason: r, approved_by: 市委改革办}\n", ["tasks/t.yaml:11:59: R604"]),
    "R605 change in the future": (
        BASE + "  changes:\n    - {date: 2026-12-01, milestone: m2, field: due, from: 2026-06-30, to: 2026-09-30,"
               " reason: r, approved_by: 市委改革办}\n", ["tasks/t.yaml:11:14: R605"]),
    "R606 lead unit disagrees with its change": (
        BASE + "  changes:\n    - {date: 2026-05-01, field: lead_unit, from: gulou, to: hitech,"
               " reason: r, approved_by: 市委}\n", ["tasks/t.yaml:11:61: R606"]),
    "R701 progress in the future": (BASE + "    - {date: 2026-12-01, by: dev, text: 未来}\n",
                                    ["tasks/t.yaml:10:14: R701"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_points_at_the_problem(name, tmp_path):
    tasks, expected = CASES[name]
    assert problems_of(tmp_path, tasks) == expected


def test_clean_ledger_has_no_problems(tmp_path):
    assert problems_of(tmp_path, BASE) == []


def test_approved_postponement_is_clean(tmp_path):
    tasks = BASE + ("  changes:\n    - {date: 2026-05-01, milestone: m2, field: due, from: 2026-06-30,"
                    " to: 2026-09-30, reason: 待省级方案出台, approved_by: 市委改革办, ref: 江改办〔2026〕5号}\n")
    assert problems_of(tmp_path, tasks) == []


def test_stale_progress_is_a_warning(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": BASE})
    _, problems = load_ledger(root, as_of=date(2026, 10, 15))
    assert [(p.code, p.severity, p.where()) for p in problems] == [("R702", "warning", "tasks/t.yaml:1:7")]
    assert problems[0].message("en") == ("no progress reported since 2026-09-01 (44 days); "
                                         "the office expects an update at least every 30 days.")


def test_unknown_key_suggests_the_right_one(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": BASE + "  lead_unti: dev\n"})
    _, problems = load_ledger(root, as_of=NOW)
    assert problems[0].message("en").startswith("unknown key 'lead_unti' (did you mean 'lead_unit'?)")
    assert "是否应为“lead_unit”" in problems[0].message("zh")


def test_unknown_unit_suggests_a_close_id(tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": BASE.replace("lead_unit: dev", "lead_unit: deve")})
    _, problems = load_ledger(root, as_of=NOW)
    assert problems[0].message("en") == "unknown unit 'deve' (did you mean 'dev'?); units are listed in units.yaml."


def test_duplicate_unit_in_units_file(tmp_path):
    units = UNITS + "  - {id: dev, name: 重复, kind: department}\n"
    assert problems_of(tmp_path, BASE, units=units) == ["units.yaml:9:10: R203"]


def test_cycle_is_reported_once_with_its_path(tmp_path):
    tasks = (BASE + "  depends_on: [A-2]\n" + BASE.replace("A-1", "A-2") + "  depends_on: [A-3]\n"
             + BASE.replace("A-1", "A-3") + "  depends_on: [A-1]\n")
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": tasks})
    _, problems = load_ledger(root, as_of=NOW)
    assert [p.message("en") for p in problems] == [
        "tasks depend on each other in a circle: A-1 → A-2 → A-3 → A-1; remove one of these dependencies."]


def test_long_dependency_chain_is_no_cycle(tmp_path):
    tasks = "".join(BASE.replace("A-1", f"C-{i}") + (f"  depends_on: [C-{i + 1}]\n" if i < 1999 else "")
                    for i in range(2000))
    assert problems_of(tmp_path, tasks) == []


def test_a_circle_is_found_among_tasks_that_depend_on_none_and_through_itself(tmp_path):
    tasks = (BASE.replace("A-1", "B-1") + BASE + "  depends_on: [B-1, A-2]\n" + BASE.replace("A-1", "B-2")
             + BASE.replace("A-1", "A-2") + "  depends_on: [B-2, A-1]\n"
             + BASE.replace("A-1", "S-1") + "  depends_on: [S-1]\n")
    assert problems_of(tmp_path, tasks) == ["tasks/t.yaml:19:21: R304", "tasks/t.yaml:48:16: R304"]


def test_a_task_id_written_twice_is_on_no_circle_when_its_first_task_depends_on_none(tmp_path):
    tasks = BASE + BASE + "  depends_on: [A-2]\n" + BASE.replace("A-1", "A-2") + "  depends_on: [A-1]\n"
    assert problems_of(tmp_path, tasks) == ["tasks/t.yaml:10:7: R201"]


def test_every_unit_a_task_names_is_placed_by_its_key_path():
    """Task.unit_places keeps the units a task names in two tuples; unit_refs gives back each with
    its key path, for lists of any length (places past the small numbers Python keeps)."""
    from reformctl.checks.refs import TaskRefs
    from reformctl.model import Task

    task = Task.model_validate({
        "id": "A-1", "title": "任务", "lead_unit": "dev", "co_units": ["gulou", "hitech"],
        "milestones": [{"id": f"m{i}", "due": "2026-03-01", "what": "w", **({"owner": "hitech"} if i % 2 else {})}
                       for i in range(4)],
        "progress": [{"date": "2026-02-01", "by": f"u{i}", "text": "进展"} for i in range(60)],
        "status": "closed", "closed": {"date": "2026-04-01", "by": "office", "evidence": ["a.pdf"]}})
    expected = ([("dev", ("lead_unit",)), ("gulou", ("co_units", 0)), ("hitech", ("co_units", 1)),
                 ("hitech", ("milestones", 1, "owner")), ("hitech", ("milestones", 3, "owner"))]
                + [(f"u{i}", ("progress", i, "by")) for i in range(60)] + [("office", ("closed", "by"))])
    assert task.unit_refs() == expected and TaskRefs.of(task).unit_refs() == expected


def test_the_reference_index_keeps_the_first_task_of_an_id_and_every_name(tmp_path):
    """What several ledger checks share: the first task of an id stands for it (by_id); every unit,
    list, leader, dependency and contact named (RefNames), the same made file by file and joined
    as made of the whole; and the checks' findings from them."""
    from reformctl.checks.refs import RefNames, TaskRefIndex

    tasks = (BASE + "  lead_leader: zhao\n  lists: [key]\n" + BASE + "  depends_on: [A-2]\n  co_units: [gulu]\n"
             + BASE.replace("A-1", "A-2") + "  depends_on: [A-9]\n")
    ledger, _ = load_ledger(write_ledger(tmp_path / "l", tasks={"t.yaml": tasks}), as_of=NOW)
    index = TaskRefIndex.of(ledger)
    assert list(index.by_id) == ["A-2", "A-1"] and index.by_id["A-1"].src.keypath == (0,) and not index.ids_unique
    names = index.names
    assert (names.count, names.ids, names.units, names.lists) == (3, {"A-1", "A-2"}, {"dev", "gulu"}, {"key"})
    assert (names.leaders, names.dependencies, names.contacts, names.depending) == ({"zhao"}, {"A-2", "A-9"}, set(),
                                                                                      (1, 2))
    assert RefNames.joined([RefNames.of(index.refs[:1]), RefNames.of(()), RefNames.of(index.refs[1:])]) == names
    assert RefNames.joined([]) == RefNames.of(()) == RefNames()
    assert [ref.id for ref in index.with_ids(["A-1", "B-7"])] == ["A-1", "A-1"]
    assert problems_of(tmp_path / "again", tasks) == ["tasks/t.yaml:10:16: R302", "tasks/t.yaml:12:7: R201",
                                                     "tasks/t.yaml:22:14: R301", "tasks/t.yaml:32:16: R303"]


def test_a_check_asked_for_errors_only_leaves_out_no_error(tmp_path):
    """`status` asks the checks for errors only (CheckContext.errors_only): the checks that can
    only warn (stale progress, milestones out of order, a task without milestones) do not look,
    and every error is still found."""
    from reformctl.checks import CheckContext, run_file_checks

    tasks = (BASE.replace("2026-09-30", "2026-02-28").replace("2026-09-01", "2026-01-05")
             + BASE.replace("A-1", "A-2").replace("done: 2026-03-20", "done: 2026-12-20")
             + "- id: A-3\n  title: t\n  lead_unit: dev\n")
    ledger, _ = load_ledger(write_ledger(tmp_path / "l", tasks={"t.yaml": tasks}), as_of=NOW)
    every = list(run_file_checks(ledger, CheckContext(now=NOW)))
    errors = list(run_file_checks(ledger, CheckContext(now=NOW, errors_only=True)))
    assert {p.code for p in every} >= {"R401", "R402", "R403", "R702"}
    assert errors == [p for p in every if p.severity == "error"] and {p.code for p in errors} == {"R402"}
    assert CheckContext(errors_only=True).reports("R402") and not CheckContext(errors_only=True).reports("R702")
    assert CheckContext().reports("R702")
