"""The bundled demo ledger: clean, and lively at its pinned date."""

from __future__ import annotations

import json

from reformctl import load_ledger
from reformctl.load.find import demo_ledger


def test_demo_is_clean():
    ledger, problems = load_ledger(demo_ledger())
    assert [p.format("en") for p in problems] == []
    assert 80 <= len(ledger.tasks) <= 150
    assert len([u for u in ledger.units.values() if u.kind.value == "district"]) >= 10


def test_demo_check_exits_zero(cli):
    result = cli("check", "-l", demo_ledger())
    assert result.exit_code == 0 and result.stdout == ""


def test_demo_status_shows_a_lively_picture(cli):
    data = json.loads(cli("status", "-l", demo_ledger(), "-f", "json").stdout)
    assert data["as_of"] == "2026-09-18"
    assert data["by_status"] == {"not_started": 5, "in_progress": 79, "done": 13, "closed": 15,
                                 "suspended": 2, "withdrawn": 1}
    assert (len(data["overdue"]), len(data["due_soon"]), data["window_end"]) == (16, 14, "2026-10-09")
    assert data["by_light"] == {"red": 15, "yellow": 14, "green": 55}
    assert data["units"][0]["unit_id"] == max(data["units"], key=lambda u: u["overdue"])["unit_id"]
    assert any(row["postponed"] for row in data["overdue"] + data["due_soon"])
