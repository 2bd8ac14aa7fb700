"""What the web pages of `reformctl site` show, as plain data (no HTML here: reformctl.render.site).

One status report on the as-of day (the figures, lights, overdue and due-soon lists of `status`),
the trend of every unit, leader and list (computed in one pass over the tasks per period's end,
with the words of reformctl.timeline, so that it agrees with `trend --unit`), the rankings by kind
of unit, and per task its timetable: each milestone's first and current due date, its approved
postponements and its done date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from ..model import Ledger, Task
from ..ops.status import StatusReport, compute_status
from ..ops.trend import Period, Trend, counted
from ..timeline import done_on, due_on, is_overdue, lead_on, ledger_on
from .common import by_unit, rate
from .unit_ranking import unit_rankings as rank_units


@dataclass
class Group:
    """The tasks of one unit (led or co-led), leader or list, and their trend."""

    kind: str  # unit, leader or list
    id: str
    name: str
    tasks: list[Task] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)  # period, day, on_time_rate, overdue, finished_rate


@dataclass
class SiteData:
    ledger: Ledger
    as_of: date
    report: StatusReport
    trend: Optional[Trend]
    groups: list[Group]
    rankings: list[dict]
    logs: Optional[dict[str, list]] = None  # task id -> log entries (None outside git)
    commit: Optional[str] = None
    dependents: dict[str, list[str]] = field(default_factory=dict)  # task id -> ids of tasks that depend on it


def site_data(ledger: Ledger, as_of: date, trend: Optional[Trend], spans: list[Period],
              logs: Optional[dict[str, list]] = None, commit: Optional[str] = None,
              known: Optional[dict[date, dict[int, Any]]] = None) -> SiteData:
    """`known`: each task's figures at each period's end as the trend counted them (ops.trend.figures)."""
    report = compute_status(ledger, as_of)
    groups = _groups(ledger)
    _group_trends(groups, spans, {} if known is None else known)
    dependents: dict[str, list[str]] = {}
    for task in ledger.tasks:
        for needed in task.depends_on:
            dependents.setdefault(needed, []).append(task.id)
    return SiteData(ledger, as_of, report, trend, groups, unit_rankings(ledger, as_of, report), logs, commit,
                    dependents)


def _groups(ledger: Ledger) -> list[Group]:
    """Every unit, leader and list of the ledger (in the order of units.yaml and the settings), with its tasks."""
    units = {uid: Group("unit", uid, unit.name) for uid, unit in ledger.units.items()}
    leaders = {lid: Group("leader", lid, leader.name) for lid, leader in ledger.leaders.items()}
    lists = {item.id: Group("list", item.id, item.name) for item in ledger.config.lists}
    for task in ledger.tasks:
        for unit_id in dict.fromkeys([task.lead_unit, *task.co_units]):
            if unit_id in units:
                units[unit_id].tasks.append(task)
        if task.lead_leader in leaders:
            leaders[task.lead_leader].tasks.append(task)
        for list_id in task.lists:
            if list_id in lists:
                lists[list_id].tasks.append(task)
    return [*units.values(), *leaders.values(), *lists.values()]


_NEVER = "\0never"  # a unit that neither leads nor co-leads the task on any day


def _group_trends(groups: list[Group], spans: list[Period], known: dict[date, dict[int, Any]]) -> None:
    """Each group's figures at each period's end: every task reckoned once per period, then summed
    over the groups it belongs to (a unit counts the tasks it led or co-led on that day). The walk
    is by task, each with the groups it is in, so that a task is looked at once per period."""
    member_of: dict[int, tuple[Task, list[tuple[int, Optional[str]]]]] = {}
    handed_over = set()  # tasks whose lead unit changed by an approved change: asked day by day
    for index, group in enumerate(groups):
        for task in group.tasks:
            # a unit that does not co-lead the task counts it only while it leads it
            check = group.id if group.kind == "unit" and group.id not in task.co_units else None
            if check is not None and id(task) not in handed_over and \
                    not any(c.field == "lead_unit" and c.milestone is None for c in task.changes):
                check = None if check == task.lead_unit else _NEVER  # as lead_on answers on every day
            elif check is not None:
                handed_over.add(id(task))
            member_of.setdefault(id(task), (task, []))[1].append((index, check))
    for span in spans:
        figures = known.setdefault(span.end, {})
        sums = [[0, 0, 0, 0, 0] for _ in groups]  # tasks, finished, due, on time, overdue
        for task, memberships in member_of.values():
            found = counted(figures, task, span.end)
            if found is None:
                continue
            lead: Any = False
            for index, check in memberships:
                if check is _NEVER:
                    continue
                if check is not None:
                    if lead is False:
                        lead = lead_on(task, "lead_unit", span.end)
                    if check != lead:
                        continue
                total = sums[index]
                total[0] += 1
                total[1] += found[0]
                total[2] += found[1]
                total[3] += found[2]
                total[4] += found[3]
        for group, (tasks, finished, due, on_time, overdue) in zip(groups, sums):
            group.trend.append({"period": span.label, "day": span.end, "on_time_rate": rate(on_time, due),
                                "overdue": overdue, "finished_rate": rate(finished, tasks)})


def unit_rankings(ledger: Ledger, as_of: date, report: StatusReport) -> list[dict]:
    """The rankings of the documents, one per kind of unit (reports.unit_ranking: by on-time share,
    then overdue, then finished share; equal figures share a place, 并列第N)."""
    return rank_units(ledger, by_unit(ledger_on(ledger, as_of), as_of, report))


def timetable(task: Task, as_of: date) -> list[dict[str, Any]]:
    """Each milestone of the task as it stood on `as_of`: its first due date (before any approved
    change), its due date then, the postponements (date, from, to, reason, approval), its done date."""
    rows = []
    for milestone in task.milestones:
        moves = sorted((c for c in task.changes if c.field == "due" and c.milestone == milestone.id
                        and c.date <= as_of), key=lambda c: c.date)
        due = due_on(task, milestone, as_of)
        first = _day(moves[0].from_) if moves and _day(moves[0].from_) else due
        done = done_on(milestone, as_of)
        rows.append({"id": milestone.id, "what": milestone.what, "first_due": first, "due": due, "done": done,
                     "owner": milestone.owner, "overdue": is_overdue(due, done, as_of),
                     "late": done is not None and done > due,
                     "moves": [{"date": c.date, "from": _day(c.from_), "to": _day(c.to), "reason": c.reason,
                                "approved_by": c.approved_by, "ref": c.ref or ""} for c in moves]})
    return rows


def _day(text: Optional[str]) -> Optional[date]:
    from ..model import iso_day

    return iso_day(text) if text else None
