"""改革责任书 (Kunming 004): one unit's year, in five parts — 总体目标、改革责任、推进措施、具体任务、
落地见效 — with the tasks it leads (their milestones of the year, outcomes and leaders), those it
serves as co-unit, and the assessment terms the template states."""

from __future__ import annotations

from datetime import date

from ..calendar import WorkCalendar
from ..model import Ledger, Task
from ..timeline import answering_unit, due_on
from .common import task_facts
from .period import Period


class UnknownUnit(ValueError):
    """The unit of `report letter --unit` is not in units.yaml."""


def build(ledger: Ledger, period: Period, as_of: date, calendar: WorkCalendar, subject: str) -> dict:
    if subject not in ledger.units:
        raise UnknownUnit(subject)
    unit = ledger.units[subject]
    led = [_row(ledger, task, period, as_of) for task in ledger.tasks
           if task.lead_unit == subject and _in_year(task, period, as_of)]
    helped = [_row(ledger, task, period, as_of, subject) for task in ledger.tasks
              if task.lead_unit != subject and _serves(task, subject) and _in_year(task, period, as_of)]
    leaders = list(dict.fromkeys(row["leader"] for row in led if row["leader"]))
    return {
        "unit": {"id": unit.id, "name": unit.name, "kind": unit.kind.value},
        "letter_year": period.year,
        "leaders": leaders,
        "tasks": led,
        "co_tasks": helped,
        "counts": {"tasks": len(led), "co_tasks": len(helped),
                   "milestones": sum(len(row["milestones"]) for row in led)},
    }


def letter_units(ledger: Ledger, period: Period, as_of: date) -> list[str]:
    """The units that get a letter for the year (`--all`): those leading or serving a task of it,
    in the order of units.yaml."""
    named = {unit for task in ledger.tasks if _in_year(task, period, as_of)
             for unit in (task.lead_unit, *task.co_units, *(m.owner for m in task.milestones if m.owner))}
    return [unit_id for unit_id in ledger.units if unit_id in named]


def _in_year(task: Task, period: Period, as_of: date) -> bool:
    """A task of the year: a milestone of it falls due in the year, or it has no milestones yet."""
    return not task.milestones or any(period.start <= due_on(task, m, as_of) <= period.end for m in task.milestones)


def _serves(task: Task, unit: str) -> bool:
    return unit in task.co_units or any(answering_unit(task, m) == unit for m in task.milestones)


def _row(ledger: Ledger, task: Task, period: Period, as_of: date, unit: str = "") -> dict:
    milestones = [{"id": m.id, "what": m.what, "due": due_on(task, m, as_of)} for m in task.milestones
                  if period.start <= due_on(task, m, as_of) <= period.end
                  and (not unit or m.owner in (None, unit))]
    return {**task_facts(ledger, task, as_of), "summary": task.summary,
            "outcome": task.outcome.text if task.outcome and task.outcome.text else None,
            "outcome_form": task.outcome.form.value if task.outcome else None,
            "co_units": [ledger.unit_name(u) for u in task.co_units], "milestones": milestones}
