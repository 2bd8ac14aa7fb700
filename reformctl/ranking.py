"""Ranking with shared places: equal figures share a rank and read 并列第N; the next rank skips.

One function for everything that ranks (the documents' rankings of units, the assessment's
scores): it knows nothing of units, only a key that sorts the best first. Two items whose keys are
equal are tied, whatever else differs between them; so a key must hold exactly the figures the
ranking is by (use exact numbers, e.g. `fractions.Fraction`, not rounded floats).

    >>> [(p.item, p.rank, p.tied) for p in rank_by(["b", "a", "c", "a2"], key=lambda s: (s[0],))]
    [('a', 1, True), ('a2', 1, True), ('b', 3, False), ('c', 4, False)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Generic, Hashable, Iterable, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Placed(Generic[T]):
    item: T
    rank: int  # 1 for the best; tied items share the rank of the first of them (1, 1, 3)
    tied: bool  # another item has the same key


def rank_by(items: Iterable[T], key: Callable[[T], Hashable]) -> list[Placed[T]]:
    """The items best first (smallest key first), each with its rank and whether it is tied.

    Tied items keep the order they came in (the sort is stable), so the caller decides how a
    tie is listed (e.g. in the order of units.yaml); that order never changes a rank.
    """
    ordered = sorted(((key(item), item) for item in items), key=lambda pair: pair[0])
    counts = Counter(k for k, _ in ordered)
    placed: list[Placed[T]] = []
    for index, (k, item) in enumerate(ordered):
        rank = placed[-1].rank if index and ordered[index - 1][0] == k else index + 1
        placed.append(Placed(item, rank, counts[k] > 1))
    return placed


def rank_label(rank: int, tied: bool) -> str:
    """第3, or 并列第3 when it is shared."""
    return f"并列第{rank}" if tied else f"第{rank}"
