"""The ledger as pydantic models.

Records are frozen: a loaded ledger is a value. Each record remembers where it came from
(`src`, a :class:`SourceRef`) so that checks can point at the file and key; positions are
resolved to line and column only for the problems that are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, ClassVar, Iterator, Literal, NamedTuple, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

KeyPath = tuple  # a path of keys and indexes into a file's data, e.g. (3, "milestones", 0, "due")


class SourceRef(NamedTuple):
    """Where a record sits: a ledger file (relative path) and the key path inside its data."""

    file: str
    keypath: KeyPath = ()

    def at(self, *keys: Any) -> "SourceRef":
        return SourceRef(self.file, self.keypath + keys)


def iso_day(text: Any) -> Optional[date]:
    """The one reading of a day written as text: exactly YYYY-MM-DD, else None.

    Ledger dates, the dates inside approved changes and `--as-of` are all read by it. It runs for
    every date of a large ledger, so the common case costs one C call.
    """
    if type(text) is str and len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def _parse_ledger_date(value: Any) -> date:
    """Accept exactly YYYY-MM-DD text (YAML timestamps are kept as text by the reader)."""
    return iso_day(value) or _date_problem(value)


def _date_problem(value: Any) -> date:
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("ledger_date_type", "not a date", {"value": value})
    text = value.strip()
    match = _ISO_DATE.match(text)
    if not match:
        raise PydanticCustomError("ledger_date_format", "not a date", {"value": text})
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise PydanticCustomError("ledger_date_range", "no such day", {"value": text}) from None


class _LedgerDateSchema:
    """A ledger date validated inside pydantic-core: YYYY-MM-DD text (a province ledger holds
    200,000 of them, and a call into Python for each cost a quarter of the validation), else
    what `_parse_ledger_date` makes of it, which also says precisely what is wrong (load/build.py
    asks it again: the error of the whole is `ledger_date`, of no detail)."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        written = core_schema.chain_schema([core_schema.str_schema(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", strict=True),
                                            core_schema.date_schema()])
        as_before = core_schema.chain_schema([core_schema.no_info_plain_validator_function(_parse_ledger_date),
                                              core_schema.date_schema()])
        return core_schema.custom_error_schema(
            core_schema.union_schema([written, as_before], mode="left_to_right"),
            custom_error_type="ledger_date", custom_error_message="not a date")

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict:
        return {"format": "date", "type": "string"}


def date_error_kind(value: Any) -> str:
    """What is wrong with a ledger date that failed: ledger_date_type, _format or _range."""
    try:
        _parse_ledger_date(value)
    except PydanticCustomError as err:
        return err.type
    return "ledger_date_format"  # a date with a time of day (given through the library; YAML text never is one)


LedgerDate = Annotated[date, _LedgerDateSchema]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
# Required text: at least one character that is not a space (a title of blanks says nothing). The
# pattern runs inside pydantic-core, at no cost to a large ledger; load/build.py reports it as R110.
# Control characters in any text are refused before this, when the file is read (R016).
TEXT_PATTERN = r"\S"
Text = Annotated[str, Field(pattern=TEXT_PATTERN)]


