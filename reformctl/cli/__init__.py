"""The command line: a thin face over the library. Each command group lives in its own module."""

from __future__ import annotations

import sys

import typer

from ..version import __version__

app = typer.Typer(
    name="reformctl",
    help="reformctl: the reform office's ledger (改革台账) — check it, see its status, write its documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"reformctl {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """reformctl: the reform office's ledger (改革台账) — check it, see its status, write its documents."""


from . import check, status, schema, init, diff, report, export, returns  # noqa: E402,F401  (modules register their commands)


def _own_the_process() -> None:
    """What only the program that owns the process may decide (the library never does it).

    The cyclic garbage collector stays off: a run is short, and what it loads (a million small
    objects for a province ledger) stays until it exits; a collector walking them again and again
    tripled the time of a large load. What was imported so far is frozen out of its sight too.
    A large ledger may be read on both cores by a forked child (reformctl.load.parallel). A
    warning that the ledger's cache folder is not used is one plain line.
    """
    import gc
    import warnings

    from ..load.parallel import allow_forking

    gc.disable()
    gc.freeze()
    allow_forking()
    warnings.showwarning = _plain_warning


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
    try:
        _own_the_process()
        from .replay import run_or_replay  # `status` again on an unchanged ledger: its recorded output

        run_or_replay(sys.argv[1:], app)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # the last line of defence: turn a bug into one clear message
        from ..i18n import resolve_lang, t
        from ..render.textsafe import visible

        detail = str(err).splitlines()[0] if str(err) else ""  # may quote ledger text: shown as text
        sys.stderr.write(visible(t("internal", resolve_lang(), kind=type(err).__name__, detail=detail)) + "\n")
        sys.exit(2)
