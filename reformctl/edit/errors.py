"""Why a write was refused, as a value a caller can explain in either language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .messages import say


@dataclass(frozen=True)
class Notice:
    """A warning that does not stop the write (e.g. an evidence file not there yet)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        return say(self.key, lang, **self.params)


class EditRefused(Exception):
    """The write was refused and nothing was written.

    `key` and `params` say why (see edit.messages); `problems` are the ledger problems the write
    would have added (for `would_break`); `usage` is True when the request itself was wrong
    (unknown id, a date in the future), False when the ledger or the file system said no.
    """

    def __init__(self, key: str, params: dict[str, Any] | None = None, *, problems: list | None = None,
                 usage: bool = True):
        super().__init__(key)
        self.key = key
        self.params = params or {}
        self.problems = problems or []
        self.usage = usage

    def message(self, lang: str = "en") -> str:
        return say(self.key, lang, **self.params)
