"""reformctl: a ledger for reform offices (改革办), kept as YAML in git.

The library works without the command line::

    from reformctl import load_ledger
    ledger, problems = load_ledger("ledgers/demo")

Names are imported on first use, so that `reformctl --help` does not pay for pydantic.
"""

from .version import __version__

__all__ = ["load_ledger", "Problem", "Ledger", "__version__"]


def __getattr__(name: str):
    if name == "load_ledger":
        from .pipeline.ledger import load_ledger

        return load_ledger
    if name == "Problem":
        from .problems import Problem

        return Problem
    if name == "Ledger":
        from .model import Ledger

        return Ledger
    raise AttributeError(f"module 'reformctl' has no attribute {name!r}")
