"""assessment.yaml (考核办法): a method that adds up, ranks every unit kind once, and names only
known units and items. Ledger-scope checks: they read the method (TaskRefIndex.records, one small
file) and the units."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, Optional

from ..model_assessment import SHARES, AssessmentMethod
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex


def method_of(index: TaskRefIndex) -> Optional[AssessmentMethod]:
    return index.records.get("assessment")


def weights_add_up(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R770: the indicators' weights make the full marks."""
    method = method_of(index)
    if method is None:
        return
    total = sum((indicator.weight for indicator in method.indicators), Decimal(0))
    if total != method.full_marks:
        yield Problem("R770", method.src.file, method.src.keypath + ("indicators",), {
            "sum": _number(total), "full": _number(method.full_marks),
            "weights": " + ".join(_number(i.weight) for i in method.indicators)}, at_key=True)


def kinds_grouped_once(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R771: every unit kind of units.yaml is in a group or not assessed; R772: in one group only."""
    method = method_of(index)
    if method is None:
        return
    first: dict[str, str] = {}
    for g, group in enumerate(method.groups):
        for k, kind in enumerate(group.kinds):
            where = method.src.keypath + ("groups", g, "kinds", k)
            if kind.value in first:
                yield Problem("R772", method.src.file, where, {"kind": kind.value, "first": first[kind.value]})
            elif kind in method.not_assessed:
                yield Problem("R772", method.src.file, where, {"kind": kind.value, "first": "not_assessed"})
            else:
                first[kind.value] = group.id
    if "units" in index.unreadable_kinds:
        return
    yield from _ungrouped(index, method, first)


def _ungrouped(index: TaskRefIndex, method: AssessmentMethod, grouped: dict) -> Iterator[Problem]:
    missing: dict[str, list[str]] = {}
    for unit in index.units.values():
        if unit.kind.value not in grouped and unit.kind not in method.not_assessed:
            missing.setdefault(unit.kind.value, []).append(unit.id)
    for kind, units in missing.items():
        shown = ", ".join(units[:5]) + (f" … (+{len(units) - 5})" if len(units) > 5 else "")
        yield Problem("R771", method.src.file, method.src.keypath + ("groups",), {"kind": kind, "units": shown},
                      at_key=True)


def ids_unique(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R203: a group, indicator, deduction or manual item id is said once in its list."""
    method = method_of(index)
    if method is None:
        return
    for key, what_en, what_zh in (("groups", "groups", "考核类别"), ("indicators", "indicators", "考核指标"),
                                  ("deductions", "deductions", "扣分项"), ("manual_items", "manual items", "加减分项")):
        seen: dict[str, int] = {}
        for position, record in enumerate(getattr(method, key)):
            if record.id in seen:
                yield Problem("R203", method.src.file, method.src.keypath + (key, position, "id"), {
                    "id": record.id, "what_en": what_en, "what_zh": what_zh,
                    "first": f"{method.src.file} {key}[{seen[record.id] + 1}]"})
            else:
                seen[record.id] = position


def measures_fit(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R776: a count indicator says its points per item; R777: a share has none; R778: a deduction
    counts items."""
    method = method_of(index)
    if method is None:
        return
    base = method.src.keypath
    for position, indicator in enumerate(method.indicators):
        share = indicator.measure in SHARES
        if not share and indicator.per_item is None:
            yield Problem("R776", method.src.file, base + ("indicators", position), {
                "id": indicator.id, "measure": indicator.measure.value})
        if share and indicator.per_item is not None:
            yield Problem("R777", method.src.file, base + ("indicators", position, "per_item"), {
                "id": indicator.id, "measure": indicator.measure.value}, at_key=True)
    for position, deduction in enumerate(method.deductions):
        if deduction.measure in SHARES:
            yield Problem("R778", method.src.file, base + ("deductions", position, "measure"), {
                "id": deduction.id, "measure": deduction.measure.value})


def awards_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R773: an award names an item of the points table; R774: a known unit; R775: a ranked one."""
    method = method_of(index)
    if method is None:
        return
    items = [item.id for item in method.manual_items]
    grouped = {kind for group in method.groups for kind in group.kinds}
    for position, award in enumerate(method.awards):
        where = method.src.keypath + ("awards", position)
        if award.item not in items:
            yield Problem("R773", method.src.file, where + ("item",), {"id": award.item, **suggest(award.item, items)})
        unit = index.units.get(award.unit)
        if unit is None and "units" not in index.unreadable_kinds:
            yield Problem("R774", method.src.file, where + ("unit",), {"id": award.unit, **suggest(award.unit, index.units)})
        elif unit is not None and unit.kind not in grouped:
            yield Problem("R775", method.src.file, where + ("unit",), {"id": award.unit, "kind": unit.kind.value})


def grades_in_order(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """R780: grades from the highest `min` down; R779: the last starts at 0, so every unit has one."""
    method = method_of(index)
    if method is None:
        return
    base = method.src.keypath
    for position in range(1, len(method.grades)):
        before, grade = method.grades[position - 1], method.grades[position]
        if grade.min >= before.min:
            yield Problem("R780", method.src.file, base + ("grades", position, "min"), {
                "name": grade.name, "min": _number(grade.min), "prev": before.name, "prev_min": _number(before.min)})
    lowest = min(grade.min for grade in method.grades)
    if lowest > 0:
        yield Problem("R779", method.src.file, base + ("grades",), {"lowest": _number(lowest)}, at_key=True)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
