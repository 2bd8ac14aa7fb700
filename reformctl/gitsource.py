"""The ledger's files at a git revision, read straight from git objects.

No checkout and no git library: `git ls-tree` lists the revision's files and one
`git cat-file --batch` reads every blob the loader asks for. A :class:`GitFiles` offers the
same two methods as :class:`reformctl.pipeline.ledger.DiskFiles`, so `load_ledger(root, files=...)`
reads a revision exactly as it reads the working tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Optional

from .gitinfo import GitError, output_text, run_git
from .layout import CONFIG_NAME, RECORD_KINDS, TASKS_DIR, TEMPLATES_DIR, UNITS_NAME, YAML_SUFFIXES
from .load.files import Refused
from .load.yamlread import MAX_FILE_BYTES

__all__ = ["CommitInfo", "GitError", "GitFiles", "changed_paths", "commit_authors", "commit_day", "local_email",
           "merge_base", "pr_commits", "repo_prefix", "resolve"]

_LINK_MODE = b"120000"


def repo_prefix(folder: Path) -> str:
    """The folder's path inside its repository ('' at the top, else 'sub/dir/'); GitError if none."""
    result = run_git(folder, "rev-parse", "--show-prefix")
    if result.returncode != 0:
        raise GitError("not_repo", detail=str(folder))
    return output_text(result)


def resolve(folder: Path, rev: str) -> str:
    """The full commit id of `rev`; GitError saying why it cannot be had (shallow clone, no such rev)."""
    repo_prefix(folder)
    result = run_git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode == 0:
        return output_text(result)
    shallow = output_text(run_git(folder, "rev-parse", "--is-shallow-repository")) == "true"
    raise GitError("shallow" if shallow else "no_rev", rev)


def commit_authors(folder: Path, base: str, head: Optional[str] = None) -> list[str]:
    """Author emails of the commits in base..head (head: HEAD), first appearance first."""
    result = run_git(folder, "log", "--format=%ae", f"{resolve(folder, base)}..{resolve(folder, head or 'HEAD')}")
    emails: list[str] = []
    for line in output_text(result).splitlines():
        if line and line not in emails:
            emails.append(line)
    return emails


def merge_base(folder: Path, base: str, head: Optional[str] = None) -> str:
    """The commit from which the head's branch left `base`: what a pull request is compared with.

    Comparing with the base's tip would blame a branch that is behind for what the base gained since.
    """
    base_commit, head_commit = resolve(folder, base), resolve(folder, head or "HEAD")
    result = run_git(folder, "merge-base", base_commit, head_commit)
    if result.returncode != 0 or not output_text(result):
        raise GitError("no_merge_base", base, head or "HEAD")
    return output_text(result)


@dataclass(frozen=True)
class CommitInfo:
    """One commit of a pull request, as git records it (every field but `signer` is a claim)."""

    sha: str
    email: str  # the author email (%ae: .mailmap is a file of the pull request, so it is not applied)
    day: date  # the committer date
    files: tuple[str, ...]  # the paths it changes below the ledger folder, relative to it
    signature: str = ""  # git's %G?: G is a good signature by a key of gpg.ssh.allowedSignersFile
    signer: str = ""  # the principal that signed (%GS), when the signature is good


def pr_commits(folder: Path, since: str, head: Optional[str] = None, verify: bool = False) -> list[CommitInfo]:
    """The commits of since..head (head: HEAD), newest first; with `verify`, their signatures checked."""
    fields = "%H%x1f%ae%x1f%cs" + ("%x1f%G?%x1f%GS" if verify else "")
    result = run_git(folder, "log", f"--format=%x1e{fields}", "--name-only", "-z", "--relative", "--no-renames",
                     "--end-of-options", f"{since}..{resolve(folder, head or 'HEAD')}")
    if result.returncode != 0:
        raise GitError("no_log", since, result.stderr.decode("utf-8", "replace").strip())
    return [_commit_info(chunk) for chunk in result.stdout.split(b"\x1e") if chunk.strip(b"\0\n")]


def _commit_info(chunk: bytes) -> CommitInfo:
    header, _, names = chunk.partition(b"\0")
    parts = header.decode("utf-8", "replace").split("\x1f")
    files = tuple(name.decode("utf-8", "surrogateescape") for name in names.lstrip(b"\n").split(b"\0") if name)
    signature, signer = (parts[3], parts[4]) if len(parts) == 5 else ("", "")
    return CommitInfo(parts[0], parts[1], date.fromisoformat(parts[2]), files, signature, signer)


def commit_day(folder: Path, commit: str) -> date:
    """The committer date of a commit."""
    return date.fromisoformat(output_text(run_git(folder, "log", "-1", "--format=%cs", "--end-of-options", commit)))


def local_email(folder: Path) -> str:
    """git's user.email here ('' when unset): who is about to commit the working tree's changes."""
    return output_text(run_git(folder, "config", "user.email"))


def changed_paths(folder: Path, since: str, head: Optional[str] = None) -> list[str]:
    """The files below the ledger folder that differ between `since` and head (a revision, or the
    working tree's tracked files), relative to the folder."""
    args = ["diff", "--name-only", "-z", "--relative", "--no-renames", "--no-ext-diff", "--no-textconv", since]
    result = run_git(folder, *args, *([resolve(folder, head)] if head else []), "--")
    if result.returncode != 0:
        raise GitError("no_log", since, result.stderr.decode("utf-8", "replace").strip())
    return sorted(name.decode("utf-8", "surrogateescape") for name in result.stdout.split(b"\0") if name)


