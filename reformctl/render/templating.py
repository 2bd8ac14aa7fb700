"""Jinja for the briefings: the sandbox, the office's overrides, escaping, and errors for people.

Templates are looked up first in the ledger's own `templates/` folder, then among the built-in
ones, so an office overrides a template by writing a file of the same name. Every `{{ value }}`
passes through the target's escaper (Markdown or the Word block text), so ledger text renders
as written; `|raw` opts out for markup a template builds on purpose.

An office's template is code the office did not review line by line: it runs in Jinja's sandbox,
and under `render_limits` (a time and a size limit), so that a loop without end stops.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterator, Optional

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..i18n import inner_quotes
from ..load.find import package_data
from ..model import iso_day
from .textsafe import clause


class Raw(str):
    """Text a template emits as markup, unescaped."""


class TemplateFailure(Exception):
    """A template could not be rendered; says which template, which line, and what went wrong."""

    def __init__(self, name: str, line: Optional[int], detail: str):
        super().__init__(f"{name}:{line or '?'}: {detail}")
        self.name, self.line, self.detail = name, line, detail


class RenderLimit(Exception):
    """Rendering went past a limit: `what` is "time" (seconds) or "size" (bytes)."""

    def __init__(self, what: str):
        super().__init__(f"rendering went past its {what} limit")
        self.what = what


@dataclass(frozen=True)
class _Limits:
    deadline: float  # time.monotonic() by which rendering must end
    max_bytes: int


_LIMITS: ContextVar[Optional[_Limits]] = ContextVar("render_limits", default=None)


@contextmanager
def render_limits(seconds: float, max_bytes: int) -> Iterator[None]:
    """Stop rendering past `seconds` or past `max_bytes` of template output (RenderLimit).

    Output is counted and the clock read as the template yields text; a loop that yields
    nothing is stopped by an interval timer (SIGALRM), where the platform has one and this is
    the main thread.
    """
    token = _LIMITS.set(_Limits(time.monotonic() + seconds, max_bytes))
    previous = _start_alarm(seconds)
    try:
        yield
    finally:
        # the limits go first: a ring landing in the clean-up (the clock's check and the timer ran
        # out together) then stops nothing, instead of skipping the reset and leaving later
        # renderings under limits already past
        _LIMITS.reset(token)
        _stop_alarm(previous)


def _start_alarm(seconds: float) -> Any:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None

    def ring(signum: int, frame: Any) -> None:
        if _LIMITS.get() is not None:  # a ring that arrives once rendering is over stops nothing
            raise RenderLimit("time")

    previous = signal.signal(signal.SIGALRM, ring)
    # one ring, never a repeating one: a second ring could land in the clean-up below, skip the
    # timer's reset and go on ringing through whatever runs next (seen in the suite)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return previous


def _stop_alarm(previous: Any) -> None:
    if previous is not None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded(chunks: Iterator[str]) -> str:
    """Join the template's output, stopping at the limits of `render_limits` (if any).

    Characters are counted as each chunk comes (a character is at least one byte, so a count past
    the limit is past it in bytes too; counting them 64 chunks at a time let a template hold 64
    chunks of ten million characters before it was stopped), and the clock read every 64 chunks:
    a page of the site yields hundreds of small chunks, and encoding each to count its bytes cost
    a fifth of its rendering. The exact size in bytes is checked once at the end."""
    limits = _LIMITS.get()
    if limits is None:
        return "".join(chunks)
    parts: list[str] = []
    keep, most, deadline, size = parts.append, limits.max_bytes, limits.deadline, 0
    for index, chunk in enumerate(chunks):
        size += len(chunk)
        if size > most:
            raise RenderLimit("size")
        if not index & 63 and time.monotonic() > deadline:
            raise RenderLimit("time")
        keep(chunk)
    text = "".join(parts)
    if len(text.encode("utf-8", "surrogatepass")) > most:
        raise RenderLimit("size")
    return text


def _day(value: Any) -> Any:
    """Text a template gives as a date, read as ledger dates are (model.iso_day); other values as they are."""
    if not isinstance(value, str):
        return value
    day = iso_day(value)
    if day is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
    return day


def cn_date(value: Any) -> str:
    """2026-06-30 → 2026年6月30日 (GB/T 9704: dates in Arabic numerals, no leading zeros)."""
    value = _day(value)
    if not isinstance(value, date):
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def month_day(value: Any, context: Any = None) -> str:
    """2026-07-31 → 7月31日, as tables in documents show dates; with a `context` date in another
    year (the as-of day) the year is kept: 2027年1月15日."""
    value = _day(value)
    if not isinstance(value, date):
        return ""
    if isinstance(context, date) and context.year != value.year:
        return cn_date(value)
    return f"{value.month}月{value.day}日"


def pct(value: Any, places: int = 1) -> str:
    """0.8571 → 85.7%; None (nothing to share) → —."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.{places}f}%"


