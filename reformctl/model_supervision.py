"""The records of supervision (督查督办): inspections with their findings, and notices.

    inspections/*.yaml   one inspection (督察) a file, with the problems it found (findings),
                         each a rectification (整改) with a unit and a deadline
    notices/*.yaml       one notice (督办通知) a file: sent to a unit, asking for a reply by a day

A finding with a deadline (`rectify_by`) behaves as a milestone: reformctl.timeline judges it with
the same words (overdue, due soon, on time). Dates move only by an approved change (`changes`),
as a task's due dates do. The kinds are declared in reformctl.layout.RECORD_KINDS.
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar, Literal, Optional

from pydantic import Field

from .model import Id, LedgerDate, Milestone, Progress, Record, Text


class InspectionKind(str, Enum):
    routine = "routine"  # 常规督察
    special = "special"  # 专项督察
    year_end = "year_end"  # 年底核查
    third_party = "third_party"  # 第三方评估
    experience = "experience"  # 体验式督察


class Severity(str, Enum):
    serious = "serious"  # 严重
    major = "major"  # 较重
    general = "general"  # 一般


class Period(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("period", "时段")

    from_: LedgerDate = Field(alias="from")
    to: LedgerDate


class Scope(Record):
    """What an inspection looked at: units, lists (of reformctl.yaml) and tasks."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("scope", "督察范围")

    units: list[Id] = Field(default_factory=list)
    lists: list[Id] = Field(default_factory=list)
    tasks: list[Id] = Field(default_factory=list)


class Rectification(Record):
    """What a finding became: a task of the ledger, or milestones of its own."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("rectification", "整改安排")

    task: Optional[Id] = None
    milestones: list[Milestone] = Field(default_factory=list)


class DeadlineChange(Record):
    """An approved postponement of a deadline (rectify_by of a finding, reply_by of a notice, or
    the due of one of a finding's rectification milestones: field due, with its milestone)."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("change", "调整记录")

    date: LedgerDate
    field: Literal["rectify_by", "reply_by", "due"]
    milestone: Optional[Id] = None  # field due: the rectification milestone it moves
    from_: Optional[str] = Field(default=None, alias="from")
    to: Optional[str] = None
    reason: Text
    approved_by: Text
    ref: Optional[str] = None


class ClosedWithEvidence(Record):
    """The close of a finding (整改销号) or a notice (办结): only with evidence in hand."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("close record", "销号记录")

    date: LedgerDate
    by: Optional[Id] = None
    evidence: list[str] = Field(default_factory=list)
    ref: Optional[str] = None


class Finding(Record):
    """A problem an inspection found, to be rectified by a unit by a day."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("finding", "问题")

    id: Id
    unit: Id
    task: Optional[Id] = None
    milestone: Optional[Id] = None  # a milestone of `task`
    text: Text
    severity: Severity = Severity.general
    rectify_by: Optional[LedgerDate] = None
    rectification: Optional[Rectification] = None
    progress: list[Progress] = Field(default_factory=list)
    changes: list[DeadlineChange] = Field(default_factory=list)
    closed: Optional[ClosedWithEvidence] = None


class Inspection(Record):
    """An inspection (督察): when, by whom, of what, and what it found."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("inspection", "督察")

    id: Id
    kind: InspectionKind
    title: Text
    date: Optional[LedgerDate] = None
    period: Optional[Period] = None
    by: Optional[Id] = None
    ref: Optional[str] = None  # 文号 of the 督察情况通报
    scope: Optional[Scope] = None
    findings: list[Finding] = Field(default_factory=list)

    def day(self):
        """The day the inspection is dated by: its date, else the end of its period."""
        return self.date or (self.period.to if self.period else None)


class About(Record):
    """What a notice is about: tasks, milestones (TASK/MILESTONE) and findings, by id."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("about", "督办事项")

    tasks: list[Id] = Field(default_factory=list)
    milestones: list[str] = Field(default_factory=list)  # "TASK/MILESTONE"
    findings: list[Id] = Field(default_factory=list)


class Reply(Record):
    RECORD_NAME: ClassVar[tuple[str, str]] = ("reply", "回复")

    date: LedgerDate
    by: Optional[Id] = None
    text: Text
    evidence: list[str] = Field(default_factory=list)


class Notice(Record):
    """A notice (督办通知) sent to a unit, and its replies."""

    RECORD_NAME: ClassVar[tuple[str, str]] = ("notice", "督办通知")

    id: Id
    ref: Optional[str] = None  # 文号, e.g. 某改督〔2026〕3号
    date: LedgerDate
    to: Id
    about: About = Field(default_factory=About)
    ask: Text
    reply_by: LedgerDate
    replies: list[Reply] = Field(default_factory=list)
    changes: list[DeadlineChange] = Field(default_factory=list)
    closed: Optional[ClosedWithEvidence] = None
