"""One write, start to end: find the task, edit its text, read it back, check the whole ledger as
it would be, and put the file in place under the lock (or, for a dry run, only say what would be)."""

from __future__ import annotations

import difflib
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import EditRefused, Notice
from .facts import Facts, read_facts, read_plain, find_task
from .roundtrip import edit_item
from .storage import DEFAULT_WAIT, ledger_lock, replace_file
from .verify import added_errors

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Outcome:
    """What an operation did to a task: its summary (a message key), the commit message, notices."""

    summary: Notice
    commit_message: str
    notices: tuple[Notice, ...] = ()
    all_done: bool = False


@dataclass(frozen=True)
class Change:
    """A write to the ledger: the file, its bytes before and after, and what it means.

    `written` is False for a dry run. `diff` is the unified diff of the file; `summary` says what
    was done (`.message(lang)`), `notices` are warnings, `commit_message` the Chinese line `--commit`
    uses. `all_done` tells a caller of `complete_milestone` that every milestone is now done.
    """

    root: Path
    file: str
    before: Optional[bytes]
    after: bytes
    task_id: str
    summary: Notice
    commit_message: str
    notices: tuple[Notice, ...] = ()
    written: bool = False
    all_done: bool = False

    @property
    def diff(self) -> str:
        old = (self.before or b"").decode("utf-8-sig").splitlines(keepends=True)
        new = self.after.decode("utf-8-sig").splitlines(keepends=True)
        source = f"a/{self.file}" if self.before is not None else "/dev/null"
        return "".join(difflib.unified_diff(old, new, source, f"b/{self.file}"))


Mutation = Callable[[Any, Facts], Outcome]


def edit_task(root: Path | str, task_id: str, mutate: Mutation, *, today: Optional[date],
              dry_run: bool = False, lock_wait: float = DEFAULT_WAIT) -> Change:
    """Apply `mutate` (which changes the task's loaded mapping in place) to the task `task_id`."""
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        place = find_task(root, task_id)
        crlf = "\r\n" in place.lines[0] if place.lines else False
        lines = [line.replace("\r\n", "\n") for line in place.lines] if crlf else place.lines
        done: list[Outcome] = []
        item, changed_text = edit_item(lines[place.span.start:place.span.end],
                                       lambda data: done.append(mutate(data, facts)))
        new_lines = lines[:place.span.start] + item + lines[place.span.end:]
        after = _encode("".join(new_lines), place.data, crlf)
        expected = read_plain(place.data, place.rel)
        expected[place.index] = read_plain(changed_text.encode("utf-8"), place.rel)
        read_back(place.rel, lines, new_lines, after, expected)
        return finish(facts, place.rel, place.data, after, task_id, done[0], dry_run)


def finish(facts: Facts, rel: str, before: Optional[bytes], after: bytes, task_id: str, outcome: Outcome,
           dry_run: bool) -> Change:
    """Check the ledger as it would be; write unless it would gain an error or this is a dry run."""
    errors = added_errors(facts.root, facts.now, {rel: after})
    if errors:
        raise EditRefused("would_break", {"n": len(errors)}, problems=errors, usage=False)
    if not dry_run:
        replace_file(facts.root / rel, before, after)
    summary = Notice(outcome.summary.key, {**outcome.summary.params, "file": rel})
    return Change(facts.root, rel, before, after, task_id, summary, outcome.commit_message,
                  outcome.notices, not dry_run, outcome.all_done)


def _encode(text: str, original: bytes, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return (_BOM if original.startswith(_BOM) else b"") + text.encode("utf-8")


def read_back(rel: str, old_lines: list[str], new_lines: list[str], after: bytes, expected: Any) -> None:
    """The new file must read as meant, and keep every comment line: else it is not written."""
    if read_plain(after, rel) != expected:
        raise EditRefused("rt_mismatch", {"path": rel, "detail": "values"}, usage=False)
    kept = Counter(line.strip() for line in new_lines if line.strip().startswith("#"))
    for line, count in Counter(line.strip() for line in old_lines if line.strip().startswith("#")).items():
        if kept[line] < count:
            raise EditRefused("rt_mismatch", {"path": rel, "detail": line[:40]}, usage=False)
