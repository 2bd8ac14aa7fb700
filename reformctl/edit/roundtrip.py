"""Editing one task of a task file with ruamel.yaml's round trip, changing only the lines it must.

A task file is a list of tasks. Only the text of the task being edited is given to ruamel.yaml
(a province file holds a hundred tasks; round-tripping all of them would cost a tenth of a
second each time): the item is cut out, turned into a mapping at column 0, loaded, changed,
dumped, and put back in its place.

ruamel.yaml keeps comments, key order, quoting and flow or block style, but it may lay out
some untouched lines its own way (a flow mapping written over two lines, a long plain scalar
folded by hand). So the new text is not ruamel.yaml's output as a whole: the lines that dumping
the *unchanged* mapping gives (U) are aligned with the original (O), the edit is the difference
between U and the changed mapping's dump (M), and each piece of that difference is applied to O
where it aligns, widening a piece only over lines that do not align. Then the result is read
again and compared with what was meant, value by value; a file that does not come out right is
refused, never written.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

_ITEM = re.compile(r"^( *)-(?: |$)")


class RoundTripError(Exception):
    """The file cannot be edited this way; args[0] is a key of edit.messages, args[1] its parameters."""


@dataclass(frozen=True)
class ItemSpan:
    """Lines [start, end) of one top-level item, without the comments and blank lines after it."""

    start: int
    end: int


def item_spans(lines: list[str]) -> list[ItemSpan]:
    """The top-level items of a task file's lines (each with its line break)."""
    indent = _list_indent(lines)
    if indent is None:
        return []
    starts = [i for i, line in enumerate(lines) if _is_item_start(line, indent)]
    spans = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        while end > start + 1 and _is_filler(lines[end - 1]):
            end -= 1
        spans.append(ItemSpan(start, end))
    return spans


def _list_indent(lines: list[str]) -> Optional[int]:
    for line in lines:
        if _is_filler(line):
            continue
        match = _ITEM.match(line)
        return len(match.group(1)) if match else None
    return None


def _is_item_start(line: str, indent: int) -> bool:
    match = _ITEM.match(line)
    return bool(match) and len(match.group(1)) == indent


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def yaml_rt():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of Chinese text
    yaml.allow_duplicate_keys = False
    yaml.representer.ignore_aliases = lambda data: True  # a ledger refuses anchors (R006): write values out
    return yaml


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the item's text writes them."""
    lines = text.splitlines()
    mapping, sequence, offset = 2, 4, 2
    for index, line in enumerate(lines[:-1]):
        key = re.match(r"^( *)[A-Za-z_]+:\s*(#.*)?$", line)
        if not key:
            continue
        following = lines[index + 1]
        child = re.match(r"^( *)(- )?\S", following)
        if not child:
            continue
        depth = len(child.group(1)) - len(key.group(1))
        if child.group(2):
            offset = max(depth, 0)
            sequence = offset + 2
        elif depth > 0:
            mapping = depth
    return mapping, sequence, offset


def load_mapping(text: str) -> Any:
    return yaml_rt().load(text)


def dump_mapping(data: Any, indents: tuple[int, int, int]) -> str:
    yaml = yaml_rt()
    yaml.indent(mapping=indents[0], sequence=indents[1], offset=indents[2])
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def as_mapping_text(item_lines: list[str]) -> tuple[str, int]:
    """The item's text as a mapping at column 0, and the column its content had."""
    first = item_lines[0]
    dash = first.index("-")
    rest = first[dash + 1:]
    content = dash + 1 + (len(rest) - len(rest.lstrip(" ")))
    if not rest.strip() or rest.lstrip().startswith("#"):
        raise RoundTripError("rt_odd_item", {})
    lines = [" " * content + rest.lstrip(" ")] + item_lines[1:]
    out = []
    for line in lines:
        if line.strip() and len(line) - len(line.lstrip(" ")) < content:
            raise RoundTripError("rt_odd_item", {})
        out.append(line[content:] if line.strip() else line.lstrip(" "))
    return "".join(out), content


def as_item_lines(mapping_text: str, content: int, dash: int) -> list[str]:
    lines = mapping_text.splitlines(keepends=True)
    out = []
    for index, line in enumerate(lines):
        if index == 0:
            out.append(" " * dash + "-" + " " * (content - dash - 1) + line)
        else:
            out.append(" " * content + line if line.strip() else line)
    return out


def edit_item(item_lines: list[str], change: Callable[[Any], None]) -> tuple[list[str], str]:
    """The item's lines after `change` (which mutates the loaded CommentedMap in place), and
    ruamel.yaml's dump of the changed mapping (what the item must read as)."""
    dash = item_lines[0].index("-")
    original, content = as_mapping_text(item_lines)
    indents = guess_indent(original)
    data = load_mapping(original)
    unchanged = dump_mapping(data, indents)
    change(data)
    changed = "".join(lift_insertions(unchanged.splitlines(keepends=True),
                                      dump_mapping(data, indents).splitlines(keepends=True)))
    merged = merge(original.splitlines(keepends=True), unchanged.splitlines(keepends=True),
                   changed.splitlines(keepends=True))
    return as_item_lines("".join(keep_comment_gaps(original.splitlines(keepends=True), merged)), content, dash), changed


_END_COMMENT = re.compile(r"(?<=\S)( +)(# .*)$")


