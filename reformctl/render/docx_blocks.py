"""The Word templates' text: a few line-based blocks that the Word writer styles per GB/T 9704.

A `*.docx.j2` template renders to lines like these (blank lines are ignored):

    @issuer 江州市委全面深化改革委员会办公室      发文机关标志 (red), then
    @number 江改办〔2026〕5号                    发文字号 and the red rule (an empty number: the rule alone)
    # 关于……的通报                               title (二号 方正小标宋简体)
    @to 各区、各部门：                            主送 (flush left)
    ## 一、总体情况                               heading, first level (黑体)
    ### （一）……                                 second level (楷体)
    #### 1. ……                                   third and fourth levels (仿宋)
    截至……                                       a body paragraph (三号 仿宋, indented two characters)
    | 序号 | 任务 |                              table rows; a row of dashes marks the header above it
    |---|---|
    @annexes 滞后任务清单|各单位推进情况排名       附件说明 under the body
    @signature 江州市委改革办                     发文机关署名 (right)
    @date 2026年6月30日                          成文日期 (right)
    @annex 1 滞后任务清单                         an attachment: a new page, 附件1, its title
    @cc 市委办公室，市政府办公室                  版记: 抄送
    @printer 江州市委改革办|2026年6月30日          版记: 印发机关 and 印发日期
    @landscape   @portrait                   a new section (and page) turned for wide tables, or back
    @center …   @noindent …   @small …   @blank   @pagebreak

Ledger text is escaped on its way in (backslash before `\\ | # @`, lines joined), so a title
holding `|` or `#` never starts a table or a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_SPECIAL = re.compile(r"([\\|#@])")
_UNESCAPE = re.compile(r"\\(.)")
_CELL_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")
DIRECTIVES = frozenset({"issuer", "number", "to", "annexes", "signature", "date", "annex", "cc", "printer",
                        "center", "noindent", "small", "blank", "pagebreak", "landscape", "portrait"})


def escape_block_text(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


@dataclass
class Block:
    kind: str  # title, h1..h4, p, table, or a directive name
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header_rows: int = 0
    line: int = 0  # line of the rendered text, for messages


class BlockError(ValueError):
    def __init__(self, line: int, detail: str):
        super().__init__(f"line {line}: {detail}")
        self.line, self.detail = line, detail


def parse_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|"):
            _add_row(blocks, line, number)
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if level > 4 or not line[level:].startswith(" "):
                raise BlockError(number, "a heading is 1 to 4 '#' and a space, then its text")
            kind = "title" if level == 1 else f"h{level - 1}"
            blocks.append(Block(kind, unescape(line[level:].strip()), line=number))
        elif line.startswith("@"):
            name, _, rest = line[1:].partition(" ")
            if name not in DIRECTIVES:
                raise BlockError(number, f"unknown directive @{name}; known: {', '.join(sorted(DIRECTIVES))}")
            blocks.append(Block(name, rest.strip(), line=number))  # unescaped by the writer, per part
        else:
            blocks.append(Block("p", unescape(line), line=number))
    return blocks


def split_parts(text: str) -> list[str]:
    """A directive's `|`-separated parts, unescaped (an escaped `\\|` stays inside its part)."""
    return [unescape(part.strip()) for part in _split_unescaped(text)]


def _split_unescaped(text: str) -> list[str]:
    parts, start = [], 0
    for match in _CELL_SPLIT.finditer(text):
        parts.append(text[start:match.end() - 1])
        start = match.end()
    parts.append(text[start:])
    return parts


def _add_row(blocks: list[Block], line: int | str, number: int) -> None:
    text = str(line).strip()
    inner = text[1:-1] if text.endswith("|") and not text.endswith("\\|") else text[1:]
    cells = [cell.strip() for cell in _split_unescaped(inner)]
    table: Optional[Block] = blocks[-1] if blocks and blocks[-1].kind == "table" else None
    if table is None:
        table = Block("table", line=number)
        blocks.append(table)
    if all(_RULE_CELL.match(cell) for cell in cells):
        table.header_rows = len(table.rows)
        return
    table.rows.append([unescape(cell) for cell in cells])
