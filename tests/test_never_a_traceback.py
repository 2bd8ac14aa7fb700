"""Whatever the clerk types, reformctl answers with problems, never with a crash."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CONFIG, TASKS, UNITS, write_ledger
from reformctl import load_ledger
from reformctl.ops.status import compute_status

FILES = {"reformctl.yaml": CONFIG, "units.yaml": UNITS, "tasks/main.yaml": TASKS}
FRAGMENTS = ["", " ", "  ", "-", "- ", ":", ": ", "{", "}", "[", "]", "'", '"', "#", "&a", "*a", "!!int",
             "~", "null", "007", "2026-13-01", "2026-02-30", "no", "1e3", "\t", "？", "改革", "|", ">",
             "id: x", "due: 2026-06-30", "- {}", "[]", "{}", "---", "...", "%YAML 1.2", "? ", "<<: *a"]


@st.composite
def edits(draw):
    """A file of the small ledger and a few line-level edits to it."""
    name = draw(st.sampled_from(sorted(FILES)))
    lines = FILES[name].splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "splice", "dup"]))
        piece = draw(st.sampled_from(FRAGMENTS))
        if kind == "delete" and len(lines) > 1:
            lines.pop(index)
        elif kind == "insert":
            lines.insert(index, piece)
        elif kind == "replace":
            lines[index] = piece
        elif kind == "splice":
            cut = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:cut] + piece + lines[index][cut:]
        else:
            lines.insert(index, lines[index])
    return name, "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=edits())
def test_any_edit_gives_problems_not_a_crash(edit, tmp_path_factory):
    root = write_ledger(tmp_path_factory.mktemp("l"))
    name, text = edit
    (root / name).write_text(text, encoding="utf-8")
    ledger, problems = load_ledger(root, today=date(2026, 11, 23))
    assert all(p.line and p.col for p in problems)
    for problem in problems:
        assert problem.format("zh") and problem.format("en")
    if ledger is not None:
        compute_status(ledger, date(2026, 6, 20))
