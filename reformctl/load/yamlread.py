"""Reading ledger files: bytes → text → plain data, and positions on demand.

The reading is YAML 1.2 (so `no` and `on` stay text) through ruamel.yaml's C composer, with
three deliberate differences from a plain `yaml.load`:

* timestamps stay text, so that the model can say precisely why `2026-02-30` is not a date;
* a key given twice in one mapping is a problem, not a silent overwrite;
* aliases are refused: a ledger is written out in full, and a "billion laughs" file cannot
  expand;
* explicit tags (`!!python/object/apply:...`, `!custom`, even `!!str`) are refused (R014)
  wherever they stand: a ledger's values are plain, and a tag the reading ignored would let a
  file pass that means something else to another reader;
* nesting deeper than MAX_DEPTH is refused (R015) before the composer, which recurses in C (30,000
  `[` overflow the stack), sees the file: the pass that finds it reads events, without recursion;
* control characters (C0 but tab and line ends, DEL, C1, the bidirectional overrides and isolates,
  and what XML 1.0 cannot hold) are refused (R016) wherever they stand, written raw or as a
  double-quoted escape: they hide or reverse text on a screen and break a Word document.

Positions are not kept while reading: :func:`locate_all` reads a file again, only when one of its
problems must be reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

from ..problems import Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
# No value sits inside more than this many lists and mappings (a ledger needs about six). It is
# also the depth past which rapidyaml's emitter refuses a tree, so the fast path declines such a
# file by itself (tests/test_reading_trust.py holds both to it).
MAX_DEPTH = 64
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")
# What follows the backslash of a double-quoted escape that can write a control character (\\a,
# \\x07, \\u202E; a little more than that, never less): only a file holding one has its data
# searched after reading. The fast path declines such a file (fastread.py).
CONTROL_ESCAPE_TAIL = r"[0abefvNU]|x[0189]|x7[fF]|u(?:00[0189]|007[fF]|20[26]|[dD][89a-fA-F]|[fF]{3})"
# (a run of backslashes taken in pairs: in `\\\\b` the second backslash is written, not an escape)
CONTROL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*+\\(?:" + CONTROL_ESCAPE_TAIL + ")")
_MAX_REPORTED = 20  # control characters reported per file: a binary file is not listed byte by byte
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class _Alias(Exception):
    def __init__(self, node: Any):
        self.node = node


class _DuplicateKey(Exception):
    def __init__(self, key_node: Any, first_line: int):
        self.key_node = key_node
        self.first_line = first_line


@dataclass(frozen=True)
class Source:
    """A file's text, as read, with its path relative to the ledger root."""

    rel: str
    text: str


def decode(data: bytes, rel: str) -> tuple[Optional[str], list[Problem]]:
    """Bytes as UTF-8 text (a BOM is fine), or a problem that says why they are not."""
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(len(data), rel)]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return None, [Problem("R004", rel, params={"guess": "UTF-16 or binary", "guess_zh": "疑似 UTF-16 编码或二进制文件"})]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        return None, [_not_utf8(data, err, rel)]


