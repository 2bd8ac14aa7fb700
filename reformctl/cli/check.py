"""`reformctl check`: every problem of the ledger at once, as a clerk or a CI system can act on it.

With `--base REV` it also compares the ledger with that revision (a pull request's base) and
applies the pull-request rules; `--head REV` checks a revision instead of the working tree.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..i18n import t
from ..pipeline.entries import CheckSummary
from ..problems import has_errors, sort_key
from .app import app
from .common import CheckDayOpt, LangOpt, LedgerOpt, NoCacheOpt, Session, locate_ledger, parse_as_of, session

_GIT_MESSAGES = {"no_git": "git_missing", "not_repo": "git_not_repo", "no_rev": "git_no_rev", "shallow": "git_shallow",
                 "no_objects": "git_no_objects", "no_merge_base": "git_no_merge_base", "no_log": "git_no_log"}


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


BaseOpt = Annotated[Optional[str], typer.Option(
    "--base", metavar="REV", show_default=False,
    help="Compare with this git revision (a pull request's base, e.g. origin/main), at its merge base with the head, and apply the pull-request rules.")]
HeadOpt = Annotated[Optional[str], typer.Option(
    "--head", metavar="REV", show_default=False, help="Check this git revision. Default: the working tree.")]
AuthorOpt = Annotated[Optional[list[str]], typer.Option(
    "--author", metavar="EMAIL", show_default=False,
    help="Who made the change (repeatable; refused where the forge names the actor). Default: the forge's actor in CI, else the commits' signers or author emails since the merge base.")]
FormatOpt = Annotated[Optional[CheckFormat], typer.Option(
    "--format", "-f", show_default=False,
    help="text, json, github (workflow annotations; the default when GITHUB_ACTIONS=true), gitlab (Code Quality) or sarif.")]


@app.command()
def check(ledger: LedgerOpt = None, as_of: CheckDayOpt = None, base: BaseOpt = None, head: HeadOpt = None,
          author: AuthorOpt = None, fmt: FormatOpt = None, lang: LangOpt = None, no_cache: NoCacheOpt = False) -> None:
    """Check the ledger and report every problem (检查台账). Exit 0 when clean, 1 with errors."""
    s = session(lang)
    fmt = fmt or (CheckFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else CheckFormat.text)
    root = ledger_root(s, ledger)
    day = parse_as_of(as_of, s)
    summary, problems = _load_and_compare(s, root, day, base, head, author or [], not no_cache)
    prefix = forge_prefix(root) if fmt in (CheckFormat.github, CheckFormat.gitlab, CheckFormat.sarif) else ""
    _write_report(s, fmt, problems, summary, root, prefix)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_summary(s, os.environ["GITHUB_STEP_SUMMARY"], problems, prefix or forge_prefix(root))
    raise typer.Exit(1 if has_errors(problems) else 0)


def _append_summary(s: Session, path: str, problems: list, prefix: str) -> None:
    """The Markdown summary of every problem, appended to GitHub's step summary file."""
    from ..render.ci_formats import step_summary

    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write(step_summary(problems, s.lang, prefix))
    except OSError as err:
        s.err(t("cannot_write", s.lang, path=path, detail=err.strerror or str(err)))


def ledger_root(s: Session, ledger: Optional[Path]) -> Path:
    return locate_ledger(s, ledger).root


def _load_and_compare(s: Session, root: Path, day: Optional[date], base: Optional[str], head: Optional[str],
                      authors: list[str], cache: bool = True) -> tuple[Optional[CheckSummary], list]:
    """Load the head (working tree or revision), check it, and with a base apply the pull-request rules.

    Returns a summary of what was read (None when the ledger could not be) and the problems."""
    head_files, base_files = _sources(s, root, base, head)
    if base_files is None:  # one revision: the whole answer may come from the cache
        from ..pipeline.incremental import check_ledger

        return check_ledger(root, today=date.today(), as_of=day, files=head_files, cache=cache)
    from ..pipeline.ledger import DiskFiles, load_ledger

    # Both sides through the same loader, each from an explicit source: git objects, or the working tree.
    head_files = head_files or DiskFiles(root)
    loaded, problems = load_ledger(root, today=date.today(), as_of=day, files=head_files, cache=cache)
    base_ledger, _ = load_ledger(root, run_checks=False, files=base_files, cache=cache)
    if base_ledger is None or loaded is None:
        s.err(t("base_unreadable", s.lang, rev=base))
        return CheckSummary.of(loaded), problems
    from ..prrules import locate_at_head, run_pr_rules

    ctx, how = _pr_context(s, root, base_files.commit, head, base_ledger, authors, problems, day)
    names = ", ".join(a.label for a in ctx.authors) or t("none", s.lang)
    s.err(t("pr_compared", s.lang, rev=base, commit=base_files.commit[:12], authors=names, how=t(f"authors_{how}", s.lang)))
    found = run_pr_rules(base_ledger, loaded, ctx)
    return CheckSummary.of(loaded), sorted(problems + locate_at_head(found, head_files), key=sort_key)


