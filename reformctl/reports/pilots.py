"""试点: the pilots by level and state, with their list; and the one sentence the bulletin and the
settlement say of them (国家级142项、省级93项、市级138项，已完成286项).

A pilot's state is `timeline.pilot_state`: approved, running, accepted, promoted, withdrawn.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..calendar import WorkCalendar
from ..model import Ledger, Task
from ..timeline import PILOT_LEVELS, PILOT_STATES, is_pilot_done, pilot_state
from .common import task_facts
from .period import Period

LEVEL_NAMES = {"national": "国家级", "provincial": "省级", "municipal": "市级", "district": "区（县）级"}
STATE_NAMES = {"approved": "已批准", "running": "实施中", "accepted": "已验收", "promoted": "已复制推广",
               "withdrawn": "已退出"}


def build(ledger: Ledger, period: Optional[Period], as_of: date, calendar: WorkCalendar) -> dict:
    rows = [_row(ledger, task, as_of) for task in ledger.tasks if task.pilot is not None]
    rows.sort(key=lambda r: (PILOT_LEVELS.index(r["level"]), PILOT_STATES.index(r["state"]), r["task_id"]))
    start = period.start if period else None
    return {
        "summary": pilot_summary(ledger, as_of),
        "by_level": _by_level(rows),
        "state_names": STATE_NAMES,
        "pilots": rows,
        "accepted_in_period": [r for r in rows if r["accepted_on"] and (start is None or r["accepted_on"] >= start)],
        "promoted_in_period": [r for r in rows if r["promoted_on"] and (start is None or r["promoted_on"] >= start)],
    }


def pilot_summary(ledger: Ledger, as_of: date) -> dict:
    """How many pilots of each level, and how many are done (accepted or promoted), on `as_of`;
    `text` is the sentence the documents print (levels with no pilot are left out)."""
    counts = {level: 0 for level in PILOT_LEVELS}
    done = 0
    for task in ledger.tasks:
        if task.pilot is not None:
            counts[task.pilot.level.value] += 1
            done += is_pilot_done(pilot_state(task, as_of))
    total = sum(counts.values())
    levels = [{"level": level, "name": LEVEL_NAMES[level], "count": count} for level, count in counts.items()]
    parts = "、".join(f"{row['name']}{row['count']}项" for row in levels if row["count"])
    return {"total": total, "done": done, "levels": levels,
            "text": f"{parts}，已完成{done}项" if total else ""}


def _row(ledger: Ledger, task: Task, as_of: date) -> dict:
    pilot = task.pilot
    accepted = pilot.acceptance.done if pilot.acceptance and pilot.acceptance.done else None
    promoted = pilot.promoted if pilot.promoted and pilot.promoted.date <= as_of else None
    return {
        **task_facts(ledger, task, as_of),
        "level": pilot.level.value, "level_name": LEVEL_NAMES[pilot.level.value],
        "state": (state := pilot_state(task, as_of)), "state_name": STATE_NAMES[state],
        "approved_by": pilot.approved_by, "approval_doc": pilot.approval_doc, "plan": pilot.plan,
        "from": pilot.period.from_ if pilot.period else None, "to": pilot.period.to if pilot.period else None,
        "contact": _contact(ledger, pilot.contact),
        "acceptance_due": pilot.acceptance.due if pilot.acceptance else None,
        "accepted_on": accepted if accepted and accepted <= as_of else None,
        "outcome": pilot.outcome,
        "promoted_on": promoted.date if promoted else None, "promoted_scope": promoted.scope if promoted else None,
    }


def _contact(ledger: Ledger, contact: Optional[str]) -> Optional[str]:
    if not contact:
        return None
    return ledger.leaders[contact].name if contact in ledger.leaders else ledger.unit_name(contact)


def _by_level(rows: list[dict]) -> list[dict]:
    """One row per level that has pilots, and a total: counts by state, and the done ones."""
    table = []
    for level in (*PILOT_LEVELS, None):
        mine = [r for r in rows if level is None or r["level"] == level]
        if level is not None and not mine:
            continue
        states = {state: sum(r["state"] == state for r in mine) for state in PILOT_STATES}
        table.append({"level": level or "all", "name": LEVEL_NAMES.get(level, "合计"), "total": len(mine),
                      "done": states["accepted"] + states["promoted"], **states})
    return table
