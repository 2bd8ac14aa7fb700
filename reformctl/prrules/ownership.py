"""Each unit edits its own tasks: an author may change a task only if their unit leads or co-leads it.

Authors are mapped to units by `members` (git author emails) and `teams` (forge handles) in the
base's units.yaml: the mapping in force before the pull request, so that a pull request cannot
grant itself rights. Members of a unit of kind `office` may change any task, and they alone change
the settings (reformctl.yaml) and units.yaml. When no unit lists members, the office has not
mapped its authors and the rule stays silent.
"""

from __future__ import annotations

from typing import Iterator, Optional

from ..layout import UNITS_NAME
from ..model import Ledger, Task, Unit, UnitKind
from ..problems import Problem
from . import PRContext, register
from .common import dump, file_slot, missing_at_head, paired_tasks, task_key

UNITS_FILE = UNITS_NAME


def author_units(ledger: Ledger) -> dict[str, list[Unit]]:
    """Lower-cased email or team handle → the units it belongs to."""
    index: dict[str, list[Unit]] = {}
    for unit in ledger.units.values():
        for name in (*unit.members, *unit.teams):
            index.setdefault(name.strip().lower(), []).append(unit)
    return index


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


@register
def only_owners_change_tasks(base: Ledger, head: Ledger, ctx: PRContext) -> Iterator[Problem]:
    mapping = author_units(base)
    if not ctx.authors or not mapping:
        return
    changes = list(changed_tasks(base, head, ctx))
    for author in ctx.authors:
        units = mapping.get(author.strip().lower())
        if not units:
            if changes:
                yield Problem("R942", UNITS_FILE, ("units",), {"author": author}, at_key=True)
            continue
        if any(unit.kind is UnitKind.office for unit in units):
            continue
        yield from _foreign_tasks(base, author, units, changes)
        for file in _changed_settings(base, head):
            yield Problem("R943", file, (), {"author": author, "units": "、".join(u.name for u in units), "file": file})


def _changed_settings(base: Ledger, head: Ledger) -> list[str]:
    """reformctl.yaml and units.yaml, when their content differs between base and head."""
    before = {f.path: f.sha256 for f in base.files if f.kind != "tasks"}
    return [f.path for f in head.files if f.kind != "tasks" and before.get(f.path) != f.sha256]


def _foreign_tasks(base: Ledger, author: str, units: list[Unit], changes: list) -> Iterator[Problem]:
    own = {unit.id for unit in units}
    names = "、".join(unit.name for unit in units)
    for task, file, keypath in changes:
        if own & {task.lead_unit, *task.co_units}:
            continue
        co = _co_units(base, task)
        yield Problem("R941", file, keypath, {
            "author": author, "units": names, "id": task.id, "lead": base.unit_name(task.lead_unit),
            "co": f" (co-units: {co})" if co else "", "co_zh": f"（配合单位：{co}）" if co else ""})


def _co_units(base: Ledger, task: Task) -> Optional[str]:
    return "、".join(base.unit_name(unit) for unit in task.co_units) or None
