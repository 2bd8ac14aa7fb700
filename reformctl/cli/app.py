"""The Typer application every command module registers its commands on (kept apart from the
package's entry point, so that the command modules and the package import no circle)."""

from __future__ import annotations

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
