"""Rules that compare a pull request's head with its base: pure functions in one registry.

Each rule is `(base, head, ctx) -> Iterable[Problem]` over two loaded ledgers. Problems point
at files and key paths of the head; :func:`locate_at_head` gives them lines and columns from the
head's texts, with the same locator the loader uses. A thing that exists only at the base (a
deleted task) is pointed at where it was in the head's file, or line 1 of a file that is gone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..model import Ledger
from ..problems import Problem

PRRule = Callable[[Ledger, Ledger, "PRContext"], Iterable[Problem]]
PR_RULES: list[PRRule] = []


@dataclass(frozen=True)
class PRContext:
    """What the rules know besides the two ledgers: who made the change (git author emails), and
    the head's files that could not be read (their tasks are not missing, merely unread)."""

    authors: tuple[str, ...] = ()
    unreadable: frozenset[str] = frozenset()


def register(rule: PRRule) -> PRRule:
    PR_RULES.append(rule)
    return rule


def run_pr_rules(base: Ledger, head: Ledger, ctx: PRContext) -> list[Problem]:
    problems: list[Problem] = []
    for rule in PR_RULES:
        problems.extend(rule(base, head, ctx))
    return problems


def locate_at_head(problems: list[Problem], files: Any) -> list[Problem]:
    """Lines and columns for `problems` from the head's file source (DiskFiles or GitFiles)."""
    from ..load.ledger import LoadState, locate_stage
    from ..load.yamlread import Source, decode

    state = LoadState(root=None, files=files, problems=list(problems))
    for rel in sorted({p.file for p in problems if p.line is None}):
        try:
            data = files.read_bytes(rel)
        except (OSError, ValueError):
            continue
        text = decode(data, rel)[0] if data is not None else None
        if text is not None:
            state.sources[rel] = Source(rel, text)
    return locate_stage(state)


# Importing the modules fills the registry, in this order.
from . import identity, timetable, history, ownership  # noqa: E402,F401
