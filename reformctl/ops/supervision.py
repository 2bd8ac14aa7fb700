"""Findings and notices on a day: each one's deadline and state, judged with reformctl.timeline's
words (overdue, due soon, on time), for `status`, `overdue`, the reports and `diff`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger
from ..timeline import (answered_on, inspection_known_on, is_due_soon, is_on_time, is_overdue, notice_sent_on,
                        rectification_steps_on, rectified_on, rectify_by_on, reply_by_on, step_changes, was_postponed,
                        window_end)

KINDS = ("task", "finding", "notice")
# the state of an item on the day: open items are overdue, due soon or open; the others are done
# (a finding closed, a notice answered), on time or late
STATES = ("overdue", "due_soon", "open", "done", "done_late")


@dataclass  # not frozen, as ops.status's rows, and for the same reason
class ItemRow:
    """A finding or a notice on the day."""

    kind: str  # "finding" or "notice"
    id: str
    source: str  # the inspection's id (a finding), or the notice's 文号 else its id
    source_title: str  # the inspection's title; the notice's date, as text
    text: str  # the finding's text, or what the notice asks
    unit_id: str
    unit: str
    unit_short: str
    due: Optional[date]  # rectify_by or reply_by, as it stood on the day
    done: Optional[date]  # closed (a finding) or first answered (a notice), by the day
    state: str  # one of STATES
    days: int  # calendar days late (overdue), left (due soon), or 0
    workdays: int
    postponed: bool  # its deadline was moved by an approved change
    severity: str = ""  # a finding's
    task_id: str = ""
    step: str = ""  # a milestone of the finding's own rectification (rectification.milestones): its id

    @property
    def finding_id(self) -> str:
        """The finding a row is about (a step's row: the finding it belongs to)."""
        return self.id[:-len(self.step) - 1] if self.step else self.id


def is_step(row: ItemRow) -> bool:
    """A row of a finding's rectification milestone (id FINDING/MILESTONE), not of the finding itself."""
    return bool(row.step)


def finding_rows(ledger: Ledger, as_of: date, calendar: WorkCalendar, unit: Optional[str] = None) -> list[ItemRow]:
    """Every finding of the inspections known on `as_of` (of `unit` if given), in file order, each
    followed by the milestones of its own rectification (a step may be charged to a unit of its own)."""
    end = window_end(ledger.config, as_of, calendar)
    rows = []
    for inspection in ledger.inspections:
        if not inspection_known_on(inspection, as_of):
            continue
        for finding in inspection.findings:
            if not unit or finding.unit == unit:
                rows.append(_finding_row(ledger, inspection, finding, as_of, end, calendar))
            rows += [row for row in _step_rows(ledger, inspection, finding, as_of, end, calendar)
                     if not unit or row.unit_id == unit]
    return rows


def _finding_row(ledger: Ledger, inspection, finding, as_of: date, end: date, calendar: WorkCalendar) -> ItemRow:
    due, done = rectify_by_on(finding, as_of), rectified_on(finding, as_of)
    state, days, workdays = _state(due, done, as_of, end, calendar)
    return ItemRow("finding", finding.id, inspection.id, inspection.title, finding.text, finding.unit,
                   ledger.unit_name(finding.unit), ledger.unit_short(finding.unit), due, done, state, days, workdays,
                   was_postponed(finding.changes, "rectify_by", as_of), finding.severity.value, finding.task or "")


def _step_rows(ledger: Ledger, inspection, finding, as_of: date, end: date, calendar: WorkCalendar) -> list[ItemRow]:
    """A row for each milestone of the finding's own rectification, charged to its owner, else the
    finding's unit; a milestone's words (overdue, due soon, on time) judge it."""
    rows = []
    for milestone, due, done in rectification_steps_on(finding, as_of):
        unit = milestone.owner or finding.unit
        state, days, workdays = _state(due, done, as_of, end, calendar)
        rows.append(ItemRow("finding", f"{finding.id}/{milestone.id}", inspection.id, inspection.title,
                            f"{finding.text}：{milestone.what}", unit, ledger.unit_name(unit), ledger.unit_short(unit),
                            due, done, state, days, workdays,
                            was_postponed(step_changes(finding, milestone), "due", as_of), finding.severity.value,
                            finding.task or "",
                            milestone.id))
    return rows


def notice_rows(ledger: Ledger, as_of: date, calendar: WorkCalendar, unit: Optional[str] = None) -> list[ItemRow]:
    """Every notice sent by `as_of` (to `unit` if given), in file order."""
    end = window_end(ledger.config, as_of, calendar)
    rows = []
    for notice in ledger.notices:
        if not notice_sent_on(notice, as_of) or (unit and notice.to != unit):
            continue
        due, done = reply_by_on(notice, as_of), answered_on(notice, as_of)
        state, days, workdays = _state(due, done, as_of, end, calendar)
        rows.append(ItemRow("notice", notice.id, notice.ref or notice.id, notice.date.isoformat(), notice.ask,
                            notice.to, ledger.unit_name(notice.to), ledger.unit_short(notice.to), due, done, state,
                            days, workdays, was_postponed(notice.changes, "reply_by", as_of),
                            task_id=",".join(notice.about.tasks)))
    return rows


def _state(due: Optional[date], done: Optional[date], as_of: date, end: date,
           calendar: WorkCalendar) -> tuple[str, int, int]:
    if due is None:  # no deadline: open until done, never late
        return ("open" if done is None else "done"), 0, 0
    if is_overdue(due, done, as_of):
        return "overdue", (as_of - due).days, calendar.workdays_between(due, as_of)
    if is_due_soon(due, done, as_of, end):
        return "due_soon", (due - as_of).days, calendar.workdays_between(as_of, due)
    if done is None:
        return "open", 0, 0
    return ("done" if is_on_time(due, done) else "done_late"), 0, 0


def most_late_first(rows: list[ItemRow]) -> list[ItemRow]:
    return sorted(rows, key=lambda r: (-r.days, r.unit_id, r.id))


def soonest_first(rows: list[ItemRow]) -> list[ItemRow]:
    return sorted(rows, key=lambda r: (r.days, r.unit_id, r.id))


def in_state(rows: list[ItemRow], *states: str) -> list[ItemRow]:
    return [row for row in rows if row.state in states]


@dataclass
class Supervision:
    """The findings and notices on a day (of one unit, or all), for `status` and `overdue`."""

    findings: list[ItemRow]
    notices: list[ItemRow]

    def summary(self) -> dict[str, int]:
        notices = self.notices
        findings = [row for row in self.findings if not is_step(row)]  # a finding counts once
        return {"findings": len(findings), "open": len(in_state(findings, "overdue", "due_soon", "open")),
                "overdue": len({row.finding_id for row in in_state(self.findings, "overdue")}), "closed": len(in_state(findings, "done", "done_late")),
                "late": len(in_state(findings, "done_late")), "notices": len(notices),
                "unanswered": len(in_state(notices, "overdue", "due_soon", "open")),
                "n_overdue": len(in_state(notices, "overdue"))}

    def to_dict(self, kinds: tuple[str, ...] = KINDS) -> dict:
        from dataclasses import asdict

        data: dict = {}
        if "finding" in kinds:
            data["findings"] = [asdict(row) for row in self.findings]
        if "notice" in kinds:
            data["notices"] = [asdict(row) for row in self.notices]
        return data


def supervision_on(ledger: Ledger, as_of: date, unit: Optional[str] = None,
                   calendar: Optional[WorkCalendar] = None) -> Supervision:
    calendar = calendar or WorkCalendar(ledger.config.calendar.value)
    return Supervision(finding_rows(ledger, as_of, calendar, unit), notice_rows(ledger, as_of, calendar, unit))
