"""The 督办通知 document of a notice just sent (`notice send --out`), made as `report notice
--notice ID` makes it."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .common import Session, open_sound_ledger


def write_notice_document(s: Session, ledger: Optional[Path], notice_id: str, out: Path) -> None:
    """Load the ledger as written, and write the notice's document (.docx, else Markdown) to `out`."""
    from ..reports import build_report, document_settings
    from .report import ReportFormat, _emit, _render, _source

    loaded, errors, location, day = open_sound_ledger(s, ledger, None, False)
    data = build_report("notice", loaded, None, day, notice=notice_id)
    data["document"] = document_settings(loaded, None, [], [])
    data["document"]["date"] = data["sent"]
    data["source"] = _source(location.root, day, len(errors))
    fmt = ReportFormat.docx if out.suffix.lower() == ".docx" else ReportFormat.md
    _emit(s, _render(s, "notice", fmt, data, location.root, loaded.config), out, False)
