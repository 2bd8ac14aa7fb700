"""CODEOWNERS from units.yaml: every file of the ledger has owners.

The office's teams own the whole ledger folder (a first, catch-all rule: settings, units.yaml,
templates/ and anything else), and each task file is then given to the teams of the units leading
tasks in it (the office's when none of them lists a team). A forge applies the last rule that
matches, so the catch-all comes first. The order is the ledger's file order, teams sorted: the
same ledger always gives the same file.
"""

from __future__ import annotations

from ..model import Ledger, UnitKind


def office_teams(ledger: Ledger) -> list[str]:
    return sorted({team for unit in ledger.units.values() if unit.kind is UnitKind.office for team in unit.teams})


def codeowners(ledger: Ledger, prefix: str = "") -> list[tuple[str, list[str]]]:
    """(path pattern from the repository's top, owner teams): the ledger folder, then each ledger file.
    Empty when the office lists no team (then nothing would own the settings)."""
    office = office_teams(ledger)
    if not office:
        return []
    rules = [(f"/{prefix}" if prefix else "*", office)]
    for file in ledger.files:
        if file.kind == "tasks":
            teams = sorted({team for task in ledger.tasks if task.src.file == file.path
                            for team in _unit_teams(ledger, task.lead_unit)}) or office
        else:
            teams = office
        rules.append((f"/{prefix}{file.path}", teams))
    return rules


def _unit_teams(ledger: Ledger, unit_id: str) -> list[str]:
    unit = ledger.units.get(unit_id)
    return unit.teams if unit else []
