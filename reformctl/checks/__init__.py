"""The checks: small pure functions `(ledger, ctx) -> Iterable[Problem]`, in one registry.

Each check looks at one kind of rule and reports every instance it finds; none raises. The codes
they use are listed, with their words, in :mod:`reformctl.problems`.

A check has one of two scopes, which lets a large ledger be checked file by file:

* ``file`` (`@register`): what it finds in a task depends only on that task, the settings
  (reformctl.yaml) and the ledger's "now"; run on the tasks of one file, it finds that file's
  problems. Such results can be kept per file and reused while the file is unchanged.
* ``ledger`` (`@register_ledger`): it looks across files (ids, references, dependencies). It reads
  of a task only what :class:`reformctl.checks.refs.TaskRefs` keeps: id, src, lead_unit,
  lead_leader, lists, depends_on and `unit_refs()`, so that it can run on those light records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Optional

from ..model import Ledger
from ..problems import Problem

Check = Callable[["Ledger", "CheckContext"], Iterable[Problem]]
FILE_CHECKS: list[Check] = []
LEDGER_CHECKS: list[Check] = []


@dataclass(frozen=True)
class CheckContext:
    """What checks may know besides the ledger: the ledger's "now" (None skips date checks)."""

    now: Optional[date] = None


def register(check: Check) -> Check:
    """A check of file scope: see the module's docstring."""
    FILE_CHECKS.append(check)
    return check


def register_ledger(check: Check) -> Check:
    """A check of ledger scope: see the module's docstring."""
    LEDGER_CHECKS.append(check)
    return check


def run_file_checks(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    return [problem for check in FILE_CHECKS for problem in check(ledger, ctx)]


def run_ledger_checks(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    return [problem for check in LEDGER_CHECKS for problem in check(ledger, ctx)]


def run_all(ledger: Ledger, ctx: CheckContext) -> list[Problem]:
    return run_file_checks(ledger, ctx) + run_ledger_checks(ledger, ctx)


# Importing the modules fills the registries, in this order.
from . import identity, references, timetable, status, changes, progress  # noqa: E402,F401
