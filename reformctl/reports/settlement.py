"""年终盘总账: every task settled into one category, completion rates, and the reconciliation (对账).

Categories, first match wins: struck off (销号, with its evidence); done, not yet struck off;
withdrawn or suspended (with the approving change); carried over (结转); not completed (with the
reason). The reconciliation lists what does not add up, so that the office fixes it before the
year is closed; where a check already states the rule (R501, R502, R504, R506), it is that check,
run on the ledger as it stood on the as-of day, that finds it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Optional

from ..calendar import WorkCalendar
from ..checks import CheckContext
from ..checks.status import closed_record_agrees, finished_means_milestones_done
from ..model import Change, Ledger, Task, TaskStatus
from ..ops.status import compute_status
from ..timeline import done_on, is_finished, is_halted, latest_progress, status_on, task_on
from .common import by_list, by_unit, rate, task_facts, total
from .period import Period
from .pilots import pilot_summary
from .unit_ranking import unit_rankings, unranked_units

CATEGORIES = ("struck_off", "done", "not_completed", "carried_over", "withdrawn", "suspended")

# The checks' findings the reconciliation lists: (code, the key the problem points at) -> item code.
_FROM_CHECKS = {
    ("R502", "closed"): "closed_without_evidence",
    ("R504", "status"): "closed_without_record",
    ("R504", "closed"): "record_without_status",
    ("R501", "status"): "finished_with_open_milestones",
    ("R506", "status"): "milestones_done_task_open",
}


def build(ledger: Ledger, period: Period, as_of: date, calendar: WorkCalendar) -> dict:
    report = compute_status(ledger, as_of, calendar)
    settled: dict[str, list[dict]] = {name: [] for name in CATEGORIES}
    for task in ledger.tasks:
        category, entry = _settle(ledger, task, as_of)
        settled[category].append(entry)
    counts = {name: len(rows) for name, rows in settled.items()}
    counts["total"] = len(ledger.tasks)
    counted = counts["total"] - counts["withdrawn"] - counts["suspended"]
    finished = counts["struck_off"] + counts["done"]
    units = by_unit(ledger, as_of, report)
    return {
        "counts": counts,
        "rates": {"task_completion": rate(finished, counts["total"]),  # 任务完成率, as status and every report
                  "completion": rate(finished, counted), "struck_off": rate(counts["struck_off"], counted),
                  "counted_tasks": counted},
        **settled,
        "total": total(ledger, as_of, report),
        "by_list": by_list(ledger, as_of, report),
        "by_unit": units,
        "rankings": unit_rankings(ledger, units),
        "unranked": unranked_units(ledger, units),
        "pilots": pilot_summary(ledger, as_of),
        "reconciliation": _reconcile(ledger, period, as_of, counts),
    }


def _settle(ledger: Ledger, task: Task, as_of: date) -> tuple[str, dict]:
    facts = task_facts(ledger, task, as_of)
    status = status_on(task, as_of)
    if status is TaskStatus.closed and task.closed:
        return "struck_off", {**facts, "closed_on": task.closed.date, "evidence": list(task.closed.evidence),
                              "ref": task.closed.ref}
    if status is TaskStatus.done:
        return "done", {**facts, "done_on": _last_done(task, as_of)}
    if is_halted(status):
        change = _approval(task, status, as_of)
        return status.value, {**facts, "approval": _change_dict(change) if change else None}
    if task.carry_over:
        return "carried_over", {**facts, "to_year": task.carry_over.to_year, "reason": task.carry_over.reason,
                                "reason_from": "carry_over"}
    latest = latest_progress(task, as_of)
    reason = latest.problem if latest and latest.problem else None
    open_milestones = [m.what for m in task.milestones if not done_on(m, as_of)]
    return "not_completed", {**facts, "reason": reason, "reason_from": "progress" if reason else None,
                             "open_milestones": open_milestones}


def _last_done(task: Task, as_of: date) -> Optional[date]:
    days = [done_on(m, as_of) for m in task.milestones]
    return max((d for d in days if d), default=None)


def _approval(task: Task, status: TaskStatus, as_of: date) -> Optional[Change]:
    approvals = [c for c in task.changes if c.field == "status" and c.to == status.value and c.date <= as_of]
    return max(approvals, key=lambda c: c.date) if approvals else None


def _change_dict(change: Change) -> dict:
    return {"date": change.date, "from": change.from_, "to": change.to, "reason": change.reason,
            "approved_by": change.approved_by, "ref": change.ref}


def _reconcile(ledger: Ledger, period: Period, as_of: date, counts: dict) -> list[dict]:
    """What does not add up: each item names the task and says what is inconsistent, in Chinese."""
    items: list[dict] = []

    def note(task: Task, code: str, text: str) -> None:
        items.append({"code": code, "task_id": task.id, "task_title": task.title,
                      "unit": ledger.unit_name(task.lead_unit), "text": text})

    for task in ledger.tasks:
        then = task_on(task, as_of)
        status, closed = then.status, then.closed
        found = _check_findings(ledger, then)
        if "closed_without_evidence" in found:
            note(task, "closed_without_evidence", "已销号但没有佐证材料")
        if "closed_without_record" in found:
            note(task, "closed_without_record", "状态为已销号，但没有销号记录（closed）")
        if "record_without_status" in found:
            note(task, "record_without_status", f"有销号记录（{closed.date}），但状态不是已销号")
        if closed:
            for milestone in then.milestones:
                if milestone.done and milestone.done > closed.date:
                    note(task, "done_after_closed", f"节点“{milestone.what}”完成于 {milestone.done}，晚于销号日期 {closed.date}")
        if "finished_with_open_milestones" in found:
            note(task, "finished_with_open_milestones", "任务已完成，但仍有节点未标记完成")
        if "milestones_done_task_open" in found:
            note(task, "milestones_done_task_open", "节点已全部完成，但任务未标记完成")
        if task.carry_over and is_finished(status):
            note(task, "carry_over_finished", "任务已完成，却记有结转（carry_over）")
        if task.carry_over and task.carry_over.to_year <= period.last_year:
            note(task, "carry_over_year", f"结转年份 {task.carry_over.to_year} 不晚于本年度 {period.last_year}")
        if is_halted(status) and not _approval(task, status, as_of):
            note(task, "halted_without_approval", "任务已撤销或暂缓，但没有经批准的调整记录")
        if status is TaskStatus.done and not task.milestones:
            note(task, "done_without_milestones", "任务标记完成，但没有任何节点")
    settled = sum(counts[name] for name in CATEGORIES)
    if settled != counts["total"]:
        items.append({"code": "counts_do_not_sum", "task_id": "", "task_title": "", "unit": "",
                      "text": f"各类任务合计 {settled} 项，与任务总数 {counts['total']} 项不符"})
    return items


def _check_findings(ledger: Ledger, then: Task) -> set[str]:
    """The reconciliation items that the status checks find in the task as it stood then."""
    alone = replace(ledger, tasks=(then,))
    problems = [*finished_means_milestones_done(alone, CheckContext()), *closed_record_agrees(alone, CheckContext())]
    return {_FROM_CHECKS[key] for key in ((p.code, p.keypath[-1]) for p in problems) if key in _FROM_CHECKS}
