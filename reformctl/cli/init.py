"""`reformctl init DIR`: a new, valid, commented ledger to start from."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import t
from ..layout import CONFIG_NAME, SKELETON
from .app import app
from .common import LangOpt, session
from .schema import write_schemas



@app.command()
def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new or empty folder for the ledger.")],
    from_xlsx: Annotated[Optional[Path], typer.Option("--from-xlsx", metavar="台账.xlsx", show_default=False,
                         help="Build the ledger from an office's Excel 台账 (headers found by name).")] = None,
    mapping: Annotated[Optional[Path], typer.Option("--mapping", metavar="FILE", show_default=False,
                       help="With --from-xlsx: a YAML file mapping odd headers, and unit, leader or list names "
                            "to ids (headers:, units:, leaders:, lists:).")] = None,
    lang: LangOpt = None,
) -> None:
    """Write a new ledger skeleton with comments (新建台账), or one read from an Excel 台账 (--from-xlsx)."""
    s = session(lang)
    if (folder / CONFIG_NAME).exists():
        raise s.fail("init_exists", 1, path=folder)
    if folder.exists() and any(folder.iterdir()):
        raise s.fail("init_not_empty", 1, path=folder)
    if from_xlsx is not None:
        from .from_xlsx import init_from_xlsx

        init_from_xlsx(s, folder, from_xlsx, mapping)
        return
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(SKELETON.rglob("*")):
        if source.is_file():
            name = source.relative_to(SKELETON).as_posix()
            target = folder / (".gitignore" if name == "gitignore" else name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    write_schemas(folder / ".reformctl" / "schema")
    s.out(t("init_done", s.lang, path=folder))
