"""考核: each unit scored by the office's method (assessment.yaml), ranked within its group.

The method is data (reformctl.model_assessment); this module only gathers, per unit, the ledger
facts each measure is about, with the words of reformctl.timeline (counted, on time, overdue,
finished), and does the sums the method writes down:

    share indicator   weight × share           (nothing to reckon: full marks or none, `if_none`)
    count indicator   weight − per_item × count, not below 0
    deduction         per_item × count, at most `cap`
    manual items      the points of each award dated in the period, at most ±`manual_cap`
    total             indicators − deductions + manual, not below 0, shown to 0.01 (half up)

Units are ranked within their group by the shown total, equal totals sharing a place (并列,
reformctl.ranking). A 等次 goes to every unit whose total reaches its `min`; a grade with a
`max_share` goes to at most that share of the group (rank ≤ ⌊units × share⌋), the rest falling
to the next grade. Every point can be traced to the items behind it (`Item`): --explain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Iterable, NamedTuple, Optional

from ..model import Ledger, SourceRef, Task
from ..model_assessment import SHARES, AssessmentMethod, Grade, Measure
from ..pipeline.ledger import collector_paused
from ..ranking import rank_by
from ..timeline import (answered_on, answering_unit, done_on, due_on, inspection_known_on, is_counted, is_finished,
                        is_on_time, is_overdue, is_reckoned, ledger_on, notice_sent_on, rectification_steps_on,
                        rectified_on, rectify_by_on, reply_by_on, status_on)

CENT = Decimal("0.01")


class Item(NamedTuple):
    """One ledger fact behind a score: a milestone (TASK/M), a task, a finding or a notice.
    (A tuple: a province ledger makes a hundred thousand of them.)"""

    ref: str
    what: str
    src: SourceRef
    due: Optional[date] = None
    done: Optional[date] = None


class Facts:
    """What one unit answers for in the period, by measure: [reckoned, meeting] lists, the items
    reckoned in a share and those meeting it (for a count, the items counted, twice)."""

    __slots__ = ("lists",)

    def __init__(self) -> None:
        self.lists: dict[Measure, tuple[list[Item], list[Item]]] = {}

    def add(self, measure: Measure, item: Item, meets: bool = True) -> None:
        lists = self.lists.get(measure)
        if lists is None:
            lists = self.lists[measure] = ([], [])
        lists[0].append(item)
        if meets:
            lists[1].append(item)

    def of(self, measure: Measure) -> tuple[list[Item], list[Item]]:
        return self.lists.get(measure, ([], []))


@dataclass(frozen=True)
class Scored:
    """An indicator's or a deduction's result for one unit."""

    id: str
    name: str
    measure: Measure
    points: Decimal  # the indicator's weight, or a deduction's points per item
    value: Optional[Decimal]  # a share (0..1), or a count; None: nothing to reckon
    score: Decimal  # points earned (indicator) or taken off (deduction)
    reckoned: tuple[Item, ...]
    meeting: tuple[Item, ...]
    note: str = ""  # "if_none", "floor", "cap" when such a rule decided the score
    per_item: Optional[Decimal] = None  # a count's points per item


@dataclass(frozen=True)
class Earned:
    unit: str
    item: str
    name: str
    points: Decimal
    date: date
    ref: Optional[str]
    src: SourceRef


@dataclass
class UnitResult:
    unit_id: str
    unit: str
    kind: str
    group: str
    indicators: list[Scored]
    deductions: list[Scored]
    manual: list[Earned]
    manual_points: Decimal
    total: Decimal  # shown to 0.01
    rank: int = 0
    tied: bool = False
    grade: str = ""


@dataclass
class GroupResult:
    id: str
    name: str
    units: list[UnitResult]


@dataclass
class Assessment:
    title: str
    office: str
    start: date
    end: date
    as_of: date
    full_marks: Decimal
    groups: list[GroupResult]


def assess(ledger: Ledger, method: AssessmentMethod, start: date, end: date, as_of: date) -> Assessment:
    """Score, rank and grade every unit of the method's groups for the period start..end, on `as_of`
    (the period's end, or an earlier day for a period not over yet)."""
    ledger = ledger_on(ledger, as_of)
    with collector_paused():  # a hundred thousand small tuples, none of them garbage
        facts = gather(ledger, start, as_of)
    groups = []
    for group in method.groups:
        members = [unit for unit in ledger.units.values() if unit.kind in group.kinds]
        results = [_score_unit(ledger, method, unit, group.id, facts.get(unit.id, Facts()), start, as_of)
                   for unit in members]
        _rank_and_grade(results, method.grades)
        groups.append(GroupResult(group.id, group.name, results))
    return Assessment(method.title, ledger.config.office, start, end, as_of, method.full_marks, groups)


# --- the facts -----------------------------------------------------------------------------------


def gather(ledger: Ledger, start: date, as_of: date) -> dict[str, Facts]:
    """Per unit, the items of every measure (one pass over the ledger)."""
    facts: dict[str, Facts] = {}
    for task in ledger.tasks:
        _task_facts(facts, task, start, as_of)
    for inspection in ledger.inspections:
        if not inspection_known_on(inspection, as_of):
            continue
        for index, finding in enumerate(inspection.findings):
            _finding_facts(facts, finding, inspection.src.at("findings", index), start, as_of)
    for notice in ledger.notices:
        _notice_facts(facts, notice, start, as_of)
    return facts


def _unit(facts: dict[str, Facts], unit_id: str) -> Facts:
    found = facts.get(unit_id)
    if found is None:
        found = facts[unit_id] = Facts()
    return found


def _task_facts(facts: dict[str, Facts], task: Task, start: date, as_of: date) -> None:
    status = status_on(task, as_of)
    item = Item(task.id, task.title, task.src)
    _unit(facts, task.lead_unit).add(Measure.finished_share, item, is_finished(status))
    if not is_reckoned(status):  # an approved halt takes the milestones out of the reckoning
        return
    changed = bool(task.changes)  # most tasks never moved a date: skip the look-back for them
    for index, milestone in enumerate(task.milestones):
        due = due_on(task, milestone, as_of) if changed else milestone.due
        if due < start:
            continue
        done = done_on(milestone, as_of)
        unit = _unit(facts, answering_unit(task, milestone))
        item = Item(f"{task.id}/{milestone.id}", milestone.what, task.src.at("milestones", index), due, done)
        if is_counted(due, done, as_of):
            unit.add(Measure.on_time_share, item, is_on_time(due, done))
            unit.add(Measure.milestone_done_share, item, done is not None)
        if is_overdue(due, done, as_of):
            unit.add(Measure.overdue_count, item)
        elif done is not None and done > due:
            unit.add(Measure.late_done_count, item)


def _finding_facts(facts: dict[str, Facts], finding, src: SourceRef, start: date, as_of: date) -> None:
    """The finding's own deadline, and each milestone of its rectification, judged as a milestone:
    overdue (findings_open) or done after its due day (findings_closed_late)."""
    due = rectify_by_on(finding, as_of)
    if due is not None:
        _deadline_fact(facts, finding.unit, Item(finding.id, finding.text, src, due, rectified_on(finding, as_of)),
                       start, as_of)
    for index, (milestone, step_due, done) in enumerate(rectification_steps_on(finding, as_of)):
        item = Item(f"{finding.id}/{milestone.id}", milestone.what, src.at("rectification", "milestones", index),
                    step_due, done)
        _deadline_fact(facts, milestone.owner or finding.unit, item, start, as_of)


def _deadline_fact(facts: dict[str, Facts], unit: str, item: Item, start: date, as_of: date) -> None:
    if not start <= item.due <= as_of:
        return
    if is_overdue(item.due, item.done, as_of):
        _unit(facts, unit).add(Measure.findings_open, item)
    elif item.done is not None and not is_on_time(item.due, item.done):
        _unit(facts, unit).add(Measure.findings_closed_late, item)


def _notice_facts(facts: dict[str, Facts], notice, start: date, as_of: date) -> None:
    due = reply_by_on(notice, as_of)
    if not notice_sent_on(notice, as_of) or not start <= due <= as_of:
        return
    first = answered_on(notice, as_of)  # the first reply (or the office's close)
    item = Item(notice.ref or notice.id, notice.ask, notice.src, due, first)
    if first is None and due < as_of:
        _unit(facts, notice.to).add(Measure.notices_unanswered, item)
    elif first is not None and first > due:
        _unit(facts, notice.to).add(Measure.notices_answered_late, item)


# --- the sums --------------------------------------------------------------------------------------


def _score_unit(ledger: Ledger, method: AssessmentMethod, unit, group: str, facts: Facts,
                start: date, as_of: date) -> UnitResult:
    indicators = [_indicator(ind, *facts.of(ind.measure)) for ind in method.indicators]
    deductions = [_deduction(ded, facts.of(ded.measure)[0]) for ded in method.deductions]
    manual = _manual(method, unit.id, start, as_of)
    manual_points = sum((earned.points for earned in manual), Decimal(0))
    if method.manual_cap is not None:
        manual_points = max(-method.manual_cap, min(method.manual_cap, manual_points))
    exact = sum((s.score for s in indicators), Decimal(0)) - sum((d.score for d in deductions), Decimal(0))
    total = max(Decimal(0), exact + manual_points).quantize(CENT, ROUND_HALF_UP)
    return UnitResult(unit.id, unit.name, unit.kind.value, group, indicators, deductions, manual, manual_points, total)


def _indicator(indicator, reckoned: list[Item], meeting: list[Item]) -> Scored:
    weight = indicator.weight
    if indicator.measure in SHARES:
        if not reckoned:
            score = weight if indicator.if_none == "full" else Decimal(0)
            return Scored(indicator.id, indicator.name, indicator.measure, weight, None, score, (), (), "if_none")
        share = Decimal(len(meeting)) / Decimal(len(reckoned))
        score = weight * Decimal(len(meeting)) / Decimal(len(reckoned))
        return Scored(indicator.id, indicator.name, indicator.measure, weight, share, score,
                      tuple(reckoned), tuple(meeting))
    lost = (indicator.per_item or Decimal(0)) * len(reckoned)
    score = max(Decimal(0), weight - lost)
    return Scored(indicator.id, indicator.name, indicator.measure, weight, Decimal(len(reckoned)), score,
                  tuple(reckoned), tuple(reckoned), "floor" if lost > weight else "", indicator.per_item)


def _deduction(deduction, items: list[Item]) -> Scored:
    taken = deduction.per_item * len(items)
    capped = deduction.cap is not None and taken > deduction.cap
    score = deduction.cap if capped else taken
    return Scored(deduction.id, deduction.name, deduction.measure, deduction.per_item, Decimal(len(items)), score,
                  tuple(items), tuple(items), "cap" if capped else "", deduction.per_item)


def _manual(method: AssessmentMethod, unit_id: str, start: date, as_of: date) -> list[Earned]:
    table = {item.id: item for item in method.manual_items}
    earned = []
    for index, award in enumerate(method.awards):
        item = table.get(award.item)
        if award.unit == unit_id and item and start <= award.date <= as_of:
            earned.append(Earned(unit_id, item.id, item.name, item.points * award.times, award.date, award.ref,
                                 method.src.at("awards", index)))
    return earned


def _rank_and_grade(results: list[UnitResult], grades: list[Grade]) -> None:
    placed = rank_by(results, key=lambda result: -result.total)
    results[:] = [p.item for p in placed]
    for p in placed:
        p.item.rank, p.item.tied = p.rank, p.tied
    ordered = sorted(grades, key=lambda grade: -grade.min)
    for result in results:
        result.grade = _grade(result, ordered, len(results))


def _grade(result: UnitResult, grades: list[Grade], members: int) -> str:
    for grade in grades:
        if result.total < grade.min:
            continue
        if grade.max_share is not None:
            allowed = int((grade.max_share * members).to_integral_value(ROUND_FLOOR))
            if result.rank > allowed:
                continue
        return grade.name
    return ""


def scored_items(scored: Scored) -> Iterable[tuple[Item, bool]]:
    """Each item behind a score, and whether it earned (share) or counted (count) its points."""
    meeting = {id(item) for item in scored.meeting}
    return ((item, id(item) in meeting) for item in scored.reckoned)
