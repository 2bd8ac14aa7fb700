"""`reformctl init --from-xlsx 台账.xlsx DIR`: a ledger bootstrapped from an office's Excel 台账."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from ..i18n import t
from ..problems import Problem
from .common import Session


def init_from_xlsx(s: Session, folder: Path, source: Path, mapping_path: Optional[Path]) -> None:
    """Read the workbook, write the ledger's files, then check them: every problem listed, exit 1 with errors."""
    from ..sources.xlsx_ledger import draft_files, read_xlsx_ledger

    mapping = _mapping(s, mapping_path) if mapping_path else {}
    try:
        draft = read_xlsx_ledger(source, str(source), mapping)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        _print(s, [Problem("R801", str(source), params={"detail": type(err).__name__})])
        raise typer.Exit(1) from None
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in draft_files(draft).items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    _finish_folder(folder)
    problems = draft.problems + _check(folder)
    _print(s, [p for p in problems if p.severity == "error"])
    s.err(t("from_xlsx_done", s.lang, source=source, path=folder, tasks=len(draft.tasks), units=len(draft.units),
            leaders=len(draft.leaders)))
    errors = sum(p.severity == "error" for p in problems)
    s.err(t("from_xlsx_fix" if errors else "from_xlsx_clean", s.lang, errors=errors,
            warnings=len(problems) - errors, path=folder))
    raise typer.Exit(1 if errors else 0)


def _finish_folder(folder: Path) -> None:
    from ..layout import SKELETON
    from .schema import write_schemas

    shutil.copyfile(SKELETON / "gitignore", folder / ".gitignore")
    write_schemas(folder / ".reformctl" / "schema")


def _check(folder: Path) -> list:
    from ..pipeline.ledger import load_ledger

    _ledger, problems = load_ledger(folder, today=date.today(), cache=False)
    return list(problems)


def _mapping(s: Session, path: Path) -> dict:
    from ruamel.yaml import YAML, YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as err:
        raise s.fail("from_xlsx_bad_mapping", path=path, detail=str(err).splitlines()[0] if str(err) else "") from None
    if not isinstance(data, dict):
        raise s.fail("from_xlsx_bad_mapping", path=path, detail="not a mapping")
    return data


def _print(s: Session, problems: list) -> None:
    for problem in problems:
        s.out(problem.format(s.lang))
