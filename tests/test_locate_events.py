"""Placing problems from the parser's events (load.yamlread._locate_by_events) finds what
composing the file finds, node for node, on every file of the demo and on awkward texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from reformctl.load import yamlread
from reformctl.load.yamlread import _locate_by_events, locate_all

DEMO = Path(__file__).resolve().parent.parent / "ledgers" / "demo"

AWKWARD = {
    "duplicate keys": "a: 1\nb: {x: 1}\na: 2\nb: {y: 2}\n",
    "nested": "- id: T-1\n  milestones:\n    - {id: m1, due: 2026-01-01}\n    - id: m2\n      due: 2026-02-01\n",
    "sequences of sequences": "- [1, [2, 3]]\n- - a\n  - b\n",
    "quoted keys": "'a': 1\n\"b c\": {d: [x, 'y']}\n",
    "block scalars": "text: |\n  line one\n  line two\nother: >\n  folded\n",
    "root scalar": "just text\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "explicit tag": "a: !!str 1\nb: 2\n",
    "anchor and alias": "a: &x {k: 1}\nb: *x\n",
    "complex key": "? [a, b]\n: 1\nc: 2\n",
    "number keys": "1: one\n2: two\n",
    "syntax error": "a: [unclosed\nb: 2\n",
    "too deep": "a: " + "[" * 70 + "]" * 70 + "\n",
    "empty values": "a:\nb: ~\nc: []\nd: {}\n",
}


def _requests(data, path=()) -> list[tuple[tuple, bool]]:
    """Every key path of the data, at the key and at the value, and one step past each that is not there."""
    found = [(path, False), (path, True), (path + ("nowhere",), False), (path + (99,), True)]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _requests(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _requests(value, path + (index,))
    return found


def _composed(text: str, requests: list) -> list:
    try:
        root = None if yamlread._event_problems(yamlread.Source("", text)) else yamlread._compose(text)
    except Exception:
        root = None
    if root is None:
        return [(1, 1, None)] * len(requests)
    return [yamlread._locate_in(root, keypath, at_key) for keypath, at_key in requests]


def _data(text: str):
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=True).load(text)
    except Exception:
        return None


@pytest.mark.parametrize("path", sorted(DEMO.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DEMO)))
def test_every_place_in_the_demo_is_the_composed_one(path):
    text = path.read_text(encoding="utf-8")
    requests = _requests(_data(text))
    assert _locate_by_events(text, requests) == _composed(text, requests)


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_texts_are_placed_as_composing_places_them_or_composed(name):
    text = AWKWARD[name]
    requests = _requests(_data(text)) + [(("a",), True), (("b", "y"), False), ((0, 1, 0), False), ((1,), True)]
    assert locate_all(text, requests) == _composed(text, requests)
    if name in ("anchor and alias", "complex key", "number keys"):  # composing is asked: the events cannot tell
        assert _locate_by_events(text, requests) is None


def test_every_place_in_a_generated_ledger_is_the_composed_one(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from make_ledger import write_ledger as generate

    generate(tmp_path / "gen", 300, 3, seed=11)
    files = sorted((tmp_path / "gen").rglob("*.yaml"))
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        requests = _requests(_data(text))
        assert _locate_by_events(text, requests) == _composed(text, requests), path
