"""The assessment method (考核办法) as the office writes it: `assessment.yaml` at the ledger root.

Nothing of the formula is in the code. The file says which unit kinds are ranked together
(groups: 板块、园区、部门、事业单位), which indicators score how many points (weights), what is
deducted and up to what cap, which manual items (典型经验、上级肯定 ...) are worth how many points
and who earned them, and the 等次 with their thresholds. The code only knows the measures, the
facts of the ledger an indicator can be about (see `Measure`); ops/assess.py does the sums.

Numbers are read as written (a weight of 2.5 is exactly 2.5): the sums are done in decimals.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, ClassVar, Literal, Optional

from pydantic import BeforeValidator, Field

from .model import Id, LedgerDate, Record, Text, UnitKind


def _exact(value):
    """A number as written: 2.5 stays 2.5 (not the float nearest to it)."""
    if isinstance(value, bool):
        return value  # refused by the type below, with the usual message
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return value


Points = Annotated[Decimal, BeforeValidator(_exact), Field(ge=0, le=10000, allow_inf_nan=False)]
SignedPoints = Annotated[Decimal, BeforeValidator(_exact), Field(ge=-10000, le=10000, allow_inf_nan=False)]


class Measure(str, Enum):
    """The facts of the ledger an indicator or a deduction is about, per unit and period.

    Shares (0 to 1) are scored weight × share; counts are scored weight − per_item × count (not
    below 0), or deducted per item up to a cap. Each is reckoned with the words of timeline.py.
    """

    on_time_share = "on_time_share"  # 节点按时完成率: reckoned milestones done by their due date
    milestone_done_share = "milestone_done_share"  # 节点完成率: reckoned milestones done
    finished_share = "finished_share"  # 任务完成率: tasks led that are finished (done or struck off)
    overdue_count = "overdue_count"  # 逾期节点: milestones overdue on the as-of day
    late_done_count = "late_done_count"  # 逾期完成节点: milestones done after their due date
    findings_open = "findings_open"  # 督察问题逾期未整改: findings past rectify_by, not closed
    findings_closed_late = "findings_closed_late"  # 督察问题逾期整改: closed after rectify_by
    notices_answered_late = "notices_answered_late"  # 督办通知逾期答复: first reply after reply_by
    notices_unanswered = "notices_unanswered"  # 督办通知逾期未答复: no reply and reply_by passed


SHARES = frozenset({Measure.on_time_share, Measure.milestone_done_share, Measure.finished_share})


class Group(Record):
    """Units ranked together (考核类别): every unit of these kinds."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("group", "考核类别")

    id: Id
    name: Text
    kinds: list[UnitKind] = Field(min_length=1)


class Indicator(Record):
    """An indicator (考核指标) worth `weight` points."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("indicator", "考核指标")

    id: Id
    name: Text
    measure: Measure
    weight: Points
    per_item: Optional[Points] = None  # a count's points lost per item (required for counts)
    if_none: Literal["full", "zero"] = "full"  # a share with nothing to reckon: full marks, or none


class Deduction(Record):
    """Points taken off the total per item, up to a cap (扣分项)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("deduction", "扣分项")

    id: Id
    name: Text
    measure: Measure
    per_item: Points
    cap: Optional[Points] = None  # at most this many points off; none: no cap


class ManualItem(Record):
    """A manual item (加减分项) of the points table: 典型经验 +2, 上级肯定 +3, 通报批评 −2 ..."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("manual item", "加减分项")

    id: Id
    name: Text
    points: SignedPoints


class Award(Record):
    """A manual item earned by a unit on a day (e.g. an experience promoted by the province)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("award", "加减分记录")

    unit: Id
    item: Id
    date: LedgerDate
    times: int = Field(default=1, ge=1, le=100)
    ref: Optional[str] = None  # the document that attests it
    note: Optional[str] = None


class Grade(Record):
    """A 等次 (好/较好/一般/较差, or 优秀/良好 ...): every unit scoring at least `min`."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("grade", "等次")

    name: Text
    min: Points
    max_share: Optional[Annotated[Decimal, BeforeValidator(_exact), Field(gt=0, le=1)]] = None  # 比例上限


class AssessmentMethod(Record):
    """assessment.yaml: the office's method of assessing the units (考核办法)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("assessment method", "考核办法")

    title: Text
    full_marks: Points = Decimal(100)
    not_assessed: list[UnitKind] = Field(default_factory=lambda: [UnitKind.office])
    groups: list[Group] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    deductions: list[Deduction] = Field(default_factory=list)
    manual_items: list[ManualItem] = Field(default_factory=list)
    manual_cap: Optional[Points] = None  # manual points count up to this much, up or down
    awards: list[Award] = Field(default_factory=list)
    grades: list[Grade] = Field(min_length=1)
