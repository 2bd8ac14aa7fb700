"""What every check shares: the context it is given and the two shapes a check can have.

Kept apart from the package's __init__ so that the check modules import it, and the package
imports the check modules, without a circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from ..problems import RULES, Problem

if TYPE_CHECKING:
    from ..model import Ledger
    from .refs import TaskRefIndex


@dataclass(frozen=True)
class CheckContext:
    """What checks may know besides the ledger: the ledger's "now" (None skips date checks), and
    whether only errors are asked for (`status` refuses a ledger with an error and shows no
    warning: a check that can only warn need not look)."""

    now: Optional[date] = None
    errors_only: bool = False

    def reports(self, code: str) -> bool:
        """Whether a problem of `code` is asked for (the catalogue says which codes only warn)."""
        return not self.errors_only or RULES[code].severity == "error"


# A file check sees whole tasks (of one file, or of the ledger); a ledger check sees the index of
# every task's references (see reformctl.checks.refs), and so can run on what was kept per file.
FileCheck = Callable[["Ledger", CheckContext], Iterable[Problem]]
LedgerCheck = Callable[["TaskRefIndex", CheckContext], Iterable[Problem]]
