"""Replay `reformctl status` when nothing its output depends on has changed.

`reformctl status` is what a person types at the terminal, again and again, on a ledger that did
not change in between. Its output is deterministic: the same command line, ledger files, day,
commit, folder, language and terminal give the same bytes. So a run records what it printed
(stdout, stderr, exit code) in the parse cache, keyed on all of those, and the next identical run
prints the record before the options are even parsed: no pydantic, no ledger, no tables.
Anything in the key changing (a file's content, the day, the commit or its "+dirty" mark, the
folder, an option, the width of the terminal, reformctl's code or a dependency's version) is a
miss, and the command runs afresh, on the very bytes and commit the key was made of (files_of,
commit_of): nothing is read or asked of git twice. Only plain command lines qualify (the command's
own options, as Typer declares them, with values that do not start with '-'); anything else,
`--no-cache` included, just runs.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional, Union

# Everything in the environment that can change what a command prints.
_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "COLORTERM", "TTY_COMPATIBLE",
                "TTY_INTERACTIVE", "REFORMCTL_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "TZ", "REFORMCTL_LEDGER")


class _Tee:
    """A text stream that passes everything through and keeps a copy."""

    def __init__(self, stream: Any):
        self.stream = stream
        self.parts: list[str] = []

    broken = False  # a write failed (a closed pipe: `status | head`): the copy is not the output

    def write(self, text: str) -> int:
        self.parts.append(text)
        try:
            return self.stream.write(text)
        except OSError:
            self.broken = True
            raise

    def flush(self) -> None:  # a closed pipe may show only here, the text having been buffered
        try:
            self.stream.flush()
        except OSError:
            self.broken = True
            raise

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, fileno... as the stream has them
        return getattr(self.stream, name)


class _Read(NamedTuple):
    """What making the key read of the ledger: the command run next reuses it (see files_of, commit_of)."""

    root: Path
    files: Any  # a ReadOnce over the ledger's folder: the bytes that were hashed
    commit: Optional[str]


_read_for_key: Optional[_Read] = None


def files_of(root: Path) -> Any:
    """The ledger's files as already read (and hashed) for the replay's key in this run, else None.

    Loading these very bytes also makes the recorded output the one of the files in the key."""
    return _read_for_key.files if _read_for_key and _read_for_key.root == root else None


def commit_of(root: Path) -> Optional[str]:
    """The ledger's commit as already asked of git for the replay's key in this run, else asked now."""
    if _read_for_key and _read_for_key.root == root:
        return _read_for_key.commit
    from ..gitinfo import head_commit

    return head_commit(root)


def run_or_replay(argv: list[str], app: Any) -> None:
    """Run the command line with `app`; a plain `status` prints its recorded output if it has one."""
    global _read_for_key
    ledger = _replayable_status(argv, app)
    found = None if ledger is False else _store_and_key(ledger, tuple(argv))
    if found is None:
        run_command(argv, app)
        return
    store, key, _read_for_key = found
    recorded = _recorded(store.get("output", key))
    if recorded is not None:
        out, err, code = recorded
        sys.stdout.write(out)
        sys.stderr.write(err)
        sys.stdout.flush()
        raise SystemExit(code)
    try:
        _run_and_record(store, key, lambda: run_command(argv, app))
    finally:
        _read_for_key = None


def _recorded(entry: Any) -> Optional[tuple[str, str, int]]:
    """An output entry of the right shape (stdout, stderr, exit code), else None: a miss."""
    if isinstance(entry, tuple) and len(entry) == 3 and type(entry[0]) is str and type(entry[1]) is str \
            and type(entry[2]) is int:
        return entry
    return None


def _replayable_status(argv: list[str], app: Any) -> Union[bool, None, str]:
    """The --ledger value of a plain `status` command line (None if not given), or False.

    Plain: every token is one of the command's own options (as Typer declares them), with its
    value when it takes one (not starting with '-'); --no-cache, --help or anything else is not.
    """
    if not argv or argv[0] != "status" or "--no-cache" in (token.partition("=")[0] for token in argv[1:]):
        return False  # (a line holding --no-cache is never plain: known before Typer builds the commands)
    flags, valued = _status_options(app)
    ledger, index = None, 1
    while index < len(argv):
        token = argv[index]
        name, equals, value = token.partition("=")
        if token in flags:
            index += 1
            continue
        if not (name.startswith("--") and name in valued and equals):
            if token not in valued or index + 1 >= len(argv) or argv[index + 1].startswith("-"):
                return False
            name, value = token, argv[index + 1]
            index += 1
        if valued[name] == "ledger":
            ledger = value
        index += 1
    return ledger


def _status_options(app: Any) -> tuple[set[str], dict[str, str]]:
    """(flags, {option name: parameter name} of options taking a value) of the `status` command.

    Read from the command Typer builds, so that a new option is known here without a word; the
    --no-cache flag is left out: it asks for a run that neither reads nor fills the cache.
    """
    command = _built_alone(app, "status")
    flags: set[str] = set()
    valued: dict[str, str] = {}
    for param in command.params:
        names = [*param.opts, *param.secondary_opts]
        if getattr(param, "is_flag", False):
            flags.update(names if param.name != "no_cache" else ())
        else:
            valued.update({name: param.name for name in names})
    return flags, valued


def _built_alone(app: Any, name: str) -> Any:
    """The command `name` as Typer builds it for the whole command line, built alone: building
    the whole command line (72 commands) cost more than a warm `status` itself. Built once."""
    import typer.main

    built = _BUILT.get(name)
    if built is None:
        info = next((c for c in app.registered_commands
                     if (c.name or getattr(c.callback, "__name__", "")) == name), None)
        try:
            built = typer.main.get_command_from_info(info, pretty_exceptions_short=app.pretty_exceptions_short,
                                                     rich_markup_mode=app.rich_markup_mode)
        except (TypeError, AttributeError):  # another Typer's signature: the whole command line, as before
            built = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
        _BUILT[name] = built
    return built


_BUILT: dict[str, Any] = {}


# Commands run with their own command alone: Typer builds all 72 commands of the command line (about
# 0.1 s) to run any one of them, and these are the ones run on large ledgers and at the terminal.
LONE_COMMANDS = frozenset({"status", "overdue", "check"})


def run_command(argv: list[str], app: Any, prog_name: Optional[str] = None) -> None:
    """Run the command line with `app`; one of LONE_COMMANDS with that command built alone, as
    its own program named `reformctl <command>`: the same options, help, usage and errors, and
    `-h` as the whole command line gives it (tests/test_startup.py holds them equal)."""
    command = lone_command(argv, app)
    if command is None:
        app(args=argv, prog_name=prog_name)
        return
    if prog_name is None:  # as the whole command line names itself: `reformctl`, or `python -m reformctl`
        prog_name = _program_name()
    command.main(args=argv[1:], prog_name=f"{prog_name} {argv[0]}", **_context_settings(app))


def _program_name() -> str:
    """The name the whole command line gives itself (Click's rule): Typer ships its own Click from
    0.29 on, older ones use the click package; with neither helper, the script's file name."""
    try:
        from typer._click.utils import _detect_program_name
    except ImportError:
        try:
            from click.utils import _detect_program_name
        except ImportError:
            return os.path.basename(sys.argv[0]) or "reformctl"
    return _detect_program_name()


def lone_command(argv: list[str], app: Any) -> Any:
    """The command argv names, built alone, when it is one of LONE_COMMANDS; else None (the
    whole command line runs: shell completion, which works on the whole, included)."""
    if not argv or argv[0] not in LONE_COMMANDS or "_REFORMCTL_COMPLETE" in os.environ:
        return None
    return _built_alone(app, argv[0])


def _context_settings(app: Any) -> dict:
    """What the whole command line's context gives its commands (`-h` as well as `--help`)."""
    settings = app.info.context_settings
    return dict(settings) if isinstance(settings, dict) else {}


def _run_and_record(store: Any, key: str, run: Callable[[], Any]) -> None:
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    sys.stdout, sys.stderr = out, err
    code = None
    try:
        run()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        raise
    finally:
        sys.stdout, sys.stderr = out.stream, err.stream
        if code in (0, 1) and not (out.broken or err.broken):  # not a usage error, a crash nor a cut-off output
            store.put("output", key, ("".join(out.parts), "".join(err.parts), code))


def _store_and_key(ledger_path: Optional[str], options: tuple) -> Optional[tuple[Any, str, _Read]]:
    from ..gitinfo import head_commit
    from ..load.cache import Cache
    from ..load.files import DiskFiles, ReadOnce
    from ..load.find import LedgerNotFound, find_ledger
    from ..pipeline.incremental import file_hashes, whole_check_key

    try:
        location = find_ledger(str(Path(ledger_path)) if ledger_path else None)
    except (LedgerNotFound, OSError):
        return None  # the command itself says so
    store = Cache.for_ledger(location.root)
    if store is None:
        return None
    terminal = sys.stdout.isatty()
    read = _Read(location.root, ReadOnce(DiskFiles(location.root)), head_commit(location.root))
    key = whole_check_key(file_hashes(read.files), "replay", options, str(location.root), location.origin,
                          os.getcwd(), date.today().isoformat(), read.commit, terminal,
                          tuple(shutil.get_terminal_size()) if terminal else None,
                          tuple(os.environ.get(name) for name in _ENVIRONMENT))
    return store, key, read
