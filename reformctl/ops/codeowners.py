"""CODEOWNERS from units.yaml: each task file is reviewed by the teams of the units leading tasks in it.

The office's teams own the settings (reformctl.yaml, units.yaml) and any task file whose lead
units list no team. The order is the ledger's file order, teams sorted: the same ledger
always gives the same file.
"""

from __future__ import annotations

from ..model import Ledger, UnitKind


def office_teams(ledger: Ledger) -> list[str]:
    return sorted({team for unit in ledger.units.values() if unit.kind is UnitKind.office for team in unit.teams})


def codeowners(ledger: Ledger, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(path pattern from the repository's top, owner teams) per ledger file that has owners."""
    office = office_teams(ledger)
    rules = []
    for file in ledger.files:
        if file.kind == "tasks":
            teams = sorted({team for task in ledger.tasks if task.src.file == file.path
                            for team in _unit_teams(ledger, task.lead_unit)}) or office
        else:
            teams = office
        if teams:
            rules.append((f"/{prefix}{file.path}", teams))
    return rules


def _unit_teams(ledger: Ledger, unit_id: str) -> list[str]:
    unit = ledger.units.get(unit_id)
    return unit.teams if unit else []
