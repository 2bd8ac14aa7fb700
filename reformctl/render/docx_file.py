"""A briefing as a Word file: template → blocks → GB/T 9704 document → the same bytes every time.

python-docx stamps the core properties with the current time and the zip entries with the
current date; both are fixed here (the as-of day, reformctl as author of the last change), and
the archive is rewritten in a stable order, so the same ledger, commit and as-of day give the
same file. The properties are the office's: title, author (the issuer), the generator's line
(version, ledger version, data date) as the description; python-docx's template leaves no trace
(its thumbnail, "Microsoft Macintosh Word", Normal.dotm).
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape
from datetime import date, datetime
from pathlib import Path
from typing import Optional

from .docx_blocks import BlockError, escape_block_text, parse_blocks
from .templating import TemplateFailure, render_template
from .textsafe import xml_text

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def render_docx(kind: str, data: dict, ledger_root: Optional[Path], forced_note: Optional[str],
                title: str) -> bytes:
    from .docx_writer import build_document

    name = f"{kind}.docx.j2"
    # All text enters the Word file here: characters XML cannot hold (a check problem, but a
    # --force render still meets them) are made visible rather than failing deep in lxml.
    text = xml_text(render_template(name, data, ledger_root, escape_block_text))
    forced_note = xml_text(forced_note) if forced_note else forced_note
    title = xml_text(title)
    try:
        blocks = parse_blocks(text)
    except BlockError as err:
        raise TemplateFailure(name, None, f"its output, {err}") from None
    document, rows = build_document(blocks, forced_note)
    author = xml_text(data.get("document", {}).get("issuer") or data["office"])
    _fix_properties(document, data["as_of"], title, author, xml_text(provenance(data)))
    return document_bytes(document, rows, _office_parts(author, data.get("source", {}).get("generator")))


def document_bytes(document, rows: list[bytes], replace: Optional[dict] = None) -> bytes:
    """The saved file: python-docx's package with the tables' rows spliced in, made stable."""
    from .docx_writer import splice_rows

    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), {**(replace or {}), "word/document.xml": lambda xml: splice_rows(xml, rows)})


def provenance(data: dict) -> str:
    """The generator's line, in the document's properties rather than below the 版记: which
    reformctl, which ledger version and which day the figures are from."""
    source = data.get("source", {})
    where = f"台账版本{source['commit']}" if source.get("commit") else "台账（未纳入git管理）"
    day = data["as_of"]
    generator = source.get("generator") or "reformctl"
    return f"本文件由{generator}根据{where}生成，数据截至{day.year}年{day.month}月{day.day}日。"


def _fix_properties(document, as_of: date, title: str, author: str, description: str) -> None:
    props = document.core_properties
    moment = datetime(as_of.year, as_of.month, as_of.day)
    props.created = props.modified = moment
    props.last_printed = moment
    props.last_modified_by = "reformctl"
    props.author = author
    props.title = title
    props.comments = description
    props.language = "zh-CN"
    props.revision = 1


def _office_parts(company: str, generator: Optional[str]) -> dict:
    """Replacements for python-docx's template parts, by archive name (None: leave the part out)."""
    app = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f"<Application>{escape(generator or 'reformctl')}</Application>"
           f"<Company>{escape(company)}</Company></Properties>")
    return {"docProps/app.xml": app.encode(), "docProps/thumbnail.jpeg": None,
            "_rels/.rels": _without_thumbnail, "word/stylesWithEffects.xml": _chinese_styles}


def _chinese_styles(styles: bytes) -> bytes:
    """The template's second copy of the styles (for Word 2010) speaks zh-CN as the first does."""
    return re.sub(rb"<w:lang [^>]*/>", b'<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>', styles)


def _without_thumbnail(rels: bytes) -> bytes:
    return re.sub(rb"<Relationship [^>]*docProps/thumbnail\.jpeg[^>]*/>", b"", rels)


def stable_zip(data: bytes, replace: Optional[dict] = None) -> bytes:
    """The same archive with fixed entry times and attributes, entries in their written order;
    `replace` maps an entry's name to new bytes, a function of the old bytes, or None to drop it."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in replace:
                change = replace[info.filename]
                if change is None:
                    continue
                content = change(content) if callable(change) else change
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, content)
    return out.getvalue()
