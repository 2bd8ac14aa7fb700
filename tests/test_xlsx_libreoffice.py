"""Spreadsheets as an office's copy of LibreOffice saves them: re-saved with `soffice --headless
--convert-to xlsx`, then imported. Skipped, with the reason, where LibreOffice Calc is absent."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from reformctl.load.find import demo_ledger
from reformctl.pipeline.ledger import load_ledger
from test_xlsx_init import _shape

soffice = shutil.which("soffice") or shutil.which("libreoffice")


def resave(source: Path, folder: Path) -> Path:
    """The file as LibreOffice Calc saves it (xlsx); None when Calc cannot open xlsx here."""
    out = folder / "resaved"
    out.mkdir(exist_ok=True)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "xlsx",
                    "--outdir", str(out), str(source)], capture_output=True, timeout=180, check=False)
    return out / source.name


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed (apt-get install libreoffice-calc-nogui)")
    folder = tmp_path_factory.mktemp("calc")
    probe = folder / "probe.xlsx"
    openpyxl.Workbook().save(probe)
    if not resave(probe, folder).exists():
        pytest.skip("LibreOffice is installed without Calc: it cannot open xlsx (apt-get install libreoffice-calc-nogui)")
    return folder


def test_a_return_resaved_by_libreoffice_imports(calc, cli, ledger_dir, tmp_path):
    out = tmp_path / "returns"
    assert cli("returns", "make", "-p", "2026-06", "-u", "dev", "-l", ledger_dir, "-o", out).exit_code == 0
    made = out / "dev-2026-06.xlsx"
    book = openpyxl.load_workbook(made)
    form = book["进展报送表"]
    form["F4"], form["G4"], form["J4"] = date(2026, 6, 15), "方案已印发", "方案.pdf"
    form["F5"] = "2026/6/31"
    book.save(made)
    saved = resave(made, tmp_path)
    assert saved.exists()
    refused = cli("returns", "import", saved, "-l", ledger_dir, "--lang", "en")
    assert refused.stdout == f"{saved}!F5: R806 '2026/6/31' is not a day of the calendar; correct the month or the day.\n"
    book = openpyxl.load_workbook(saved)
    book["进展报送表"]["F5"] = None
    book.save(made)
    result = cli("returns", "import", resave(made, tmp_path), "-l", ledger_dir, "--lang", "en")
    assert (result.exit_code, result.stderr) == (0, "1 file: written 1 progress report and 1 milestone completion.\n")
    text = (ledger_dir / "tasks" / "main.yaml").read_text(encoding="utf-8")
    assert "what: 形成方案, done: 2026-06-15, evidence: [方案.pdf]}" in text


def test_the_ledger_resaved_by_libreoffice_reads_back(calc, cli, tmp_path):
    exported = tmp_path / "台账.xlsx"
    assert cli("export", "xlsx", "-o", exported).exit_code == 0
    saved = resave(exported, tmp_path)
    assert cli("init", tmp_path / "new", "--from-xlsx", saved).exit_code == 0
    original, _ = load_ledger(demo_ledger(), run_checks=False)
    rebuilt, _ = load_ledger(tmp_path / "new", run_checks=False)
    assert _shape(rebuilt, original.config.as_of) == _shape(original, original.config.as_of)
