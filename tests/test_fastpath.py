"""The fast read path reads exactly what ruamel.yaml reads, or declines and lets ruamel.yaml read.

Differential: every text is read by both; where the fast path answers, its data must equal the
canonical reading value for value and type for type (True is not 1, 1.0 is not 1).
"""

from __future__ import annotations

import math
import sys
from textwrap import dedent
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformctl.load.fastread import read_fast
from reformctl.load.find import demo_ledger
from reformctl.pipeline.ledger import DiskFiles, load_ledger
from reformctl.load.yamlread import Source, parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from make_ledger import write_ledger as make_bench_ledger  # noqa: E402

from helpers import write_ledger  # noqa: E402


def same(a, b) -> bool:
    """Equal in value and in type, all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def canonical(text: str):
    data, problems = parse(Source("t.yaml", text))
    return data, problems


def assert_agrees(text: str) -> bool:
    """The fast path agrees with ruamel.yaml where it answers; True when it answered."""
    fast = read_fast(text)
    if fast is None:
        return False
    data, problems = canonical(text)
    assert problems == [], f"fast path read a file ruamel.yaml refuses: {problems} in {text!r}"
    assert same(fast, data), f"{text!r}: fast {fast!r} != canonical {data!r}"
    return True


# --- fixed cases: what the lead's notes name, one by one ---------------------------------------

READ_ALIKE = [
    "a: 1\nb: 'x'\nc: \"y\"\n",
    "t: {id: m1, due: 2026-03-31, what: 完成调研, done: 2026-03-28}\n",
    "- id: T-1\n  title: 优化营商环境改革\n  lists: [key, pilot]\n",
    "summary: |\n  第一行\n  第二行\nnext: 1\n",
    "folded: >-\n  one\n  two\n\n  three\n",
    "keep: |+\n  x\n\nz: 1\n",
    "plain: several\n  words on\n  lines\n",
    "quoted: 'it''s'\ndq: \"a\\u00e9\\\\b\"\n",
    "a: -1.5\nb: 1e3\nc: 0\nd: -0\ne: 12345678901234567890\n",
    "a: true\nb: false\nc: null\nd:\n",
    "# comment\na: 1  # trailing\n# end\n",
    "k: 宁委发〔2024〕1号\n",
]

TRICKY = [
    "a: no\nb: 007\n",  # 007 is int 7 to ruamel.yaml: the JSON says "007"
    "a: ~\n",
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: .inf\n",
    "a: +12\n",
    "a: .5\n",
    "a: NaN\n",
    "a: !!str 12\n",
    "a: &x 1\nb: *x\n",
    "a: 1\na: 2\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.1\n---\na: yes\n",
    "a:\tb\n",
    "a: [1, 2\n",
    "a: 'x\n",
    "",
    "# only a comment\n",
    "just text\n",
    "1: one\n",
    "? [a, b]\n: c\n",
    "a: x\x01y\n",
    "a: 1\r\nb: 2\r\n",
    ": v\n",
    "---\na: 1\n",  # an explicit document start: rapidyaml makes a stream of it
]


@pytest.mark.parametrize("text", READ_ALIKE)
def test_fast_path_reads_what_ruamel_reads(text):
    assert assert_agrees(text), f"the fast path declined {text!r}"


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_read_alike_or_declined(text):
    assert_agrees(text)


@pytest.mark.parametrize("text", ["a: 007\n", "a: ~\n", "a: !!str 12\n", "a: &x 1\nb: *x\n", "a: 1\na: 2\n",
                                  "a: [1, 2\n", "1: one\n", "%YAML 1.1\n---\na: yes\n", "a: x\x01y\n"])
def test_fast_path_declines_what_json_cannot_tell(text):
    assert read_fast(text) is None


REFUSED = [  # what the canonical reading refuses with a problem of its own (issue 8): never read fast
    "a: !custom [x]\n",
    "a: !!python/object/apply:os.system [echo]\n",
    "a: x\u202ey\n",
    "a: \"x\\u2066y\"\n",
    "a: \"\\e[2J\"\n",
    "a: \"\\\\\\a\"\n",  # an escaped backslash, then \a
    "a: " + "[" * 65 + "]" * 65 + "\n",
    "".join("  " * level + f"k{level}:\n" for level in range(70)) + "  " * 70 + "v: 1\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_fast_path_declines_what_the_canonical_reading_refuses(text):
    assert read_fast(text) is None
    assert canonical(text)[1] != []


@given(st.lists(st.sampled_from(["\\", "\\\\", "a", "b", "e", "u202E", "u00e9", "x07", "x41", "N", "_", " "]),
                max_size=12).map(lambda parts: 'a: "' + "".join(parts) + '"\n'))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_escapes_read_alike_or_declined(text):
    assert_agrees(text)


def test_007_no_and_on_read_as_the_canonical_reader_does():
    data, _ = canonical("a: no\nb: 007\nc: on\nd: '007'\n")
    assert data == {"a": "no", "b": 7, "c": "on", "d": "007"}
    assert read_fast("a: no\nb: 007\n") is None


# --- generated YAML -----------------------------------------------------------------------------

WORDS = ["no", "on", "yes", "off", "y", "n", "true", "True", "FALSE", "null", "Null", "~", "007", "0",
         "-1", "+1", "1.5", "1e3", "1E3", "0x1F", "0o17", "0b101", "1_000", ".inf", "-.inf", ".nan", "NaN",
         "2026-02-30", "2026-06-30", "2026-6-3", "12:30", "1:20:30", "=", "<<", "-", "?", ":", "#", "a#b",
         "a #b", "@x", "`x", "%x", "*x", "&x", "!x", "", " ", "优化营商环境", "宁委发〔2024〕1号", "“引号”",
         "a'b", 'a"b', "a\\b", "[x]", "{x}", "x, y", "a: b", "- x", "é", "\u00a0x", "x\u3000y", "1.", ".5",
         "1.0e+3", "0.1", "Infinity", "-0", "00", "08", "0_1", "+.5", "1e-3"]
SCALARS = st.one_of(st.sampled_from(WORDS), st.text(alphabet=st.characters(
    codec="utf-8", exclude_categories=("Cs",)), max_size=12))


def _plain(value: str) -> str:
    return value


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in escaped
                      if ord(c) < 0x10000)
    return '"' + escaped + '"'


def _literal(value: str, indent: str) -> str:
    lines = value.splitlines() or [""]
    return "|\n" + "".join(f"{indent}  {line}\n" for line in lines).rstrip("\n")


STYLES = st.sampled_from([_plain, _single, _double, "literal"])


@st.composite
def scalar_text(draw, indent: str = "") -> str:
    value = draw(SCALARS)
    style = draw(STYLES)
    if style == "literal":
        return _literal(value, indent)
    return style(value)


@st.composite
def documents(draw) -> str:
    """A mapping or a list of mappings, block or flow, with comments and blank lines."""
    lines = []
    for index in range(draw(st.integers(1, 6))):
        key = draw(st.one_of(st.sampled_from(["id", "title", "due", "done", "text", "no", "on", "1", "~"]),
                             st.from_regex(r"[a-z_]{1,8}", fullmatch=True)))
        shape = draw(st.sampled_from(["scalar", "flow", "seq", "empty", "comment"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(scalar_text('  '))}")
        elif shape == "flow":
            items = draw(st.lists(SCALARS.map(_single) | st.sampled_from(WORDS[:30]), max_size=4))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif shape == "seq":
            lines.append(f"{key}:")
            lines += [f"  - {draw(scalar_text('    '))}" for _ in range(draw(st.integers(1, 3)))]
        elif shape == "empty":
            lines.append(f"{key}:")
        else:
            lines.append(f"# {draw(SCALARS)}")
        if draw(st.booleans()):
            lines.append("")
    text = "\n".join(line.replace("\n", " ") if not line.lstrip().startswith("|") else line for line in lines)
    if draw(st.booleans()):
        text = "- " + text.replace("\n", "\n  ")
    return text + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_alike(text):
    assert_agrees(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab: -'\"\n#[]{},&*!|>?~01.e_+\t") + ["no", "007", "优", "\n  ", ": "]),
                max_size=30).map("".join))
def test_arbitrary_text_never_misread(text):
    assert_agrees(text)


# --- whole ledgers --------------------------------------------------------------------------------


def _assert_ledger_reads_alike(root: Path) -> int:
    files = DiskFiles(root)
    answered = 0
    for rel, _ in files.ledger_files():
        data = files.read_bytes(rel)
        if data is not None:
            answered += assert_agrees(data.decode("utf-8-sig"))
    return answered


def test_demo_ledger_reads_alike():
    _assert_ledger_reads_alike(demo_ledger())


def test_generated_ledger_reads_alike_and_fast(tmp_path):
    make_bench_ledger(tmp_path, tasks=300, files=3, seed=7)
    # config, units, assessment, 3 task files, 3 inspections and 8 notices (the generator writes them since issue 13),
    # 15 plans, 2 meetings, upper.yaml and agenda.yaml (since issue 14): all fast
    assert _assert_ledger_reads_alike(tmp_path) == 36


def test_windows_line_ends_read_alike_and_fast(tmp_path):
    make_bench_ledger(tmp_path, tasks=100, files=1, seed=3)
    for path in tmp_path.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    # config, units, assessment, a task file, an inspection, 3 notices, 5 plans, 2 meetings, upper.yaml and agenda.yaml
    assert _assert_ledger_reads_alike(tmp_path) == 17


@pytest.mark.parametrize("text", ["a: |\r\n  x\r\n  y\r\nb: 'p\r\n  q'\r\n", "a: 1\rb: 2\r\n", "a: \"x\\\r\n  y\"\r\n"])
def test_carriage_returns_read_alike_or_declined(text):
    assert_agrees(text)


def test_helper_ledger_reads_alike(tmp_path):
    write_ledger(tmp_path)
    _assert_ledger_reads_alike(tmp_path)


def test_load_ledger_same_problems_with_and_without_fast_path(tmp_path, monkeypatch):
    """A ledger with problems: the whole load gives the same located problems either way."""
    broken = dedent("""\
        - id: T-9
          title: '007'
          lead_unit: nobody
          milestones:
            - {id: m1, due: 2026-03-30, what: x}
        - id: T-10
          title: 整改
          lead_unit: dev
          milestones:
            - {id: m1, due: 2026-02-30, what: x}
        """)
    write_ledger(tmp_path, tasks={"main.yaml": broken, "dup.yaml": "- id: T-8\n  id: T-7\n"})
    _, fast = load_ledger(tmp_path, today=None, cache=False)
    monkeypatch.setattr("reformctl.load.stages.read_fast", lambda text: None)
    _, slow = load_ledger(tmp_path, today=None, cache=False)
    assert [p.format() for p in fast] == [p.format() for p in slow]
    assert {p.code for p in fast} >= {"R003", "R105", "R301"}


# A key written twice is found wherever it is, whatever the strings around it hold (a quote and a
# colon, a backslash, a number past 64 bits); without one, the same file reads fast.
TWICE = [
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "- {x: 1, y: 'q\": z', x: 3}\n",  # a quote and a colon inside a string do not make a key
    "- {x: 1, y: 'q\\\": z', x: 3}\n",  # nor with a backslash before them
    "- id: T-1\n  milestones:\n    - {id: m1, due: 2026-01-01, due: 2026-02-01}\n",
    "a: 'c\\d'\nb: 1\nb: 2\n",
    "a: 123456789012345678901234567890\nb: 1\nb: 2\n",
]
ONCE = [text.replace("x: 3", "z: 3").replace("due: 2026-02-01", "what: w").replace("b: 2", "c: 2")
        for text in TWICE[2:]]


@pytest.mark.parametrize("text", TWICE)
def test_a_key_written_twice_is_never_read_fast(text):
    assert read_fast(text) is None
    assert canonical(text)[1] != [] or canonical(text)[0] is None


@pytest.mark.parametrize("text", ONCE)
def test_the_same_texts_without_a_key_twice_read_fast_and_alike(text):
    assert assert_agrees(text), f"the fast path declined {text!r}"


# The characters refused are looked for as UTF-8 bytes (load/fastread.py `_REFUSED_*`): each one
# is declined, and its neighbours, which the canonical reading takes, are read fast.
REFUSED_CHARACTERS = ["\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\u2028", "\u2029",
                      "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffe", "\uffff", "!", "&", "*", "?", "\t"]
NEIGHBOURS = ["\xa1", "\xbf", "\u2027", "\u202f", "\u2065", "\u206a", "\ufefe", "\ufffd", "\u3000", "…", "“", "，"]


@pytest.mark.parametrize("character", REFUSED_CHARACTERS)
def test_a_refused_character_anywhere_is_declined(character):
    assert read_fast(f"a: 优{character}化\n") is None
    assert read_fast(f"- id: T-1\n  title: 任务\n  note: x{character}\n") is None


@pytest.mark.parametrize("character", NEIGHBOURS)
def test_the_refused_characters_neighbours_read_fast_and_alike(character):
    assert assert_agrees(f"a: 优{character}化\nb: [x{character}z, y]\n"), f"the fast path declined {character!r}"


@pytest.mark.parametrize("text", ["a: 2026-03-31\nb: '2026-13-45'\nc: 1234-\nd: '0000-x'\n",
                                  "- {id: m1, due: 2026-03-31, done: 2026-04-01}\n"])
def test_dates_and_date_like_text_read_fast_and_alike(text):
    assert assert_agrees(text), f"the fast path declined {text!r}"


@pytest.mark.parametrize("text", ["a: 2026_01\n", "a: 2026.5\n", "a: 2026e3\n", "a: '2026'\n"])
def test_numbers_that_start_like_a_date_are_declined_or_read_alike(text):
    assert_agrees(text)
