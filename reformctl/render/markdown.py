"""Briefings as Markdown, for the web and for review in pull requests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from .templating import render_template
from .textsafe import escape_markdown

_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")


def render_markdown(kind: str, data: dict, ledger_root: Optional[Path], forced_note: Optional[str],
                    source_note: str) -> str:
    """The KIND's Markdown: a forced-render warning on top when the ledger has errors, the source
    line (commit, as-of day) at the end, added here so that no override can drop them."""
    body = render_template(f"{kind}.md.j2", data, ledger_root, escape_markdown).strip("\n")
    body = _BLANK_RUNS.sub("\n\n", body)  # templates may leave runs of blank lines where parts are empty
    parts = [f"> **{escape_markdown(forced_note)}**"] if forced_note else []
    parts += [body, f"<sub>{escape_markdown(source_note)}</sub>"]
    return "\n\n".join(parts) + "\n"