class Record(BaseModel):
    """Base of every ledger record: frozen, strict about keys and types."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    # Where the record came from is kept in pydantic's private-state slot, set by the loader
    # (load/build.py, `set_source`). No PrivateAttr is declared: declaring one makes pydantic
    # initialise private state for each of the ~200,000 records of a province ledger.
    @property
    def src(self) -> SourceRef:
        """Where the record is: set for tasks, leaders, units and lists. The parts of a task
        (milestones, progress, changes, closed ...) are placed from their task, as
        `task.src.at("milestones", index)`: setting ~10 places per task costs more than the
        rest of the build."""
        private = self.__pydantic_private__
        return private["_src"] if private else _NOWHERE


_NOWHERE = SourceRef("?")


def set_source(record: Record, src: SourceRef) -> None:
    object.__setattr__(record, "__pydantic_private__", {"_src": src})


# --- reformctl.yaml ---------------------------------------------------------------------------


class CalendarKind(str, Enum):
    cn = "cn"  # China's statutory holidays and make-up working days (调休)
    weekdays = "weekdays"  # Monday to Friday


class WindowUnit(str, Enum):
    workdays = "workdays"
    days = "days"


class ListDef(Record):
    id: Id
    name: Text
    description: Optional[str] = None


class DocumentsConfig(Record):
    """Settings for official documents (GB/T 9704-2012)."""

    issuer: Optional[str] = None  # 发文机关标志, e.g. 中共某市委全面深化改革委员会办公室
    doc_prefix: Optional[str] = None  # 发文字号 prefix, e.g. 某改办
    recipients: list[str] = Field(default_factory=list)  # 主送
    cc: list[str] = Field(default_factory=list)  # 抄送
    printer: Optional[str] = None  # 印发机关
    # 上级机关: a document whose 主送 names one of them is addressed up, so the settlement is a 报告
    superiors: list[str] = Field(default_factory=list)


class PullRequestSettings(Record):
    """How `check --base` judges a pull request. Read at the base revision: a pull request cannot
    relax the rules it is judged by."""

    # Authors are the signers of the commits, as git verifies them (gpg.ssh.allowedSignersFile).
    signed_commits: bool = False
    # A done date this many working days before the pull request began is a late report (补报).
    late_report_workdays: int = Field(default=5, ge=0, le=366)


_SPAN = re.compile(r"^\s*(\d{4})\s*[-–—~～至]\s*(\d{4})\s*$")


_SPAN_FIX = "write the plan's years as 2018-2020, first year first (2000–2100)"


def _parse_span(value: Any) -> str:
    """A multi-year plan's years, written 2018-2020 (or 2018–2020): kept as "2018-2020"."""
    match = _SPAN.match(value) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("year_span", _SPAN_FIX, {"value": value})
    first, last = int(match.group(1)), int(match.group(2))
    if not 2000 <= first <= last <= 2100:
        raise PydanticCustomError("year_span", _SPAN_FIX, {"value": value})
    return f"{first}-{last}"


YearSpan = Annotated[str, BeforeValidator(_parse_span)]


class Config(Record):
    office: Text
    office_short: Optional[str] = None
    year: int = Field(ge=2000, le=2100)
    as_of: Optional[LedgerDate] = None
    calendar: CalendarKind = CalendarKind.cn
    due_soon_days: int = Field(default=10, ge=0, le=366)
    due_soon_unit: WindowUnit = WindowUnit.workdays
    stale_after_days: int = Field(default=30, ge=1, le=366)
    lists: list[ListDef] = Field(default_factory=list)
    documents: Optional[DocumentsConfig] = None
    render_seconds: int = Field(default=60, ge=1, le=3600)  # time limit of `report`'s rendering
    render_megabytes: int = Field(default=64, ge=1, le=1024)  # size limit of a template's output
    pull_requests: PullRequestSettings = Field(default_factory=PullRequestSettings)
    years: Optional[YearSpan] = None  # a multi-year plan's span (中长期实施规划), e.g. 2018-2020
    agenda_lead_days: int = Field(default=10, ge=0, le=366)  # an agenda item is due this many days before its meeting

    @property
    def span(self) -> tuple[int, int]:
        """The ledger's years, first and last: its `years`, else its one `year`."""
        if self.years:
            first, last = self.years.split("-")
            return int(first), int(last)
        return self.year, self.year

    @property
    def first_year(self) -> int:
        return self.span[0]


# --- units.yaml -------------------------------------------------------------------------------


class UnitKind(str, Enum):
    district = "district"  # 区 / 板块
    park = "park"  # 园区
    department = "department"  # 部门
    institution = "institution"  # 单位
    group = "group"  # 专项小组
    office = "office"  # 改革办 itself


class Leader(Record):
    id: Id
    name: Text
    title: Optional[str] = None


class Unit(Record):
    id: Id
    name: Text
    kind: UnitKind
    short: Optional[str] = None
    members: list[str] = Field(default_factory=list)  # git author emails of the unit's staff
    teams: list[str] = Field(default_factory=list)  # forge team handles, e.g. @org/qinhuai


class UnitsFile(Record):
    leaders: list[Leader] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)


# --- tasks/*.yaml -----------------------------------------------------------------------------


class SourceLevel(str, Enum):
    central = "central"  # 中央
    provincial = "provincial"  # 省
    municipal = "municipal"  # 市
    district = "district"  # 区


class Source(Record):
    level: SourceLevel
    doc: Optional[str] = None  # document number, e.g. 宁委发〔2023〕12号
    title: Optional[str] = None


class OutcomeForm(str, Enum):
    policy = "policy"  # 政策文件
    pilot = "pilot"  # 试点经验
    report = "report"  # 研究报告
    system = "system"  # 制度/系统运行
    other = "other"