def too_large(size: int, rel: str) -> Problem:
    return Problem("R007", rel, params={"size_mb": f"{size / 1048576:.1f}", "limit_mb": MAX_FILE_BYTES // 1048576})


def _not_utf8(data: bytes, err: UnicodeDecodeError, rel: str) -> Problem:
    line = data.count(b"\n", 0, err.start) + 1
    col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
    try:
        data.decode("gb18030")
        guess, guess_zh = "it looks like GBK/GB18030", "看起来是 GBK/GB18030 编码"
    except UnicodeDecodeError:
        guess = f"byte 0x{data[err.start]:02X} is not UTF-8"
        guess_zh = f"字节 0x{data[err.start]:02X} 不是 UTF-8"
    return Problem("R004", rel, params={"guess": guess, "guess_zh": guess_zh}).located(line, col)


def parse(source: Source) -> tuple[Any, list[Problem]]:
    """Parse YAML text into plain data (dict, list, str, int, float, bool, None), and the file's
    problems. The data is None when the file cannot be read; with control characters (R016) it
    is read all the same, and the problems say it must not pass."""
    tabs = _tab_problems(source)
    if tabs:
        return None, tabs
    # control characters are reported, and the data still read when it can be (--force shows
    # the rest of the file, with the characters made visible); most C0 codes stop ruamel.yaml
    controls = _raw_control_problems(source)
    refused = _event_problems(source)  # before composing: the composer recurses
    if refused:
        return None, controls or refused
    try:
        node = _compose(source.text)
    except Exception as err:  # ruamel raises several unrelated error types
        return None, controls or [_syntax_problem(err, source.rel)]
    if node is None:
        return None, [Problem("R005", source.rel)]
    try:
        data = _to_data(node, set())
    except _Alias as alias:
        mark = alias.node.start_mark
        return None, [Problem("R006", source.rel).located(mark.line + 1, mark.column + 1)]
    except _DuplicateKey as dup:
        mark = dup.key_node.start_mark
        problem = Problem("R003", source.rel, params={"key": dup.key_node.value, "first": dup.first_line})
        return None, [problem.located(mark.line + 1, mark.column + 1)]
    escaped = control_in_data(data) if CONTROL_ESCAPE.search(source.text) else []
    return data, controls + [Problem("R016", source.rel, keypath, {"char": _codepoint(char)}, at_key=at_key)
                             for keypath, at_key, char in escaped]


def _raw_control_problems(source: Source) -> list[Problem]:
    """A control character written as it is, anywhere (a comment too: a bidirectional override
    there still reorders what a reviewer sees); the first of each line."""
    problems: list[Problem] = []
    last_line = 0
    for match in _CONTROL.finditer(source.text):
        line = source.text.count("\n", 0, match.start()) + 1
        if line == last_line:
            continue
        col = match.start() - source.text.rfind("\n", 0, match.start())
        problems.append(Problem("R016", source.rel, params={"char": _codepoint(match.group())}).located(line, col))
        last_line = line
        if len(problems) == _MAX_REPORTED:
            break
    return problems


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_in_data(data: Any) -> list[tuple[tuple, bool, str]]:
    """(key path, whether the key itself, the character) of each text holding a control character."""
    found: list[tuple[tuple, bool, str]] = []
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack and len(found) < _MAX_REPORTED:
        value, keypath = stack.pop()
        if isinstance(value, str):
            match = _CONTROL.search(value)
            if match:
                found.append((keypath, False, match.group()))
        elif isinstance(value, list):
            stack += [(item, keypath + (index,)) for index, item in reversed(list(enumerate(value)))]
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                match = _CONTROL.search(key) if isinstance(key, str) else None
                if match:
                    found.append((keypath + (key,), True, match.group()))
                stack.append((item, keypath + (key,)))
    return found


def _event_problems(source: Source) -> list[Problem]:
    """Explicit tags (R014) and nesting past MAX_DEPTH (R015), found in the parser's events, which
    come without recursion; a syntax error met on the way is R001, as composing would say."""
    from ruamel.yaml import YAML
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, NodeEvent

    problems: list[Problem] = []
    depth = 0
    try:
        for event in YAML(typ="safe", pure=False).parse(source.text):
            if not isinstance(event, NodeEvent):
                if isinstance(event, CollectionEndEvent):
                    depth -= 1
                continue
            mark = event.start_mark
            if depth > MAX_DEPTH:
                return [Problem("R015", source.rel, params={"limit": MAX_DEPTH}).located(mark.line + 1, mark.column + 1)]
            tag = getattr(event, "tag", None)
            if tag is not None:
                shown = "!!" + tag[len(_CORE_PREFIX):] if tag.startswith(_CORE_PREFIX) else tag
                problems.append(Problem("R014", source.rel, params={"tag": shown}).located(mark.line + 1, mark.column + 1))
            if isinstance(event, CollectionStartEvent):
                depth += 1
    except Exception as err:  # a syntax error: reported as composing reports it, unless a tag came first
        return problems or [_syntax_problem(err, source.rel)]
    return problems


_CORE_PREFIX = "tag:yaml.org,2002:"


def _tab_problems(source: Source) -> list[Problem]:
    problems = []
    for match in _TAB_INDENT.finditer(source.text):
        line = source.text.count("\n", 0, match.start()) + 1
        col = match.end() - match.start()
        problems.append(Problem("R002", source.rel).located(line, col))
    return problems


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False).compose(text)


# The parser's words (the start of its `problem`) in Chinese, so that a Chinese message holds no
# English; a problem not listed here is said in general terms.
_SYNTAX_ZH = (
    ("mapping values are not allowed", "此处不能出现“: ”（含有“: ”的文字须加引号）"),
    ("could not find expected ':'", "缺少“:”（键和值之间须写“: ”）"),
    ("did not find expected '-' indicator", "此处应为列表项（以“- ”开头），缩进与上文不一致"),
    ("did not find expected key", "此处应为“键: 值”，缩进与上文不一致"),
    ("did not find expected ',' or ']'", "方括号没有闭合（缺少“]”或“,”）"),
    ("did not find expected ',' or '}'", "花括号没有闭合（缺少“}”或“,”）"),
    ("did not find expected node content", "此处缺少取值"),
    ("did not find expected <document start>", "此处有多余的内容（例如多余的括号）"),
    ("found unexpected end of stream", "文件在引号或括号内结束（缺少闭合的引号或括号）"),
    ("found unknown escape character", "双引号内有无效的转义字符（“\\”）；请改用单引号"),
    ("found character that cannot start any token", "此处的字符（如 @、`、%）不能作为取值的开头；请给该值加引号"),
    ("found character '\\t' that cannot start any token", "此处有制表符（Tab）"),
    ("found undefined alias", "引用了未定义的别名"),
    ("found unexpected ':'", "此处不能出现“:”；含有“:”的文字须加引号"),
    ("expected <block end>", "缩进与上文的层级对不上"),
)


def _syntax_problem(err: Exception, rel: str) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    detail = getattr(err, "problem", None) or str(err).splitlines()[0]
    detail_zh = next((zh for start, zh in _SYNTAX_ZH if detail.startswith(start)), "无法解析此处的内容")
    if "expected a single document" in str(err):
        detail = "more than one YAML document (a line '---') in one file"
        detail_zh = "一个文件中有多个 YAML 文档（以一行“---”分隔），每个文件只能有一个"
    problem = Problem("R001", rel, params={"detail": detail, "detail_zh": detail_zh})
    if mark is None:
        return problem.located(1, 1)
    return problem.located(mark.line + 1, mark.column + 1)


def _to_data(node: Any, seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Alias(node)
    seen.add(id(node))
    kind = node.id
    if kind == "scalar":
        return scalar_value(node.tag, node.value)
    if kind == "sequence":
        return [_to_data(item, seen) for item in node.value]
    result: dict[Any, Any] = {}
    first_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = _to_data(key_node, seen)
        if not isinstance(key, (str, int, float, bool, type(None))):
            key = str(key)
        if key in first_lines:
            raise _DuplicateKey(key_node, first_lines[key])
        first_lines[key] = key_node.start_mark.line + 1
        result[key] = _to_data(value_node, seen)
    return result


def scalar_value(tag: str, text: str) -> Any:
    """The value of a plain or quoted scalar, by its resolved YAML 1.2 tag; timestamps stay text."""
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _CORE_BOOL.get(text, text)
    if tag == "tag:yaml.org,2002:int":
        return _int_value(text)
    if tag == "tag:yaml.org,2002:float":
        return _float_value(text)
    return text


def _int_value(text: str) -> Any:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    try:
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        return sign * int(digits)
    except ValueError:
        return text


def _float_value(text: str) -> Any:
    lowered = text.replace("_", "").lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    try:
        return float(lowered)
    except ValueError:
        return text


def locate_all(text: str, requests: list[tuple[tuple, bool]]) -> list[tuple[int, int, Optional[str]]]:
    """Line, column (1-based) and raw text of the node at each (keypath, at_key), reading the file
    once; where a key path is absent, its nearest parent."""
    found = _locate_by_events(text, requests)
    if found is not None:
        return found
    try:
        # never compose what parse() refused (30,000 nested lists overflow the composer's stack)
        root = None if _event_problems(Source("", text)) else _compose(text)
    except Exception:
        root = None
    if root is None:
        return [(1, 1, None)] * len(requests)
    return [_locate_in(root, keypath, at_key) for keypath, at_key in requests]


class _Unsure(Exception):
    """The file has what only composing places surely (an anchor, a complex key, a key that is not text)."""


class _Unplaceable(Exception):
    """Nothing in the file can be placed: a syntax error, an explicit tag, nesting past MAX_DEPTH,
    no document or more than one (what locate_all's composing declines)."""


def _locate_by_events(text: str, requests: list[tuple[tuple, bool]]) -> Optional[list[tuple[int, int, Optional[str]]]]:
    """What locate_all finds, from the parser's events alone (one pass, no nodes built, no tag
    resolved: a quarter of the cost, which counts when a province ledger's check places thousands
    of warnings); None when it cannot be sure (the caller then composes the file)."""
    from ruamel.yaml import YAML

    try:
        places, keys, kinds = _places(YAML(typ="safe", pure=False).parse(text))
        return [_place(places, keys, kinds, keypath, at_key) for keypath, at_key in requests]
    except _Unsure:
        return None
    except _Unplaceable:
        return [(1, 1, None)] * len(requests)


# A plain key that YAML may read as null, a boolean or a number (its first character or its word):
# a mapping holding one is searched by composing when a key path names a key that is not text.
_MAYBE_NOT_TEXT = re.compile(r"[-+.~0-9]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$|$")
_NOT_TEXT_KEYS = object()  # marks, among the keys, a mapping holding such a key


def _places(events: Any) -> tuple[dict, dict, dict]:
    """(line, col, raw) of each node by key path (the first of a key written twice), of each key
    by its path, and each collection's kind ('map' or 'seq') by its path."""
    from ruamel.yaml.events import (AliasEvent, CollectionEndEvent, DocumentStartEvent, MappingStartEvent,
                                    NodeEvent, ScalarEvent)

    places: dict = {}
    keys: dict = {}
    kinds: dict = {}
    frames: list = []  # [kind, path, next index, the key read (None: a key comes next), hidden]
    documents = 0
    try:
        for event in events:
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Unplaceable
            if isinstance(event, CollectionEndEvent):
                frames.pop()
                continue
            if not isinstance(event, NodeEvent):
                continue
            if len(frames) > MAX_DEPTH or getattr(event, "tag", None) is not None:
                raise _Unplaceable
            if isinstance(event, AliasEvent) or event.anchor is not None:
                raise _Unsure
            path, hidden = _node_path(frames, event, keys, ScalarEvent)
            if path is None:  # a key: its value comes next
                continue
            if not hidden and path not in places:
                places[path] = (event.start_mark.line + 1, event.start_mark.column + 1,
                                event.value if isinstance(event, ScalarEvent) else None)
            if not isinstance(event, ScalarEvent):
                if not hidden and path not in kinds:
                    kinds[path] = "map" if isinstance(event, MappingStartEvent) else "seq"
                frames.append(["map" if isinstance(event, MappingStartEvent) else "seq", path, 0, None, hidden])
    except (_Unsure, _Unplaceable):
        raise
    except Exception:  # a syntax error: composing declines it too
        raise _Unplaceable from None
    if documents != 1 or () not in places:
        raise _Unplaceable
    return places, keys, kinds


def _node_path(frames: list, event: Any, keys: dict, scalar: type) -> tuple[Optional[tuple], bool]:
    """The key path of the node the event starts, and whether a key written before hides it;
    (None, _) for a key, which is remembered in its mapping's frame."""
    if not frames:
        return (), False
    frame = frames[-1]
    kind, parent, index, key, hidden = frame
    if kind == "seq":
        frame[2] += 1
        return parent + (index,), hidden
    if key is None:  # a key
        if not isinstance(event, scalar):
            raise _Unsure
        path = parent + (event.value,)
        frame[3] = (event.value, path in keys)  # a key written twice: the first one is the one found
        if not hidden and path not in keys:
            keys[path] = (event.start_mark.line + 1, event.start_mark.column + 1, event.value)
            if not event.style and _MAYBE_NOT_TEXT.match(event.value):  # plain (the C parser says "")
                keys[parent + (_NOT_TEXT_KEYS,)] = True
        return None, hidden
    frame[3] = None
    text, twice = key
    return parent + (text,), hidden or twice


def _place(places: dict, keys: dict, kinds: dict, keypath: tuple, at_key: bool) -> tuple[int, int, Optional[str]]:
    path, key = (), None
    for step in keypath:
        kind = kinds.get(path)
        if kind == "seq":
            if not isinstance(step, int) or (path + (step,)) not in places:
                break
            path, key = path + (step,), None
        elif kind == "map":
            if not isinstance(step, str) and (path + (_NOT_TEXT_KEYS,)) in keys:
                raise _Unsure  # a key that may not be text is matched by its resolved value: composing does that
            if (path + (step,)) not in places:
                break
            path, key = path + (step,), keys.get(path + (step,))
        else:
            break
    else:
        if at_key and key is not None:
            return key
    return places[path]


def _locate_in(node: Any, keypath: tuple, at_key: bool) -> tuple[int, int, Optional[str]]:
    key_node = None
    for step in keypath:
        child, child_key = _child(node, step)
        if child is None:
            break
        node, key_node = child, child_key
    else:
        if at_key and key_node is not None:
            node = key_node
    if node is None:
        return 1, 1, None
    raw = node.value if node.id == "scalar" else None
    return node.start_mark.line + 1, node.start_mark.column + 1, raw


def _child(node: Any, step: Any) -> tuple[Any, Any]:
    if node is None:
        return None, None
    if node.id == "sequence" and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], None
    if node.id == "mapping":
        for key_node, value_node in node.value:
            if key_node.id == "scalar" and (key_node.value == step or
                                            scalar_value(key_node.tag, key_node.value) == step):
                return value_node, key_node
    return None, None