def keep_comment_gaps(original: list[str], merged: list[str]) -> list[str]:
    """A line ruamel.yaml made longer keeps the gap before its end-of-line comment as written
    (ruamel.yaml keeps the comment's column, which a longer line leaves one space from it)."""
    gaps = {}
    for line in original:
        match = _END_COMMENT.search(line.rstrip("\n"))
        if match:
            gaps[match.group(2)] = match.group(1)
    kept = set(original)
    out = []
    for line in merged:
        match = None if line in kept else _END_COMMENT.search(line.rstrip("\n"))
        if match and match.group(2) in gaps and match.group(1) != gaps[match.group(2)]:
            ending = "\n" if line.endswith("\n") else ""
            line = line.rstrip("\n")[:match.start(1)] + gaps[match.group(2)] + match.group(2) + ending
        out.append(line)
    return out


def dump_new_item(data: Any, style_of: Optional[list[str]] = None) -> list[str]:
    """A new item's lines at column 0, indented as `style_of` (another item's lines) is."""
    indents = (2, 4, 2)
    if style_of:
        indents = guess_indent(as_mapping_text(style_of)[0])
    return as_item_lines(dump_mapping(data, indents), 2, 0)


def lift_insertions(unchanged: list[str], changed: list[str]) -> list[str]:
    """Put what was inserted above the comment and blank lines just before it.

    ruamel.yaml keeps the comments that follow a list's last entry (usually the heading of the
    next key) with that entry, so an entry appended to the list lands below them; the comments
    belong above the next key, so the new lines go before them.
    """
    for tag, i1, _, j1, j2 in reversed(_opcodes(unchanged, changed)):
        if tag != "insert":
            continue
        run = 0
        while run < j1 and run < i1 and _is_filler(changed[j1 - run - 1]) and changed[j1 - run - 1] == unchanged[i1 - run - 1]:
            run += 1
        if run:
            changed = changed[:j1 - run] + changed[j1:j2] + changed[j1 - run:j1] + changed[j2:]
    return changed


def merge(original: list[str], unchanged: list[str], changed: list[str]) -> list[str]:
    """`original` with the difference between `unchanged` and `changed` applied to it (see above).

    The original is taken in logical lines: a flow collection written over several lines is one
    (ruamel.yaml writes it on one), so that it aligns with ruamel.yaml's line and stays as written.
    """
    texts, keys = logical_lines(original)
    to_original = _line_map(unchanged, keys)
    pieces = [(i1, i2) for tag, i1, i2, _, _ in _opcodes(unchanged, changed) if tag != "equal"]
    if not pieces:
        return list(original)
    # widen each piece over unchanged lines that have no twin in the original, then join overlaps
    widened: list[list[int]] = []
    for i1, i2 in pieces:
        while i1 > 0 and to_original[i1 - 1] is None:
            i1 -= 1
        while i2 < len(unchanged) and to_original[i2] is None:
            i2 += 1
        if widened and i1 <= widened[-1][1]:
            widened[-1][1] = max(widened[-1][1], i2)
        else:
            widened.append([i1, i2])
    to_changed = _boundary_map(unchanged, changed)
    result, cursor = [], 0
    for i1, i2 in widened:
        o1 = to_original[i1 - 1] + 1 if i1 > 0 else 0
        o2 = to_original[i2] if i2 < len(unchanged) else len(texts)
        start, end = to_changed(i1, first=True), to_changed(i2, first=False)
        result += texts[cursor:o1] + changed[start:end]
        cursor = o2
    return "".join(result + texts[cursor:]).splitlines(keepends=True)


def logical_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(texts, keys): lines joined while a flow collection is open; a key is the joined line as
    ruamel.yaml would write it (continuations joined by one space)."""
    texts, keys = [], []
    index = 0
    while index < len(lines):
        text, key, depth = lines[index], lines[index].rstrip("\n"), _open_brackets(lines[index])
        index += 1
        while depth > 0 and index < len(lines):
            text += lines[index]
            key += " " + lines[index].strip()
            depth += _open_brackets(lines[index])
            index += 1
        texts.append(text)
        keys.append(key + "\n")
    return texts, keys


def _open_brackets(line: str) -> int:
    """Flow brackets opened and not closed on the line (quotes and comments skipped)."""
    depth, quote, previous = 0, "", " "
    for char in line:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"" and previous in " ,[{:":
            quote = char
        elif char == "#" and previous in " \t":
            break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        previous = char
    return depth


def _opcodes(a: list[str], b: list[str]) -> list:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _line_map(a: list[str], b: list[str]) -> list[Optional[int]]:
    """For each line of a, the index of its twin in b (None when it has none)."""
    twins: list[Optional[int]] = [None] * len(a)
    for tag, i1, i2, j1, _ in _opcodes(a, b):
        if tag == "equal":
            for k in range(i2 - i1):
                twins[i1 + k] = j1 + k
    return twins


def _boundary_map(a: list[str], b: list[str]):
    """Where a boundary between lines of a falls in b; a change touching the boundary is taken in
    (pieces are whole changes, so a boundary never falls inside one that is left out)."""
    codes = _opcodes(a, b)

    def place(position: int, first: bool) -> int:
        for tag, i1, i2, j1, j2 in codes:
            if tag != "equal" and i1 <= position <= i2:
                return j1 if first else j2
        for tag, i1, i2, j1, _ in codes:
            if i1 <= position <= i2:
                return j1 + (position - i1)
        return len(b)

    return place
