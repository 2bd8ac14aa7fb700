"""Plain data → pydantic records, with every validation error turned into a clerk's problem."""

from __future__ import annotations

import re
import typing
import unicodedata
from typing import Any, Optional

from pydantic import BaseModel, ValidationError

from ..model import ID_PATTERN, TEXT_PATTERN, Record, SourceRef, date_error_kind, set_source
from ..problems import Problem, excerpt, suggest

_RECORD_NAMES = {
    "Config": ("settings file", "配置"), "UnitsFile": ("units file", "单位文件"),
    "Leader": ("leader", "领导"), "Unit": ("unit", "单位"), "ListDef": ("list", "清单"),
    "Task": ("task", "任务"), "Milestone": ("milestone", "节点"), "Progress": ("progress entry", "进展"),
    "Change": ("change", "调整记录"), "Closed": ("strike-off record", "销号记录"),
    "Source": ("source", "来源"), "Outcome": ("outcome", "成果"), "CarryOver": ("carry-over", "结转"),
    "DocumentsConfig": ("documents section", "公文设置"),
    "Pilot": ("pilot", "试点"), "PilotPeriod": ("pilot period", "试点期限"),
    "Acceptance": ("acceptance", "验收"), "Promotion": ("promotion", "复制推广"),
}
_EXPECTED = {
    "string_type": ("text", "文本"), "int_type": ("a whole number", "整数"),
    "int_parsing": ("a whole number", "整数"), "int_from_float": ("a whole number", "整数"),
    "list_type": ("a list (lines starting with '- ')", "列表（以“- ”开头的各行）"),
    "model_type": ("a mapping of keys and values", "键值映射"),
    "model_attributes_type": ("a mapping of keys and values", "键值映射"),
    "dict_type": ("a mapping of keys and values", "键值映射"),
    "bool_type": ("true or false", "true 或 false"),
}


def validate_record(model: type[Record], data: Any, src: SourceRef) -> tuple[Optional[Record], list[Problem]]:
    """Validate one record; on failure, one problem per error, pointing into the file."""
    try:
        record = model.model_validate(data)
    except ValidationError as err:
        return None, [_problem(model, src, e) for e in err.errors(include_url=False)]
    set_source(record, src)
    if model.__name__ != "Task":  # a task's parts are placed from the task: see Record.src
        _attach_sources(record, src)
    return record, []


_RECORD_LISTS: dict[type, Any] = {}


def validate_records(model: type[Record], items: list, file: str) -> Optional[list[Record]]:
    """Validate a whole file's list of records in one call, or None if any of them is wrong.

    One call into pydantic-core for the file costs far less than one per record; a file with
    an error is then validated record by record (`validate_record`) to report each problem.
    """
    adapter = _RECORD_LISTS.get(model)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _RECORD_LISTS[model] = TypeAdapter(list[model])
    try:
        records = adapter.validate_python(items)
    except ValidationError:
        return None
    for index, record in enumerate(records):
        set_source(record, SourceRef(file, (index,)))
    return records


def _attach_sources(record: BaseModel, src: SourceRef) -> None:
    """Give nested records their own SourceRef, so that checks can point at them.

    It runs for every record of a large ledger, so it visits only the fields that can hold
    records, and writes the private slot directly (pydantic's __setattr__ costs ~2 µs).
    """
    values = record.__dict__
    for name, key in _record_fields(type(record)):
        value = values[name]
        if isinstance(value, Record):
            set_source(value, inner := src.at(key))
            _attach_sources(value, inner)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Record):
                    set_source(item, inner := src.at(key, index))
                    _attach_sources(item, inner)