def _pr_context(s: Session, root: Path, since: str, head: Optional[str], base_ledger: Any, authors: list[str],
                problems: list, day: Optional[date]) -> tuple[Any, str]:
    """What the pull-request rules know besides the ledgers: authors, commits, changed files, first day."""
    from ..gitsource import changed_paths, local_email, pr_commits
    from ..prrules import PRContext
    from ..prrules.authors import AuthorError, find_authors

    signed = base_ledger.config.pull_requests.signed_commits
    commits = git_or_fail(s, pr_commits, root, since, head, signed)
    uncommitted = tuple(git_or_fail(s, changed_paths, root, "HEAD")) if head is None else ()
    local = git_or_fail(s, local_email, root) if uncommitted else None
    try:
        found = find_authors(os.environ, commits, signed, authors, local, uncommitted)
    except AuthorError as err:
        raise s.fail(f"author_{err.reason}", commit=err.commit[:12], value=err.value) from None
    started = pr_started(s, root, since, commits, day)
    unreadable = frozenset(p.file for p in problems if p.code.startswith("R0"))  # reading errors, reported already
    ctx = PRContext(found.authors, found.commits, tuple(git_or_fail(s, changed_paths, root, since, head)), unreadable,
                    started)
    return ctx, found.how


def pr_started(s: Session, root: Path, since: str, commits: list, day: Optional[date]) -> date:
    """The day the pull request began: its first commit, but not before the commit it starts from
    (commit dates are claims; the merge base is the base's own). Nothing committed yet: today."""
    from ..gitsource import commit_day

    return max(commits[-1].day, git_or_fail(s, commit_day, root, since)) if commits else (day or date.today())


def _sources(s: Session, root: Path, base: Optional[str], head: Optional[str]) -> tuple[Any, Any]:
    """(head's file source or None for the working tree, the source of the base's merge base with head, or None)."""
    if base is None and head is None:
        return None, None
    from ..gitsource import GitFiles, merge_base

    head_files = git_or_fail(s, GitFiles, root, head) if head else None
    return head_files, (git_or_fail(s, GitFiles, root, git_or_fail(s, merge_base, root, base, head)) if base else None)


def git_or_fail(s: Session, action, root: Path, *args: Any) -> Any:
    """Run a git reading; a revision that cannot be had is a clear message and exit 2."""
    from ..gitsource import GitError

    try:
        return action(root, *args)
    except GitError as err:
        raise s.fail(_GIT_MESSAGES[err.reason], rev=err.rev, path=root, detail=err.detail) from None


def forge_prefix(root: Path) -> str:
    """The ledger folder's path inside its repository, for forge paths ('' outside git)."""
    from ..gitsource import GitError, repo_prefix

    try:
        return repo_prefix(root)
    except GitError:
        return ""


def _write_report(s: Session, fmt: CheckFormat, problems: list, summary: Optional[CheckSummary], root: Path,
                  prefix: str) -> None:
    from ..render import ci_formats

    if fmt is CheckFormat.text:
        _text_report(s, problems, summary)
        return
    writers = {CheckFormat.json: lambda: ci_formats.render_json(problems, s.lang, str(root)),
               CheckFormat.github: lambda: ci_formats.render_github(problems, s.lang, prefix),
               CheckFormat.gitlab: lambda: ci_formats.render_gitlab(problems, s.lang, prefix),
               CheckFormat.sarif: lambda: ci_formats.render_sarif(problems, s.lang, prefix)}
    sys.stdout.write(writers[fmt]())


def _text_report(s: Session, problems: list, summary: Optional[CheckSummary]) -> None:
    for problem in problems:
        s.out(problem.format(s.lang))
    errors = sum(p.severity == "error" for p in problems)
    files = len(summary.files) if summary else 0
    tasks = len(summary.tasks) if summary else 0
    key = "summary_bad" if errors else "summary_ok"
    s.err(t(key, s.lang, files=files, tasks=tasks, errors=errors, warnings=len(problems) - errors))
