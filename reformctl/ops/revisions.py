"""The ledger's revisions in git: which commits changed it, and the ledger at each of them.

Every revision is read with the loader and cache of `check --base` (pipeline.ledger.load_ledger
over a gitsource.GitFiles). Reading many revisions of a large ledger in a row, a file whose git
object is the same as in the revision read before keeps the tasks built from it: only the files
a commit changed are read, parsed (from the cache when seen before) and built again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from ..gitinfo import GitError, run_git
from ..gitsource import GitFiles, resolve
from ..model import Ledger
from ..pipeline.ledger import load_ledger

_FIELDS = "%H%x1f%P%x1f%an%x1f%ae%x1f%cs%x1f%s"


@dataclass(frozen=True)
class Revision:
    """One commit that changed the ledger folder, as git records it (author and date are claims)."""

    commit: str
    parent: str  # the first parent ('' for the first commit)
    author: str
    email: str
    day: date  # the committer date: the day the change was recorded
    subject: str
    files: tuple[str, ...] = ()  # paths changed below the ledger folder, relative to it

    @property
    def short(self) -> str:
        return self.commit[:12]


def ledger_revisions(root: Path, rev: str = "HEAD", first_parent: bool = False,
                     paths: Iterable[str] = (".",)) -> list[Revision]:
    """The commits up to `rev` that changed the ledger folder (or `paths` below it), oldest first.

    Merges are left out (each commit's change is the commit against its first parent, so a merge
    would tell its branch's story twice), unless `first_parent`: then the line of the main branch,
    merges included, as the ledger stood on it from day to day."""
    head = resolve(root, rev)
    args = ["log", "--topo-order", "--reverse", f"--format=%x1e{_FIELDS}", "--name-only", "-z", "--relative",
            "--no-renames"]
    args += ["--first-parent", "-m"] if first_parent else ["--no-merges"]
    result = run_git(root, *args, "--end-of-options", head, "--", *paths)
    if result.returncode != 0:
        raise GitError("no_log", rev, result.stderr.decode("utf-8", "replace").strip())
    return [_revision(chunk) for chunk in result.stdout.split(b"\x1e") if chunk.strip(b"\0\n")]


def _revision(chunk: bytes) -> Revision:
    header, _, names = chunk.partition(b"\0")
    commit, parents, author, email, day, subject = header.decode("utf-8", "replace").split("\x1f", 5)
    files = tuple(dict.fromkeys(name.decode("utf-8", "surrogateescape")
                                for name in names.lstrip(b"\n").split(b"\0") if name))
    return Revision(commit, parents.split(" ")[0] if parents else "", author, email,
                    date.fromisoformat(day), subject.strip(), files)


class OnlyFiles:
    """A revision's files with its task files narrowed to `keep` (the other kinds all listed, or,
    without `records`, only the settings and units that the tasks are built with)."""

    def __init__(self, files: GitFiles, keep: set[str], records: bool = True):
        self.files, self.keep, self.records = files, keep, records
        self.commit = files.commit

    def ledger_files(self) -> list[tuple[str, str]]:
        return [(rel, kind) for rel, kind in self.files.ledger_files()
                if (rel in self.keep if kind == "tasks" else self.records or kind in ("config", "units"))]

    def read_bytes(self, rel: str) -> Optional[bytes]:
        return self.files.read_bytes(rel)


def ledger_at(root: Path, commit: str, only: Optional[set[str]] = None, cache: bool = True) -> Optional[Ledger]:
    """The ledger at `commit`, unchecked (with `only`, of its task files just those); None when
    its settings cannot be read there."""
    files = GitFiles(root, commit)
    ledger, _ = load_ledger(root, run_checks=False, files=OnlyFiles(files, only) if only is not None else files,
                            cache=cache)
    return ledger


def blob_id(data: bytes) -> str:
    """The id git gives a file with these bytes (its blob's SHA-1)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class RevisionReader:
    """Reads revision after revision, building again only the task files that changed since the
    last one read (compared by git object id)."""

    def __init__(self, root: Path, cache: bool = True):
        self.root, self.cache = root, cache
        self._last: Optional[tuple[dict[str, str], Ledger]] = None

    def start_from(self, ledger: Ledger) -> None:
        """Begin with the ledger as read from the working tree: a revision's file with the same
        bytes keeps the tasks built from it (no second copy of a large ledger in memory)."""
        ids = {}
        for known in ledger.files:
            try:
                ids[known.path] = blob_id((self.root / known.path).read_bytes())
            except OSError:
                continue
        self._last = (ids, ledger)

    def ledger_at(self, commit: str) -> Optional[Ledger]:
        files = GitFiles(self.root, commit)
        ids = files.blob_ids()
        if self._last is None or not self._same_settings(files, ids):
            ledger = ledger_at(self.root, commit, cache=self.cache)
        else:
            ledger = self._changed_only(files, ids)
        self._last = (ids, ledger) if ledger is not None else None
        return ledger

    def _same_settings(self, files: GitFiles, ids: dict[str, str]) -> bool:
        """Whether every ledger file but the task files is as last read (only task files are kept)."""
        last_ids, ledger = self._last
        others = ({rel for rel, kind in files.ledger_files() if kind != "tasks"}
                  | {f.path for f in ledger.files if f.kind != "tasks"})
        return all(ids.get(rel) == last_ids.get(rel) for rel in others)

    def _changed_only(self, files: GitFiles, ids: dict[str, str]) -> Optional[Ledger]:
        last_ids, last = self._last
        listed = [rel for rel, kind in files.ledger_files() if kind == "tasks"]
        changed = {rel for rel in listed if ids.get(rel) != last_ids.get(rel)}
        # every other file is as last read (_same_settings): its records are kept, not read again
        # (a province ledger holds a thousand and more inspection, notice, plan and meeting files)
        fresh, _ = load_ledger(self.root, run_checks=False, files=OnlyFiles(files, changed, records=False),
                               cache=self.cache)
        if fresh is None:
            return None
        by_file: dict[str, list] = {}
        for task in last.tasks:
            if task.src.file not in changed:
                by_file.setdefault(task.src.file, []).append(task)
        for task in fresh.tasks:  # a changed file: its tasks as built now
            by_file.setdefault(task.src.file, []).append(task)
        kept = {f.path: f for f in last.files if f.kind == "tasks" and f.path not in changed}
        new_files = {f.path: f for f in fresh.files if f.kind == "tasks"}
        others = {f.path: f for f in last.files if f.kind != "tasks"}
        found = [(kept.get(rel) or new_files.get(rel)) if kind == "tasks" else others.get(rel)
                 for rel, kind in files.ledger_files()]
        file_list = [f for f in found if f is not None]  # in the order a whole load lists them
        tasks = tuple(task for rel in listed for task in by_file.get(rel, ()))
        return replace(fresh, tasks=tasks, files=tuple(file_list), records=last.records,
                       unreadable_kinds=fresh.unreadable_kinds | (last.unreadable_kinds - {"config", "units", "tasks"}),
                       unbuilt_task_ids=fresh.unbuilt_task_ids | last.unbuilt_task_ids)


def current_at(revisions: list[Revision], day: date) -> Optional[Revision]:
    """The revision current at the end of `day`: the last one recorded on or before it."""
    found = None
    for revision in revisions:
        if revision.day <= day:
            found = revision
    return found