class GitFiles:
    """The ledger at `folder` as it was at revision `rev` (a branch, tag or commit)."""

    def __init__(self, folder: Path, rev: str):
        self.folder = Path(folder)
        self.rev = rev
        self.commit = resolve(self.folder, rev)
        self.prefix = repo_prefix(self.folder)
        self._links: set[str] = set()  # symbolic links (mode 120000): never read, as on disk
        self._entries = self._list_tree()  # rel -> (object id, size)
        self._blobs: Optional[dict[str, bytes]] = None

    def _list_tree(self) -> dict[str, tuple[str, int]]:
        args = ["ls-tree", "-r", "-l", "-z", "--full-tree", self.commit]
        if self.prefix:
            args += ["--", self.prefix]
        result = run_git(self.folder, *args)
        if result.returncode != 0:  # the commit is there (resolved) but not its trees or blobs
            raise GitError("no_objects", self.rev, result.stderr.decode("utf-8", "replace").strip())
        entries = {}
        for record in result.stdout.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, kind, oid, size = meta.split()
            rel = path.decode("utf-8", "surrogateescape")[len(self.prefix):]
            if mode == _LINK_MODE:
                self._links.add(rel)
            elif kind == b"blob":
                entries[rel] = (oid.decode(), int(size))
        return entries

    def ledger_files(self) -> list[tuple[str, str]]:
        """Config, units, tasks/**/*.yaml|yml, then links under templates/, in the same order as
        DiskFiles lists them; a link under tasks/ or templates/ is listed whatever its name (R011)."""
        tasks = [rel for rel in self._entries
                 if rel.startswith(TASKS_DIR + "/") and PurePosixPath(rel).suffix in YAML_SUFFIXES]
        tasks += [rel for rel in self._links if _under(rel, TASKS_DIR)]
        tasks.sort(key=PurePosixPath)  # Path order (by parts), as DiskFiles sorts
        templates = sorted((rel for rel in self._links if _under(rel, TEMPLATES_DIR)), key=PurePosixPath)
        records = [(rel, kind.kind) for kind in RECORD_KINDS for rel in self._records_of(kind)]
        return ([(CONFIG_NAME, "config"), (UNITS_NAME, "units")] + [(rel, "tasks") for rel in tasks]
                + records + [(rel, "templates") for rel in templates])

    def _records_of(self, kind) -> list[str]:
        """The files of a record kind (reformctl.layout.RECORD_KINDS), links among them, as on disk."""
        if not kind.folder:
            return [kind.path] if kind.path in self._entries or kind.path in self._links else []
        found = [rel for rel in self._entries if kind.holds(rel)]
        found += [rel for rel in self._links if _under(rel, kind.path)]
        return sorted(found, key=PurePosixPath)

    def blob_ids(self) -> dict[str, str]:
        """Each file's git object id (relative path -> id): a file whose id is unchanged between two
        revisions has the same bytes, so what was built from it may be kept (reformctl.ops.revisions)."""
        return {rel: entry[0] for rel, entry in self._entries.items()}

    def read_bytes(self, rel: str) -> Optional[bytes]:
        """The file's bytes at the revision; None when absent; ValueError(size) when too large;
        Refused for a symbolic link, which is not followed (its blob is the target's path)."""
        if rel in self._links:
            raise Refused("R011", rel)
        entry = self._entries.get(rel)
        if entry is None:
            return None
        if entry[1] > MAX_FILE_BYTES:
            raise ValueError(entry[1])
        if self._blobs is None:
            self._blobs = self._read_all()
        return self._blobs.get(rel)

    def _read_all(self) -> dict[str, bytes]:
        """Every ledger file's blob in one `git cat-file --batch` call."""
        wanted = [rel for rel, _ in self.ledger_files()
                  if rel in self._entries and self._entries[rel][1] <= MAX_FILE_BYTES]
        request = "".join(self._entries[rel][0] + "\n" for rel in wanted).encode()
        result = run_git(self.folder, "cat-file", "--batch", stdin=request)
        blobs = _split_batch(result.stdout) if result.returncode == 0 else None
        if blobs is None:  # a partial clone that cannot fetch the files
            raise GitError("no_objects", self.rev, result.stderr.decode("utf-8", "replace").strip())
        return dict(zip(wanted, blobs))


def _under(rel: str, folder: str) -> bool:
    """`rel` is the folder itself (a link in its place) or inside it."""
    return rel == folder or rel.startswith(folder + "/")


def _split_batch(output: bytes) -> Optional[list[bytes]]:
    """The contents of `git cat-file --batch` output ('<oid> <type> <size>\\n<content>\\n' each); None if one is missing."""
    blobs, pos = [], 0
    while pos < len(output):
        header_end = output.index(b"\n", pos)
        header = output[pos:header_end].split()
        if len(header) != 3:  # '<oid> missing'
            return None
        size = int(header[2])
        start = header_end + 1
        blobs.append(output[start:start + size])
        pos = start + size + 1
    return blobs