_DIGITS = "〇一二三四五六七八九"


def cn_number(value: Any) -> str:
    """1 → 一, 12 → 十二, 40 → 四十: the numbering of headings (一、二、……); 100 and up stay Arabic."""
    number = int(value)
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


_TITLE_COLONS = ("：", ":")


def _without_unit(title: str, unit: Optional[str]) -> Optional[str]:
    """The title after a leading "unit：" (白鹤区：“企业服务专员”全覆盖 → “企业服务专员”全覆盖), else None."""
    if not unit or not title.startswith(unit):
        return None
    rest = title[len(unit):]
    return rest[1:].lstrip() if rest[:1] in _TITLE_COLONS else None


def quoted(value: Any, unit: Optional[str] = None) -> str:
    """A title or a milestone in “ ”, its own quotes made ‘ ’, without a leading "unit：" when the
    sentence names the unit already: 北亭区牵头的“小区‘微治理’积分制”."""
    title = "" if value is None else str(value).strip()  # no space inside the quotes
    return f"“{inner_quotes(_without_unit(title, unit) or title)}”"


def unit_task(value: Any, unit: Any) -> str:
    """A unit and its task, as running text names them: 市发展改革委“优化营商环境改革”; a title that
    already names its unit is not prefixed with it again: 白鹤区“企业服务专员”全覆盖."""
    title, unit = ("" if value is None else str(value).strip()), ("" if unit is None else str(unit))
    if unit and title.startswith(unit):
        rest = _without_unit(title, unit)
        return title if rest is None else unit + rest
    return unit + quoted(title)


def pct_text(value: Any) -> str:
    """A rate in running text: 93.4%, and a whole one without its zero: 100%, 0%."""
    text = pct(value)
    return text.replace(".0%", "%") if text.endswith(".0%") else text


def rate_change(before: Any, after: Any) -> str:
    """How a rate moved, as a report says it: 由100%下降至93.4%, 由90.2%上升至93.4%, 保持93.4%不变;
    为93.4% when there was no rate before."""
    if before is None or after is None or before == after:
        return f"保持{pct_text(after)}不变" if before == after else f"为{pct_text(after)}"
    return f"由{pct_text(before)}{'上升' if after > before else '下降'}至{pct_text(after)}"


