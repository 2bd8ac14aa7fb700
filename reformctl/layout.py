"""The ledger's file layout, named once: what a ledger folder holds and where.

    reformctl.yaml      the office's settings
    units.yaml          leaders and units
    tasks/**/*.yaml     the tasks, in as many files and folders as the office likes
    inspections/ ...    further record kinds (督察, 督办, ...): see RECORD_KINDS below
    templates/          the office's own templates, overriding the built-in ones by name

The loader, the git reader, the template lookup, `init` and `schema` all take the names from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

CONFIG_NAME = "reformctl.yaml"
UNITS_NAME = "units.yaml"
TASKS_DIR = "tasks"
TEMPLATES_DIR = "templates"
YAML_SUFFIXES = (".yaml", ".yml")

# the commented ledger that `init` writes (and `init --from-xlsx` takes its .gitignore from)
SKELETON = Path(__file__).resolve().parent / "skeleton"


class RecordKind(NamedTuple):
    """A kind of ledger record beyond the settings, units and tasks, declared once.

    The loader (listing on disk and in git, reading, parsing, caching, building), the schema,
    `init` and the reference checks take the kinds from :data:`RECORD_KINDS`. Adding a kind is
    one line here and its model (docs/ledger-format.md, "Adding a record kind").
    """

    kind: str  # the LedgerFile kind, and the key of Ledger.records
    path: str  # a folder under the root (folder=True) or a file at the root
    folder: bool  # a folder of files (path/**/*.yaml) or one file at the root (optional)
    shape: Literal["mapping", "list"]  # what each file holds: one record, or a list of records
    model: str  # "module:Class" inside reformctl, imported only when the kind is built
    name_en: str  # what one record is called, in the messages
    name_zh: str

    def holds(self, rel: str) -> bool:
        """Whether the ledger file `rel` (relative, with forward slashes) is of this kind."""
        if self.folder:
            return rel.startswith(self.path + "/") and rel.endswith(YAML_SUFFIXES)
        return rel == self.path


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("inspections", "inspections", True, "mapping", "model_supervision:Inspection", "inspection", "督察"),
    RecordKind("notices", "notices", True, "mapping", "model_supervision:Notice", "notice", "督办通知"),
    RecordKind("assessment", "assessment.yaml", False, "mapping", "model_assessment:AssessmentMethod",
               "assessment method", "考核办法"),
    RecordKind("plans", "plans", True, "mapping", "model_plans:Plan", "plan", "改革方案"),
    RecordKind("upper", "upper.yaml", False, "mapping", "model_plans:UpperFile", "upper documents file", "上级文件清单"),
    RecordKind("meetings", "meetings", True, "mapping", "model_plans:Meeting", "meeting", "会议"),
    RecordKind("agenda", "agenda.yaml", False, "mapping", "model_plans:AgendaFile", "agenda file", "议题储备库"),
)
RECORD_KIND = {kind.kind: kind for kind in RECORD_KINDS}
