"""改革责任书 (Kunming 004): one unit's year, in five parts — 总体目标、改革责任、推进措施、具体任务、
落地见效 — with the tasks it leads (their milestones of the year, outcomes and leaders), those it
serves as co-unit, and the assessment terms (考核条款): those of the office's method in assessment.yaml
(indicators and their points, deductions, manual items, 等次), or, without one, the fixed terms the
template states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger, Task, Unit
from ..model_assessment import SHARES
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
        "assessment": assessment_terms(ledger, unit),
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


def assessment_terms(ledger: Ledger, unit: Unit) -> Optional[dict]:
    """The letter's 考核条款 from the office's method (assessment.yaml): its indicators and their
    points, deductions, manual items and 等次; None without a method (the template then states the
    fixed terms). Numbers are given as written (40, 2.5), for the sentence."""
    method = ledger.assessment
    if method is None:
        return None
    group = next((g for g in method.groups if unit.kind in g.kinds), None)
    return {
        "title": method.title,
        "full_marks": points(method.full_marks),
        "assessed": unit.kind not in method.not_assessed and group is not None,
        "group": group.name if group else None,
        "indicators": [{"name": i.name, "weight": points(i.weight), "share": i.measure in SHARES,
                        "per_item": points(i.per_item) if i.per_item is not None else None}
                       for i in method.indicators],
        "deductions": [{"name": d.name, "per_item": points(d.per_item),
                        "cap": points(d.cap) if d.cap is not None else None} for d in method.deductions],
        "manual_items": [{"name": m.name, "points": points(abs(m.points)), "gain": m.points >= 0}
                         for m in method.manual_items],
        "manual_cap": points(method.manual_cap) if method.manual_cap is not None else None,
        "grades": _grades(method.grades),
    }


def _grades(grades: list) -> list[dict]:
    """Each 等次 with its threshold; the lowest, from 0, reads as below the one above it (60分以下)."""
    rows = []
    for index, grade in enumerate(grades):
        above = grades[index - 1].min if index else None
        rows.append({"name": grade.name, "min": points(grade.min),
                     "below": points(above) if grade.min == 0 and above is not None else None,
                     "max_share": points(grade.max_share * 100) + "%" if grade.max_share else None})
    return rows


def points(value: Decimal) -> str:
    """A number of points as the method writes it: 40, 2.5, -2 (never 40.00 or 4E+1)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
