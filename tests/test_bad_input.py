"""The bad-input catalogue: each gets exit 1, a path:line in the message, and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import write_ledger

BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join(['*' + prev] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi"))

TASK = "- id: X-1\n  title: 改革任务\n  lead_unit: dev\n"
DEEP_MAPPING = "".join("  " * level + f"k{level}:\n" for level in range(1000)) + "  " * 1000 + "v: 1\n"

CASES = {
    # name: (file, bytes, expected "path:line:col: CODE")
    "yaml syntax": ("tasks/b.yaml", b"- id: X-1\n  title: [unclosed\n", "tasks/b.yaml:3:1: R001"),
    "tab indent": ("tasks/b.yaml", b"- id: X-1\n\ttitle: t\n", "tasks/b.yaml:2:1: R002"),
    "duplicate key": ("tasks/b.yaml", (TASK + "  title: again\n").encode(), "tasks/b.yaml:4:3: R003"),
    "no such day": ("tasks/b.yaml", (TASK + "  milestones:\n    - {id: m1, due: 2026-02-30, what: w}\n").encode(),
                    "tasks/b.yaml:5:21: R105"),
    "slash date": ("tasks/b.yaml", (TASK + "  milestones:\n    - {id: m1, due: 2026/6/30, what: w}\n").encode(),
                   "tasks/b.yaml:5:21: R104"),
    "id 007": ("tasks/b.yaml", b"- id: 007\n  title: t\n  lead_unit: dev\n", "tasks/b.yaml:1:7: R106"),
    "gbk": ("tasks/b.yaml", TASK.encode("gbk"), "tasks/b.yaml:2:10: R004"),
    "utf-16": ("tasks/b.yaml", TASK.encode("utf-16"), "tasks/b.yaml:1:1: R004"),
    "empty file": ("tasks/b.yaml", b"", "tasks/b.yaml:1:1: R005"),
    "comments only": ("tasks/b.yaml", b"# nothing yet\n", "tasks/b.yaml:1:1: R005"),
    "list for mapping": ("units.yaml", b"- a\n- b\n", "units.yaml:1:1: R008"),
    "mapping for list": ("tasks/b.yaml", b"id: X-1\ntitle: t\n", "tasks/b.yaml:1:1: R008"),
    "billion laughs": ("units.yaml", BILLION_LAUGHS.encode(), "units.yaml:1:4: R006"),
    "too large": ("tasks/b.yaml", b"# padding\n" * 2_200_000, "tasks/b.yaml:1:1: R007"),
    "two documents": ("tasks/b.yaml", (TASK + "---\n" + TASK).encode(), "tasks/b.yaml:4:1: R001"),
    "unknown key": ("tasks/b.yaml", (TASK + "  lead_unti: dev\n").encode(), "tasks/b.yaml:4:3: R101"),
    "scalar for list": ("tasks/b.yaml", (TASK + "  co_units: dev\n").encode(), "tasks/b.yaml:4:13: R103"),
    "binary": ("tasks/b.yaml", b"\x00\x01\x02garbage", "tasks/b.yaml:1:1: R004"),
    "yaml tag": ("tasks/b.yaml", (TASK + "  co_units: !custom [gulou]\n").encode(), "tasks/b.yaml:4:13: R014"),
    "deep mapping": ("tasks/b.yaml", DEEP_MAPPING.encode(), "tasks/b.yaml:65:129: R015"),
    "bidi override": ("tasks/b.yaml", ("# a\u202eb\n" + TASK).encode(), "tasks/b.yaml:1:4: R016"),
    "blank title": ("tasks/b.yaml", b"- id: X-1\n  title: '  '\n  lead_unit: dev\n", "tasks/b.yaml:2:10: R110"),
}


def _bad_ledger(tmp_path: Path, rel: str, content: bytes) -> Path:
    root = write_ledger(tmp_path / "ledger")
    (root / rel).write_bytes(content)
    return root


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_with_position(name, tmp_path, cli):
    rel, content, expected = CASES[name]
    root = _bad_ledger(tmp_path, rel, content)
    result = cli("check", "-l", root, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.startswith(expected), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_input_leaves_files_as_they_were(tmp_path, cli):
    rel, content, _ = CASES["duplicate key"]
    root = _bad_ledger(tmp_path, rel, content)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    cli("check", "-l", root)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_every_problem_is_reported_at_once(tmp_path, cli):
    root = write_ledger(tmp_path / "ledger", tasks={
        "a.yaml": "- id: A-1\n  title: t\n  lead_unit: nobody\n  milestones:\n    - {id: m1, due: 2026/1/1, what: w}\n",
        "b.yaml": "- id: B-1\n\ttitle: t\n",
        "c.yaml": "- id: C-1\n  title: t\n  lead_unit: dev\n  lead_leader: nobody\n  milestones: [{id: m1, due: 2026-05-01, what: w}]\n",
    })
    result = cli("check", "-l", root, "--lang", "en")
    codes = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()]
    assert codes == ["R104", "R002", "R302"]
    assert result.exit_code == 1


def test_no_traceback_from_the_installed_entry_point(tmp_path):
    rel, content, _ = CASES["billion laughs"]
    root = _bad_ledger(tmp_path, rel, content)
    run = subprocess.run([sys.executable, "-m", "reformctl", "check", "-l", str(root), "--lang", "en"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert "R006" in run.stdout and "Traceback" not in run.stderr


@pytest.mark.parametrize("name, guess", [("gbk", "看起来是 GBK/GB18030 编码"), ("utf-16", "疑似 UTF-16 编码或二进制文件"),
                                         ("binary", "疑似 UTF-16 编码或二进制文件")])
def test_a_file_not_in_utf8_is_described_in_chinese_in_chinese(name, guess, tmp_path, cli):
    rel, content, expected = CASES[name]
    result = cli("check", "-l", _bad_ledger(tmp_path, rel, content), "--lang", "zh")
    assert result.stdout.startswith(expected) and f"文件不是 UTF-8 编码（{guess}）" in result.stdout, result.stdout
