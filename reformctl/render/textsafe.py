"""Ledger text made safe for each place it goes: the terminal, CSV, JSON, Word's XML, Markdown.

Ledger text is untrusted: a title may hold terminal escape sequences, rich markup, a spreadsheet
formula, characters XML cannot hold, raw HTML or an @mention. Each destination has one function
here, and every writer of that destination uses it. Nothing here imports rich, jinja2 or docx, so
`check` can use it without the weight.
"""

from __future__ import annotations

import re

# Control characters that would act on a terminal or a viewer rather than show: C0 but tab and
# line feed, DEL, C1, the bidirectional embeddings, overrides and isolates (they reorder what a
# reader sees), and what XML or UTF-8 cannot hold (lone surrogates, U+FFFE, U+FFFF).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


_CLAUSE_END = "。；;，,.：: \t"


def clause(value: object) -> str:
    """Ledger text without its closing punctuation, for a sentence that writes its own: 延期。 → 延期."""
    return "" if value is None else str(value).rstrip(_CLAUSE_END)


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control pictures: ESC → ␛, CR → ␍, NUL → ␀
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """Text with every control character replaced by a visible stand-in (ESC → ␛, U+202E →
    <U+202E>); tab and line feed stay. What a terminal, a log or a Word file shows is then what
    the ledger holds, and nothing in it can clear a screen, move the cursor or reorder a line."""
    return _CONTROLS.sub(_shown, text)


def xml_text(text: str) -> str:
    """Text that an XML 1.0 document can hold (a Word file): control characters made visible."""
    return visible(text)


# --- CSV ----------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a leading `'` before what would start a formula
    (=, +, -, @, tab, carriage return), as spreadsheet programs expect. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- JSON ---------------------------------------------------------------------------------------

_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_safe(dumped: str) -> str:
    """JSON text (from json.dumps, ensure_ascii=False) with the characters it leaves raw but a
    terminal or a reader acts on written as \\uXXXX escapes: the same data, nothing that acts."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


# --- Markdown (briefings, the GitHub step summary, `diff --format md`) ---------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|#~])")
_MD_SCHEME = re.compile(r":(?=//)")
_MD_WWW = re.compile(r"(?i)(www)\.")
_MD_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")
_NO_JOIN = "&#8203;"  # a zero-width space, as an entity so that the Markdown source stays readable


# What escape_markdown may change: control characters (visible), what str.splitlines breaks a line
# at, Markdown's special characters, and the starts of what GitHub links (`:`, www, @).
_MD_TOUCHED = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff\u2028\u2029"
                         r"\\`*_\[\]<>&|#~:@wW]")


def escape_markdown(text: str) -> str:
    """Ledger text as written, on one line, inside Markdown (GitHub's flavour included).

    Markdown's special characters are backslash-escaped, so no raw HTML, image, link, heading or
    table cell can start. What GitHub adds on top is broken with a zero-width space: URLs it would
    turn into links (https://, www.) and @mentions, which would notify people or teams.
    """
    if not _MD_TOUCHED.search(text):  # most text (figures, dates, names) is left as it is
        return text
    text = _MD_SPECIAL.sub(r"\\\1", visible(" ".join(text.splitlines())))
    text = _MD_SCHEME.sub(":" + _NO_JOIN, text)
    text = _MD_WWW.sub(lambda m: m.group(1) + _NO_JOIN + ".", text)
    return _MD_MENTION.sub("@" + _NO_JOIN, text)


# --- CODEOWNERS ---------------------------------------------------------------------------------

_OWNERS_SPECIAL = re.compile(r"([\\ #])")
_OWNERS_BLANK = re.compile(r"[^\S ]|[\x00-\x1f\x7f-\x9f]")
_OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def codeowners_path(path: str) -> str:
    """A path for a CODEOWNERS line: space, '#' and '\\' backslash-escaped; any other blank or
    control character (which no escape can hold on one line) matched by '*'."""
    return _OWNERS_BLANK.sub("*", _OWNERS_SPECIAL.sub(r"\\\1", path))


def is_owner(handle: str) -> bool:
    """An owner CODEOWNERS can hold: @user, @org/team or an email, nothing that splits a line."""
    return bool(_OWNER.match(handle))


# --- HTML and SVG (`reformctl site`) ------------------------------------------------------------

_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_HTML_RE = re.compile("[&<>\"']")
_HTML_ANY = re.compile("[&<>\"'\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def html_text(text: str) -> str:
    """Ledger text for HTML or SVG, as element text or a quoted attribute value: the five special
    characters as entities, control characters made visible. Jinja's autoescape does the same
    for the site's templates; this is for the SVG that Python writes."""
    if _HTML_ANY.search(text) is None:  # most values (dates, ids, most titles): nothing to do
        return text
    return _HTML_RE.sub(lambda m: _HTML_SPECIAL[m.group()], visible(text))
