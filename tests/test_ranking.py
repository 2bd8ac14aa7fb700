"""Rankings (issue 10 item 6): one per kind of unit, by on-time share, then overdue, then finished
share; equal figures share a rank (并列第N); a unit with nothing reckoned is listed as 暂无到期节点.

The ledger is Nanjing-like (12 districts, 10 parks, 70 departments, as in "12+10+70"), built here
from a seeded generator so that many units tie and the id order runs against the figures.
"""

from __future__ import annotations

import random
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from helpers import CONFIG, write_ledger
from reformctl.ranking import rank_by, rank_label

KINDS = (("district", "d", 12), ("park", "p", 10), ("department", "b", 70))
DUES = ("2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29")
AS_OF = date(2026, 6, 30)


# --- the generic ranker -------------------------------------------------------------------------


def test_equal_keys_share_a_rank_and_the_next_rank_skips():
    placed = rank_by([("c", 2), ("a", 1), ("b", 1), ("d", 3), ("e", 3)], key=lambda item: (item[1],))
    assert [(p.item[0], p.rank, p.tied) for p in placed] == [
        ("a", 1, True), ("b", 1, True), ("c", 3, False), ("d", 4, True), ("e", 4, True)]
    assert [rank_label(p.rank, p.tied) for p in placed] == ["并列第1", "并列第1", "第3", "并列第4", "并列第4"]


def test_ties_keep_the_order_they_came_in_and_nothing_ranks_nothing():
    assert [p.item for p in rank_by(["z", "y", "x"], key=lambda item: 0)] == ["z", "y", "x"]
    assert rank_by([], key=lambda item: item) == []


# --- a Nanjing-like ledger ----------------------------------------------------------------------


def _units() -> str:
    lines = ["leaders:", "  - {id: li, name: 李明}", "units:", "  - {id: office, name: 市委改革办, kind: office}",
             "  - {id: grp, name: 经济体制改革专项小组, kind: group}"]
    for kind, prefix, count in KINDS:
        # listed in reverse, so that the order of units.yaml runs against the figures too
        lines += [f"  - {{id: {prefix}{n:02d}, name: 单位{prefix.upper()}{n:02d}, kind: {kind}}}"
                  for n in range(count, 0, -1)]
    return "\n".join(lines) + "\n"


def _milestone(number: int, due: str, outcome: str) -> str:
    done = {"on_time": f", done: {due}", "late": ", done: 2026-06-19", "open": ""}[outcome]
    return f"    - {{id: m{number}, due: {due}, what: 节点{number}{done}}}"


def _task(unit: str, outcomes: list[str], finished: bool) -> str:
    status = "done" if finished else "in_progress"
    lines = [f"- id: T-{unit}", f"  title: 改革任务{unit}", f"  lead_unit: {unit}", f"  status: {status}",
             "  milestones:"]
    return "\n".join(lines + [_milestone(n, due, o) for n, (due, o) in enumerate(zip(DUES, outcomes), start=1)])


def _tasks() -> str:
    """One task per unit, two for a few; each milestone on time, late or open, drawn with a seed
    from few outcomes so that figures repeat. b70 has nothing due (its one milestone is in July);
    the office and the group lead a task each, and are not ranked."""
    draw = random.Random(2023)
    tasks = []
    for _, prefix, count in KINDS:
        for n in range(1, count + 1):
            unit = f"{prefix}{n:02d}"
            if unit == "b70":
                tasks.append(f"- id: T-{unit}\n  title: 改革任务{unit}\n  lead_unit: {unit}\n  status: in_progress\n"
                             "  milestones:\n    - {id: m1, due: 2026-07-31, what: 形成方案}")
                continue
            outcomes = draw.choice([["on_time"] * 4, ["on_time"] * 3 + ["late"], ["on_time"] * 3 + ["open"],
                                    ["on_time", "on_time", "late", "open"], ["on_time", "late", "open", "open"]])
            finished = "open" not in outcomes and draw.random() < 0.5
            tasks.append(_task(unit, outcomes, finished))
            if n % 7 == 0:  # a second task: finished shares that are not 0 or 1
                tasks.append(_task(f"{unit}x", ["on_time"] * 4, False).replace(f"lead_unit: {unit}x",
                                                                              f"lead_unit: {unit}"))
    tasks += [_task("office", ["open"] * 4, False), _task("grp", ["late"] * 4, True)]
    return "\n".join(tasks) + "\n"


@pytest.fixture(scope="module")
def nanjing(tmp_path_factory) -> Path:
    config = CONFIG.replace("as_of: 2026-06-20", "as_of: 2026-07-10")
    return write_ledger(tmp_path_factory.mktemp("nanjing") / "ledger", config=config, units=_units(),
                        tasks={"tasks.yaml": _tasks()})


@pytest.fixture(scope="module")
def bulletin(nanjing) -> dict:
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports import build_report, parse_period

    ledger, problems = load_ledger(nanjing, today=date(2026, 11, 26))
    assert ledger is not None and not [p for p in problems if p.severity == "error"], problems
    return build_report("bulletin", ledger, parse_period("2026H1"), AS_OF)


def _merit(row: dict) -> tuple:
    """The ranking's definition, written again here: on-time share, overdue, finished share."""
    finished = Fraction(row["finished"], row["tasks"]) if row["tasks"] else Fraction(-1)
    return (-Fraction(row["on_time"], row["due"]), row["overdue"], -finished)


