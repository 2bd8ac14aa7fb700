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
from reformctl.load.ledger import load_ledger
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


def test_the_ledger_resaved_by_libreoffice_reads_back(calc, cli, tmp_path):
    exported = tmp_path / "台账.xlsx"
    assert cli("export", "xlsx", "-o", exported).exit_code == 0
    saved = resave(exported, tmp_path)
    assert cli("init", tmp_path / "new", "--from-xlsx", saved).exit_code == 0
    original, _ = load_ledger(demo_ledger(), run_checks=False)
    rebuilt, _ = load_ledger(tmp_path / "new", run_checks=False)
    assert _shape(rebuilt, original.config.as_of) == _shape(original, original.config.as_of)
