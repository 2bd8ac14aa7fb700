"""The benchmark runs end to end on a small ledger (CI runs this; the real figures come from a person)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_generated_ledger_is_clean_and_deterministic(tmp_path, cli):
    sys.path.insert(0, str(BENCH))
    from make_ledger import write_ledger

    write_ledger(tmp_path / "a", 150, 3, seed=5)
    write_ledger(tmp_path / "b", 150, 3, seed=5)
    texts = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.yaml")}
    assert texts == {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.yaml")}
    result = cli("check", "-l", tmp_path / "a", "--lang", "en")
    assert result.exit_code == 0
    # 3 inspections, 4 notices, assessment.yaml, 7 plans, 2 meetings, upper.yaml and agenda.yaml
    assert result.stderr.strip() == "24 files, 150 tasks: no errors, 0 warnings."


def test_bench_smoke_run(tmp_path):
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--smoke", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)  # the site and trend figures too
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    (size,) = results["sizes"]
    assert size["tasks"] == 200
    for name in ("reference", "check_cold", "check_warm", "check_one_changed", "status_warm", "status_cold", "assess",
                 "report_md", "report_docx", "write_warm", "write_cold", "site_cold", "site_one_changed",
                 "trend_recorded"):
        assert size[name]["seconds"] > 0 and size[name]["peak_mb"] > 0
    assert set(results["demo"]) == {"imports", "demo_status"}
    assert "status on the demo, warm" in done.stdout and "targets on check are for 20,000 tasks" in done.stdout
