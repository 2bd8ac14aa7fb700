"""`reformctl log`: a task's story from git, every commit that changed it, oldest first."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import app
from .check import git_or_fail, ledger_root
from .common import LangOpt, LedgerOpt, NoCacheOpt, TextFormat, dump_json, session


@app.command()
def log(
    task: Annotated[str, typer.Argument(metavar="TASK", help="The task's id, e.g. T-1.")],
    milestone: Annotated[Optional[str], typer.Option("--milestone", "-m", metavar="ID", show_default=False,
                                                     help="Only the story of this milestone of the task.")] = None,
    ledger: LedgerOpt = None,
    fmt: Annotated[TextFormat, typer.Option("--format", "-f", help="text, md or json.")] = TextFormat.text,
    lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """A task's story from git (任务台账记录): every commit that changed it, oldest first, in people's words."""
    from ..ops.log import TaskNotFound, task_log

    s = session(lang)
    root = ledger_root(s, ledger)
    try:
        story = git_or_fail(s, lambda folder: task_log(folder, task, milestone, cache=not no_cache), root)
    except TaskNotFound:
        raise s.fail("log_not_found", task=task, milestone=f" {milestone}" if milestone else "") from None
    if fmt is TextFormat.json:
        s.out(dump_json(story.to_dict()))
        return
    from ..render.history_view import render_log_markdown, render_log_text

    render = render_log_markdown if fmt is TextFormat.md else render_log_text
    s.out(render(story, s.lang).rstrip("\n"))
