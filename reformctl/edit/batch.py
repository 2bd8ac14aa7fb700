"""Many writes at once (`returns import` of a hundred returns): each task file read and written
once, the whole ledger checked once, with the guarantees of a single write.

One write costs a check of the whole ledger as it would be; a batch of a hundred writes costs
one. What stays as for one write (engine.py): only the text of each task touched goes through
ruamel.yaml's round trip; each file is read back and compared with what was meant and keeps its
comments; the ledger is checked as it would be after every write of the batch, and a batch that
would add an error is refused whole (`EditRefused("would_break")`, nothing written); every touched
file is written atomically under the ledger's lock, only if it still holds the bytes read (each
file is compared before the first is written, so that a file changed underneath stops the batch
before it writes anything).

A write that its own operation refuses (a milestone done already, evidence outside the ledger)
is left out and returned in `Batch.refused`; the others go on. A caller that wants a group of
writes taken all or none (the rows of one return) drops the group and runs the batch again.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Hashable, Optional

from .engine import Mutation, Outcome, _encode, read_back
from .errors import EditRefused, Notice
from .facts import Facts, _FIRST_ID, find_task, read_facts, read_plain, task_files
from .roundtrip import ItemSpan, edit_item, item_spans
from .storage import DEFAULT_WAIT, ledger_lock, replace_file
from .verify import added_errors


@dataclass(frozen=True)
class Planned:
    """One write of a batch: the task, what to do to it (ops.progress_mutation …), and the
    caller's tag for it (e.g. the cell of a return it came from)."""

    task_id: str
    mutate: Mutation
    tag: Hashable = None


@dataclass
class Batch:
    """What a batch did: the outcome of each write taken, the refusal of each left out, and the
    files changed (written, unless a dry run) with their bytes before and after."""

    done: list[tuple[Planned, Outcome]] = field(default_factory=list)
    refused: list[tuple[Planned, EditRefused]] = field(default_factory=list)
    files: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)
    written: bool = False


def edit_many(root: Path | str, planned: list[Planned], *, today: Optional[date], dry_run: bool = False,
              group: Optional[Callable[[Planned], Hashable]] = None, lock_wait: float = DEFAULT_WAIT) -> Batch:
    """Apply every planned write (in order, task by task); one check of the ledger; write each
    touched file once. Raises EditRefused (nothing written) when the batch as a whole cannot be.

    With `group`, the writes of a group are taken all or none: when one is refused, the others
    of its group are left out too (they are in neither `done` nor `refused`)."""
    root = Path(root)
    with nullcontext() if dry_run else ledger_lock(root, lock_wait):
        facts = read_facts(root, today)
        batch = _apply_all(root, planned, facts, group)
        if not batch.files:
            return batch
        errors = added_errors(root, facts.now, {rel: after for rel, (_, after) in batch.files.items()})
        if errors:
            raise EditRefused("would_break", {"n": len(errors)}, problems=errors, usage=False)
        if not dry_run:
            _write_all(root, batch.files)
            batch.written = True
    return batch


def _apply_all(root: Path, planned: list[Planned], facts: Facts,
               group: Optional[Callable[[Planned], Hashable]]) -> Batch:
    """The batch applied in memory; again without a group whose write was refused, until none is."""
    dropped: set = set()
    refused: list[tuple[Planned, EditRefused]] = []
    while True:
        batch = Batch()
        todo = [write for write in planned if group is None or group(write) not in dropped]
        located = _locate(root, todo, batch)
        for rel, (after, done, refusals) in _edit_files(located, todo, facts).items():
            batch.done += done
            batch.refused += refusals
            if after is not None:
                batch.files[rel] = (located[rel][0], after)
        refused += batch.refused
        newly = {group(write) for write, _ in batch.refused} - dropped if group else set()
        if not newly:
            batch.refused = refused
            return batch
        dropped |= newly


# Below this many characters of task text in all, one process does every round trip (a fork
# costs about what round-tripping ten tasks does).
EDIT_PARALLEL_CHARS = 20_000


def _edit_files(located: dict, todo: list[Planned], facts: Facts) -> dict[str, tuple]:
    """(new bytes or None, writes taken, writes refused) of each file. ruamel.yaml's round trip is
    pure Python and most of a large batch's time: when it is large, a forked child edits about half
    of the files (reformctl.load.parallel, only where the program allows forking) and sends back
    plain data; the writes are named by their place in `todo`."""
    from ..load.parallel import split_work

    place = {id(write): index for index, write in enumerate(todo)}

    def work(rel: str) -> tuple:
        data, lines, items = located[rel]
        part = Batch()
        return _edit_file(rel, data, lines, items, facts, part), part.done, part.refused

    def encode(result: tuple) -> tuple:
        after, done, refusals = result
        return (after, [(place[id(write)], _outcome_plain(outcome)) for write, outcome in done],
                [(place[id(write)], refused.key, refused.params, refused.usage) for write, refused in refusals])

    def decode(plain: tuple) -> tuple:
        after, done, refusals = plain
        return (after, [(todo[index], _outcome_from(outcome)) for index, outcome in done],
                [(todo[index], EditRefused(key, params, usage=usage)) for index, key, params, usage in refusals])

    sizes = {rel: sum(item.span.end - item.span.start for item in items) * 40 for rel, (_, _, items) in located.items()}
    return split_work(sizes, work, encode, decode, threshold=EDIT_PARALLEL_CHARS)


