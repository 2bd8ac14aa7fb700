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

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Optional

_SPECIAL = re.compile(r"([\\|#@])")
_UNESCAPE = re.compile(r"\\(.)")
_CELL_SPLIT = re.compile(r"(?<!\\)((?:\\\\)*)\|")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")
DIRECTIVES = frozenset({"issuer", "number", "to", "annexes", "signature", "date", "annex", "cc", "printer",
                        "center", "noindent", "small", "blank", "pagebreak", "landscape", "portrait"})


# What escape_block_text changes: the special characters, and what str.splitlines breaks a line at.
_TOUCHED = re.compile(r"[\\|#@\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def escape_block_text(text: str) -> str:
    if not _TOUCHED.search(text):  # most text (figures, dates, names) is left as it is
        return text
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


# --- titles: where a long title breaks (GB/T 9704 §7.3.1) ----------------------------------------

# A line may end after these words, or begin with those: the joints of an official title. A title
# breaks only at such a joint ("词意完整"), into lines as even as the joints allow ("排列对称").
_ENDS_WORD = ("关于", "年", "年度", "季度", "半年", "月份", "改革", "任务", "工作", "情况", "通报", "建设", "发展", "试点",
              "示范区", "体系", "机制", "制度", "问题", "”", "）", "》", "、", "和", "及")
_STARTS_WORD = ("关于", "全面", "改革", "任务", "工作", "推进", "建设", "若干", "“", "（", "《")
_SET_PHRASES = ("全面深化改革", "营商环境", "一网通办")  # never broken inside
_NO_LINE_START = "，。、；：！？”’）》…—"
_NO_LINE_END = "“‘（《"


def display_width(text: str) -> float:
    """Width in full-width characters: a CJK character or full-width mark is one, ASCII about half."""
    return sum(1 if ord(char) > 0x2E7F else 0.55 for char in text)


def split_title(text: str, max_width: float) -> list[str]:
    """The lines of a title no wider than `max_width` characters, broken at word joints and as
    even as possible; a title that fits stays one line. Without a joint that fits, it breaks
    between any two Chinese characters (never inside a number or a Latin word)."""
    if display_width(text) <= max_width:
        return [text]
    for allowed in (_is_joint, _is_breakable):
        points = [i for i in range(1, len(text)) if allowed(text, i)]
        lines = _most_even(text, points, max_width)
        if lines:
            return lines
    return [text]


def _is_breakable(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    return not (before.isascii() and after.isascii())  # 2026 and ABC stay whole


def _is_joint(text: str, i: int) -> bool:
    if not _is_breakable(text, i) or (text[i - 1].isdigit() and text[i] in "年月日号"):
        return False
    if any(0 < i - start < len(phrase) for phrase in _SET_PHRASES for start in _starts(text, phrase)):
        return False
    return text[:i].endswith(_ENDS_WORD) or text[i:].startswith(_STARTS_WORD)


def _starts(text: str, phrase: str) -> list[int]:
    return [match.start() for match in re.finditer(re.escape(phrase), text)]


def _most_even(text: str, points: list[int], max_width: float) -> list[str]:
    """The split at `points` into the fewest lines that fit, the widest line as narrow as
    possible, and among equals the upper lines the longer (a 梯形)."""
    least = max(2, math.ceil(display_width(text) / max_width))
    for count in range(least, least + 3):
        best: Optional[tuple] = None
        for cuts in itertools.combinations(points, count - 1):
            bounds = (0, *cuts, len(text))
            lines = [text[a:b] for a, b in zip(bounds, bounds[1:])]
            widths = [display_width(line) for line in lines]
            if max(widths) > max_width:
                continue
            key = (max(widths) - min(widths), [-w for w in widths])
            if best is None or key < best[0]:
                best = (key, lines)
        if best:
            return best[1]
    return []
