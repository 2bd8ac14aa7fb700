"""The data behind each briefing: one pure function per KIND, from the ledger and dates.

`build_report` returns plain data (dicts, lists, dates, numbers, text) that feeds the Markdown
and Word templates alike, and is what `reformctl report --format json` prints. No rendering here.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..timeline import ledger_on
from . import bulletin, letter, meeting, monthly, overdue, pilots, plans, quarterly, settlement
from . import supervision
from . import assessment
from .period import Grain, Period, PeriodError, default_as_of, parse_period, period_containing

Builder = Callable[[Ledger, Optional[Period], date, WorkCalendar], dict]

# KIND -> (builder, the grain of period it reports on; None: any period or none)
KINDS: dict[str, tuple[Builder, Optional[Grain]]] = {
    "overdue": (overdue.build, None),
    "monthly": (monthly.build, "month"),
    "quarterly": (quarterly.build, "quarter"),
    "bulletin": (bulletin.build, "half"),
    "settlement": (settlement.build, "year"),
    "pilots": (pilots.build, None),
    "letter": (letter.build, "year"),
    "plans": (plans.build, None),
    "meeting": (meeting.build, None),  # one meeting's record: its id as `subject`
    "notice": (supervision.build_notice, None),  # 督办通知: options unit, tasks, notice, reply_by
    "inspection": (supervision.build_inspection, None),  # 督察情况通报: option inspection
    "rectification": (supervision.build_rectification, None),  # 整改台账: option unit
    "assessment": (assessment.build, "year"),  # `assess --period 2026H1` builds it for a half-year too
}
# The kinds about one thing named on the command line (`--unit`, a meeting's id): their builders
# take it as `subject`.
SUBJECT_KINDS = frozenset({"letter", "meeting"})
# The kinds that also take the years of a multi-year plan (2018-2020) for their year.
SPANNING = frozenset({"settlement"})


class WrongPeriod(ValueError):
    """The period's grain does not suit the KIND (a quarter given to the monthly dispatch)."""

    def __init__(self, kind: str, period: Period, grain: Grain):
        super().__init__(f"{kind} needs a {grain}, not {period.code}")
        self.kind, self.period, self.grain = kind, period, grain


def resolve_period(kind: str, text: Optional[str], ledger_now: date,
                   ledger_year: Optional[int] = None) -> Optional[Period]:
    """The period named by --period, else the one holding the ledger's "now" (none for overdue); a
    year's settlement defaults to the ledger's own year (reformctl.yaml `year`), which is the one to
    settle in the January after it."""
    grain = KINDS[kind][1]
    if text is None and grain == "year" and ledger_year:
        return Period("year", ledger_year, 1)
    if text is None:
        return period_containing(grain, ledger_now) if grain else None
    period = parse_period(text)
    if grain and period.grain != grain and not (period.grain == "years" and kind in SPANNING):
        raise WrongPeriod(kind, period, grain)
    return period


def document_settings(ledger: Ledger, number: Optional[str], recipients: list[str], cc: list[str]) -> dict:
    """The official-document parts (发文机关, 发文字号, 主送, 抄送, 印发机关) from reformctl.yaml or options."""
    docs = ledger.config.documents
    issuer = (docs.issuer if docs and docs.issuer else None) or ledger.config.office
    prefix = docs.doc_prefix if docs and docs.doc_prefix else None
    if number and number.isdigit() and prefix:
        number = f"{prefix}〔{ledger.config.year}〕{int(number)}号"
    recipients = recipients or (list(docs.recipients) if docs else [])
    superiors = set(docs.superiors) if docs else set()
    printer = (docs.printer if docs and docs.printer else None) or ledger.config.office
    itself = _names_of_the_office(ledger) | {issuer, printer}
    return {
        "issuer": issuer,
        "number": number or None,
        "recipients": recipients,
        "addressed_up": any(name in superiors for name in recipients),  # a 报告, not a 通报
        "cc": [name for name in (cc or (list(docs.cc) if docs else [])) if name not in itself],  # not to itself
        "printer": printer,
    }