class Outcome(Record):
    form: OutcomeForm
    text: Optional[str] = None


class Milestone(Record):
    id: Id
    due: LedgerDate
    what: Text
    done: Optional[LedgerDate] = None
    owner: Optional[Id] = None  # the unit answerable for this node, when not the lead unit
    evidence: list[str] = Field(default_factory=list)


class Progress(Record):
    date: LedgerDate
    by: Id
    text: Text
    evidence: list[str] = Field(default_factory=list)
    problem: Optional[str] = None  # 存在问题 / 滞后原因
    coordination: Optional[str] = None  # 需协调事项


class Change(Record):
    """An approved adjustment of the timetable or of who answers for a task."""

    date: LedgerDate
    milestone: Optional[Id] = None
    # pilot.*: a pilot's deadlines (its period's end, its acceptance's due date), moved as a milestone's due is
    field: Literal["due", "lead_unit", "lead_leader", "status", "what", "pilot.period.to", "pilot.acceptance.due"]
    from_: Optional[str] = Field(default=None, alias="from")
    to: Optional[str] = None
    reason: Text
    approved_by: Text
    ref: Optional[str] = None


class Closed(Record):
    """The strike-off (销号): only with the outcome's evidence in hand."""

    date: LedgerDate
    by: Id
    evidence: list[str] = Field(default_factory=list)
    ref: Optional[str] = None


class CarryOver(Record):
    """A task not finished this year and carried into the next (结转)."""

    to_year: int = Field(ge=2000, le=2100)
    reason: Text


class PilotLevel(str, Enum):
    national = "national"  # 国家级
    provincial = "provincial"  # 省级
    municipal = "municipal"  # 市级
    district = "district"  # 区（县）级


class PilotPeriod(Record):
    from_: LedgerDate = Field(alias="from")
    to: LedgerDate


class Acceptance(Record):
    """The pilot's acceptance at its end (总结验收)."""

    due: Optional[LedgerDate] = None
    done: Optional[LedgerDate] = None
    evidence: list[str] = Field(default_factory=list)
    reason: Optional[str] = None  # why it was accepted before its period ended


class Promotion(Record):
    """Its experience promoted for others to copy (复制推广)."""

    date: LedgerDate
    scope: Text  # where: 全市, 全省, 全国 ...
    doc: Optional[str] = None


class Pilot(Record):
    """A task that is a pilot (试点): one lead leader, one lead unit, one plan, one team."""

    level: PilotLevel
    approved_by: Optional[str] = None  # who approved it (e.g. 国家发展改革委)
    approval_doc: Optional[str] = None  # the approving document's number
    plan: Optional[str] = None  # its 推进方案 (a document number or a file)
    period: Optional[PilotPeriod] = None
    contact: Optional[Id] = None  # the leader or unit of its 联系点
    acceptance: Optional[Acceptance] = None
    outcome: Optional[str] = None  # 经验总结
    promoted: Optional[Promotion] = None

    DEADLINES: ClassVar[dict[str, tuple[str, str]]] = {"pilot.period.to": ("period", "to"),
                                                       "pilot.acceptance.due": ("acceptance", "due")}

    def deadline(self, field: str) -> Optional[date]:
        """The deadline a change's field names (pilot.period.to, pilot.acceptance.due), if set."""
        part, key = self.DEADLINES[field]
        holder = getattr(self, part)
        return getattr(holder, key) if holder is not None else None

    def moved_deadlines(self, before: "Pilot") -> Iterator[tuple[str, date, date]]:
        """(field, old day, new day) of each deadline set both in `before` and here that differs: the
        one test of a moved deadline, for diff, log and the pull-request rule R964."""
        for field in self.DEADLINES:
            old, new = before.deadline(field), self.deadline(field)
            if old and new and old != new:
                yield field, old, new


