"""The command line: a thin face over the library. Each command group lives in its own module."""

from __future__ import annotations

import sys

from .app import app
from . import check, status, schema, init, diff, report, export, returns  # noqa: F401,I001  (modules register their commands)
from . import log, trend, site  # noqa: F401,I001  (the ledger's history and its web pages)
from . import edit_report, edit_adjust, edit_close, edit_add, edit_plans  # noqa: F401,I001  (the commands that write)
from . import remind, assess  # noqa: F401,I001  (supervision: reminders, assessment)
from . import supervision  # noqa: F401,I001  (supervision: finding add|close, notice send|reply)


def _own_the_process() -> None:
    """What only the program that owns the process may decide (the library never does it).

    The cyclic garbage collector stays off: a run is short, and what it loads (a million small
    objects for a province ledger) stays until it exits; a collector walking them again and again
    tripled the time of a large load. What was imported so far is frozen out of its sight too.
    A large ledger may be read on both cores by a forked child (reformctl.load.parallel). A
    warning that the ledger's cache folder is not used is one plain line. And the process ends
    without being taken down object by object, nor what a command built before it (cli/ending.py).
    """
    import gc
    import warnings

    from ..load.parallel import allow_forking
    from .ending import own

    gc.disable()
    gc.freeze()
    allow_forking()
    warnings.showwarning = _plain_warning
    own()


def _plain_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from ..i18n import resolve_lang, t
    from ..load.cache import CacheFolderTracked

    if isinstance(message, CacheFolderTracked):
        text = t("cache_tracked", resolve_lang(None), folder=message.folder)
    else:
        text = str(message)
    sys.stderr.write(text + "\n")


def main() -> None:
    """Entry point: never a traceback; exit 2 for anything the tool itself could not do."""
    from .ending import leave

    leave(_exit_code())


def _exit_code() -> int:
    try:
        _own_the_process()
        from .replay import run_or_replay  # `status` again on an unchanged ledger: its recorded output

        run_or_replay(sys.argv[1:], app)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        sys.stderr.write(f"{done.code}\n")  # as Python says a message given to exit
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the last line of defence: turn a bug into one clear message
        from ..i18n import resolve_lang, t
        from ..render.textsafe import visible

        detail = str(err).splitlines()[0] if str(err) else ""  # may quote ledger text: shown as text
        sys.stderr.write(visible(t("internal", resolve_lang(), kind=type(err).__name__, detail=detail)) + "\n")
        return 2
    return 0
