"""History is append-only: recorded changes and progress stay as written; struck-off tasks stay put."""

from __future__ import annotations

from typing import Iterator

from ..model import Ledger, Task
from ..problems import Problem
from .common import PRContext, differing_keys, dump, match_entries, paired_tasks, task_key

_WHAT = {"changes": ("change", "调整"), "progress": ("progress", "进展")}


def history_append_only(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        for key in _WHAT:
            yield from _entries_kept(old, new, key)


def _entries_kept(old: Task, new: Task, key: str) -> Iterator[Problem]:
    before, after = getattr(old, key), getattr(new, key)
    missing, added = match_entries(before, after)
    what_en, what_zh = _WHAT[key]
    for index in missing:
        entry = before[index]
        params = {"task": new.id, "date": entry.date, "what_en": what_en, "what_zh": what_zh}
        if index in added:  # something else now stands where it stood: it was edited
            added.remove(index)
            fields = differing_keys(dump(entry), dump(after[index]))
            place = new.src.keypath + (key, index) + ((fields[0],) if fields else ())
            yield Problem("R921", new.src.file, place, {**params, "fields": ", ".join(fields)})
        else:
            yield Problem("R922", new.src.file, task_key(new, key) if after else task_key(new, "id"), params,
                          at_key=True)


def closed_tasks_stay_closed(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    for old, new in paired_tasks(base, head):
        if old.closed is None:
            continue
        before, after = dump(old), dump(new)
        fields = [key for key in differing_keys(before, after) if key != "progress"]
        if fields:
            place = task_key(new, fields[0]) if after.get(fields[0]) is not None else task_key(new, "id")
            yield Problem("R931", new.src.file, place,
                          {"id": new.id, "date": old.closed.date, "fields": ", ".join(fields)})