_MAX_POWER_BITS = 100_000  # a number of about 30,000 digits: more than any document needs
_MAX_REPEAT = 10_000_000  # characters or items from one `*`
_DICT_ATTRIBUTES = frozenset(dir(dict))
_MISSING = object()


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the operators that can run for minutes or fill the memory in one
    step (where no timer can stop them) bounded: `**` on integers and `*` on text or lists.
    Intercepted operators are also never folded at compile time."""

    intercepted_binops = frozenset({"*", "**"})

    # Fast paths for what the site's pages read a million times: `row.id` on a plain dict and
    # `w.key` / `w["is_" ~ x]` on a SimpleNamespace of words. Each gives what Jinja's sandbox gives
    # (a dict's key when dict has no such attribute; a namespace's own text attribute not starting
    # with "_", which the sandbox deems safe), without its failed lookups and safety checks.
    def getattr(self, obj: Any, attribute: str) -> Any:
        kind = type(obj)
        if kind is dict and attribute not in _DICT_ATTRIBUTES:
            value = obj.get(attribute, _MISSING)
            if value is not _MISSING:
                return value
        elif kind is SimpleNamespace and type(attribute) is str and not attribute.startswith("_"):
            value = obj.__dict__.get(attribute)
            if type(value) is str:
                return value
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if type(obj) is SimpleNamespace and type(argument) is str and not argument.startswith("_"):
            value = obj.__dict__.get(argument)
            if type(value) is str:
                return value
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _huge_power(left, right):
            raise SecurityError(f"{left!r} ** {right!r} is too large a number to compute")
        if operator == "*" and (_huge_repeat(left, right) or _huge_repeat(right, left)):
            raise SecurityError("repeating text or a list that many times makes too much output")
        return super().call_binop(context, operator, left, right)


def _huge_power(base: Any, exponent: Any) -> bool:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0 or abs(base) < 2:
        return False
    return exponent * abs(base).bit_length() > _MAX_POWER_BITS


def _huge_repeat(sequence: Any, times: Any) -> bool:
    return isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and len(sequence) * times > _MAX_REPEAT


def environment(ledger_root: Optional[Path], escape: Callable[[str], str]) -> SandboxedEnvironment:
    def finalize(value: Any) -> str:
        if type(value) is str:  # most values: plain text, not Raw
            return escape(value)
        if value is None:
            return ""
        if isinstance(value, Raw):
            return str(value)
        return escape(str(value))

    loaders = [_ledger_templates(ledger_root)] if ledger_root else []
    env = _Sandbox(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(str(package_data("templates")))]),
        undefined=jinja2.StrictUndefined, finalize=finalize, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(clause=clause, cn_date=cn_date, cn_number=cn_number, inner_quotes=inner_quotes,
                       month_day=month_day, pct=pct, pct_text=pct_text, quoted=quoted, rate_change=rate_change,
                       raw=Raw, unit_task=unit_task)
    return env


def _ledger_templates(ledger_root: Path) -> jinja2.BaseLoader:
    """The ledger's own templates/, read without following a link (load.files.read_template)."""
    from ..load.files import Refused, read_template

    def load(name: str):
        try:
            found = read_template(ledger_root, name)
        except Refused as refused:
            raise TemplateFailure(refused.rel, None, f"{refused.code} {refused.problem().message()}") from None
        return None if found is None else (found[0], found[1], lambda: True)

    return jinja2.FunctionLoader(load)


def render_template(name: str, data: dict, ledger_root: Optional[Path], escape: Callable[[str], str],
                    env: Optional[SandboxedEnvironment] = None) -> str:
    """Render template `name` with `data`; any failure becomes one TemplateFailure. `env`: an
    environment made once for many pages (the site's), else one is made for this rendering."""
    env = env or environment(ledger_root, escape)
    try:
        return _bounded(env.get_template(name).generate(**data))
    except (RenderLimit, TemplateFailure):  # past a limit; a template that is a link (said by the loader)
        raise
    except jinja2.TemplateNotFound as missing:
        raise TemplateFailure(missing.name or name, None, "template not found") from None
    except jinja2.TemplateSyntaxError as err:
        where = _shown(err.filename, err.name or name)
        raise TemplateFailure(where, err.lineno, err.message or "syntax error") from None
    except Exception as err:  # undefined variables, sandbox refusals, type errors inside the template
        where, line = _template_frame(sys.exc_info()[2], name)
        raise TemplateFailure(where, line, f"{type(err).__name__}: {err}") from None


def _template_frame(trace, name: str) -> tuple[str, Optional[int]]:
    """The innermost traceback frame inside a template file (Jinja maps it to the template line)."""
    found: tuple[str, Optional[int]] = (name, None)
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (_shown(filename, name), trace.tb_lineno)
        trace = trace.tb_next
    return found


def _shown(filename: Optional[str], fallback: str) -> str:
    return filename or fallback
