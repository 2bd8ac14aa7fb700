"""Finding the ledger: an explicit path, the environment, the folders above, or the bundled demo."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal, Mapping, NamedTuple, Optional

from ..layout import CONFIG_NAME, TEMPLATES_DIR

ENV_VAR = "REFORMCTL_LEDGER"

Origin = Literal["option", "env", "found", "demo"]


class LedgerLocation(NamedTuple):
    root: Path
    origin: Origin


class LedgerNotFound(Exception):
    """The path given by the user holds no ledger."""

    def __init__(self, path: Path, origin: Origin):
        super().__init__(str(path))
        self.path = path
        self.origin = origin


def package_data(name: str) -> Path:
    """A folder shipped inside the wheel (reformctl/_data/NAME, found through importlib.resources),
    or, in a source checkout (an editable install), the folder it is built from."""
    shipped = resources.files("reformctl").joinpath("_data", name)
    if shipped.is_dir():
        # an installed wheel is a folder on disk; callers (the loader, Jinja) want a real path
        return Path(str(shipped)).resolve()
    checkout = Path(__file__).resolve().parent.parent.parent
    return {"demo": checkout / "ledgers" / "demo", "templates": checkout / TEMPLATES_DIR}[name]


def demo_ledger() -> Path:
    return package_data("demo")


def find_ledger(explicit: Optional[str] = None, env: Optional[Mapping[str, str]] = None,
                cwd: Optional[Path] = None) -> LedgerLocation:
    """Where the ledger is: --ledger, else $REFORMCTL_LEDGER, else up from cwd, else the demo."""
    env = os.environ if env is None else env
    for value, origin in ((explicit, "option"), (env.get(ENV_VAR), "env")):
        if value:
            return LedgerLocation(_ledger_root(Path(value), origin), origin)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if _holds_settings(folder):
            return LedgerLocation(folder, "found")
    return LedgerLocation(demo_ledger(), "demo")


def _ledger_root(path: Path, origin: Origin) -> Path:
    path = path.expanduser()
    if path.name == CONFIG_NAME and (path.is_file() or path.is_symlink()):
        return path.parent.resolve()
    if _holds_settings(path):
        return path.resolve()
    raise LedgerNotFound(path, origin)


def _holds_settings(folder: Path) -> bool:
    """The folder has a settings file. A link counts (even one to nowhere): the ledger is found
    there and its reading says the link is not followed (R011), rather than another ledger (a
    parent's, the demo) being checked in its place."""
    settings = folder / CONFIG_NAME
    return settings.is_file() or settings.is_symlink()
