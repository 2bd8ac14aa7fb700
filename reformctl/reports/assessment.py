"""考核结果通报: the data of the assessment of the units for a half-year or a year.

One computation (ops/assess.py) feeds `assess` (table, JSON, CSV) and the document (Markdown and
Word, through templates/assessment.*.j2). Scores are shown to 0.01; the ranking and 等次 are those
of ops/assess.py (ties share a place: 并列第N).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..model_assessment import SHARES, AssessmentMethod
from ..ops.assess import CENT, Assessment, Scored, UnitResult, assess
from ..ranking import rank_label
from .period import Period, period_containing


class NoMethod(LookupError):
    """The ledger has no assessment.yaml: there is nothing to assess by."""


def method_of(ledger: Ledger) -> AssessmentMethod:
    method = ledger.assessment
    if method is None:
        raise NoMethod()
    return method


def run(ledger: Ledger, period: Period, as_of: date) -> Assessment:
    """The assessment of `period`, on its last day or on `as_of` when that is earlier."""
    return assess(ledger, method_of(ledger), period.start, period.end, min(period.end, as_of))


def build(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar) -> dict:
    period = period or period_containing("year", as_of)
    result = run(ledger, period, as_of)
    method = method_of(ledger)
    groups = [_group(group) for group in result.groups]
    return {
        "title": f"关于{period.label}{'度' if period.grain == 'year' else ''}全面深化改革工作考核结果的通报",
        "assessment_title": method.title,
        "assessed_as_of": result.as_of,
        "period_over": result.as_of >= period.end,
        "full_marks": number(method.full_marks),
        "indicators": [{"id": i.id, "name": i.name, "measure": i.measure.value, "weight": number(i.weight),
                        "per_item": number(i.per_item) if i.per_item is not None else None,
                        "share": i.measure in SHARES} for i in method.indicators],
        "deductions": [{"id": d.id, "name": d.name, "measure": d.measure.value, "per_item": number(d.per_item),
                        "cap": number(d.cap) if d.cap is not None else None} for d in method.deductions],
        "manual_items": [{"id": m.id, "name": m.name, "points": number(m.points)} for m in method.manual_items],
        "manual_cap": number(method.manual_cap) if method.manual_cap is not None else None,
        "grades": [{"name": g.name, "min": number(g.min), "max_share": number(g.max_share) if g.max_share else None,
                    "units": sum(1 for grp in groups for u in grp["units"] if u["grade"] == g.name)}
                   for g in method.grades],
        "groups": groups,
    }


def number(value: Decimal) -> float | int:
    """A number for JSON and templates: an integer when whole, else rounded to 0.01."""
    shown = value.quantize(CENT)
    return int(shown) if shown == shown.to_integral_value() else float(shown)


def _group(group) -> dict:
    return {"id": group.id, "name": group.name, "units": [unit_row(unit) for unit in group.units]}


def unit_row(unit: UnitResult) -> dict:
    return {
        "rank": unit.rank, "tied": unit.tied, "rank_label": rank_label(unit.rank, unit.tied),
        "unit_id": unit.unit_id, "unit": unit.unit, "kind": unit.kind,
        "indicators": [_scored(s) for s in unit.indicators],
        "deductions": [_scored(s) for s in unit.deductions],
        "deducted": number(sum((s.score for s in unit.deductions), Decimal(0))),
        "manual": [{"item": e.item, "name": e.name, "points": number(e.points), "date": e.date, "ref": e.ref}
                   for e in unit.manual],
        "manual_points": number(unit.manual_points),
        "total": number(unit.total), "total_text": f"{unit.total:.2f}", "grade": unit.grade,
    }


def _scored(scored: Scored) -> dict:
    meeting = {id(item) for item in scored.meeting}
    return {
        "id": scored.id, "name": scored.name, "measure": scored.measure.value,
        "value": None if scored.value is None else (float(round(scored.value, 4)) if scored.measure in SHARES
                                                     else int(scored.value)),
        "score": number(scored.score), "note": scored.note,
        "items": [item.ref for item in scored.reckoned] if scored.measure not in SHARES else [],
        "missed": [item.ref for item in scored.reckoned if id(item) not in meeting] if scored.measure in SHARES else [],
        "reckoned": len(scored.reckoned),
    }
