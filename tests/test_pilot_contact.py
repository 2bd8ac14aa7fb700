"""A pilot's contact point (联系点, issue 14 part 2) is a leader or a unit of units.yaml (R380): a
ledger check, so that a cached check of an unchanged task file still sees units.yaml change."""

from __future__ import annotations

from helpers import UNITS, write_ledger
from test_pilots import PILOT_TASKS

SOUND = PILOT_TASKS.split("- id: P-2")[0]


def _check(cli, root, *more):
    return cli("check", "-l", root, "--lang", "en", *more)


def test_a_contact_is_a_leader_or_a_unit(tmp_path, cli):
    as_leader = write_ledger(tmp_path / "leader", tasks={"p.yaml": SOUND})
    as_unit = write_ledger(tmp_path / "unit", tasks={"p.yaml": SOUND.replace("contact: li", "contact: gulou")})
    for root in (as_leader, as_unit):
        result = _check(cli, root, "--no-cache")
        assert (result.exit_code, result.stdout) == (0, "tasks/p.yaml:1:7: R702 no progress reported since 2026-01-01 "
                                                        "(170 days); the office expects an update at least every 30 days.\n")


def test_an_unknown_contact_is_located_with_a_fix(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": SOUND.replace("contact: li", "contact: lii")})
    result = _check(cli, root, "--no-cache")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "R380" in line] == [
        "tasks/p.yaml:13:14: R380 the pilot's contact point (联系点) 'lii' is neither a leader nor a unit of units.yaml "
        "(did you mean 'li'?); write the id of the leader or the unit who is its contact, or add them to units.yaml."]
    zh = cli("check", "-l", root, "--lang", "zh", "--no-cache")
    assert [line for line in zh.stdout.splitlines() if "R380" in line] == [
        "tasks/p.yaml:13:14: R380 试点联系点“lii”不是 units.yaml 中的领导或单位（是否应为“li”？）；"
        "请填写负责联系该试点的领导或单位的编号，或先在 units.yaml 中登记。"]


def test_the_cached_check_sees_the_contact_leave_units_yaml(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": SOUND.replace("contact: li", "contact: hitech")})
    first, again = _check(cli, root), _check(cli, root)
    assert first.stdout == again.stdout and "R380" not in first.stdout
    (root / "units.yaml").write_text(UNITS.replace("  - {id: hitech, name: 高新区, kind: park}\n", ""), encoding="utf-8")
    changed = _check(cli, root)
    assert [line.split(" ")[:2] for line in changed.stdout.splitlines() if "R380" in line] == [
        ["tasks/p.yaml:13:14:", "R380"]]
    assert _check(cli, root, "--no-cache").stdout == changed.stdout
