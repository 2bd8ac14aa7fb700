"""The ledger's file layout, named once: what a ledger folder holds and where.

    reformctl.yaml      the office's settings
    units.yaml          leaders and units
    tasks/**/*.yaml     the tasks, in as many files and folders as the office likes
    templates/          the office's own templates, overriding the built-in ones by name

The loader, the git reader, the template lookup, `init` and `schema` all take the names from here.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "reformctl.yaml"
UNITS_NAME = "units.yaml"
TASKS_DIR = "tasks"
TEMPLATES_DIR = "templates"
YAML_SUFFIXES = (".yaml", ".yml")

# the commented ledger that `init` writes (and `init --from-xlsx` takes its .gitignore from)
SKELETON = Path(__file__).resolve().parent / "skeleton"
