"""A small ledger that exercises every part of the briefings: overdue with a reason and a request
for coordination, a strike-off with evidence, done but not struck off, a carry-over, a withdrawal
with its approval, and a title holding `| < &`."""

from __future__ import annotations

from pathlib import Path

from helpers import CONFIG, write_ledger

REPORT_CONFIG = CONFIG.replace("as_of: 2026-06-20", "as_of: 2026-07-10") + """\
documents:
  issuer: 江州市委全面深化改革委员会办公室
  doc_prefix: 江改办
  recipients: [各区委、区政府, 市委各部委, 市各委办局]
  cc: [市委办公室, 市政府办公室]
  printer: 江州市委改革办
"""

REPORT_TASKS = """\
- id: T-1
  title: 优化营商环境改革 | 一网通办 < 二期 & 三期
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
    - {date: 2026-06-15, by: dev, text: 方案已形成初稿, problem: 部门意见尚未统一, coordination: 请市司法局加快合法性审查}
- id: T-2
  title: 城市更新试点
  lists: [pilot]
  lead_leader: wang
  lead_unit: gulou
  status: closed
  milestones:
    - {id: m1, due: 2026-04-30, what: 试点方案, done: 2026-05-06}
  closed: {date: 2026-05-20, by: office, evidence: [docs/t2.pdf], ref: 江改办〔2026〕3号}
- id: T-3
  title: 数字政府建设
  lists: [key]
  lead_unit: hitech
  status: done
  milestones:
    - {id: m1, due: 2026-05-31, what: 平台上线, done: 2026-05-30}
  carry_over: {to_year: 2027, reason: 二期工程跨年}
- id: T-4
  title: 园区管理体制改革
  lead_unit: hitech
  status: withdrawn
  milestones:
    - {id: m1, due: 2026-06-30, what: 形成方案}
  changes:
    - {date: 2026-04-01, field: status, from: in_progress, to: withdrawn, reason: 上级部署调整, approved_by: 市委改革办, ref: 江改办〔2026〕2号}
- id: T-5
  title: 农村宅基地制度改革试点
  lists: [pilot]
  lead_leader: wang
  lead_unit: gulou
  status: in_progress
  milestones:
    - {id: m1, due: 2026-05-15, what: 摸底调查, done: 2026-05-10}
    - {id: m2, due: 2026-06-25, what: 形成试点方案}
    - {id: m3, due: 2026-07-31, what: 形成试点经验}
  progress:
    - {date: 2026-06-28, by: gulou, text: 已完成三个村的摸底}
  carry_over: {to_year: 2027, reason: 试点周期两年}
"""

KINDS = ("overdue", "monthly", "quarterly", "bulletin", "settlement")
PERIODS = {"overdue": None, "monthly": "2026-06", "quarterly": "2026Q2", "bulletin": "2026H1", "settlement": "2026"}


def write_report_ledger(root: Path) -> Path:
    return write_ledger(root, config=REPORT_CONFIG, tasks={"main.yaml": REPORT_TASKS})


def report_args(kind: str, root: Path, *more: str) -> list[str]:
    """The command line of KIND on the fixture; the ledger's day (10 July) is before the year's end,
    so the settlement is asked for as a 预盘点 (--force, see test_settlement_before_the_year_end)."""
    period = PERIODS[kind]
    early = ["--force"] if kind == "settlement" else []
    return ["report", kind, "-l", str(root), *(["--period", period] if period else []), *early, *more]