def _outcome_plain(outcome: Outcome) -> tuple:
    return (outcome.summary.key, outcome.summary.params, outcome.commit_message,
            [(notice.key, notice.params) for notice in outcome.notices], outcome.all_done)


def _outcome_from(plain: tuple) -> Outcome:
    key, params, message, notices, all_done = plain
    return Outcome(Notice(key, params), message, tuple(Notice(k, p) for k, p in notices), all_done)


# --- finding the tasks: each task file read once ----------------------------------------------------


@dataclass
class _Item:
    span: ItemSpan
    index: int
    task_id: str
    writes: list[Planned]


def _locate(root: Path, planned: list[Planned], batch: Batch) -> dict[str, tuple[bytes, list[str], list[_Item]]]:
    """The files holding the planned tasks: their bytes, lines and the items to edit.

    An item is taken by the first `id:` of its text; a task not found that way is looked for as a
    single write looks for it (find_task), which also says "did you mean" for an unknown id."""
    wanted: dict[str, list[Planned]] = {}
    for write in planned:
        wanted.setdefault(write.task_id, []).append(write)
    found: dict[str, tuple[bytes, list[str], list[_Item]]] = {}
    for rel in task_files(root):
        if not wanted:
            break
        data = (root / rel).read_bytes()
        if not any(task_id.encode() in data for task_id in wanted):
            continue
        lines = data.decode("utf-8-sig", errors="replace").splitlines(keepends=True)
        items = []
        for index, span in enumerate(item_spans(lines)):
            match = _FIRST_ID.search("".join(lines[span.start:span.end]))
            if match and match.group(1) in wanted:
                items.append(_Item(span, index, match.group(1), wanted.pop(match.group(1))))
        if items:
            found[rel] = (data, lines, items)
    for task_id, writes in wanted.items():  # not where the quick look expected: the careful one
        try:
            place = find_task(root, task_id)
        except EditRefused as refused:
            batch.refused.extend((write, refused) for write in writes)
            continue
        data, lines, items = found.setdefault(place.rel, (place.data, place.lines, []))
        items.append(_Item(place.span, place.index, task_id, writes))
    return found


# --- editing one file: its items one by one, then the file read back as a whole -------------------------


def _edit_file(rel: str, data: bytes, lines: list[str], items: list[_Item], facts: Facts,
               batch: Batch) -> Optional[bytes]:
    """The file's new bytes with every item's writes applied (None when no write was taken)."""
    crlf = "\r\n" in lines[0] if lines else False
    old_lines = [line.replace("\r\n", "\n") for line in lines] if crlf else lines
    new_lines = list(old_lines)
    expected = read_plain(data, rel)
    changed = False
    for item in sorted(items, key=lambda it: it.span.start, reverse=True):  # later items first: spans hold
        taken: list[tuple[Planned, Outcome]] = []
        text, edited = edit_item(old_lines[item.span.start:item.span.end],
                                 lambda mapping: _apply(mapping, item, facts, taken, batch))
        if not taken:
            continue
        new_lines[item.span.start:item.span.end] = text
        expected[item.index] = read_plain(edited.encode("utf-8"), rel)
        batch.done.extend((write, _in_file(outcome, rel)) for write, outcome in taken)
        changed = True
    if not changed:
        return None
    after = _encode("".join(new_lines), data, crlf)
    read_back(rel, old_lines, new_lines, after, expected)
    return after


def _in_file(outcome: Outcome, rel: str) -> Outcome:
    """The outcome's summary names the file, as a single write's does."""
    summary = Notice(outcome.summary.key, {**outcome.summary.params, "file": rel})
    return Outcome(summary, outcome.commit_message, outcome.notices, outcome.all_done)


def _apply(mapping: Any, item: _Item, facts: Facts, taken: list, batch: Batch) -> None:
    """Each planned write of the task in turn; one its operation refuses is left out (operations
    check before they change anything, so a refused one leaves the mapping as it was)."""
    if not hasattr(mapping, "get") or mapping.get("id") != item.task_id:
        refused = EditRefused("unknown_task", {"id": item.task_id, "hint": "", "hint_zh": ""})
        batch.refused.extend((write, refused) for write in item.writes)
        return
    for write in item.writes:
        try:
            taken.append((write, write.mutate(mapping, facts)))
        except EditRefused as refused:
            batch.refused.append((write, refused))


def _write_all(root: Path, files: dict[str, tuple[bytes, bytes]]) -> None:
    """Every file compared with what was read before any is written; then each written atomically."""
    for rel, (before, _) in files.items():
        path = root / rel
        current = path.read_bytes() if path.exists() else None
        if current != before:
            raise EditRefused("changed_underneath", {"path": str(path)}, usage=False)
    for rel, (before, after) in files.items():
        replace_file(root / rel, before, after)
