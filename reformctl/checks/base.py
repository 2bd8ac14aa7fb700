"""What every check shares: the context it is given and the two shapes a check can have.

Kept apart from the package's __init__ so that the check modules import it, and the package
imports the check modules, without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..problems import Problem

if TYPE_CHECKING:
    from ..model import Ledger
    from .refs import TaskRefIndex


@dataclass(frozen=True)
class CheckContext:
    """What checks may know besides the ledger: the ledger's "now" (None skips date checks)."""

    now: Optional[date] = None


# A file check sees whole tasks (of one file, or of the ledger); a ledger check sees the index of
# every task's references (see reformctl.checks.refs), and so can run on what was kept per file.
FileCheck = Callable[["Ledger", CheckContext], Iterable[Problem]]
LedgerCheck = Callable[["TaskRefIndex", CheckContext], Iterable[Problem]]
