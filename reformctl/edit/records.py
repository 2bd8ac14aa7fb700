"""Changing a task's loaded mapping (ruamel.yaml's CommentedMap) the way its siblings are written:
keys in the model's order, new list entries in the style (flow or block) of the entries before."""

from __future__ import annotations

from typing import Any, Iterable, Optional

TASK_KEYS = ("id", "title", "summary", "lists", "source", "lead_leader", "lead_unit", "co_units", "outcome",
             "milestones", "depends_on", "progress", "status", "added", "changes", "closed", "carry_over")
MILESTONE_KEYS = ("id", "due", "what", "done", "owner", "evidence")


def new_map(pairs: Iterable[tuple[str, Any]], flow: bool = False) -> Any:
    """A mapping of the pairs whose value is given (None and empty lists are left out)."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in pairs:
        if value is None or (isinstance(value, (list, tuple)) and not value):
            continue
        mapping[key] = flow_list(value) if type(value) in (list, tuple) else value  # a CommentedSeq keeps its style
    if flow:
        mapping.fa.set_flow_style()
    return mapping


def flow_list(values: Iterable[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def block_list(values: Iterable[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(values)


def put(mapping: Any, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set `key`, or insert it after the keys that come before it in `order`."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, present in enumerate(mapping):
        if present in order and order.index(present) < rank:
            position = index + 1
    mapping.insert(position, key, value)


def append_entry(mapping: Any, key: str, pairs: list[tuple[str, Any]], order: tuple[str, ...]) -> None:
    """Append an entry to the list under `key` (made when missing), in the style of its last entry."""
    from ruamel.yaml.comments import CommentedSeq

    entries = mapping.get(key)
    if not isinstance(entries, list):
        entries = CommentedSeq()
        put(mapping, key, entries, order)
    flow = bool(entries) and _is_flow(entries[-1])
    entries.append(new_map(pairs, flow=flow))


def _is_flow(value: Any) -> bool:
    attribute = getattr(value, "fa", None)
    return bool(attribute and attribute.flow_style())


def add_to_list(mapping: Any, key: str, values: Iterable[Any], order: tuple[str, ...]) -> None:
    """Add values not already there to the list under `key` (a flow list when new)."""
    values = list(values)
    if not values:
        return
    present = mapping.get(key)
    if not isinstance(present, list):
        put(mapping, key, flow_list(values), order)
        return
    for value in values:
        if value not in present:
            present.append(value)


def find_milestone(task: Any, milestone_id: str) -> Optional[Any]:
    for milestone in task.get("milestones") or []:
        if isinstance(milestone, dict) and str(milestone.get("id")) == milestone_id:
            return milestone
    return None