def test_each_kind_is_ranked_apart_and_the_office_and_groups_not_at_all(bulletin):
    rankings = bulletin["rankings"]
    assert [(g["kind"], g["label"], len(g["ranked"]), len(g["nothing_due"])) for g in rankings] == [
        ("district", "板块", 12, 0), ("park", "园区", 10, 0), ("department", "部门", 69, 1)]
    ranked_ids = {row["key"] for g in rankings for row in g["ranked"] + g["nothing_due"]}
    assert "office" not in ranked_ids and "grp" not in ranked_ids
    assert all(row["key"][0] == prefix for g, (_, prefix, _) in zip(rankings, KINDS) for row in g["ranked"])


def test_a_rank_is_one_more_than_the_units_with_better_figures(bulletin):
    """Competition ranking, checked against its definition: ties share a rank, the next skips."""
    for group in bulletin["rankings"]:
        rows = group["ranked"]
        for row in rows:
            better = sum(1 for other in rows if _merit(other) < _merit(row))
            equal = sum(1 for other in rows if _merit(other) == _merit(row))
            assert row["rank"] == better + 1
            assert row["tied"] is (equal > 1)
            assert row["rank_label"] == (f"并列第{row['rank']}" if equal > 1 else f"第{row['rank']}")


def test_no_pair_is_ordered_against_its_on_time_share(bulletin):
    pairs = against = 0
    for group in bulletin["rankings"]:
        rows = group["ranked"]
        for i, upper in enumerate(rows):
            for lower in rows[i + 1:]:
                pairs += 1
                against += Fraction(upper["on_time"], upper["due"]) < Fraction(lower["on_time"], lower["due"])
                assert _merit(upper) <= _merit(lower)
    assert (pairs, against) == (66 + 45 + 69 * 68 // 2, 0)


def test_the_fixture_has_ties_and_an_id_order_against_the_figures(bulletin):
    """The test would prove little if every unit stood alone or the ids were already in order."""
    departments = bulletin["rankings"][2]["ranked"]
    assert sum(row["tied"] for row in departments) > 30
    assert len({row["rank"] for row in departments}) >= 5
    assert [row["key"] for row in departments] != sorted(row["key"] for row in departments)


def test_the_sentences_name_the_first_and_last_places_by_their_figures(bulletin):
    for group in bulletin["rankings"]:
        first, last = group["ranked"][0]["rank"], group["ranked"][-1]["rank"]
        assert [r["key"] for r in group["ahead"]] == [r["key"] for r in group["ranked"] if r["rank"] == first]
        assert [r["key"] for r in group["behind"]] == [r["key"] for r in group["ranked"] if r["rank"] == last]
        worst = group["behind"][0]
        assert f"推进较慢（按时完成率{worst['on_time'] / worst['due'] * 100:.1f}%" in group["summary"]
    districts = bulletin["rankings"][0]
    assert districts["summary"] == "板块中，{}推进较快（按时完成率100.0%，无逾期节点），{}推进较慢（{}）".format(
        "、".join(r["name"] for r in districts["ahead"]) if len(districts["ahead"]) <= 5
        else f"并列第1的{len(districts['ahead'])}个板块",
        "、".join(r["name"] for r in districts["behind"]),
        f"按时完成率{districts['behind'][0]['on_time'] / districts['behind'][0]['due'] * 100:.1f}%，"
        f"逾期节点{districts['behind'][0]['overdue']}个")


def test_markdown_ranks_each_kind_and_lists_the_unit_with_nothing_due(nanjing, cli, bulletin):
    result = cli("report", "bulletin", "-l", nanjing, "--period", "2026H1")
    assert result.exit_code == 0, result.stderr
    annex = result.stdout[result.stdout.index("### 附件2"):]
    assert [line for line in annex.splitlines() if line.startswith("####")] == ["#### 一、板块", "#### 二、园区", "#### 三、部门"]
    assert "暂无到期节点的部门（不参与排名）：单位B70。" in annex
    rows = [line.split(" | ") for line in annex.splitlines() if line.startswith("| 第") or line.startswith("| 并列第")]
    expected = [(row["rank_label"], row["name"]) for group in bulletin["rankings"] for row in group["ranked"]]
    assert [(cells[0].lstrip("| "), cells[1]) for cells in rows] == expected
    assert "单位B70 |" not in annex and "市委改革办" not in annex and "专项小组" not in annex


def test_word_ranks_each_kind_and_lists_the_unit_with_nothing_due(nanjing, cli, bulletin, tmp_path):
    docx = pytest.importorskip("docx")
    target = tmp_path / "bulletin.docx"
    result = cli("report", "bulletin", "-l", nanjing, "--period", "2026H1", "-f", "docx", "-o", target)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "排名"]
    assert [[(r.cells[0].text, r.cells[1].text) for r in t.rows[1:]] for t in tables] == [
        [(row["rank_label"], row["name"]) for row in group["ranked"]] for group in bulletin["rankings"]]
    texts = [p.text for p in document.paragraphs]
    assert "暂无到期节点的部门（不参与排名）：单位B70。" in texts
    assert any(text.startswith("依次按节点按时完成率、逾期节点数和任务完成率，对板块、园区、部门分别排名") for text in texts)
