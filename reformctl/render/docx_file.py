"""A briefing as a Word file: template → blocks → GB/T 9704 document → the same bytes every time.

python-docx stamps the core properties with the current time and the zip entries with the
current date; both are fixed here (the as-of day, reformctl as author of the last change), and
the archive is rewritten in a stable order, so the same ledger, commit and as-of day give the
same file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Optional

from .docx_blocks import BlockError, escape_block_text, parse_blocks
from .templating import TemplateFailure, render_template

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(kind: str, data: dict, ledger_root: Optional[Path], forced_note: Optional[str],
                source_note: str, title: str) -> bytes:
    from .docx_writer import build_document

    name = f"{kind}.docx.j2"
    text = render_template(name, data, ledger_root, escape_block_text)
    try:
        blocks = parse_blocks(text)
    except BlockError as err:
        raise TemplateFailure(name, None, f"its output, {err}") from None
    document = build_document(blocks, forced_note, source_note)
    _fix_properties(document, data["as_of"], title, data.get("document", {}).get("issuer") or data["office"])
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


def _fix_properties(document, as_of: date, title: str, author: str) -> None:
    props = document.core_properties
    moment = datetime(as_of.year, as_of.month, as_of.day)
    props.created = props.modified = moment
    props.last_printed = moment
    props.last_modified_by = "reformctl"
    props.author = author
    props.title = title
    props.revision = 1


def stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and attributes, entries in their written order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
