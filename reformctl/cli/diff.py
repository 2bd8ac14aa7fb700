"""`reformctl diff` (what a pull request changes, in people's words) and `reformctl codeowners`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..i18n import t
from ..render.textsafe import codeowners_path, is_owner
from .app import app
from .check import forge_prefix, git_or_fail, ledger_root, pr_started
from .common import LangOpt, LedgerOpt, Session, TextFormat, ViewDayOpt, dump_json, parse_as_of, session, write_file


@app.command()
def diff(
    base: Annotated[str, typer.Argument(metavar="BASE", help="The revision to compare with, e.g. origin/main.")],
    head: Annotated[Optional[str], typer.Argument(metavar="HEAD", show_default=False, help="The revision to describe. Default: the working tree.")] = None,
    ledger: LedgerOpt = None,
    as_of: ViewDayOpt = None,
    fmt: Annotated[TextFormat, typer.Option("--format", "-f", help="text, md (what CI posts on a pull request) or json.")] = TextFormat.text,
    lang: LangOpt = None,
) -> None:
    """What changed between two revisions of the ledger (台账变更): tasks added, milestones done, postponements, new progress, newly overdue."""
    from ..gitsource import merge_base, pr_commits
    from ..ops.diff import diff_ledgers
    from ..timeline import now

    s = session(lang)
    root = ledger_root(s, ledger)
    day = parse_as_of(as_of, s)
    since = git_or_fail(s, merge_base, root, base, head)  # what the branch left from, not what the base became since
    old, base_commit = _ledger_at(s, root, since)
    new, head_commit = _ledger_at(s, root, head)
    started = pr_started(s, root, since, git_or_fail(s, pr_commits, root, since, head), day)
    today = date.today()
    changes = diff_ledgers(old, new, now(old.config, today, day), now(new.config, today, day), started)
    base_label = f"{base} ({base_commit[:12]})"
    head_label = f"{head} ({head_commit[:12]})" if head else t("diff_worktree", s.lang)
    if fmt is TextFormat.json:
        s.out(dump_json({"base": base, "base_commit": base_commit, "head": head, "head_commit": head_commit,
                         **changes.to_dict()}))
        return
    from ..render.diff_view import render_markdown, render_text

    render = render_markdown if fmt is TextFormat.md else render_text
    s.out(render(changes, s.lang, base_label, head_label).rstrip("\n"))


def _ledger_at(s: Session, root: Path, rev: Optional[str]) -> tuple[Any, Optional[str]]:
    """The ledger at `rev` (the working tree for None), unchecked, and the revision's commit id."""
    from ..gitsource import GitFiles
    from ..pipeline.ledger import load_ledger

    files = git_or_fail(s, GitFiles, root, rev) if rev else None
    ledger, _ = load_ledger(root, run_checks=False, files=files)
    if ledger is None:
        raise s.fail("diff_unreadable", rev=rev or t("diff_worktree", s.lang))
    return ledger, files.commit if files else None


@app.command()
def codeowners(
    ledger: LedgerOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", show_default=False,
                                                help="Write to this file (e.g. .github/CODEOWNERS). Default: print.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --out file that reformctl did not "
                                                         "write (its own earlier output is replaced anyway).")] = False,
    lang: LangOpt = None,
) -> None:
    """Write a CODEOWNERS file from units.yaml's teams, so that the forge asks the lead units to review their task files."""
    from ..pipeline.ledger import load_ledger
    from ..ops.codeowners import codeowners as owner_rules

    s = session(lang)
    root = ledger_root(s, ledger)
    loaded, _ = load_ledger(root, run_checks=False)
    if loaded is None:
        raise s.fail("unreadable")
    rules = owner_rules(loaded, forge_prefix(root))
    if not rules:
        any_team = any(unit.teams for unit in loaded.units.values())
        raise s.fail("codeowners_no_office" if any_team else "codeowners_none")
    _refuse_bad_teams(s, loaded)
    text = _HEADER + "".join(f"{codeowners_path(path)} {' '.join(teams)}\n" for path, teams in rules)
    if out is None:
        s.out(text.rstrip("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    write_file(s, out, text.encode("utf-8"), force or _written_by_us(out))
    s.err(t("codeowners_written", s.lang, path=out, n=len(rules)))


def _refuse_bad_teams(s: Session, loaded: Any) -> None:
    """A team handle that could split a CODEOWNERS line (or is no handle at all) stops the command."""
    for unit in loaded.units.values():
        for team in unit.teams:
            if not is_owner(team):
                raise s.fail("codeowners_bad_team", unit=unit.id, team=repr(team))


def _written_by_us(path: Path) -> bool:
    """Whether `path` is a regular file that an earlier `reformctl codeowners` wrote (its header)."""
    if path.is_symlink() or not path.is_file():  # never open a FIFO or device: it could block or act
        return False
    try:
        with open(path, "rb") as stream:
            return stream.read(len(_HEADER_BYTES)) == _HEADER_BYTES
    except OSError:
        return False


_HEADER = ("# Written by `reformctl codeowners` from the teams in units.yaml; edit units.yaml, not this file.\n"
           "# 由 `reformctl codeowners` 根据 units.yaml 中的 teams 生成；请修改 units.yaml，不要直接编辑本文件。\n")
_HEADER_BYTES = _HEADER.encode("utf-8")