class TaskStatus(str, Enum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    closed = "closed"
    suspended = "suspended"
    withdrawn = "withdrawn"


class Task(Record):
    id: Id
    title: Text
    summary: Optional[str] = None
    lists: list[Id] = Field(default_factory=list)
    source: Optional[Source] = None
    lead_leader: Optional[Id] = None
    lead_unit: Id
    co_units: list[Id] = Field(default_factory=list)
    outcome: Optional[Outcome] = None
    milestones: list[Milestone] = Field(default_factory=list)
    depends_on: list[Id] = Field(default_factory=list)
    progress: list[Progress] = Field(default_factory=list)
    status: TaskStatus = TaskStatus.not_started
    added: Optional[LedgerDate] = None  # the day a task joined the ledger after the year began
    changes: list[Change] = Field(default_factory=list)
    closed: Optional[Closed] = None
    carry_over: Optional[CarryOver] = None
    pilot: Optional[Pilot] = None  # the task is a pilot (试点)

    def unit_refs(self) -> list[tuple[str, tuple]]:
        """(unit id, key path from the task) of every unit the task names."""
        return [(unit, unit_place(place)) for unit, place in zip(*self.unit_places())]

    def unit_places(self) -> tuple[tuple, tuple]:
        """(the units the task names, in order; where each is named, as one small number: see
        unit_place). A province ledger's tasks name units 200,000 times: a pair of tuples per task
        holds them in two objects where (unit, key path) pairs took two for each."""
        # (lists and maps, not generators: 20,000 tasks ask it in the check's pass)
        owned = [index for index, milestone in enumerate(self.milestones) if milestone.owner]
        units = (self.lead_unit, *self.co_units, *[self.milestones[index].owner for index in owned],
                 *map(_BY, self.progress), *((self.closed.by,) if self.closed else ()))
        places = (0, *range(1, 5 * len(self.co_units), 5), *[2 + 5 * index for index in owned],
                  *range(3, 5 * len(self.progress), 5), *((4,) if self.closed else ()))
        return units, places


_BY = attrgetter("by")

# Where a task names a unit (Task.unit_places): the kind of place, and for a list its index,
# as kind + 5 × index.
_UNIT_PLACES = (("lead_unit",), ("co_units",), ("milestones", "owner"), ("progress", "by"), ("closed", "by"))


def unit_place(place: int) -> tuple:
    """The key path, from its task, of a place where a task names a unit (Task.unit_places)."""
    kind, index = place % 5, place // 5
    if kind in (0, 4):
        return _UNIT_PLACES[kind]
    head, *tail = _UNIT_PLACES[kind]
    return (head, index, *tail)


# --- the whole ledger -------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerFile:
    path: str  # relative to the ledger root, with forward slashes
    kind: str  # "config", "units", "tasks", or a record kind of reformctl.layout.RECORD_KINDS
    sha256: str


@dataclass(frozen=True)
class Ledger:
    root: Path
    config: Config
    leaders: dict[str, Leader] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    tasks: tuple[Task, ...] = ()
    files: tuple[LedgerFile, ...] = ()
    # What could not be read: file kinds with an unreadable file, and ids of tasks that failed
    # validation. Cross-reference checks use them to stay quiet instead of piling on.
    unreadable_kinds: frozenset[str] = frozenset()
    unbuilt_task_ids: frozenset[str] = frozenset()
    # The records of the kinds of reformctl.layout.RECORD_KINDS, by kind: a tuple of records for a
    # folder kind (in file order), the record or None for a single-file kind.
    records: dict[str, Any] = field(default_factory=dict)

    @property
    def inspections(self) -> tuple:
        """The inspections (督察), reformctl.model_supervision.Inspection, in file order."""
        return self.records.get("inspections", ())

    @property
    def notices(self) -> tuple:
        """The notices (督办通知), reformctl.model_supervision.Notice, in file order."""
        return self.records.get("notices", ())

    @property
    def assessment(self):
        """The office's method of assessment (assessment.yaml), reformctl.model_assessment.AssessmentMethod, or None."""
        return self.records.get("assessment")

    def task(self, task_id: str) -> Optional[Task]:
        return self._task_index().get(task_id)

    def _task_index(self) -> dict[str, Task]:
        index = self.__dict__.get("_index")
        if index is None:
            index = {}
            for task in self.tasks:
                index.setdefault(task.id, task)
            object.__setattr__(self, "_index", index)
        return index

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id

    def unit_short(self, unit_id: str) -> str:
        """The unit's short name for narrow places (terminal tables), else its full name."""
        unit = self.units.get(unit_id)
        return (unit.short or unit.name) if unit else unit_id

    def leader_name(self, leader_id: Optional[str]) -> str:
        if not leader_id:
            return ""
        leader = self.leaders.get(leader_id)
        return leader.name if leader else leader_id

    def list_name(self, list_id: str) -> str:
        for item in self.config.lists:
            if item.id == list_id:
                return item.name
        return list_id

