"""What the report builders share: task facts, milestone rows, and tallies by list or unit.

Lateness comes from `ops.status.compute_status` (one list of what is overdue for the terminal and
the documents); every count uses the words of `reformctl.timeline`, as status does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Callable, Iterable, Optional

from ..model import Ledger, Task, TaskStatus
from ..ops.status import MilestoneRow, StatusReport
from ..timeline import (TaskOnDay, is_active, is_counted, is_finished, is_halted, is_on_time, is_reckoned,
                        latest_progress, status_on, task_on_day, tasks_on_day)

NO_LIST = "-"  # the key of tasks on no list


def rate(part: int, whole: int) -> Optional[float]:
    """A share rounded to four places (0.8571), or None when there is nothing to share."""
    return round(part / whole, 4) if whole else None


def task_facts(ledger: Ledger, task: Task, as_of: date) -> dict:
    """Who answers for a task and where it stands, as the documents name them."""
    latest = latest_progress(task, as_of)
    return {
        "task_id": task.id, "task_title": task.title,
        "unit_id": task.lead_unit, "unit": ledger.unit_name(task.lead_unit),
        "leader": ledger.leader_name(task.lead_leader),
        "lists": [ledger.list_name(item) for item in task.lists],
        "status": status_on(task, as_of).value,
        "latest_progress": latest.text if latest else None,
        "latest_progress_date": latest.date if latest else None,
        "problem": latest.problem if latest else None,
    }


_ROW_FIELDS = tuple(f.name for f in fields(MilestoneRow))


def milestone_row(row: MilestoneRow) -> dict:
    """The row as a dict (asdict's deep copy is not needed: every value is immutable)."""
    data = {name: getattr(row, name) for name in _ROW_FIELDS}
    data["reason"] = row.problem  # the stated reason for lagging: the latest progress' problem
    return data


def milestones_due_between(ledger: Ledger, start: date, end: date, as_of: date) -> list[dict]:
    """Milestones whose due date (as it stood on `as_of`) falls in [start, end], of live tasks."""
    rows = []
    days = tasks_on_day(ledger, as_of)
    for task in ledger.tasks:
        on_day = days[id(task)]
        if not is_reckoned(on_day.status):
            continue
        facts = None
        for milestone, _, due, done in on_day.milestones:
            if start <= due <= end:
                facts = facts or task_facts(ledger, task, as_of)
                rows.append({**facts, "milestone_id": milestone.id,
                             "what": milestone.what, "due": due, "done": done,
                             "on_time": is_on_time(due, done)})
    rows.sort(key=lambda r: (r["due"], r["unit_id"], r["task_id"], r["milestone_id"]))
    return rows


@dataclass
class Tally:
    """Counts for a group of tasks (a list, a unit, or the whole ledger) on a day."""

    key: str
    name: str
    tasks: int = 0
    finished: int = 0  # done or struck off
    closed: int = 0  # struck off (销号)
    active: int = 0
    halted: int = 0  # suspended or withdrawn
    milestones: int = 0  # of live tasks (not suspended or withdrawn), as are the counts below
    due: int = 0  # milestones due so far
    done: int = 0  # of those due so far, done
    on_time: int = 0  # of those due so far, done by their due date
    overdue: int = 0  # from compute_status: not done, due date passed, task live
    due_today_open: int = 0  # due on the as-of day and not done: fallen due, but not reckoned (not late)

    def add(self, task: Task, as_of: date, overdue_ids: set, unit: Optional[str] = None,
            on_day: Optional[TaskOnDay] = None) -> None:
        """Count the task in; for a unit's tally, only what the unit answers for: the task if it
        leads it, and the milestones charged to it (those it owns, and the rest if it leads).
        `on_day`: the task's task_on_day(task, as_of), when the caller has it already."""
        self.add_counts(task_counts(task, on_day or task_on_day(task, as_of), as_of, overdue_ids, unit))

    def add_counts(self, counts: tuple) -> None:
        """Add what task_counts gave (one task's counts, worked out once for all its groups)."""
        for name, count in zip(COUNTED, counts):
            if count:
                setattr(self, name, getattr(self, name) + count)

    def to_dict(self) -> dict:
        return {**asdict(self), "completion_rate": rate(self.done, self.due),
                "on_time_rate": rate(self.on_time, self.due), "finished_rate": rate(self.finished, self.tasks)}


COUNTED = ("tasks", "finished", "closed", "active", "halted", "milestones", "due", "done", "on_time", "overdue",
           "due_today_open")


def task_counts(task: Task, on_day: TaskOnDay, as_of: date, overdue_ids: set, unit: Optional[str] = None) -> tuple:
    """What the task adds to each field of COUNTED in a Tally (see Tally.add)."""
    status, milestones = on_day
    leads = unit is None or unit == task.lead_unit
    counts = [int(leads), leads and is_finished(status), leads and status is TaskStatus.closed,
              leads and is_active(status), leads and is_halted(status), 0, 0, 0, 0, 0, 0]
    if is_reckoned(status):  # an approved halt takes its milestones out of the reckoning
        for milestone, charged, due, done in milestones:
            if unit is not None and charged != unit:
                continue
            counts[5] += 1
            if is_counted(due, done, as_of):
                counts[6] += 1
                counts[7] += done is not None
                counts[8] += is_on_time(due, done)
            elif due == as_of:
                counts[10] += 1
            counts[9] += (task.id, milestone.id) in overdue_ids
    return tuple(map(int, counts))


def overdue_ids(report: StatusReport) -> set:
    return {(row.task_id, row.milestone_id) for row in report.overdue}


def tally(ledger: Ledger, as_of: date, report: StatusReport,
          keys: Callable[[Task], Iterable[tuple[str, str]]]) -> list[dict]:
    """One Tally per group key, in the order the groups are first met (keys gives (key, name))."""
    late = overdue_ids(report)
    groups: dict[str, Tally] = {}
    days = tasks_on_day(ledger, as_of)
    for task in ledger.tasks:
        counts = task_counts(task, days[id(task)], as_of, late)  # the same for each of the task's groups
        for key, name in keys(task):
            group = groups.get(key) or groups.setdefault(key, Tally(key, name))
            group.add_counts(counts)
    return [group.to_dict() for group in groups.values()]


def total(ledger: Ledger, as_of: date, report: StatusReport) -> dict:
    rows = tally(ledger, as_of, report, lambda task: [("all", "合计")])
    return rows[0] if rows else Tally("all", "合计").to_dict()


def by_list(ledger: Ledger, as_of: date, report: StatusReport) -> list[dict]:
    """Per list, in the order of reformctl.yaml; tasks on no list last."""
    rows = tally(ledger, as_of, report,
                 lambda task: [(item, ledger.list_name(item)) for item in task.lists] or [(NO_LIST, "未列入清单")])
    order = {item.id: index for index, item in enumerate(ledger.config.lists)}
    return sorted(rows, key=lambda r: (r["key"] == NO_LIST, order.get(r["key"], len(order)), r["key"]))


def by_unit(ledger: Ledger, as_of: date, report: StatusReport) -> list[dict]:
    """Per unit, in the order of units.yaml: the tasks it leads, and the milestones charged to it
    (its own as a milestone's `owner`, the rest of the tasks it leads)."""
    return unit_tallies(ledger, unit_counts(ledger, as_of, overdue_ids(report)))


def unit_counts(ledger: Ledger, as_of: date, late: set) -> dict[str, list[int]]:
    """Per unit met, in the order met: what its tasks and milestones add to each field of COUNTED
    (see by_unit); sums, so that a ledger's are its task files' added up (reports.site_parts)."""
    counts: dict[str, list[int]] = {}
    days = tasks_on_day(ledger, as_of)
    for task in ledger.tasks:
        on_day = days[id(task)]
        for unit_id in dict.fromkeys([task.lead_unit, *(charged for _, charged, _, _ in on_day.milestones)]):
            added = task_counts(task, on_day, as_of, late, unit_id)
            kept = counts.get(unit_id)
            counts[unit_id] = list(added) if kept is None else [a + b for a, b in zip(kept, added)]
    return counts


def unit_tallies(ledger: Ledger, counts: dict[str, list[int]]) -> list[dict]:
    """The rows of by_unit from unit_counts, in the order of units.yaml (then by id)."""
    order = {unit_id: index for index, unit_id in enumerate(ledger.units)}
    rows = []
    for unit_id in sorted(counts, key=lambda u: (order.get(u, len(order)), u)):
        group = Tally(unit_id, ledger.unit_name(unit_id))
        group.add_counts(tuple(counts[unit_id]))
        rows.append(group.to_dict())
    return rows


def lagging_tasks(report: StatusReport) -> list[dict]:
    """Tasks with overdue milestones, the most late first: the bill shown in public (晾晒)."""
    tasks: dict[str, dict] = {}
    for row in report.overdue:
        entry = tasks.setdefault(row.task_id, {
            "task_id": row.task_id, "task_title": row.task_title, "unit_id": row.unit_id, "unit": row.unit,
            "leader": row.leader, "overdue": 0, "max_days": 0, "max_workdays": 0, "milestones": [],
            "latest_progress": row.latest_progress, "reason": row.problem})
        entry["overdue"] += 1
        entry["max_days"] = max(entry["max_days"], row.days)
        entry["max_workdays"] = max(entry["max_workdays"], row.workdays)
        entry["milestones"].append(row.what)
    return sorted(tasks.values(), key=lambda e: (-e["max_workdays"], -e["overdue"], e["task_id"]))


def lagging_units(report: StatusReport) -> list[dict]:
    units: dict[str, dict] = {}
    for row in report.overdue:
        entry = units.setdefault(row.unit_id, {"unit_id": row.unit_id, "unit": row.unit, "overdue": 0,
                                               "tasks": set(), "max_workdays": 0})
        entry["overdue"] += 1
        entry["tasks"].add(row.task_id)
        entry["max_workdays"] = max(entry["max_workdays"], row.workdays)
    rows = [{**e, "tasks": len(e["tasks"])} for e in units.values()]
    return sorted(rows, key=lambda e: (-e["overdue"], -e["max_workdays"], e["unit_id"]))
