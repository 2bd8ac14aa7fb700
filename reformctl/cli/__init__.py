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


def main() -> None:
    """Entry point: never a traceback; exit 2 for anything the tool itself could not do."""
    try:
        from .replay import run_or_replay  # `status` again on an unchanged ledger: its recorded output

        run_or_replay(sys.argv[1:], app)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # the last line of defence: turn a bug into one clear message
        from ..i18n import resolve_lang, t

        detail = str(err).splitlines()[0] if str(err) else ""
        sys.stderr.write(t("internal", resolve_lang(), kind=type(err).__name__, detail=detail) + "\n")
        sys.exit(2)