_RECORD_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _record_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, key in the file) of the fields of `model` whose values may be records."""
    fields = _RECORD_FIELDS.get(model)
    if fields is None:
        fields = _RECORD_FIELDS[model] = tuple((name, field.alias or name) for name, field in model.model_fields.items()
                                               if _inner_model(field.annotation) is not None)
    return fields


def _problem(model: type[BaseModel], src: SourceRef, error: dict) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    key = next((str(step) for step in reversed(loc) if isinstance(step, str)), "")
    where = src.keypath + loc
    if kind == "extra_forbidden":
        allowed = list(_fields_at(model, loc[:-1]))
        params = {"key": loc[-1], "allowed": ", ".join(allowed), **suggest(str(loc[-1]), allowed)}
        return Problem("R101", src.file, where, params, at_key=True)
    if kind == "missing":
        english, chinese = record_name(_model_at(model, loc[:-1]))
        return Problem("R102", src.file, src.keypath + loc[:-1],
                       {"key": loc[-1], "record": english, "record_zh": chinese})
    if kind == "ledger_date":
        kind = date_error_kind(value)
    if kind in ("ledger_date_format", "ledger_date_type"):
        return Problem("R104", src.file, where, {"value": value})
    if kind == "ledger_date_range":
        return Problem("R105", src.file, where, {"value": value})
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Problem("R106", src.file, where, {"key": key, "value": value, "raw": value})
    if kind in ("enum", "literal_error"):
        return Problem("R107", src.file, where, {"key": key, "value": value,
                                                 "choices": error.get("ctx", {}).get("expected", "")})
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == TEXT_PATTERN:
        return Problem("R110", src.file, where, {"key": key})
    if kind == "string_pattern_mismatch":
        return Problem("R108", src.file, where, {"value": value, **half_width_hint(value)})
    if kind in _EXPECTED:
        expected, expected_zh = _EXPECTED[kind]
        found, found_zh = describe(value)
        return Problem("R103", src.file, where, {"key": key, "expected": expected, "expected_zh": expected_zh,
                                                 "found": found, "found_zh": found_zh})
    detail, detail_zh = _bad_value(error)
    return Problem("R109", src.file, where, {"key": key, "detail": detail, "detail_zh": detail_zh})


# Pydantic's other refusals, said in both languages with the limit and the value as written
# (pydantic's own words are English; its message stays the English fallback).
_BOUNDS = {
    "greater_than_equal": ("ge", "it must be at least {limit} (here {value})", "不能小于 {limit}（此处为 {value}）"),
    "less_than_equal": ("le", "it must be at most {limit} (here {value})", "不能大于 {limit}（此处为 {value}）"),
    "greater_than": ("gt", "it must be more than {limit} (here {value})", "须大于 {limit}（此处为 {value}）"),
    "less_than": ("lt", "it must be less than {limit} (here {value})", "须小于 {limit}（此处为 {value}）"),
    "string_too_long": ("max_length", "it is longer than {limit} characters", "超过 {limit} 个字符"),
    "string_too_short": ("min_length", "it must be at least {limit} characters long", "不能少于 {limit} 个字符"),
    "too_long": ("max_length", "it may hold at most {limit} items", "最多只能有 {limit} 项"),
    "too_short": ("min_length", "it must hold at least {limit} items", "至少应有 {limit} 项"),
    "bool_parsing": ("", "write true or false (here {value})", "请写 true 或 false（此处为 {value}）"),
}


def _bad_value(error: dict) -> tuple[str, str]:
    """(English, Chinese) of a refusal that has no code of its own."""
    kind = error["type"]
    if kind not in _BOUNDS:
        return error.get("msg", kind), "不符合台账格式的要求，请对照 docs/ledger-format.md 更正"
    name, english, chinese = _BOUNDS[kind]
    facts = {"limit": error.get("ctx", {}).get(name, ""), "value": written(error.get("input"))}
    return english.format(**facts), chinese.format(**facts)


def written(value: Any) -> str:
    """A value as the YAML file says it: true, not Python's True; an empty value as nothing."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else excerpt(str(value))


def half_width_hint(value: Any) -> dict[str, str]:
    """`hint` / `hint_zh` naming the half-width id for one typed in full-width characters (ＪＺ－２０２６ → JZ-2026)."""
    half = unicodedata.normalize("NFKC", value) if isinstance(value, str) else value
    if half == value or not isinstance(half, str) or not re.fullmatch(ID_PATTERN, half):
        return {"hint": "", "hint_zh": ""}
    return {"hint": f" (typed in full-width characters: write '{half}')",
            "hint_zh": f"（使用了全角字符，应写作半角的“{half}”）"}


def record_name(model: type) -> tuple[str, str]:
    """What a record of `model` is called (en, zh): a model of a later record kind says it itself,
    in a class attribute RECORD_NAME."""
    return _RECORD_NAMES.get(model.__name__) or getattr(model, "RECORD_NAME", None) or ("record", "记录")


def describe(value: Any) -> tuple[str, str]:
    """Say in words what kind of value the user wrote."""
    if value is None:
        return "empty", "空值"
    if isinstance(value, bool):
        return f"true/false ({written(value)})", f"布尔值（{written(value)}）"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(str(value))}", f"数字 {excerpt(str(value))}"
    if isinstance(value, str):  # a short excerpt: the value may be a whole file of someone's secrets
        return f"the text '{excerpt(value)}'", f"文本“{excerpt(value)}”"
    if isinstance(value, list):
        return "a list", "列表"
    if isinstance(value, dict):
        return "a mapping of keys", "键值映射"
    return type(value).__name__, type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The record class found by following `loc` (field names and list indexes) from `model`."""
    current = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = current.model_fields.get(step) or _by_alias(current, step)
        if field is None:
            break
        inner = _inner_model(field.annotation)
        if inner is None:
            break
        current = inner
    return current


def _by_alias(model: type[BaseModel], alias: str):
    return next((f for f in model.model_fields.values() if f.alias == alias), None)


def _inner_model(annotation: Any) -> Optional[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _model_at(model, loc)
    return [field.alias or name for name, field in target.model_fields.items()]
