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
from typing import Any, Callable, Optional

from ..model import Ledger, Task
from ..ops.status import StatusReport
from ..ops.trend import Period, Trend
from ..timeline import done_on, due_on, is_overdue
from .common import rate
from .site_parts import SiteFigures, site_figures, task_groups
from .unit_ranking import unit_rankings as rank_units


@dataclass
class Group:
    """The tasks of one unit (led or co-led), leader or list, and their trend."""

    kind: str  # unit, leader or list
    id: str
    name: str
    tasks: list[Task] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)  # period, day, on_time_rate, overdue, finished_rate


def _same(task: Any) -> Any:
    return task


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
    rows: dict[int, tuple] = field(default_factory=dict)  # id(task) -> (its row of a task table, a digest: site_parts)
    full: Callable[[Any], Any] = _same  # a task -> the task built in full (a lean ledger's: pipeline.full)


def site_data(ledger: Ledger, as_of: date, trend: Optional[Trend], spans: list[Period],
              logs: Optional[dict[str, list]] = None, commit: Optional[str] = None,
              figures: Optional[SiteFigures] = None, full: Optional[Callable[[Any], Any]] = None) -> SiteData:
    """`figures`: the sums of reports.site_parts for these groups and spans (made here when not
    given); `full`: for a lean ledger, what gives a task's page the task built in full."""
    groups = _groups(ledger)
    if figures is None:
        figures = site_figures(ledger, as_of, spans, group_keys(ledger))
    _group_trends(groups, spans, figures.group_sums)
    dependents: dict[str, list[str]] = {}
    for task in ledger.tasks:
        for needed in task.depends_on:
            dependents.setdefault(needed, []).append(task.id)
    return SiteData(ledger, as_of, figures.report, trend, groups, rank_units(ledger, figures.units), logs, commit,
                    dependents, figures.rows, full or _same)


def group_keys(ledger: Ledger) -> list[tuple[str, str]]:
    """(kind, id) of each unit, leader and list, in the order of the site's groups (_groups): what
    reports.site_parts sums by. A list id written twice (a ledger shown with --force) is one group,
    in the place of its first writing, as in _groups."""
    return list(dict.fromkeys([*(("unit", uid) for uid in ledger.units), *(("leader", lid) for lid in ledger.leaders),
                               *(("list", item.id) for item in ledger.config.lists)]))


def _groups(ledger: Ledger) -> list[Group]:
    """Every unit, leader and list of the ledger (in the order of units.yaml and the settings), with
    its tasks (site_parts.task_groups: the groups a task is in)."""
    groups = {**{("unit", uid): Group("unit", uid, unit.name) for uid, unit in ledger.units.items()},
              **{("leader", lid): Group("leader", lid, leader.name) for lid, leader in ledger.leaders.items()},
              **{("list", item.id): Group("list", item.id, item.name) for item in ledger.config.lists}}
    for task in ledger.tasks:
        for key in task_groups(task):
            group = groups.get(key)
            if group is not None:
                group.tasks.append(task)
    return list(groups.values())


def _group_trends(groups: list[Group], spans: list[Period], sums: list[list[list[int]]]) -> None:
    """Each group's figures at each period's end, from the sums of its tasks' figures then."""
    for span, by_group in zip(spans, sums):
        for group, (tasks, finished, due, on_time, overdue) in zip(groups, by_group):
            group.trend.append({"period": span.label, "day": span.end, "on_time_rate": rate(on_time, due),
                                "overdue": overdue, "finished_rate": rate(finished, tasks)})


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
