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


def test_demo_reads_like_a_ledger_kept_by_hand():
    """Progress reports say what was done (figures, documents, meetings): no sentence repeats more
    than twice, and none is the generator's old boilerplate (issue 10, the demo)."""
    from collections import Counter

    ledger, _ = load_ledger(demo_ledger())
    texts = Counter(entry.text for task in ledger.tasks for entry in task.progress)
    assert sum(texts.values()) >= 450
    assert [text for text, count in texts.items() if count > 2] == []
    boilerplate = ("作交流发言", "节点任务“", "主要内容基本成熟", "倒排工期推进", "按要求加快进度。")
    assert [text for text in texts if any(phrase in text for phrase in boilerplate)] == []


def test_every_key_task_and_pilot_names_its_leader():
    ledger, _ = load_ledger(demo_ledger())
    named = [task.id for task in ledger.tasks if {"key-tasks", "pilots"} & set(task.lists)]
    assert len(named) >= 20
    assert [task_id for task_id in named if not ledger.task(task_id).lead_leader] == []


def test_in_the_first_half_some_milestones_were_done_late():
    """So that the H1 documents' 节点完成率 and 按时完成率 differ (as an office's would)."""
    from datetime import date

    from reformctl.reports import build_report, parse_period

    ledger, _ = load_ledger(demo_ledger())
    data = build_report("bulletin", ledger, parse_period("2026H1"), date(2026, 6, 30))
    total = data["total"]
    assert (total["due"], total["done"], total["on_time"]) == (165, 155, 145)
    assert sum(row["completion_rate"] != row["on_time_rate"] for row in data["by_list"]) >= 5
