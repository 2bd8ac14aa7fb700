"""What every command shares: its options, the language, the consoles, and opening the ledger."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..i18n import resolve_lang, t
from ..render.textsafe import json_safe, visible

LedgerOpt = Annotated[Optional[Path], typer.Option(
    "--ledger", "-l", show_default=False, envvar=None,
    help="The ledger folder (holding reformctl.yaml). Default: $REFORMCTL_LEDGER, else the folders "
         "above the current one, else the bundled demo ledger.")]
# `--as-of` has one meaning per command, and a type of its own for each meaning.
ViewDayOpt = Annotated[Optional[str], typer.Option(
    "--as-of", show_default=False, metavar="YYYY-MM-DD",
    help="The day to look at (查看日): the ledger as it stood that day; what is dated later is not "
         "there yet. Default: the ledger's pinned as_of, else today.")]
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", show_default=False, metavar="zh|en",
    help="Language of messages: zh (中文) or en. Default: $REFORMCTL_LANG, else the locale.")]
CheckDayOpt = Annotated[Optional[str], typer.Option(
    "--as-of", show_default=False, metavar="YYYY-MM-DD",
    help="The day taken as today (视为今天): check what may be done, reported or struck off by then. "
         "Default: the ledger's pinned as_of, else today.")]
ForceOpt = Annotated[bool, typer.Option(
    "--force", help="Show figures even when the ledger has errors (the output says so); where a file is "
                    "written, also replace an existing one.")]
NoCacheOpt = Annotated[bool, typer.Option(
    "--no-cache", help="Read every file afresh, neither using nor filling the parse cache.")]


class TableFormat(str, Enum):
    table = "table"
    json = "json"


class TextFormat(str, Enum):
    """Plain text for the terminal, Markdown for a pull request or a page, JSON for programs."""

    text = "text"
    md = "md"
    json = "json"


@dataclass
class Session:
    """One command's context: language, output streams, and the ledger once opened.

    Everything printed goes through `out` or `err`, which make control characters visible
    (ESC → ␛): ledger text, and messages quoting it, show as text and cannot act on a terminal.
    """

    lang: str

    def out(self, text: str = "") -> None:
        sys.stdout.write(visible(text) + "\n")

    def err(self, text: str) -> None:
        sys.stderr.write(visible(text) + "\n")

    def fail(self, key: str, code: int = 2, **params: Any) -> typer.Exit:
        self.err(t(key, self.lang, **params))
        return typer.Exit(code)

    def table(self, table) -> None:
        """Print a rich table; lines are right-stripped so that piped output is clean text."""
        console = self.console()
        with console.capture() as captured:
            console.print(table)
        lines = [line.rstrip() for line in captured.get().splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        for line in lines:  # cells were made safe on their way in; the lines hold rich's own styling
            sys.stdout.write(line + "\n")

    def console(self):
        """A rich console for tables: no colour off a terminal or under NO_COLOR, wide when piped."""
        from rich.console import Console

        terminal = sys.stdout.isatty()
        width = None if terminal else int(os.environ.get("COLUMNS", "160"))
        return Console(width=width, no_color=not terminal or "NO_COLOR" in os.environ,
                       highlight=False, soft_wrap=False)


def session(lang: Optional[str]) -> Session:
    return Session(resolve_lang(lang))


def parse_as_of(value: Optional[str], s: Session, bad: str = "bad_date") -> Optional[date]:
    """The day an option names (YYYY-MM-DD, read by model.iso_day); exit 2 with message `bad` if none."""
    if value is None:
        return None
    from ..model import iso_day

    day = iso_day(value)
    if day is None:
        raise s.fail(bad, value=value)
    return day


def open_ledger(s: Session, ledger_path: Optional[Path], as_of: Optional[str], no_cache: bool = False,
                location: Any = None):
    """Find, load and check the ledger. Returns (ledger, problems, location, day looked at).

    The day looked at is `--as-of` (ViewDayOpt), else the ledger's "now"; entries dated after it
    are simply not there yet. Dates are checked against the ledger's "now" (timeline.now).
    """
    from ..pipeline.ledger import load_ledger
    from ..timeline import now
    from .replay import files_of  # the bytes a replay's key was made of, if any

    day = parse_as_of(as_of, s)
    location = location or locate_ledger(s, ledger_path)
    ledger, problems = load_ledger(location.root, today=date.today(), files=files_of(location.root),
                                   cache=not no_cache)
    view_day = now(ledger.config, date.today(), day) if ledger else (day or date.today())
    return ledger, problems, location, view_day


def locate_ledger(s: Session, ledger_path: Optional[Path]):
    """Where the ledger is (see find_ledger); says so when it falls back to the bundled demo."""
    from ..load.find import LedgerNotFound, find_ledger

    try:
        location = find_ledger(str(ledger_path) if ledger_path else None)
    except LedgerNotFound as missing:
        raise s.fail("no_ledger", path=missing.path) from None
    if location.origin == "demo":
        s.err(t("demo_note", s.lang, path=location.root))
    return location


def open_sound_ledger(s: Session, ledger_path: Optional[Path], as_of: Optional[str], force: bool,
                      no_cache: bool = False, lean: bool = False):
    """Like open_ledger, but a ledger with errors is refused (exit 1) unless `force`.

    Figures computed from a ledger with errors leave out what could not be read: a person must
    ask for them knowingly. Returns (ledger, errors, location, as-of day). With `lean`, a ledger
    without errors comes with lean tasks (reformctl.pipeline.lean: for the commands that read
    only what a lean task holds); one with errors is read in full when forced.
    """
    location = None
    if lean:
        opened, location = _open_lean(s, ledger_path, as_of, force, no_cache)
        if opened is not None:
            return opened
    loaded, problems, location, day = open_ledger(s, ledger_path, as_of, no_cache=no_cache, location=location)
    errors = [p for p in problems if p.severity == "error"]
    refuse_unsound(s, loaded, errors, force)
    return loaded, errors, location, day


def refuse_unsound(s: Session, loaded, errors: list, force: bool) -> None:
    """Stop (exit 1) on a ledger that could not be read, or that has errors unless `force`; said once."""
    if loaded is None:
        print_problems(s, errors, s.err)
        raise s.fail("unreadable", 1)
    refuse_errors(s, errors, force)
    if errors:
        s.err(t("forced", s.lang, errors=len(errors)))


def _open_lean(s: Session, ledger_path: Optional[Path], as_of: Optional[str], force: bool, no_cache: bool):
    """(open_sound_ledger's answer from the lean read, or None when the full read must give it; the location)."""
    from ..pipeline.lean import load_lean
    from ..timeline import now
    from .replay import files_of

    day = parse_as_of(as_of, s)
    location = locate_ledger(s, ledger_path)
    ledger, problems = load_lean(location.root, today=date.today(), files=files_of(location.root),
                                 cache=not no_cache)
    if ledger is not None:
        return (ledger, [], location, now(ledger.config, date.today(), day)), location
    refuse_errors(s, problems, force)
    return None, location


def refuse_errors(s: Session, problems: Optional[list], force: bool) -> None:
    """Stop (exit 1) when `problems` hold an error, unless `force`: the errors, and the refusal."""
    errors = [p for p in problems or () if p.severity == "error"]
    if errors and not force:
        print_problems(s, errors, s.err)
        raise s.fail("refuse", 1, errors=len(errors))


def print_problems(s: Session, problems: list, stream=None) -> None:
    write = stream or s.out
    for problem in problems:
        write(problem.format(s.lang))


def dump_json(data: Any) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


# --- output files -----------------------------------------------------------------------------

_KINDS = {stat.S_IFDIR: ("a folder", "目录"), stat.S_IFLNK: ("a symbolic link", "符号链接"),
          stat.S_IFIFO: ("a FIFO (named pipe)", "命名管道"), stat.S_IFCHR: ("a device", "设备文件"),
          stat.S_IFBLK: ("a device", "设备文件"), stat.S_IFSOCK: ("a socket", "套接字")}


def write_file(s: Session, target: Path, content: bytes, replace: bool, sync_folder: bool = True) -> None:
    """Write `content` to `target` whole or not at all, and only as a regular file.

    A folder, symbolic link, FIFO or device at `target` is refused, and so is an existing file
    unless `replace` (--force). The content goes to a temporary file in the same folder, is
    synced to disk, and is renamed into place (linked, when nothing may be replaced, so that a
    file appearing meanwhile is still kept); a failure leaves no file behind. Without
    `sync_folder`, the caller syncs the folder once after writing many files into it (`sync_folder`).
    """
    _refuse_target(s, target, replace)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a document is not
        _put_in_place(temporary, target, replace)
        if sync_folder:
            _sync_folder(target.parent)
    except FileExistsError:
        raise s.fail("output_exists", path=target) from None
    except OSError as err:
        raise s.fail("cannot_write", path=target, detail=err.strerror or str(err)) from None
    finally:
        if temporary and os.path.lexists(temporary):
            os.unlink(temporary)


def _refuse_target(s: Session, target: Path, replace: bool) -> None:
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as err:
        raise s.fail("cannot_write", path=target, detail=err.strerror or str(err)) from None
    if not stat.S_ISREG(mode):
        kind, kind_zh = _KINDS.get(stat.S_IFMT(mode), ("not a regular file", "非普通文件"))
        raise s.fail("output_not_file", path=target, kind=kind, kind_zh=kind_zh)
    if not replace:
        raise s.fail("output_exists", path=target)


def _put_in_place(temporary: str, target: Path, replace: bool) -> None:
    if replace:
        os.replace(temporary, target)  # rename(2) replaces a link itself, never what it points to
        return
    try:
        os.link(temporary, target)  # fails with FileExistsError if anything is there by now
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check once more, then rename
        if os.path.lexists(target):
            raise FileExistsError(str(target)) from None
        os.replace(temporary, target)


def sync_folder(folder: Path) -> None:
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Sync the folder too, so that the rename itself survives a crash (where the system allows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some systems cannot sync a folder; the file itself is synced
    finally:
        os.close(handle)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
