"""`reformctl assess` at the terminal and in CSV, and `--explain UNIT`: how each point was earned
or lost, each line citing the task, milestone, finding, notice or award behind it, with its place
in the ledger (file:line:col).

Ledger text reaches a terminal (Session.out makes controls visible), a rich table (cell() escapes
markup) and CSV (csv_cell defuses formulas).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Callable, Optional

from ..model import SourceRef
from ..model_assessment import SHARES
from ..ops.assess import Assessment, Item, Scored, UnitResult, scored_items
from ..ranking import rank_label
from .textsafe import csv_cell

Locate = Callable[[SourceRef], str]  # a record's place as "file:line:col"


def points(value: Decimal) -> str:
    return f"{value:.2f}"


def signed(value: Decimal) -> str:
    return f"+{value:.2f}" if value >= 0 else f"−{-value:.2f}"


# --- --explain ----------------------------------------------------------------------------------


def explain(assessment: Assessment, unit_id: str, locate: Locate) -> Optional[list[str]]:
    """The lines explaining one unit's score, or None when no group ranks the unit."""
    for group in assessment.groups:
        for unit in group.units:
            if unit.unit_id == unit_id:
                return _explain_unit(assessment, group.name, len(group.units), unit, locate)
    return None


def _explain_unit(assessment: Assessment, group: str, members: int, unit: UnitResult, locate: Locate) -> list[str]:
    lines = [f"{unit.unit}（{unit.unit_id}）：{group}{members}个单位中{rank_label(unit.rank, unit.tied)}，"
             f"总分{points(unit.total)}，等次：{unit.grade or '无'}",
             f"考核期间 {assessment.start.isoformat()} 至 {assessment.end.isoformat()}，"
             f"截至 {assessment.as_of.isoformat()}"]
    for scored in unit.indicators:
        lines += [""] + _indicator_lines(scored, locate)
    for scored in unit.deductions:
        lines += [""] + _deduction_lines(scored, locate)
    if unit.manual:
        lines += ["", f"加减分：{signed(unit.manual_points)}"]
        lines += [f"  {signed(e.points)}  {e.name}（{e.date.isoformat()}{'，' + e.ref if e.ref else ''}）  "
                  f"{locate(e.src)}" for e in unit.manual]
    lines += ["", f"总分：{points(unit.total)}（指标得分合计 − 扣分 + 加减分，保留两位小数）"]
    return lines


def _indicator_lines(scored: Scored, locate: Locate) -> list[str]:
    if scored.measure in SHARES:
        return _share_lines(scored, locate)
    count = int(scored.value or 0)
    per = scored.per_item or Decimal(0)
    head = (f"{scored.name}（{points(scored.points)}分，每项扣{points(per)}分）：{count}项，"
            f"得{points(scored.score)}分{'（扣完为止）' if scored.note == 'floor' else ''}")
    return [head] + [f"  {signed(-per)}  {_item_text(item)}  {locate(item.src)}" for item in scored.reckoned]


def _share_lines(scored: Scored, locate: Locate) -> list[str]:
    if scored.note == "if_none":
        return [f"{scored.name}（{points(scored.points)}分）：无应考核事项，按办法计{points(scored.score)}分"]
    total = len(scored.reckoned)
    each = scored.points / total
    lines = [f"{scored.name}（{points(scored.points)}分）：应考核{total}项，达标{len(scored.meeting)}项，"
             f"比率{scored.value * 100:.2f}%，得{points(scored.score)}分"]
    for item, met in scored_items(scored):
        lines.append(f"  {'+' + points(each) if met else '±0.00'}  {_item_text(item)}"
                     f"{'' if met else '（失' + points(each) + '分）'}  {locate(item.src)}")
    return lines


def _deduction_lines(scored: Scored, locate: Locate) -> list[str]:
    count = int(scored.value or 0)
    head = (f"扣分项 {scored.name}（每项扣{points(scored.points)}分）：{count}项，扣{points(scored.score)}分"
            f"{'（已达上限）' if scored.note == 'cap' else ''}")
    return [head] + [f"  {signed(-scored.points)}  {_item_text(item)}  {locate(item.src)}" for item in scored.reckoned]


def _item_text(item: Item) -> str:
    parts = [f"{item.ref}“{item.what}”"]
    if item.due:
        parts.append(f"时限{item.due.isoformat()}")
    if item.done:
        parts.append(f"完成{item.done.isoformat()}")
    return " ".join(parts)


# --- table and CSV --------------------------------------------------------------------------------


def table_rows(assessment: Assessment) -> list[tuple[str, list[str], list[list[str]]]]:
    """(group name, header, rows) for each group: rank, unit, each indicator, deductions, manual, total, grade."""
    tables = []
    for group in assessment.groups:
        first = group.units[0] if group.units else None
        names = [s.name for s in first.indicators] if first else []
        header = ["排名", "单位", *names, "扣分", "加减分", "总分", "等次"]
        rows = [[rank_label(u.rank, u.tied), u.unit, *(points(s.score) for s in u.indicators),
                 points(sum((d.score for d in u.deductions), Decimal(0))), signed(u.manual_points),
                 points(u.total), u.grade] for u in group.units]
        tables.append((group.name, header, rows))
    return tables


def csv_text(assessment: Assessment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header_done = False
    for group in assessment.groups:
        for unit in group.units:
            if not header_done:
                writer.writerow(["group", "rank", "tied", "unit_id", "unit", *(s.id for s in unit.indicators),
                                 *(d.id for d in unit.deductions), "manual", "total", "grade"])
                header_done = True
            writer.writerow([csv_cell(v) for v in (
                group.name, unit.rank, "yes" if unit.tied else "", unit.unit_id, unit.unit,
                *(points(s.score) for s in unit.indicators), *(points(d.score) for d in unit.deductions),
                unit.manual_points.quantize(Decimal("0.01")), points(unit.total), unit.grade)])
    return buffer.getvalue()
