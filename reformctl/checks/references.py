"""Every unit, leader, list and task a task names exists; dependencies form no circle."""

from __future__ import annotations

from typing import Iterator

from ..model import SourceRef
from ..problems import Problem, suggest
from .base import CheckContext
from .refs import TaskRefIndex, TaskRefs


def _unknown(code: str, ref_id: str, src: SourceRef, known) -> Problem:
    return Problem(code, src.file, src.keypath, {"id": ref_id, **suggest(ref_id, known)})


def units_exist(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    if "units" in index.unreadable_kinds:  # the real problem is already reported there
        return
    known = index.units
    # A province ledger names units ~100,000 times, almost always rightly: first one set of all
    # the names, and only when one of them is unknown, the search for where it stands.
    if index.names.units <= known.keys():
        return
    for task in index.refs:
        for unit_id, keys in task.unit_refs():
            if unit_id not in known:
                yield _unknown("R301", unit_id, task.src.at(*keys), known)


def leaders_exist(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    if "units" in index.unreadable_kinds or index.names.leaders <= index.leaders.keys():
        return
    for task in index.refs:
        if task.lead_leader and task.lead_leader not in index.leaders:
            yield _unknown("R302", task.lead_leader, task.src.at("lead_leader"), index.leaders)


def lists_exist(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    known = [item.id for item in index.config.lists]
    if index.names.lists <= set(known):  # as for units
        return
    for task in index.refs:
        for position, list_id in enumerate(task.lists):
            if list_id not in known:
                yield _unknown("R305", list_id, task.src.at("lists", position), known)


def dependencies_exist(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    if "tasks" in index.unreadable_kinds:  # the task may sit in the file that could not be read
        return
    if index.names.dependencies <= index.known_ids:
        return
    for task in index.refs:
        for position, dep in enumerate(task.depends_on):
            if dep not in index.known_ids:
                yield _unknown("R303", dep, task.src.at("depends_on", position), index.names.ids)


def no_dependency_cycles(index: TaskRefIndex, ctx: CheckContext) -> Iterator[Problem]:
    # Only a task that depends on another can be on a circle: most tasks depend on none, and
    # the search runs on the others alone (the first task of an id stands for it, as before).
    depending = [index.refs[position] for position in index.names.depending]
    if not index.ids_unique:
        depending = [task for task in depending if index.by_id[task.id] is task]
    tasks = {task.id: task for task in depending}
    graph = {task_id: list(task.depends_on) for task_id, task in tasks.items()}
    for component in _strong_components(graph):
        first = min(component)
        if len(component) == 1 and first not in graph[first]:
            continue
        cycle = _cycle_from(first, graph, component)
        task = tasks[first]
        position = task.depends_on.index(cycle[1] if len(cycle) > 1 else first)
        yield Problem("R304", task.src.file, task.src.keypath + ("depends_on", position),
                      {"cycle": " → ".join(cycle + [cycle[0]])})


def _strong_components(graph: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so that a long chain of dependencies cannot overflow."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for dep in edges:
                if dep not in graph:
                    continue
                if dep not in index:
                    index[dep] = low[dep] = len(index)
                    stack.append(dep)
                    on_stack.add(dep)
                    work.append((dep, iter(graph[dep])))
                    break
                if dep in on_stack:
                    low[node] = min(low[node], index[dep])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _cycle_from(start: str, graph: dict[str, list[str]], within: set[str]) -> list[str]:
    """The shortest circle of dependencies through `start`, inside one strong component."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for dep in graph[node]:
                if dep == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return list(reversed(path))
                if dep in within and dep not in parents:
                    parents[dep] = node
                    following.append(dep)
        frontier = following
    return [start]
