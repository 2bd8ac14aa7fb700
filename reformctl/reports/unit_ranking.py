"""The ranking of units that every document prints (bulletin, quarterly, settlement): the one
definition of docs/ledger-format.md §6 (排名).

One ranking per kind of unit (districts, parks, departments, institutions; the office and the
special groups are not ranked), by on-time share, then overdue count (fewer first), then finished
share; equal figures share a rank (reformctl.ranking). A unit with nothing reckoned has no figure
to compare and is listed apart, as 暂无到期节点.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Optional

from ..model import Ledger
from ..ranking import Placed, rank_by, rank_label

# The kinds ranked, each apart, in this order, with the word the documents use for it.
RANKED_KINDS = (("district", "板块"), ("park", "园区"), ("department", "部门"), ("institution", "事业单位"))
NAMED_AT_MOST = 5  # a tied group larger than this is counted in the sentences, not named


def merit(row: dict) -> tuple:
    """What a unit is ranked by, best first, in exact figures: on-time share (higher first), overdue
    milestones (fewer first), finished share of the tasks it leads (higher first; a unit that
    leads no task comes after those that lead some)."""
    on_time = Fraction(row["on_time"], row["due"])
    finished = Fraction(row["finished"], row["tasks"]) if row["tasks"] else Fraction(-1)
    return (-on_time, row["overdue"], -finished)


def unit_rankings(ledger: Ledger, units: list[dict]) -> list[dict]:
    """Per ranked kind present among `units` (tallies of reports.common.by_unit, in units.yaml
    order, which is how ties are listed): `kind`, `label`, `ranked` (rows with `rank`, `tied` and
    `rank_label`), `nothing_due` (rows), `ahead` and `behind` (the top and bottom places, ties
    included, for the 推进较快/较慢 sentences) and `summary` (that sentence)."""
    rankings = []
    for kind, label in RANKED_KINDS:
        rows = [row for row in units if _kind(ledger, row["key"]) == kind]
        if not rows:
            continue
        placed = rank_by([row for row in rows if row["due"]], merit)
        ranked = [_placed_row(p) for p in placed]
        ahead, behind = _ends(ranked)
        rankings.append({"kind": kind, "label": label, "ranked": ranked,
                         "nothing_due": [row for row in rows if not row["due"]],
                         "ahead": ahead, "behind": behind, "summary": _summary(label, ranked, ahead, behind)})
    return rankings


def _kind(ledger: Ledger, unit_id: str) -> Optional[str]:
    unit = ledger.units.get(unit_id)
    return unit.kind.value if unit else None


def _placed_row(placed: Placed[dict]) -> dict:
    return {**placed.item, "rank": placed.rank, "tied": placed.tied,
            "rank_label": rank_label(placed.rank, placed.tied)}


def _ends(ranked: list[dict]) -> tuple[list[dict], list[dict]]:
    """The first place and the last (ties included), when there is a difference to speak of."""
    if not ranked or ranked[0]["rank"] == ranked[-1]["rank"]:
        return [], []
    first, last = ranked[0]["rank"], ranked[-1]["rank"]
    return [r for r in ranked if r["rank"] == first], [r for r in ranked if r["rank"] == last]


def _summary(label: str, ranked: list[dict], ahead: list[dict], behind: list[dict]) -> str:
    """One sentence for the kind, naming units by their figures: 板块中，A、B推进较快（…），C推进较慢（…）."""
    if not ranked:
        return f"各{label}暂无到期节点"
    if len(ranked) == 1:
        return f"{label}中，{ranked[0]['name']}{_figures(ranked[0])}"
    if not ahead:  # all tied
        who = f"{len(ranked)}个{label}" if len(ranked) > NAMED_AT_MOST else "、".join(r["name"] for r in ranked)
        return f"{label}中，{who}并列第1（{_figures(ranked[0])}）"
    finished = merit(ahead[0])[:2] == merit(behind[0])[:2]  # only the finished share tells them apart
    return (f"{label}中，{_names(ahead, label)}推进较快（{_figures(ahead[0], finished)}），"
            f"{_names(behind, label)}推进较慢（{_figures(behind[0], finished)}）")


def _names(group: list[dict], label: str) -> str:
    if len(group) > NAMED_AT_MOST:
        return f"并列第{group[0]['rank']}的{len(group)}个{label}"
    return "、".join(row["name"] for row in group)


def _figures(row: dict, finished: bool = False) -> str:
    overdue = f"逾期节点{row['overdue']}个" if row["overdue"] else "无逾期节点"
    text = f"按时完成率{_percent(row['on_time'], row['due'])}，{overdue}"
    if finished:
        text += f"，任务完成率{_percent(row['finished'], row['tasks']) if row['tasks'] else '—'}"
    return text


def _percent(part: int, whole: int) -> str:
    """As the documents' tables print a share (render.templating.pct): one decimal."""
    return f"{part / whole * 100:.1f}%"


def unranked_units(ledger: Ledger, units: list[dict]) -> list[dict]:
    """The tallies of units of the kinds not ranked (the office, the special groups): the
    inventories list them apart, so that every unit's figures are still there."""
    ranked = {kind for kind, _ in RANKED_KINDS}
    return [row for row in units if _kind(ledger, row["key"]) not in ranked]
