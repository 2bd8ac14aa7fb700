"""`reformctl schema` describes the files that `reformctl init` writes and the demo holds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from reformctl import load_ledger
from reformctl.load.find import demo_ledger


def _yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _stringify_dates(data):
    """YAML timestamps as the text they were written as, the way reformctl reads them."""
    if isinstance(data, dict):
        return {k: _stringify_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_stringify_dates(v) for v in data]
    return data.isoformat() if isinstance(data, date) else data


def test_schema_prints_each_kind(cli):
    schemas = json.loads(cli("schema").stdout)
    assert sorted(schemas) == ["agenda", "assessment", "config", "inspections", "meetings", "notices", "plans", "tasks",
                               "units", "upper"]
    assert schemas["tasks"]["type"] == "array"
    task = schemas["tasks"]["$defs"]["Task"]
    assert {"id", "title", "lead_unit", "milestones", "changes", "closed"} <= set(task["properties"])
    assert task["additionalProperties"] is False
    assert json.loads(cli("schema", "units").stdout)["title"] == "reformctl units.yaml"


def test_schema_rejects_an_unknown_kind(cli):
    result = cli("schema", "pilots", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == ("Unknown file kind 'pilots'; choose one of: config, units, tasks, inspections, notices, "
                             "assessment, plans, upper, meetings, agenda.\n")


def test_demo_ledger_validates_against_the_schemas(cli, tmp_path):
    cli("schema", "--out", tmp_path)
    demo = demo_ledger()
    pairs = [("config", demo / "reformctl.yaml"), ("units", demo / "units.yaml")]
    pairs += [("tasks", path) for path in sorted((demo / "tasks").glob("*.yaml"))]
    pairs += [(kind, path) for kind in ("inspections", "notices", "plans", "meetings") for path in sorted((demo / kind).glob("*.yaml"))]
    pairs += [("upper", demo / "upper.yaml"), ("agenda", demo / "agenda.yaml")]
    for kind, path in pairs:
        schema = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        jsonschema.validate(_stringify_dates(_yaml(path)), schema)


def test_schema_catches_a_typo_like_the_checker(cli, tmp_path):
    cli("schema", "--out", tmp_path)
    schema = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError, match="lead_unti"):
        jsonschema.validate([{"id": "A-1", "title": "t", "lead_unit": "u", "lead_unti": "u"}], schema)


def test_init_writes_a_valid_commented_ledger(cli, tmp_path):
    target = tmp_path / "new-ledger"
    result = cli("init", target, "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Wrote a new ledger in {target}.")
    assert (target / ".gitignore").read_text(encoding="utf-8").strip()
    assert sorted(p.name for p in (target / ".reformctl" / "schema").iterdir()) == [
        "agenda.json", "assessment.json", "config.json", "inspections.json", "meetings.json", "notices.json", "plans.json",
        "tasks.json", "units.json", "upper.json"]
    config_text = (target / "reformctl.yaml").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in config_text and "#" in config_text.split("\n", 3)[2]
    ledger, problems = load_ledger(target, today=date(2026, 11, 23))
    assert problems == [] and ledger.tasks
    assert [i.id for i in ledger.inspections] == ["DC-2026-01"] and [n.id for n in ledger.notices] == ["DB-2026-01"]


def test_init_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "l"
    cli("init", target)
    before = (target / "units.yaml").read_bytes()
    result = cli("init", target, "--lang", "en")
    assert result.exit_code == 1
    assert "already holds a ledger" in result.stderr
    assert (target / "units.yaml").read_bytes() == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    assert cli("init", other).exit_code == 1
