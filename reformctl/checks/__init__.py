"""The checks: small pure functions `(ledger, ctx) -> Iterable[Problem]`, in one registry.

Each check looks at one kind of rule and reports every instance it finds; none raises. The codes
they use are listed, with their words, in :mod:`reformctl.problems`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Optional

from ..model import Ledger
from ..problems import Problem

Check = Callable[["Ledger", "CheckContext"], Iterable[Problem]]
CHECKS: list[Check] = []


@dataclass(frozen=True)
class CheckContext:
    """What checks may know besides the ledger: the ledger's "now" (None skips date checks)."""

    now: Optional[date] = None


def register(check: Check) -> Check:
    CHECKS.append(check)
    return check


def run_all(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(ledger, ctx))
    return problems


# Importing the modules fills the registry, in this order.
from . import identity, references, timetable, status, changes, progress  # noqa: E402,F401
