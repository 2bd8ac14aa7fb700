"""The records of the office's year beyond its tasks (issue 14): special reform plans (专项改革方案)
and the upper-level documents they dock (对接), committee meetings and the agenda pool (议题储备库).

    plans/*.yaml      one plan per file (a mapping)
    upper.yaml        {documents: [...]}: the central and provincial documents to dock
    meetings/*.yaml   one meeting per file (a mapping)
    agenda.yaml       {items: [...]}: the agenda items proposed for meetings

What a plan, meeting or agenda item means on a day (reviewed, ready, late) is computed in
reformctl/plans_words.py, never stored.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar, Literal, Optional

from pydantic import Field

from .model import Id, LedgerDate, Record, Text

# --- plans/*.yaml --------------------------------------------------------------------------------

REVIEW_STEPS = ("consult", "expert", "legality", "stability")  # in the order of Chengdu's flow
REVIEW_STEP_NAMES = {"consult": "征求意见", "expert": "专家论证", "legality": "合法性审查",
                     "stability": "社会稳定风险评估"}


class ReviewStep(Record):
    """One step of a plan's review before a meeting: done on a day with its evidence, or not needed
    for a stated reason (`not_needed`)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("review step", "审查环节")
    date: Optional[LedgerDate] = None
    evidence: list[str] = Field(default_factory=list)
    by: Optional[str] = None  # who did it: a unit, an expert panel, the legal affairs office
    not_needed: Optional[str] = None  # why the step is not needed (e.g. 不涉及群众切身利益)


class PlanReview(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("review", "审查")
    consult: Optional[ReviewStep] = None  # 征求意见
    expert: Optional[ReviewStep] = None  # 专家论证
    legality: Optional[ReviewStep] = None  # 合法性审查
    stability: Optional[ReviewStep] = None  # 社会稳定风险评估


class PlanMeeting(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("plan's meeting", "上会安排")
    target: Optional[Id] = None  # the meeting it is planned for (上会审议计划)
    reviewed: Optional[Id] = None  # the meeting that reviewed it


class IssuingBody(str, Enum):
    committee = "深改委"
    standing = "常委会"
    executive = "常务会"
    group = "专项小组"


class PlanIssued(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("issue", "印发")
    date: LedgerDate
    doc: Text  # its document number
    by: IssuingBody


class PlanEvaluation(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("evaluation", "评估")
    date: Optional[LedgerDate] = None
    report: Optional[str] = None  # the evaluation report
    rectification: Optional[str] = None  # the lead unit's rectification report (整改)


class PlanChange(Record):
    """An approved move of a plan's deadline: the meeting it is planned for (上会审议计划)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("plan change", "方案调整")
    date: LedgerDate
    field: Literal["meeting.target"]
    from_: Optional[str] = Field(default=None, alias="from")
    to: Optional[str] = None
    reason: Text
    approved_by: Text
    ref: Optional[str] = None


class Plan(Record):
    """A special reform plan: reviewed, taken to a meeting, issued, evaluated, closed out (销账)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("plan", "改革方案")
    id: Id
    title: Text
    unit: Id  # the lead unit
    leader: Optional[Id] = None
    docks: list[Id] = Field(default_factory=list)  # the upper.yaml documents it answers
    tasks: list[Id] = Field(default_factory=list)  # the tasks it creates
    review: PlanReview = Field(default_factory=PlanReview)
    meeting: Optional[PlanMeeting] = None
    issued: Optional[PlanIssued] = None
    evaluation: Optional[PlanEvaluation] = None
    changes: list[PlanChange] = Field(default_factory=list)  # approved moves of meeting.target


# --- upper.yaml ----------------------------------------------------------------------------------


class UpperLevel(str, Enum):
    central = "central"  # 中央
    provincial = "provincial"  # 省


class UpperDocument(Record):
    """A central or provincial reform document the city must dock with a local plan (对接)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("upper document", "上级文件")
    id: Id
    level: UpperLevel
    doc: Text  # its number, e.g. 中发〔2026〕3号
    title: Text
    date: LedgerDate  # issued on
    dock_by: Optional[LedgerDate] = None  # the deadline for a local plan docking it
    dock_unit: Optional[Id] = None  # the unit answerable for docking it


class UpperFile(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("upper documents file", "上级文件清单")
    documents: list[UpperDocument] = Field(default_factory=list)


# --- meetings/*.yaml -----------------------------------------------------------------------------


class ItemKind(str, Enum):
    study = "study"  # 学习
    review = "review"  # 审议
    hear = "hear"  # 听取
    decide = "decide"  # 研究决定


class MeetingItem(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("meeting item", "会议议题")
    kind: ItemKind
    plan: Optional[Id] = None
    task: Optional[Id] = None
    agenda: Optional[Id] = None  # the agenda.yaml item it takes up
    text: Optional[str] = None
    unit: Optional[Id] = None  # the unit reporting it
    fixed: bool = False  # a fixed item (固定议题) rather than one of the pool
    result: Optional[str] = None  # what the meeting decided (议定事项)


class Meeting(Record):
    """A committee meeting: one theme (一会一主题), its items, and the tasks it assigned (交办)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("meeting", "会议")
    id: Id
    kind: Text  # 深改委全体会议、主任会议、专项小组会议 ...
    date: LedgerDate
    theme: Optional[str] = None
    items: list[MeetingItem] = Field(default_factory=list)
    assigned: list[Id] = Field(default_factory=list)  # the tasks it created


# --- agenda.yaml ---------------------------------------------------------------------------------


class AgendaState(str, Enum):
    reserve = "reserve"  # 储备
    scheduled = "scheduled"  # 已排会
    reviewed = "reviewed"  # 已审议
    deferred = "deferred"  # 暂缓


class AgendaItem(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("agenda item", "议题")
    id: Id
    title: Text
    unit: Id
    plan: Optional[Id] = None
    want_meeting: Optional[Id] = None
    submitted: Optional[LedgerDate] = None
    state: AgendaState = AgendaState.reserve


class AgendaFile(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("agenda file", "议题储备库")
    items: list[AgendaItem] = Field(default_factory=list)
