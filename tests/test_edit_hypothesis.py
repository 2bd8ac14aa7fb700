"""Any sequence of valid writes on the demo leaves a ledger with no error and every comment in place."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import comment_lines

from reformctl import edit
from reformctl.pipeline.incremental import check_ledger
from reformctl.load.find import demo_ledger

TASKS = ["JZ-2026-001", "JZ-2026-010", "JZ-2026-011", "JZ-2026-034", "TS-2026-songling", "SD-2026-04"]
UNITS = ["office", "shuju", "fagaiwei", "songling", "jinrong"]
TEXT = st.text(alphabet=st.sampled_from(list("改革推进方案已印发：，。“”《》abcXYZ019 :#-{}[],'\"&*!|>%@?")),
               min_size=1, max_size=30).filter(lambda text: text.strip() == text and " #" not in text)
DAY = st.integers(min_value=0, max_value=200).map(lambda back: date(2026, 9, 18) - timedelta(days=back))
MILESTONE = st.sampled_from(["m1", "m2", "m3", "m4"])

WRITES = st.one_of(
    st.tuples(st.just("progress"), st.sampled_from(TASKS), TEXT, st.sampled_from(UNITS), DAY),
    st.tuples(st.just("done"), st.sampled_from(TASKS), MILESTONE, DAY),
    st.tuples(st.just("postpone"), st.sampled_from(TASKS), MILESTONE,
              st.integers(min_value=1, max_value=300).map(lambda n: date(2026, 9, 18) + timedelta(days=n)), TEXT),
    st.tuples(st.just("reword"), st.sampled_from(TASKS), MILESTONE, TEXT),
    st.tuples(st.just("status"), st.sampled_from(TASKS), st.sampled_from(["suspended", "withdrawn", None])),
    st.tuples(st.just("reassign"), st.sampled_from(TASKS), st.sampled_from(UNITS)),
    st.tuples(st.just("add"), TEXT, st.sampled_from(UNITS)),
)


def _write(root: Path, step: tuple) -> None:
    kind, *args = step
    approval = {"reason": "经研究同意", "approved_by": "市委改革办"}
    if kind == "progress":
        task, text, unit, day = args
        edit.add_progress(root, task, text, by=unit, day=day)
    elif kind == "done":
        task, milestone, day = args
        edit.complete_milestone(root, task, milestone, day=day)
    elif kind == "postpone":
        task, milestone, to, ref = args
        edit.postpone(root, task, milestone, to=to, ref=ref, **approval)
    elif kind == "reword":
        task, milestone, what = args
        edit.reword(root, task, milestone, what=what, **approval)
    elif kind == "status":
        task, status = args
        edit.change_status(root, task, status, **approval)
    elif kind == "reassign":
        task, unit = args
        edit.reassign(root, task, lead_unit=unit, **approval)
    else:
        title, unit = args
        edit.add_task(root, {"title": title, "lead_unit": unit, "lists": ["pilots"],
                             "milestones": [{"due": "2026-12-31", "what": title}]})




@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WRITES, min_size=1, max_size=4))
def test_valid_writes_keep_the_ledger_sound_and_its_comments(steps):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(shutil.copytree(demo_ledger(), Path(folder) / "demo"))
        comments = comment_lines(root)
        for step in steps:
            before = {path: path.read_bytes() for path in root.rglob("*.yaml")}
            try:
                _write(root, step)
            except edit.EditRefused:  # refused: nothing was written
                assert {path: path.read_bytes() for path in root.rglob("*.yaml")} == before
        _, problems = check_ledger(root, today=date(2026, 9, 18), cache=False)
        assert [p.format("en") for p in problems if p.severity == "error"] == []
        assert comment_lines(root) == comments
