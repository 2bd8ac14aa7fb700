"""Inspections, findings and notices (督察、整改、督办): ids unique, every reference known.

Ledger-scope checks: they read the records (TaskRefIndex.records, few and small) and the task
references of the index. What a record says of itself (dates, evidence) is in
:mod:`.supervision_dates`.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..model import SourceRef
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex


def inspections(index: TaskRefIndex) -> tuple:
    return index.records.get("inspections", ())


def notices(index: TaskRefIndex) -> tuple:
    return index.records.get("notices", ())


def findings_of(index: TaskRefIndex) -> Iterator[tuple]:
    """(inspection, finding) of every finding, in file order."""
    for inspection in inspections(index):
        for finding in inspection.findings:
            yield inspection, finding


def unique_record_ids(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """An inspection id, a finding id (across all inspections) and a notice id is said once."""
    yield from _twice(((i.id, i.src) for i in inspections(index)), "inspection", "督察")
    yield from _twice(((f.id, f.src) for _, f in findings_of(index)), "finding", "问题")
    yield from _twice(((n.id, n.src) for n in notices(index)), "notice", "督办通知")


def _twice(items: Iterable[tuple[str, SourceRef]], what_en: str, what_zh: str) -> Iterator[Problem]:
    first: dict[str, SourceRef] = {}
    for record_id, src in items:
        if record_id in first:
            yield Problem("R750", src.file, src.keypath + ("id",), {
                "id": record_id, "what_en": what_en, "what_zh": what_zh, "first": first[record_id].file})
        else:
            first[record_id] = src


def units_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    if "units" in index.unreadable_kinds:  # the real problem is reported there
        return
    for src, unit_id in _unit_refs(index):
        if unit_id not in index.units:
            yield _unknown("R751", unit_id, src, index.units)


def _unit_refs(index: TaskRefIndex) -> Iterator[tuple[SourceRef, str]]:
    for inspection in inspections(index):
        src = inspection.src
        if inspection.by:
            yield src.at("by"), inspection.by
        for position, unit in enumerate(inspection.scope.units if inspection.scope else ()):
            yield src.at("scope", "units", position), unit
        for _, finding in ((inspection, f) for f in inspection.findings):
            yield from _finding_unit_refs(finding)
    for notice in notices(index):
        yield notice.src.at("to"), notice.to
        for position, reply in enumerate(notice.replies):
            if reply.by:
                yield notice.src.at("replies", position, "by"), reply.by
        if notice.closed and notice.closed.by:
            yield notice.src.at("closed", "by"), notice.closed.by


def _finding_unit_refs(finding) -> Iterator[tuple[SourceRef, str]]:
    src = finding.src
    yield src.at("unit"), finding.unit
    for position, entry in enumerate(finding.progress):
        yield src.at("progress", position, "by"), entry.by
    if finding.rectification:
        for position, milestone in enumerate(finding.rectification.milestones):
            if milestone.owner:
                yield src.at("rectification", "milestones", position, "owner"), milestone.owner
    if finding.closed and finding.closed.by:
        yield src.at("closed", "by"), finding.closed.by


def tasks_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """Tasks and milestones named by findings and notices are on the ledger."""
    if "tasks" in index.unreadable_kinds:  # the task may sit in the file that could not be read
        return
    named = list(_task_refs(index))
    # the milestones of the tasks named (of the last task of an id written twice)
    milestones = {ref.id: ref.milestones for ref in index.with_ids(task_id for _, task_id, _ in named)}
    for src, task_id, milestone_id in named:
        if task_id in index.unbuilt_task_ids:
            continue
        if task_id not in milestones:
            yield _unknown("R752", task_id, src, index.names.ids)
        elif milestone_id is not None and milestone_id not in milestones[task_id]:
            yield Problem("R753", src.file, src.keypath, {"id": milestone_id, "task": task_id,
                                                          **suggest(milestone_id, milestones[task_id])})


def _task_refs(index: TaskRefIndex) -> Iterator[tuple[SourceRef, str, object]]:
    """(where, task id, milestone id or None) of every task or milestone the records name."""
    for inspection in inspections(index):
        for position, task_id in enumerate(inspection.scope.tasks if inspection.scope else ()):
            yield inspection.src.at("scope", "tasks", position), task_id, None
        for finding in inspection.findings:
            if finding.task:
                yield finding.src.at("task"), finding.task, None
                if finding.milestone:
                    yield finding.src.at("milestone"), finding.task, finding.milestone
            if finding.rectification and finding.rectification.task:
                yield finding.src.at("rectification", "task"), finding.rectification.task, None
    for notice in notices(index):
        for position, task_id in enumerate(notice.about.tasks):
            yield notice.src.at("about", "tasks", position), task_id, None
        for position, ref in enumerate(notice.about.milestones):
            task_id, _, milestone_id = ref.partition("/")
            if task_id and milestone_id:  # else R754 says how to write it
                yield notice.src.at("about", "milestones", position), task_id, milestone_id


def milestone_refs_written_right(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """A notice names a milestone as TASK/MILESTONE; a finding names one only with its task."""
    for notice in notices(index):
        for position, ref in enumerate(notice.about.milestones):
            task_id, slash, milestone_id = ref.partition("/")
            if not (slash and task_id and milestone_id):
                yield Problem("R754", notice.src.file, notice.src.keypath + ("about", "milestones", position),
                              {"value": ref})
    for _, finding in findings_of(index):
        if finding.milestone and not finding.task:
            yield Problem("R755", finding.src.file, finding.src.keypath + ("milestone",), {"id": finding.milestone})


def findings_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    """The findings a notice is about are findings of an inspection."""
    if "inspections" in index.unreadable_kinds:
        return
    known = {finding.id for _, finding in findings_of(index)}
    for notice in notices(index):
        for position, finding_id in enumerate(notice.about.findings):
            if finding_id not in known:
                yield _unknown("R756", finding_id, notice.src.at("about", "findings", position), known)


def lists_known(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    known = [item.id for item in index.config.lists]
    for inspection in inspections(index):
        for position, list_id in enumerate(inspection.scope.lists if inspection.scope else ()):
            if list_id not in known:
                yield _unknown("R757", list_id, inspection.src.at("scope", "lists", position), known)


def _unknown(code: str, ref_id: str, src: SourceRef, known) -> Problem:
    return Problem(code, src.file, src.keypath, {"id": ref_id, **suggest(ref_id, known)})
