"""Each unit edits its own tasks, the office approves changes, and the office alone edits the rest.

Authors are mapped to units by `members` (git author emails, forge @logins) and `teams` (forge
team handles) in the base's units.yaml: the mapping in force before the pull request, so that a
pull request cannot grant itself rights. Members of a unit of kind `office` may change any task;
they alone change any file of the ledger that is not a task file, and they alone approve a change
entry (a unit's request counts once an office commit confirms it). When no unit lists members, the
office has not mapped its authors and these rules stay silent.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterator, Optional

from ..layout import TASKS_DIR, UNITS_NAME, YAML_SUFFIXES
from ..model import Change, Ledger, Task, Unit
from ..problems import Problem
from .common import (Author, PRContext, author_units, dump, file_slot, is_office, match_entries, missing_at_head,
                     paired_tasks, task_key, units_of)

UNITS_FILE = UNITS_NAME


def changed_tasks(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[tuple[Task, str, tuple]]:
    """(the task as its owners knew it, head file, key path at head) for each task added, changed or removed."""
    for old in missing_at_head(base, head, ctx.unreadable):
        yield old, old.src.file, file_slot(head, old.src.file, old.src.keypath[0])
    for old, new in paired_tasks(base, head):
        if dump(old) != dump(new):
            yield old, new.src.file, task_key(new, "id")
    base_ids = {task.id for task in base.tasks}
    for new in head.tasks:
        if new.id not in base_ids:
            yield new, new.src.file, task_key(new, "id")


def only_owners_change_tasks(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    mapping = author_units(base)
    if not mapping:
        return
    changes = list(changed_tasks(base, head, ctx))
    for author in ctx.authors:
        units = units_of(author, mapping)
        if not units:
            if changes or ctx.changed or _changed_settings(base, head):
                yield Problem("R942", UNITS_FILE, ("units",), {"author": author.label}, at_key=True)
        elif not is_office(units):
            yield from _foreign_tasks(base, author, units, changes)


def only_the_office_changes_the_rest(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """Settings, units, templates and every other file of the ledger that is not a task file."""
    mapping = author_units(base)
    if not mapping:
        return
    files = sorted(set(_changed_settings(base, head)) | {rel for rel in ctx.changed if not is_task_file(rel)})
    files = [rel for rel in files if not _judged_as_records(rel)]  # prrules.records says who may change them
    for author in ctx.authors:
        units = units_of(author, mapping)
        if units and not is_office(units):
            for file in files:
                yield Problem("R943", file, (), {"author": author.label, "units": _names(units), "file": file})


UNIT_WRITTEN = ("plans", "agenda")  # a unit writes its plans and proposes agenda items (prrules.plans, R961/R962)


def _judged_as_records(rel: str) -> bool:
    """A file of inspections or notices: a unit may append to them (prrules.records, R950)."""
    from ..layout import RECORD_KIND
    from .records import KINDS

    return any(RECORD_KIND[kind].holds(rel) for kind in (*KINDS, *UNIT_WRITTEN))


def is_task_file(rel: str) -> bool:
    path = PurePosixPath(rel)
    return path.parts[0] == TASKS_DIR and len(path.parts) > 1 and path.suffix in YAML_SUFFIXES


def _changed_settings(base: Ledger, head: Ledger) -> list[str]:
    """reformctl.yaml and units.yaml, when their content differs between base and head."""
    before = {f.path: f.sha256 for f in base.files if f.kind != "tasks"}
    return [f.path for f in head.files if f.kind != "tasks" and before.get(f.path) != f.sha256]


def changes_approved_by_the_office(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    """A new change entry is an approval: it stands only when the office made or confirmed it."""
    mapping = author_units(base)
    if not mapping:
        return
    for task, index, change in _new_change_entries(base, head):
        author = unconfirmed_by(task.src.file, ctx, mapping)
        if author is not None:
            units = units_of(author, mapping)
            yield Problem("R944", task.src.file, task_key(task, "changes", index), {
                "author": author.label, "units": _names(units), "task": task.id, "field": change.field,
                "file": task.src.file})


def _new_change_entries(base: Ledger, head: Ledger) -> Iterator[tuple[Task, int, Change]]:
    """(head task, index, entry) of each change entry that the base does not have."""
    base_ids = {task.id for task in base.tasks}
    for old, new in paired_tasks(base, head):
        for index in match_entries(old.changes, new.changes)[1]:
            yield new, index, new.changes[index]
    for new in head.tasks:
        if new.id not in base_ids:
            yield from ((new, index, change) for index, change in enumerate(new.changes))


def unconfirmed_by(file: str, ctx: PRContext, mapping: dict[str, list[Unit]]) -> Optional[Author]:
    """The known author who is not of the office and whose edit of `file` no office commit followed;
    None when the office made or confirmed the file as it stands (or the author is unknown: R942).

    With commits known, the office confirms a file by a commit made after the last commit that
    touches it (an empty commit will do). Without them (a forge identity, --author, or edits not
    yet committed) every author is taken to have made everything, so every author must be the office.
    """
    last = next((i for i, commit in enumerate(ctx.commits) if file in commit.files), None)
    if last is not None:
        if any(is_office(units_of(commit.author, mapping)) for commit in ctx.commits[:last + 1]):
            return None
        suspects = [ctx.commits[last].author]
    else:
        suspects = list(ctx.authors)
    return next((a for a in suspects if units_of(a, mapping) and not is_office(units_of(a, mapping))), None)


def _foreign_tasks(base: Ledger, author: Author, units: list[Unit], changes: list) -> Iterator[Problem]:
    own = {unit.id for unit in units}
    for task, file, keypath in changes:
        if own & {task.lead_unit, *task.co_units}:
            continue
        co = _co_units(base, task)
        yield Problem("R941", file, keypath, {
            "author": author.label, "units": _names(units), "id": task.id, "lead": base.unit_name(task.lead_unit),
            "co": f" (co-units: {co})" if co else "", "co_zh": f"（配合单位：{co}）" if co else ""})


def _names(units: list[Unit]) -> str:
    return "、".join(unit.name for unit in units)


def _co_units(base: Ledger, task: Task) -> Optional[str]:
    return "、".join(base.unit_name(unit) for unit in task.co_units) or None
