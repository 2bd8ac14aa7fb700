"""`reformctl add`: a new task on the ledger, from options, from YAML on standard input, or by
answering questions when standard input is a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from .app import app
from .common import LangOpt, LedgerOpt, Session, locate_ledger, session
from .edit_common import CommitOpt, DryRunOpt, run_write

_ASK = {  # key: (English, Chinese)
    "title": ("Title", "任务名称"),
    "lists": ("Lists, separated by spaces ({choices})", "所属清单，以空格分隔（{choices}）"),
    "lead_unit": ("Lead unit id (Tab completes)", "牵头单位编号（Tab 键补全）"),
    "lead_leader": ("Lead leader id (empty: none)", "牵头领导编号（可空）"),
    "co_units": ("Co-units, separated by spaces (empty: none)", "配合单位，以空格分隔（可空）"),
    "milestone": ("Milestone {n}: due date and what, e.g. 2026-12-31 方案印发 (empty: no more)",
                  "第 {n} 个节点：时限和内容，如 2026-12-31 方案印发（直接回车结束）"),
    "id": ("Id [{proposed}]", "任务编号 [{proposed}]"),
    "bad_milestone": ("Write the due date, a space, then what: 2026-12-31 方案印发.", "请写成“时限 空格 内容”：2026-12-31 方案印发。"),
}

ListOpt = Annotated[Optional[list[str]], typer.Option("--list", metavar="LIST", show_default=False,
                                                      help="A list (清单) the task is on, from reformctl.yaml (repeatable).")]
MilestoneOpt = Annotated[Optional[list[str]], typer.Option(
    "--milestone", metavar="'YYYY-MM-DD WHAT'", show_default=False,
    help="A milestone: its due date, a space, and what is to be achieved (repeatable; numbered m1, m2, ...).")]


@app.command()
def add(title: Annotated[Optional[str], typer.Option("--title", show_default=False, help="The task's name (任务名称).")] = None,
        lists: ListOpt = None,
        lead_unit: Annotated[Optional[str], typer.Option("--lead-unit", metavar="UNIT", show_default=False, help="The lead unit's id (牵头单位).")] = None,
        lead_leader: Annotated[Optional[str], typer.Option("--lead-leader", metavar="LEADER", show_default=False, help="The lead leader's id (牵头领导).")] = None,
        co_units: Annotated[Optional[list[str]], typer.Option("--co-unit", metavar="UNIT", show_default=False, help="A co-unit's id (配合单位, repeatable).")] = None,
        milestones: MilestoneOpt = None,
        task_id: Annotated[Optional[str], typer.Option("--id", show_default=False, help="The task's id. Default: the next in its list's pattern.")] = None,
        file: Annotated[Optional[str], typer.Option("--file", metavar="tasks/X.yaml", show_default=False,
                                                    help="The file to add it to. Default: the file holding most tasks of its first list.")] = None,
        dry_run: DryRunOpt = False, commit: CommitOpt = False, ledger: LedgerOpt = None, lang: LangOpt = None) -> None:
    """Put a new task on the ledger (新增任务): from options, from YAML on standard input, or by questions at a terminal."""
    s = session(lang)
    if title is not None:
        fields = {"id": task_id, "title": title, "lists": lists or [], "lead_leader": lead_leader, "lead_unit": lead_unit,
                  "co_units": co_units or [], "milestones": [_milestone(s, text) for text in milestones or []]}
        task = {key: value for key, value in fields.items() if value not in (None, [])}
    elif not sys.stdin.isatty():
        task = _from_stdin(s, task_id)
    else:
        task = ask_task(s, locate_ledger(s, ledger).root, input)
    from ..edit import add_task

    run_write(s, ledger, lambda root, **kw: add_task(root, task, file=file, **kw), dry_run=dry_run, commit=commit)


def _milestone(s: Session, text: str) -> dict:
    due, _, what = text.strip().partition(" ")
    if not what.strip():
        s.err(_word("bad_milestone", s.lang))
        raise typer.Exit(2)
    return {"due": due, "what": what.strip()}


def _from_stdin(s: Session, task_id: Optional[str]) -> dict:
    from ..edit import EditRefused
    from ..edit.facts import read_plain

    try:
        data = read_plain(sys.stdin.buffer.read(), "<stdin>")
    except EditRefused as refused:
        s.err(refused.message(s.lang))
        raise typer.Exit(2) from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if isinstance(data, dict) and task_id:
        data = {**data, "id": task_id}
    return data


def ask_task(s: Session, root: Path, ask: Callable[[str], str]) -> dict:
    """The task from answers to questions (`ask` shows a prompt and returns the answer)."""
    from ..edit import propose_id
    from ..edit.facts import read_facts
    from datetime import date

    facts = read_facts(root, date.today())
    _complete_with(sorted(facts.units))
    task: dict[str, Any] = {"title": ask(_word("title", s.lang) + ": ").strip()}
    task["lists"] = ask(_word("lists", s.lang, choices=" ".join(facts.lists)) + ": ").split()
    task["lead_unit"] = ask(_word("lead_unit", s.lang) + ": ").strip()
    task["lead_leader"] = ask(_word("lead_leader", s.lang) + ": ").strip() or None
    task["co_units"] = ask(_word("co_units", s.lang) + ": ").split()
    task["milestones"] = []
    while answer := ask(_word("milestone", s.lang, n=len(task["milestones"]) + 1) + ": ").strip():
        task["milestones"].append(_milestone(s, answer))
    proposed = propose_id(root, task["lists"])
    task["id"] = ask(_word("id", s.lang, proposed=proposed) + ": ").strip() or proposed
    return {key: value for key, value in task.items() if value not in (None, [], "")}


def _complete_with(words: list[str]) -> None:
    """Tab completion over `words` at the prompts (where readline is there)."""
    try:
        import readline
    except ImportError:
        return
    readline.set_completer(lambda text, state: ([w for w in words if w.startswith(text)] + [None])[state])
    readline.parse_and_bind("tab: complete")


def _word(key: str, lang: str, **params: Any) -> str:
    english, chinese = _ASK[key]
    return (chinese if lang == "zh" else english).format(**params)
