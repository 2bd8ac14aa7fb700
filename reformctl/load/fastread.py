"""The fast read path: rapidyaml (C++) parses, emits JSON, and the C json decoder builds the data.

It must read exactly what the canonical reader (:func:`reformctl.load.yamlread.parse`, ruamel.yaml)
reads, so it answers only when it is sure, and says "don't know" (None) otherwise; the caller
then reads the file with ruamel.yaml, which also finds the precise problem and its position.
It is sure when all of these hold:

* the text ends with a line break (a block scalar at the very end reads differently otherwise);
  Windows line ends (CR LF) are read as plain ones, as ruamel.yaml does, but a lone CR declines;
* the text has no character that ruamel.yaml refuses or treats specially (control characters,
  C1 codes, no-break spaces, Unicode line separators, a BOM inside the text), nor one that the
  canonical reading refuses (bidirectional overrides and isolates, and the double-quoted escapes
  that write control characters, `\\a` or `\\u202E`: R016), no tab (ruamel.yaml
  decides whether a tab is indentation), no `!` (a tag could change a value's type, and the JSON
  loses it), no `&`, `*` or `?` (anchors, aliases, complex keys), no `:` directly followed by
  text, no text after a block scalar's `|` or `>` on its line, and no flow collection or quoted
  scalar followed by more than a comment on its line: in these corners rapidyaml accepts what
  ruamel.yaml refuses (found by fuzzing both);
* rapidyaml parses it without error into one document whose root is a mapping or a list, and
  emits it: its emitter refuses a tree nested past 64 levels, the canonical reading's MAX_DEPTH
  (R015), so a file nested too deeply is declined before the JSON decoder sees it;
* the JSON holds no string that ruamel.yaml might read as something else had it been written
  plain: `null`, `~`, `true`, `007`, `0x1F`, `1_000`, `.inf`, the empty string... (rapidyaml
  keeps such plain scalars as strings, and the JSON no longer says whether they were quoted);
  and no string starting with `*` (an alias, which a ledger refuses);
* every bare JSON token is one the JSON grammar allows (`+12` or `.5` are not: the decoder fails)
  and not `NaN` or `Infinity` (plain text to YAML): a valid JSON number or true/false/null means
  the same to ruamel.yaml's YAML 1.2 core schema;
* no mapping holds a key twice (rapidyaml keeps both; ruamel.yaml's reading reports R003).

The differential tests in tests/test_fastpath.py hold this to account.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from typing import Any, Iterator, Optional

try:  # rapidyaml is a dependency; without it every file goes through ruamel.yaml
    import ryml
except ImportError:  # pragma: no cover - exercised only on a broken install
    ryml = None

from .yamlread import CONTROL_ESCAPE

# What the fast path does not trust itself with (see the module's docstring), each looked for in
# a way the regex engine runs fast: a pattern that starts with one given character, or a C loop
# over the UTF-8 bytes. (One pattern starting with a set of characters tested each character
# against the set: as slow as rapidyaml's parse.)
#
# Characters refused, as UTF-8: the C0 controls but LF (a CR is dealt with first), DEL, tab and
# `!&*?`, deleted in one C loop (the length tells); the C1 controls and the no-break space
# (U+0080-U+00A0: byte C2 and one more), the line and paragraph separators and the bidirectional
# controls (U+2028-U+202E, U+2066-U+2069: E2 and two), the BOM and U+FFFE, U+FFFF (EF and two).
_REFUSED_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f!&*?\t\r"
_REFUSED_SEQUENCES = (re.compile(rb"\xc2[\x80-\xa0]"), re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])"),
                      re.compile(rb"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"))
# Where rapidyaml is more lenient than ruamel.yaml: `{a:b}` in a flow mapping; text after a block
# scalar's header (`| x`, `|1'`); a flow collection or a quoted scalar followed by more than a
# comment on its line (`- [a]  - b`).
_LENIENT = tuple(re.compile(pattern) for pattern in (
    r":[^\s]", r"\|[-+0-9]*+[ ]*+[^\s#]", r">[-+0-9]*+[ ]*+[^\s#]", r"\][ ]*+[^\s#:,\]}]", r"}[ ]*+[^\s#:,\]}]",
    r'"(?<=[\s\[{,:-]")(?:[^"\\\n]|\\.)*+"[ ]*+[^\s#:,\]}]', r"'(?<=[\s\[{,:-]')(?:[^'\n]|'')*+'[ ]*+[^\s#:,\]}]"))
_LONE_CR = re.compile("\r(?!\n)")


def _doubtful_text(text: str, encoded: bytes) -> bool:
    """Whether the text holds a character refused or a corner where rapidyaml is more lenient."""
    return (len(encoded.translate(None, _REFUSED_BYTES)) != len(encoded)
            or any(pattern.search(encoded) for pattern in _REFUSED_SEQUENCES)
            or any(pattern.search(text) for pattern in _LENIENT))


# A JSON string that ruamel.yaml would resolve to null, a boolean, an int or a float if it had
# been written plain (its resolver's YAML 1.2 patterns), or that starts with '*' (an alias).
_NOT_PLAIN_TEXT = (r"(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
                   r"|[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)"
                   r"|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
                   r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                   r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?"
                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|)\"")
# ... or a string that starts with a YAML indicator: rapidyaml lets some of them start a plain
# scalar (`a: ]`, `a: @x`) where ruamel.yaml reports a syntax error. Only opening quotes count
# (those after a space, `[`, `{` or `,`); a closing one is followed by `:` or `,` itself. A date
# (four digits and '-') is none of these, and a ledger writes ten of them a task: passed at once.
_DOUBTFUL_JSON = re.compile(r'"(?<=[\s\[{,]")(?![0-9]{4}-)(?=[-+.~0-9nNtTfF_*"\]\[{}@`,%|>#&!?:\'])'
                            r'(?:[*\]\[{}@`,%|>#&!?:\']|\\"|' + _NOT_PLAIN_TEXT + ")")


class _Unsure(Exception):
    """The fast path cannot vouch for this file."""


def _no_duplicates(pairs: list) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Unsure("a key appears twice")
    return mapping


def _refuse_constant(name: str) -> Any:
    raise _Unsure(name)  # NaN, Infinity: plain text in YAML, numbers to Python's json


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)


def read_fast(text: str) -> Optional[Any]:
    """The file's data as the canonical reader gives it, or None when not sure (read it with ruamel)."""
    if "\r" in text:  # Windows line ends (Notepad, WPS) read as plain ones; a lone CR does not
        if _LONE_CR.search(text):
            return None
        text = text.replace("\r\n", "\n")
    if ryml is None or not text.endswith("\n"):
        return None
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file read from disk holds one
        return None
    if _doubtful_text(text, encoded):
        return None
    if "\\" in text and CONTROL_ESCAPE.search(text):  # an escape writing a control character: R016
        return None
    try:
        tree = ryml.parse_in_arena(encoded)
        root = tree.root_id()
        if tree.is_stream(root) or not (tree.is_map(root) or tree.is_seq(root)):
            return None
        emitted = ryml.emit_json(tree)
    except Exception:  # a parse error: ruamel.yaml will say precisely what and where
        return None
    if not emitted or _DOUBTFUL_JSON.search(emitted):
        return None
    try:
        return _DECODER.decode(emitted)
    except (_Unsure, ValueError, RecursionError):
        return None


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """rapidyaml writes its parse errors to file descriptor 2; they are not the user's to see.

    Held around a whole parse stage, not around each file: two system calls each way.
    """
    try:
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
