"""load.parallel.split_work: the work done before the parent's share, and the parent's own work
weighed when the files are shared out."""

from __future__ import annotations

import os

import pytest

from reformctl.load import parallel

SIZES = {f"f{index}": size for index, size in enumerate([50, 40, 30, 20, 10, 10, 10, 10, 10, 10])}


def test_the_child_takes_half_and_as_much_again_of_the_parents_own_work():
    assert sum(SIZES[name] for name in parallel._share(SIZES)) == 100
    assert sum(SIZES[name] for name in parallel._share(SIZES, 40)) == 120
    assert parallel._share(SIZES, 10_000) == set(SIZES)  # never more than all of it


@pytest.mark.parametrize("forking", [False, True], ids=["one process", "two processes"])
def test_first_runs_once_here_before_the_parents_share(forking, monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: forking)
    parent, order = os.getpid(), []

    def work(name):
        if os.getpid() == parent:
            order.append(name)
        return (name, os.getpid() == parent)

    results = parallel.split_work(SIZES, work, first=lambda: order.append("first"), parent_extra=40)
    assert list(results) == list(SIZES) and all(results[name][0] == name for name in SIZES)
    assert order[0] == "first" and order.count("first") == 1
    mine = {name for name, (_, here) in results.items() if here}
    assert sum(SIZES[name] for name in mine) == (80 if forking else 200)


def test_a_failure_here_waits_for_the_child_and_is_raised(monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)
    reaped = []
    receive = parallel._receive
    monkeypatch.setattr(parallel, "_receive", lambda *args: reaped.append(receive(*args)) or reaped[-1])

    def fail():
        raise RuntimeError("settings")

    with pytest.raises(RuntimeError, match="settings"):
        parallel.split_work(SIZES, lambda name: name, first=fail)
    assert reaped and set(reaped[0]) == parallel._share(SIZES)
