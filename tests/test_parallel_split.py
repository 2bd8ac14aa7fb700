"""load.parallel.split_work: both processes take the work from one queue, the work done before
the parent's share, and a child that fails."""

from __future__ import annotations

import os
import time

import pytest

from reformctl.load import parallel

SIZES = {f"f{index}": size for index, size in enumerate([50, 40, 30, 20, 10, 10, 10, 10, 10, 10])}


@pytest.mark.parametrize("count", [1, 7, 1000, 2501])
def test_the_queue_gives_each_index_to_exactly_one_process(count, tmp_path):
    written = tmp_path / "theirs"
    queue = parallel._Queue(count)
    pid = os.fork()
    if pid == 0:  # the child takes what it can and writes down which
        code = 1
        try:
            taken = list(queue.taken())
            with os.fdopen(os.open(written, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "w") as out:
                out.write(" ".join(map(str, taken)))
            code = 0
        finally:
            os._exit(code)
    mine = list(queue.taken())
    queue.close()
    assert os.waitpid(pid, 0)[1] == 0
    theirs = [int(index) for index in written.read_text().split()]
    assert sorted(mine + theirs) == list(range(count))


@pytest.mark.parametrize("forking", [False, True], ids=["one process", "two processes"])
def test_first_runs_once_here_before_the_parents_share(forking, monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: forking)
    parent, order = os.getpid(), []

    def work(name):
        if os.getpid() == parent:
            order.append(name)
        return (name, os.getpid() == parent)

    results = parallel.split_work(SIZES, work, first=lambda: order.append("first"))
    assert list(results) == list(SIZES) and all(results[name][0] == name for name in SIZES)
    assert order[0] == "first" and order.count("first") == 1
    here = [name for name, (_, mine) in results.items() if mine]
    assert sorted(here) == sorted(order[1:])  # each done once, here or there
    if not forking:
        assert len(here) == len(SIZES)


def test_what_a_failed_child_took_is_done_here(monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)
    parent = os.getpid()

    def work(name):
        if os.getpid() != parent:
            raise RuntimeError("the child fails on the first name it takes")
        return name.upper()

    assert parallel.split_work(SIZES, work) == {name: name.upper() for name in SIZES}


def test_a_failure_here_waits_for_the_child_and_is_raised(monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)
    reaped = []
    close = parallel._Inbox.close
    monkeypatch.setattr(parallel._Inbox, "close", lambda inbox: reaped.append(dict(close(inbox))) or reaped[-1])

    def fail():
        raise RuntimeError("settings")

    with pytest.raises(RuntimeError, match="settings"):
        parallel.split_work(SIZES, lambda name: name, first=fail)
    assert reaped and set(reaped[0]) == set(SIZES)  # the child took it all: nothing was taken here


def test_results_too_large_for_the_pipe_arrive_whole(monkeypatch):
    """The child sends each result at once, and waits while the pipe is full: this process takes
    them between its own pieces of work, and all that is left at the end."""
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)
    monkeypatch.setattr(parallel, "_widen", lambda fd: None)  # the pipe the system gives: 64 KiB
    sizes = {f"f{index}": 1 for index in range(40)}
    results = parallel.split_work(sizes, lambda name: name * 50_000)
    assert results == {name: name * 50_000 for name in sizes}


def test_a_result_the_child_cannot_send_is_made_here(monkeypatch):
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)

    def encode(result):
        if result == "F3":
            raise ValueError("not plain")
        return result

    assert parallel.split_work(SIZES, str.upper, encode=encode) == {name: name.upper() for name in SIZES}


def test_work_beside_a_child_forks_no_second_child(monkeypatch):
    """`first()` reading many record files while the child works must not fork a third process."""
    monkeypatch.setattr(parallel, "_forking_allowed", True)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_CHARS", 0)
    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    nested = {}
    results = parallel.split_work(SIZES, str.upper, first=lambda: nested.update(parallel.split_work(SIZES, str.lower)),
                                  threshold=0)
    assert results == {name: name.upper() for name in SIZES} and nested == {name: name for name in SIZES}
    assert len(forks) == 1
    assert parallel._worth_forking(SIZES, 0)  # and forking is allowed again once the child is done


def test_a_result_this_process_cannot_take_back_is_made_here_and_only_it(monkeypatch):
    """A result that cannot be decoded is made again here; the child's other results still count."""
    monkeypatch.setattr(parallel, "_worth_forking", lambda sizes, threshold=0: True)
    parent, made_here = os.getpid(), []

    def work(name):
        if os.getpid() == parent:
            made_here.append(name)
        return name.upper()

    def decode(result):
        if result == "F0":  # the largest: always the child's, the first it takes
            raise ValueError("not ours")
        return result

    assert parallel.split_work(SIZES, work, decode=decode, first=lambda: time.sleep(0.3)) == \
        {name: name.upper() for name in SIZES}
    assert "f0" in made_here and len(made_here) < len(SIZES)
