"""The demo's assessment, recomputed from the YAML files with plain Python (PyYAML and the standard
library; reformctl only tells where the demo is) and compared with `reformctl assess --format json`.

The recomputation follows the method as docs/ledger-format.md §13 writes it, not the code: if the two
disagree, one of them is wrong.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from reformctl.load.find import demo_ledger

SHARES = {"on_time_share", "milestone_done_share", "finished_share"}
FINISHED = {"done", "closed"}
HALTED = {"suspended", "withdrawn"}


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _load(root: Path, folder: str) -> list:
    found = []
    for path in sorted((root / folder).rglob("*.yaml")) if (root / folder).is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += data if isinstance(data, list) else [data]
    return found


def _later(changes, field, as_of, milestone=None):
    """The earliest change of `field` approved after `as_of` (for `milestone`, or for the task)."""
    later = [c for c in changes or [] if c["field"] == field and c.get("milestone") == milestone
             and _day(c["date"]) > as_of and c.get("from") is not None]
    return min(later, key=lambda c: _day(c["date"])) if later else None


def _status(task, as_of):
    change = _later(task.get("changes"), "status", as_of)
    status = change["from"] if change else task.get("status", "not_started")
    if status not in FINISHED:
        return status
    closed = task.get("closed")
    if closed and _day(closed["date"]) <= as_of and task.get("status") == "closed":
        return "closed"
    dones = [_day(m.get("done")) for m in task.get("milestones", [])]
    if all(d and d <= as_of for d in dones):
        return "done"
    started = any(d and d <= as_of for d in dones) or any(_day(p["date"]) <= as_of for p in task.get("progress", []))
    return "in_progress" if started else "not_started"


def _facts(root: Path, start: date, as_of: date) -> dict:
    facts: dict = {}

    def add(unit, measure, met=True):
        reckoned, meeting = facts.setdefault(unit, {}).setdefault(measure, [0, 0])
        facts[unit][measure] = [reckoned + 1, meeting + (1 if met else 0)]

    for task in _load(root, "tasks"):
        if task.get("added") and _day(task["added"]) > as_of:
            continue
        lead_change = _later(task.get("changes"), "lead_unit", as_of)
        lead = lead_change["from"] if lead_change else task["lead_unit"]
        status = _status(task, as_of)
        add(lead, "finished_share", status in FINISHED)
        if status in HALTED:
            continue
        for m in task.get("milestones", []):
            due_change = _later(task.get("changes"), "due", as_of, m["id"])
            due = _day(due_change["from"]) if due_change else _day(m["due"])
            if due < start:
                continue
            done = _day(m.get("done"))
            done = done if done and done <= as_of else None
            unit = m.get("owner") or lead
            if due < as_of or (due == as_of and done is not None):
                add(unit, "on_time_share", done is not None and done <= due)
                add(unit, "milestone_done_share", done is not None)
            if done is None and due < as_of:
                add(unit, "overdue_count")
            elif done is not None and done > due:
                add(unit, "late_done_count")
    _supervision_facts(root, start, as_of, add)
    return facts


def _deadline(record, field, as_of):
    later = [c for c in record.get("changes", []) if c["field"] == field and _day(c["date"]) > as_of]
    return _day(min(later, key=lambda c: _day(c["date"]))["from"]) if later else _day(record.get(field))


def _supervision_facts(root: Path, start: date, as_of: date, add) -> None:
    for inspection in _load(root, "inspections"):
        known = _day(inspection.get("date") or (inspection.get("period") or {}).get("from"))
        if known and known > as_of:
            continue
        for finding in inspection.get("findings", []):
            due = _deadline(finding, "rectify_by", as_of)
            if due is None or not start <= due <= as_of:
                continue
            closed = _day((finding.get("closed") or {}).get("date"))
            closed = closed if closed and closed <= as_of else None
            if closed is None and due < as_of:
                add(finding["unit"], "findings_open")
            elif closed is not None and closed > due:
                add(finding["unit"], "findings_closed_late")
    for notice in _load(root, "notices"):
        due = _deadline(notice, "reply_by", as_of)
        if _day(notice["date"]) > as_of or not start <= due <= as_of:
            continue
        answers = [_day(r["date"]) for r in notice.get("replies", [])]
        answers += [_day(notice["closed"]["date"])] if notice.get("closed") else []
        first = min((day for day in answers if day <= as_of), default=None)  # the first reply, or the close
        if first is None and due < as_of:
            add(notice["to"], "notices_unanswered")
        elif first is not None and first > due:
            add(notice["to"], "notices_answered_late")


def _num(value) -> Decimal:
    return Decimal(str(value))


def _score(method: dict, unit: str, facts: dict, start: date, as_of: date) -> Decimal:
    mine = facts.get(unit, {})
    total = Decimal(0)
    for indicator in method["indicators"]:
        reckoned, meeting = mine.get(indicator["measure"], [0, 0])
        weight = _num(indicator["weight"])
        if indicator["measure"] in SHARES:
            if reckoned == 0:
                total += weight if indicator.get("if_none", "full") == "full" else 0
            else:
                total += weight * meeting / reckoned
        else:
            total += max(Decimal(0), weight - _num(indicator["per_item"]) * reckoned)
    for deduction in method.get("deductions", []):
        taken = _num(deduction["per_item"]) * mine.get(deduction["measure"], [0, 0])[0]
        total -= min(taken, _num(deduction["cap"])) if "cap" in deduction else taken
    points = {item["id"]: _num(item["points"]) for item in method.get("manual_items", [])}
    manual = sum((points[a["item"]] * a.get("times", 1) for a in method.get("awards", [])
                  if a["unit"] == unit and start <= _day(a["date"]) <= as_of), Decimal(0))
    if "manual_cap" in method:
        manual = max(-_num(method["manual_cap"]), min(_num(method["manual_cap"]), manual))
    return max(Decimal(0), total + manual).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _expected(period: str, start: date, end: date, now: date) -> dict:
    root = demo_ledger()
    method = yaml.safe_load((root / "assessment.yaml").read_text(encoding="utf-8"))
    units = yaml.safe_load((root / "units.yaml").read_text(encoding="utf-8"))["units"]
    as_of = min(end, now)
    facts = _facts(root, start, as_of)
    expected = {}
    for group in method["groups"]:
        scores = [(u["id"], _score(method, u["id"], facts, start, as_of)) for u in units if u["kind"] in group["kinds"]]
        ranked = sorted(scores, key=lambda pair: -pair[1])
        rows = []
        for unit, score in ranked:
            rank = 1 + sum(1 for _, other in ranked if other > score)
            tied = sum(1 for _, other in ranked if other == score) > 1
            rows.append((rank, tied, unit, float(score), _grade(method, rank, len(ranked), score)))
        expected[group["name"]] = rows
    return expected


def _grade(method: dict, rank: int, members: int, score: Decimal) -> str:
    for grade in sorted(method["grades"], key=lambda g: -_num(g["min"])):
        if score >= _num(grade["min"]) and ("max_share" not in grade
                                            or rank <= int(_num(grade["max_share"]) * members)):
            return grade["name"]
    return ""


@pytest.mark.parametrize("period, start, end", [("2026H1", date(2026, 1, 1), date(2026, 6, 30)),
                                                ("2026", date(2026, 1, 1), date(2026, 12, 31))])
def test_demo_assessment_agrees_with_plain_python(cli, period, start, end):
    result = cli("assess", "--period", period, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    got = {group["name"]: [(u["rank"], u["tied"], u["unit_id"], float(u["total"]), u["grade"]) for u in group["units"]]
           for group in data["groups"]}
    expected = _expected(period, start, end, date(2026, 9, 18))
    # equal totals may be listed in any order by the plain reckoning: compare as sets per rank
    assert {name: sorted(rows) for name, rows in got.items()} == {name: sorted(rows) for name, rows in expected.items()}
    assert sum(len(rows) for rows in got.values()) == 52  # 12 districts, 5 parks, 31 departments, 4 institutions
