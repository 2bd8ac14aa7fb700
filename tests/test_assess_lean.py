"""`assess` reads the ledger lean (reformctl.pipeline.lean, as `status`): every format and --explain
say exactly what the full read (pydantic tasks) says, on a ledger with findings, notices, rectification
milestones, postponements, a handover and a halted task (issue 13's speed)."""

from __future__ import annotations

import pytest
from helpers import TASKS, write_ledger
from test_assess import METHOD
from test_rectification_steps import STEPS
from test_supervision import INSPECTION, NOTICE_ANSWERED, NOTICE_LATE

MORE_TASKS = TASKS + """\
- id: T-3
  title: 园区体制改革
  lead_unit: hitech
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-05, what: 印发方案, done: 2026-03-20}
    - {id: m2, due: 2026-05-30, what: 组建机构, owner: gulou}
    - {id: m3, due: 2026-06-12, what: 完成改制}
  changes:
    - {date: 2026-05-01, milestone: m3, field: due, from: 2026-05-20, to: 2026-06-12, reason: 待批复, approved_by: 市委改革办}
    - {date: 2026-06-01, field: lead_unit, from: dev, to: hitech, reason: 职能调整, approved_by: 市委改革办}
- id: T-4
  title: 暂停的改革
  lead_unit: dev
  status: suspended
  milestones:
    - {id: m1, due: 2026-04-01, what: 启动}
  changes:
    - {date: 2026-03-20, field: status, from: not_started, to: suspended, reason: 上级政策调整, approved_by: 市委改革办}
"""


@pytest.fixture
def root(tmp_path):
    return write_ledger(tmp_path / "ledger", tasks={"main.yaml": MORE_TASKS},
                        files={"inspections/zx.yaml": INSPECTION, "inspections/zx9.yaml": STEPS,
                               "notices/db1.yaml": NOTICE_LATE, "notices/db2.yaml": NOTICE_ANSWERED,
                               "assessment.yaml": METHOD})


def _full_read_only(monkeypatch):
    """Make the lean read decline, so that the command reads the ledger in full (load_ledger)."""
    import reformctl.pipeline.lean as lean

    monkeypatch.setattr(lean, "load_lean", lambda *args, **kwargs: (None, None))


@pytest.mark.parametrize("args", [
    ("--period", "2026H1"), ("--period", "2026H1", "-f", "json"), ("--period", "2026H1", "-f", "csv"),
    ("--period", "2026H1", "-f", "md"), ("--period", "2026", "--as-of", "2026-05-31"),
    ("--period", "2026H1", "--explain", "dev"), ("--period", "2026H1", "--explain", "hitech"),
    ("--period", "2026H1", "--explain", "gulou"),
])
def test_lean_and_full_reads_agree(root, cli, monkeypatch, args):
    check = cli("check", "-l", root, "--no-cache")
    assert check.exit_code == 0 and " R" in check.stdout  # warnings only: the lean read takes it
    lean = cli("assess", "-l", root, *args)
    _full_read_only(monkeypatch)
    full = cli("assess", "-l", root, *args)
    assert lean.exit_code == full.exit_code == 0, lean.stderr + full.stderr
    assert lean.stdout == full.stdout and len(lean.stdout) > 200


def test_the_lean_read_is_the_one_taken(root, cli, monkeypatch):
    import reformctl.pipeline.lean as lean

    taken = []
    original = lean.load_lean

    def load_lean(*args, **kwargs):
        ledger, problems = original(*args, **kwargs)
        taken.append(type(ledger.tasks[0]).__name__)
        return ledger, problems

    monkeypatch.setattr(lean, "load_lean", load_lean)
    result = cli("assess", "-l", root, "--period", "2026H1")
    assert result.exit_code == 0 and taken == ["LeanTask"]
    assert "市发展改革委" in result.stdout
