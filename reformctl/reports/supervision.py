"""督办通知, 督察情况通报 and 整改台账: the data of the supervision documents (issue 13).

Each finding's and notice's state comes from reformctl.ops.supervision (the words of timeline), as
`status` shows them; the overdue milestones of a unit from ops.status.compute_status.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Optional, Sequence

from ..calendar import WorkCalendar
from ..model import Ledger
from ..ops.status import Filters, compute_status
from ..ops.supervision import ItemRow, finding_rows, in_state, most_late_first, notice_rows
from .common import milestone_row
from .period import Period

KIND_ZH = {"routine": "常规督察", "special": "专项督察", "year_end": "年底核查", "third_party": "第三方评估",
           "experience": "体验式督察"}
SEVERITY_ZH = {"serious": "严重", "major": "较重", "general": "一般"}
STATE_ZH = {"overdue": "逾期未整改", "due_soon": "临期", "open": "整改中", "done": "已按期整改销号",
            "done_late": "逾期整改销号"}
NOTICE_STATE_ZH = {"overdue": "逾期未回复", "due_soon": "临期未回复", "open": "待回复", "done": "已按期回复",
                   "done_late": "逾期回复"}
REPLY_WORKDAYS = 5  # the reply time a 督办通知 gives when none is said


class UnknownRecord(LookupError):
    """An inspection, notice or unit that the ledger does not hold: args (what, id)."""


def _item(row: ItemRow, states: dict) -> dict:
    return {**asdict(row), "state_zh": states[row.state]}


def build_notice(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar, *,
                 unit: Optional[str] = None, tasks: Sequence[str] = (), notice: Optional[str] = None,
                 reply_by: Optional[date] = None, **_: object) -> dict:
    """A 督办通知 to one unit: its overdue milestones, findings and unanswered notices (of `tasks`
    only, when given), what is asked, and the reply date. With `notice`, the notice the ledger
    records: its unit, its items, its ask and reply date."""
    record = _notice(ledger, notice) if notice else None
    unit = record.to if record else unit
    if unit not in ledger.units:
        raise UnknownRecord("unit", unit or "")
    wanted = set(tasks) | set(record.about.tasks if record else ())
    wanted_milestones = set(record.about.milestones) if record else set()
    milestones = [milestone_row(row) for row in compute_status(ledger, as_of, calendar, Filters(unit=unit)).overdue
                  if row.unit_id == unit and _chosen(row.task_id, row.milestone_id, wanted, wanted_milestones, record)]
    findings = [_item(row, STATE_ZH) for row in most_late_first(in_state(finding_rows(ledger, as_of, calendar, unit), "overdue"))
                if (not record and not tasks) or row.finding_id in (record.about.findings if record else ()) or row.task_id in wanted]
    notices = [] if record else [_item(row, NOTICE_STATE_ZH) for row in in_state(notice_rows(ledger, as_of, calendar, unit), "overdue")]
    due = (record.reply_by if record else None) or reply_by or calendar.add_workdays(as_of, REPLY_WORKDAYS)
    name = ledger.unit_name(unit)
    return {"title": f"关于督促{name}加快推进滞后改革事项的通知", "unit_id": unit, "unit": name,
            "ref": record.ref if record else None, "sent": record.date if record else None,
            "ask": record.ask if record else None, "reply_by": due,
            "milestones": milestones, "findings": findings, "notices": notices,
            "counts": {"milestones": len(milestones), "findings": len(findings), "notices": len(notices)},
            "lagging": _lagging_words(len(milestones), len(findings), len(notices))}


def _lagging_words(milestones: int, findings: int, notices: int) -> str:
    """有4个节点逾期未完成、1份督办通知逾期未回复: the counts that are not zero, in words."""
    parts = [f"{milestones}个节点逾期未完成" if milestones else "", f"{findings}个督察发现问题逾期未整改" if findings else "",
             f"{notices}份督办通知逾期未回复" if notices else ""]
    return "、".join(part for part in parts if part)


def _chosen(task_id: str, milestone_id: str, tasks: set, milestones: set, record) -> bool:
    if record is None and not tasks:
        return True
    return task_id in tasks or f"{task_id}/{milestone_id}" in milestones


def _notice(ledger: Ledger, notice_id: str):
    found = next((n for n in ledger.notices if n.id == notice_id), None)
    if found is None:
        raise UnknownRecord("notice", notice_id)
    return found


def build_inspection(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar, *,
                     inspection: Optional[str] = None, **_: object) -> dict:
    """督察情况通报: the inspection, its findings by unit with each one's state on `as_of`."""
    record = next((i for i in ledger.inspections if i.id == inspection), None)
    if record is None:
        raise UnknownRecord("inspection", inspection or "")
    rows = [_item(row, STATE_ZH) for row in finding_rows(ledger, as_of, calendar)
            if row.source == record.id and not row.step]  # the findings themselves (their steps: 整改台账)
    severities = {finding.id: finding.severity.value for finding in record.findings}
    by_unit: dict[str, dict] = {}
    for row in rows:
        row["severity_zh"] = SEVERITY_ZH[severities[row["id"]]]
        entry = by_unit.setdefault(row["unit_id"], {"unit_id": row["unit_id"], "unit": row["unit"], "rows": []})
        entry["rows"].append(row)
    return {
        "title": f"关于{record.title}情况的通报", "inspection": {
            "id": record.id, "kind": record.kind.value, "kind_zh": KIND_ZH[record.kind.value], "title": record.title,
            "date": record.date, "from": record.period.from_ if record.period else None,
            "to": record.period.to if record.period else None,
            "by": ledger.unit_name(record.by) if record.by else None, "ref": record.ref},
        "counts": _finding_counts(rows), "by_unit": list(by_unit.values()), "findings": rows}


def build_rectification(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar, *,
                        unit: Optional[str] = None, **_: object) -> dict:
    """整改台账: every finding known on `as_of` (of `unit` if given), its deadline and state."""
    titles = {i.id: i.title for i in ledger.inspections}
    rows = []
    for row in finding_rows(ledger, as_of, calendar, unit):
        item = _item(row, STATE_ZH)
        item["inspection_title"] = titles.get(row.source, row.source)
        item["severity_zh"] = SEVERITY_ZH.get(row.severity, row.severity)
        rows.append(item)
    return {"title": "督察发现问题整改台账", "unit": ledger.unit_name(unit) if unit else None,
            "counts": _finding_counts(rows), "findings": rows}


def _finding_counts(rows: list[dict]) -> dict:
    findings = [row for row in rows if not row.get("step")]  # a finding counts once, its steps not again

    def count(*states: str) -> int:
        return sum(1 for row in findings if row["state"] in states)

    overdue = {row["id"].rsplit("/", 1)[0] if row.get("step") else row["id"] for row in rows if row["state"] == "overdue"}
    return {"findings": len(findings), "units": len({row["unit_id"] for row in findings}),
            "closed": count("done", "done_late"), "closed_late": count("done_late"),
            "open": count("overdue", "due_soon", "open"), "overdue": len(overdue),
            "serious": sum(1 for row in findings if row["severity"] == "serious")}
