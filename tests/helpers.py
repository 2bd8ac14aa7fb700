"""Fixtures that read like ledgers: small ledgers written inline as YAML."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Optional

CONFIG = """\
office: 江州市委改革办
year: 2026
as_of: 2026-06-20
calendar: cn
due_soon_days: 10
due_soon_unit: workdays
stale_after_days: 30
lists:
  - {id: key, name: 重点清单}
  - {id: pilot, name: 试点示范清单}
"""

UNITS = """\
leaders:
  - {id: li, name: 李明, title: 副市长}
  - {id: wang, name: 王芳, title: 市委常委}
units:
  - {id: office, name: 市委改革办, kind: office}
  - {id: dev, name: 市发展改革委, kind: department}
  - {id: gulou, name: 鼓楼区, kind: district}
  - {id: hitech, name: 高新区, kind: park}
"""

TASKS = """\
- id: T-1
  title: 优化营商环境改革
  lists: [key]
  lead_leader: li
  lead_unit: dev
  co_units: [gulou]
  status: in_progress
  milestones:
    - {id: m1, due: 2026-03-31, what: 完成调研, done: 2026-03-28}
    - {id: m2, due: 2026-06-10, what: 形成方案}
    - {id: m3, due: 2026-06-30, what: 印发实施}
  progress:
    - {date: 2026-06-01, by: dev, text: 方案已形成初稿}
- id: T-2
  title: 城市更新试点
  lists: [pilot]
  lead_leader: wang
  lead_unit: gulou
  status: closed
  milestones:
    - {id: m1, due: 2026-04-30, what: 试点方案, done: 2026-05-06}
  closed: {date: 2026-05-20, by: office, evidence: [docs/t2.pdf]}
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write_ledger(root: Path, *, config: Optional[str] = CONFIG, units: Optional[str] = UNITS,
                 tasks: Optional[dict[str, str]] = None, files: Optional[dict[str, str]] = None) -> Path:
    """Write a ledger folder; any part given as None is left out. Texts are dedented. `files`: any
    other files by path from the root (inspections/a.yaml, notices/n.yaml, assessment.yaml ...)."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "reformctl.yaml").write_text(dedent(config), encoding="utf-8")
    if units is not None:
        (root / "units.yaml").write_text(dedent(units), encoding="utf-8")
    (root / "tasks").mkdir(exist_ok=True)
    for name, text in (tasks if tasks is not None else {"main.yaml": TASKS}).items():
        (root / "tasks" / name).write_text(dedent(text), encoding="utf-8")
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(dedent(text), encoding="utf-8")
    return root


def comment_lines(root: Path) -> list[str]:
    """Every comment of a ledger's YAML: whole comment lines, and what follows "  # " at a line's end."""
    found = []
    for path in root.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                found.append(line.strip())
            elif "  # " in line:
                found.append(line[line.index("  # ") + 2:])
    return sorted(found)
