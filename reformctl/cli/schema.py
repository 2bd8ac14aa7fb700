"""`reformctl schema`: JSON Schemas of the ledger's files, for editors with a YAML language server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import t
from ..layout import CONFIG_NAME, RECORD_KINDS, TASKS_DIR, UNITS_NAME
from .app import app
from .common import LangOpt, dump_json, session

KINDS = ("config", "units", "tasks", *(kind.kind for kind in RECORD_KINDS))


def json_schemas() -> dict[str, dict]:
    """The schema of each file kind: reformctl.yaml, units.yaml, a tasks/*.yaml file, and a file of
    each record kind of reformctl.layout.RECORD_KINDS (inspections/*.yaml, notices/*.yaml ...)."""
    from pydantic import TypeAdapter

    from ..load.stages import record_model
    from ..model import Config, Task, UnitsFile

    schemas = {
        "config": Config.model_json_schema(by_alias=True),
        "units": UnitsFile.model_json_schema(by_alias=True),
        "tasks": TypeAdapter(list[Task]).json_schema(by_alias=True),
    }
    titles = {"config": CONFIG_NAME, "units": UNITS_NAME, "tasks": f"{TASKS_DIR}/*.yaml"}
    for kind in RECORD_KINDS:
        model = record_model(kind)
        schemas[kind.kind] = (model.model_json_schema(by_alias=True) if kind.shape == "mapping"
                              else TypeAdapter(list[model]).json_schema(by_alias=True))
        titles[kind.kind] = f"{kind.path}/*.yaml" if kind.folder else kind.path
    for kind, schema in schemas.items():
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"reformctl {titles[kind]}"
    return schemas


def write_schemas(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    schemas = json_schemas()
    for kind, schema in schemas.items():
        (folder / f"{kind}.json").write_text(dump_json(schema) + "\n", encoding="utf-8")
    return len(schemas)


@app.command()
def schema(
    kind: Annotated[Optional[str], typer.Argument(metavar="[KIND]", help=f"Which file kind ({', '.join(KINDS)}); "
                                                  "all of them when omitted.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write KIND.json for each kind (config.json, "
                                                "units.json, tasks.json ...) into this folder instead of printing.")] = None,
    lang: LangOpt = None,
) -> None:
    """Print the JSON Schema of the ledger's files (文件结构), for editor completion and checks."""
    s = session(lang)
    if kind is not None and kind not in KINDS:
        raise s.fail("bad_kind", kind=kind, choices=", ".join(KINDS))
    if out is not None:
        s.out(t("schema_written", s.lang, count=write_schemas(out), path=out))
        return
    schemas = json_schemas()
    s.out(dump_json(schemas[kind] if kind else schemas))