def _names_of_the_office(ledger: Ledger) -> set[str]:
    """Every name the office goes by: reformctl.yaml's office and office_short, and the name and
    short name of the units of kind office."""
    names = {ledger.config.office, ledger.config.office_short}
    for unit in ledger.units.values():
        if unit.kind.value == "office":
            names |= {unit.name, unit.short}
    return {name for name in names if name}


TITLES = {
    "overdue": "关于逾期（滞后）改革任务情况的通报",
    "monthly": "关于{label}改革任务调度情况的通报",
    "quarterly": "关于{label}改革任务盘点情况的通报",
    "bulletin": "关于{label}全面深化改革任务推进情况的通报",
    "settlement": "关于{label}度改革任务{stage}情况的{genre}",
    "pilots": "关于{label}改革试点工作情况的报告",
    "letter": "{label}全面深化改革目标责任书",
    "plans": "关于{label}专项改革方案上会审议和销账情况的报告",
    "meeting": "会议议定事项和交办任务",  # the builder gives the meeting's own: 市委深改委全体会议议定事项和交办任务
    "notice": "督办通知",  # the builders of the supervision documents give their own titles
    "inspection": "督察情况通报",
    "rectification": "督察发现问题整改台账",
    "assessment": "关于{label}度全面深化改革工作考核结果的通报",
}


def source_note(commit: Optional[str], as_of: str) -> str:
    """The small line that ends every document: which version (commit) and which day (as the
    document writes dates: 2026年7月31日) it was made from."""
    where = f"台账版本 {commit} " if commit else "台账（未纳入 git 管理）"
    return f"本文件由 reformctl 根据{where}生成，数据截至{as_of}。"


def forced_note(errors: int) -> str:
    return (f"注意：台账存在 {errors} 个校验错误，本文件系强制生成（--force），"
            "有关数字可能不准确，不得作为正式文件印发。")


def is_early(kind: str, period: Optional[Period], as_of: date) -> bool:
    """A settlement looked at before its period's end: a 预盘点 (provisional), refused unless forced."""
    return kind == "settlement" and period is not None and as_of < period.end


def settlement_wording(period: Optional[Period], as_of: date, addressed_up: bool) -> dict:
    """The settlement's 文种 and stage: a 报告 only when addressed up (documents.superiors), else a
    通报 to the units; 年终盘总账 after the year's end, 年终预盘点 before it."""
    early = is_early("settlement", period, as_of)
    return {"genre": "报告" if addressed_up else "通报", "provisional": early,
            "stage": "年终预盘点" if early else "年终盘总账"}


def build_report(kind: str, ledger: Ledger, period: Optional[Period], as_of: date,
                 calendar: Optional[WorkCalendar] = None, subject: Optional[str] = None,
                 addressed_up: bool = False, **options: object) -> dict:
    """The KIND's data on `as_of`, with what every document shows: office, period, as-of day;
    `subject` is the unit of a letter or the id of a meeting (SUBJECT_KINDS); `options` go to the
    builder (the unit of a 督办通知, the inspection of a 督察情况通报); `addressed_up`: the document
    goes to a superior (document_settings), which makes the settlement a 报告."""
    builder = KINDS[kind][0]
    calendar = calendar or WorkCalendar(ledger.config.calendar.value)
    extra = {"subject": subject} if kind in SUBJECT_KINDS else {}
    body = builder(ledger_on(ledger, as_of), period, as_of, calendar, **extra, **options)
    wording = settlement_wording(period, as_of, addressed_up) if kind == "settlement" else {}
    return {
        "kind": kind,
        "office": ledger.config.office,
        "office_short": ledger.config.office_short or ledger.config.office,
        "year": ledger.config.year,
        "as_of": as_of,
        "period": period.to_dict() if period else None,
        "title": TITLES[kind].format(label=period.label if period else "", **wording),
        **wording,
        **body,
        "calendar_fallback_years": sorted(calendar.fallback_years),
    }


__all__ = ["KINDS", "SUBJECT_KINDS", "TITLES", "Period", "PeriodError", "WrongPeriod", "build_report", "default_as_of",
           "document_settings", "forced_note", "is_early", "parse_period", "resolve_period", "settlement_wording",
           "source_note"]
