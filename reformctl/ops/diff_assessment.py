"""What a pull request changes in the assessment method (assessment.yaml, 考核办法), for `reformctl
diff`: an indicator's weight, a grade's threshold, a manual item added or removed, a group's unit
kinds, an award given ... one line each, so that whoever reviews the pull request sees how the
scoring moves before it is merged.

Each part of the method is paired by its id (a grade by its name, an award by unit, item and day);
a part on one side only is added or removed, and a part on both sides lists each field that differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Iterator

from ..model import Ledger

# The parts of the method compared, in the order the lines are listed: (list key, kind, key of a part)
_PARTS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("groups", "group", lambda part: part.id),
    ("indicators", "indicator", lambda part: part.id),
    ("deductions", "deduction", lambda part: part.id),
    ("manual_items", "manual_item", lambda part: part.id),
    ("grades", "grade", lambda part: part.name),
    ("awards", "award", lambda part: f"{part.unit}/{part.item}/{part.date}"),
)
# The method's own fields compared (the parts above are compared part by part)
_METHOD_FIELDS = ("title", "full_marks", "manual_cap", "not_assessed")


@dataclass(frozen=True)
class AssessmentChange:
    part: str  # method, group, indicator, deduction, manual_item, grade, award
    id: str  # the part's id (a grade's name; an award's unit/item/day)
    name: str  # the part's name as the office wrote it (an award: its item's name and the unit's)
    change: str  # added, removed, changed
    field: str = ""  # the field changed (a part added or removed: the field saying what it is worth)
    old: str = ""
    new: str = ""  # (a part added or removed: what it is worth)


def assessment_changes(base: Ledger, head: Ledger) -> list[AssessmentChange]:
    old, new = base.assessment, head.assessment
    if old is None and new is None:
        return []
    if old is None or new is None:
        title = (new or old).title
        return [AssessmentChange("method", "assessment.yaml", title, "added" if old is None else "removed")]
    changes = [*_fields_changed("method", "assessment.yaml", new.title, old, new, _METHOD_FIELDS)]
    for key, part, identify in _PARTS:
        changes += _parts_changed(part, getattr(old, key), getattr(new, key), identify, head)
    return changes


def _parts_changed(part: str, before: list, after: list, identify: Callable[[Any], str],
                   head: Ledger) -> Iterator[AssessmentChange]:
    old_by_id = {identify(item): item for item in before}
    new_by_id = {identify(item): item for item in after}
    for key, item in new_by_id.items():
        name = _name(part, item, head)
        if key not in old_by_id:
            yield AssessmentChange(part, key, name, "added", *_worth(part, item))
        else:
            yield from _fields_changed(part, key, name, old_by_id[key], item, _compared_fields(item))
    for key, item in old_by_id.items():
        if key not in new_by_id:
            yield AssessmentChange(part, key, _name(part, item, head), "removed", *_worth(part, item))


def _compared_fields(item: Any) -> tuple[str, ...]:
    return tuple(name for name in type(item).model_fields if name not in ("id",))


def _fields_changed(part: str, key: str, name: str, old: Any, new: Any,
                    fields: tuple[str, ...]) -> Iterator[AssessmentChange]:
    for field in fields:
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            yield AssessmentChange(part, key, name, "changed", field, _text(was), _text(now))


def _name(part: str, item: Any, head: Ledger) -> str:
    if part == "award":
        return f"{item.item} · {head.unit_name(item.unit)}"
    return str(item.name)


_WORTH = {"group": "kinds", "indicator": "weight", "deduction": "per_item", "manual_item": "points",
          "grade": "min", "award": "times"}


def _worth(part: str, item: Any) -> tuple[str, str, str]:
    """(field, "", value): what a part added or removed is worth, in its own terms."""
    field = _WORTH[part]
    value = getattr(item, field)
    return field, "", (_signed(value) if part == "manual_item" else _text(value))


def _signed(points: Decimal) -> str:
    return f"+{_text(points)}" if points > 0 else _text(points)


def _text(value: Any) -> str:
    """A value as the office wrote it: 2.5 as 2.5, a list as a, b, nothing as —."""
    if value is None or value == []:
        return "—"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item) for item in value)
    return str(value)
