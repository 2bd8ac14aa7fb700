"""The layer contract, read from the source: imports point down only (docs/architecture.md).

Every import counts, including those inside functions (the lazy imports that keep start-up fast
are dependencies all the same).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import reformctl

PACKAGE = Path(reformctl.__file__).parent

# Bottom first. A module may import from its own layer and from the layers below it, never above.
LAYERS = [
    ("base", {"version", "layout", "calendar", "i18n", "model", "model_supervision", "model_assessment", "problems", "gitinfo", "ranking", "model_plans"}),
    ("words", {"timeline", "planning"}),
    ("load", {"load", "gitsource"}),
    ("rules", {"checks", "prrules"}),
    ("pipeline", {"pipeline"}),  # load_ledger and check_ledger: the load stages, then the checks
    ("ops", {"ops", "edit"}),
    ("reports", {"reports"}),
    ("render", {"render", "sources"}),  # sources: spreadsheets read back (returns, an Excel 台账)
    ("cli", {"cli", "__main__"}),
]
RANK = {part: rank for rank, (_, parts) in enumerate(LAYERS) for part in parts}

# Imports that break the contract, each named exactly so that the list can only shrink: a new one
# fails test_imports_point_down_only, and one that is gone fails test_no_stale_exceptions. None
# today: the checking of a loaded ledger lives in reformctl/pipeline, above checks/.
KNOWN_UPWARD: set[str] = set()


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every reformctl import in the file, relative ones resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]  # from . import x
    return [(line, name) for line, name in found if name == "reformctl" or name.startswith("reformctl.")]


def _part(module: str) -> str:
    """The top-level piece of reformctl a module belongs to: reformctl.load.cache -> load."""
    return module.split(".")[1] if module.count(".") else ""


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_part_of_the_package_has_a_layer():
    parts = {_part(_module_name(path)) for path in _sources()} - {""}
    assert parts <= set(RANK), f"put {sorted(parts - set(RANK))} in a layer (tests/test_layers.py, docs/architecture.md)"


def _upward_imports() -> dict[str, list[int]]:
    """'file: layer imports layer' -> the lines, for every import that points up."""
    found: dict[str, list[int]] = {}
    for path in _sources():
        own = _part(_module_name(path))
        if not own:  # the package's own __init__: a facade over the library (no cli, below)
            continue
        for line, target in _imports(path):
            part = _part(target)
            if part in RANK and RANK[part] > RANK[own]:
                where = f"{path.relative_to(PACKAGE.parent).as_posix()}: {own} imports {part}"
                found[where] = sorted({*found.get(where, []), line})
    return found


def test_imports_point_down_only():
    wrong = {where: lines for where, lines in _upward_imports().items() if where not in KNOWN_UPWARD}
    assert wrong == {}


def test_no_stale_exceptions():
    assert KNOWN_UPWARD <= set(_upward_imports()), "an exception is gone: take it off KNOWN_UPWARD"


@pytest.mark.parametrize("lower, upper", [
    ("model", {"load", "checks", "prrules", "ops", "reports", "render", "cli", "timeline"}),
    ("problems", {"load", "checks", "prrules", "ops", "reports", "render", "cli", "timeline"}),
    ("load", {"checks", "ops", "reports", "render", "cli"}),
    ("checks", {"ops", "reports", "render", "cli"}),
    ("prrules", {"ops", "reports", "render", "cli"}),
    ("ops", {"reports", "render", "cli"}),
])
def test_the_contract_of_the_issue(lower, upper):
    """Issue 9's contract, spelled out as it was written (the ranks above imply it)."""
    assert all(RANK[part] > RANK[lower] for part in upper)


def test_nothing_imports_the_command_line():
    wrong = {f"{path.relative_to(PACKAGE.parent)}:{line}: imports reformctl.cli"
             for path in _sources() if _part(_module_name(path)) not in ("cli", "__main__")
             for line, target in _imports(path) if _part(target) == "cli"}
    assert sorted(wrong) == []


def test_the_reader_sees_lazy_and_relative_imports(tmp_path):
    """The contract test would pass on anything if it read no imports: it reads these."""
    imports = dict((name, line) for line, name in _imports(PACKAGE / "load" / "find.py"))
    assert "reformctl.layout" in imports
    status = {name for _, name in _imports(PACKAGE / "cli" / "status.py")}
    assert {"reformctl.ops.status", "reformctl.cli.app", "reformctl.i18n"} <= status  # the first one is lazy


def test_an_upward_import_is_caught(tmp_path, monkeypatch):
    package = tmp_path / "reformctl"
    for rel, text in {"__init__.py": "", "ops/__init__.py": "", "ops/late.py": "def f():\n    from ..render import x\n",
                      "model.py": "import reformctl.load.stages\n", "checks/__init__.py": "from ..timeline import now\n"}.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", package)
    assert _upward_imports() == {"reformctl/model.py: model imports load": [1],
                                 "reformctl/ops/late.py: ops imports render": [2]}
