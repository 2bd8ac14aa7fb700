"""No back-dated completions without proof: a done date far before the pull request needs evidence."""

from __future__ import annotations

from typing import Iterator

from ..calendar import WorkCalendar
from ..model import Ledger
from ..problems import Problem
from .common import PRContext, late_report, paired_tasks
from .records import paired_findings


def backdated_completions(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """A milestone this pull request marks done, on a day more than the allowed working days before
    the pull request began, without evidence (R915). The allowance is the base's setting."""
    if ctx.started is None:
        return
    calendar = WorkCalendar(base.config.calendar.value)
    for old, new in paired_tasks(base, head):  # a new task's history is its own (and R902 guards renames)
        before = {m.id: m for m in old.milestones}
        for index, milestone in enumerate(new.milestones):
            lag = late_report(milestone, before.get(milestone.id), ctx.started, base, calendar)
            if lag is not None and not milestone.evidence:
                yield Problem("R915", new.src.file, new.src.keypath + ("milestones", index, "done"), {
                    "task": new.id, "id": milestone.id, "done": milestone.done, "days": lag, "started": ctx.started})


def backdated_step_completions(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """The same for a finding's own rectification milestones (R956): one this pull request marks
    done far before it began needs evidence."""
    if ctx.started is None:
        return
    calendar = WorkCalendar(base.config.calendar.value)
    for old, new in paired_findings(base, head):
        if new.rectification is None:
            continue
        before = {m.id: m for m in (old.rectification.milestones if old.rectification else ())}
        for index, milestone in enumerate(new.rectification.milestones):
            lag = late_report(milestone, before.get(milestone.id), ctx.started, base, calendar)
            if lag is not None and not milestone.evidence:
                yield Problem("R956", new.src.file, new.src.keypath + ("rectification", "milestones", index, "done"), {
                    "id": new.id, "milestone": milestone.id, "done": milestone.done, "days": lag,
                    "started": ctx.started})
