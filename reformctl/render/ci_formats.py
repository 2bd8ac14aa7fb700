"""Problems in the shapes CI systems read: text, JSON, GitHub workflow commands, GitLab Code
Quality, SARIF 2.1.0, and the Markdown of a GitHub step summary.

`prefix` is the ledger folder's path inside its repository ('' at the top, else 'ledger/'):
forges want paths from the repository's top, problems carry paths from the ledger's root.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Iterable

from ..i18n import t
from ..problems import RULES, Problem
from ..version import __version__
from .textsafe import escape_markdown, json_safe, visible

GITHUB_LIMIT = 10  # annotations GitHub shows per step and severity
SUMMARY_ROWS = 200
_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}
_SARIF_LEVEL = {"error": "error", "warning": "warning"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFO_URI = "https://pypi.org/project/reformctl/"


def _counts(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(p.severity == "error" for p in problems)
    return errors, len(problems) - errors


def render_json(problems: list[Problem], lang: str, ledger: str) -> str:
    errors, warnings = _counts(problems)
    data = {"ledger": ledger, "errors": errors, "warnings": warnings,
            "problems": [p.to_dict(lang) for p in problems]}
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


# --- GitHub -----------------------------------------------------------------------------------


def github_data(text: str) -> str:
    """Escape a workflow command's message, as GitHub's toolkit does ('%', CR and LF, so that
    no text can end the command and start another); other control characters made visible."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def github_property(text: str) -> str:
    """Escape a workflow command's property value (file, title): also ':' and ','."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: list[Problem], lang: str, prefix: str = "") -> str:
    """One `::error`/`::warning` command per problem, up to GitHub's limit; the rest as plain lines."""
    lines, shown = [], {"error": 0, "warning": 0}
    for problem in problems:
        level = problem.severity
        if shown[level] >= GITHUB_LIMIT:
            lines.append(problem.format(lang))
            continue
        shown[level] += 1
        props = [f"file={github_property(prefix + problem.file)}", f"line={problem.line or 1}",
                 f"col={problem.col or 1}", f"title={github_property(problem.code + ' ' + problem.rule.name)}"]
        lines.append(f"::{level} {','.join(props)}::{github_data(problem.message(lang))}")
    hidden = len(problems) - sum(shown.values())
    if hidden:
        lines.append(t("github_more", lang, n=hidden, limit=GITHUB_LIMIT))
    return "".join(line + "\n" for line in lines)


def step_summary(problems: list[Problem], lang: str, prefix: str = "") -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: counts of all problems and a table of them."""
    errors, warnings = _counts(problems)
    lines = [f"### {t('ci_summary_title', lang, errors=errors, warnings=warnings)}", ""]
    if not problems:
        return "\n".join(lines + [t("ci_summary_clean", lang), "", ""])
    lines += [f"| | {t('ci_col_code', lang)} | {t('ci_col_where', lang)} | {t('ci_col_message', lang)} |",
              "|---|---|---|---|"]
    for problem in problems[:SUMMARY_ROWS]:
        mark = "❌" if problem.severity == "error" else "⚠️"
        where = prefix + problem.where()
        lines.append(f"| {mark} | {problem.code} | {_code_cell(where)} | {escape_markdown(problem.message(lang))} |")
    if len(problems) > SUMMARY_ROWS:
        lines += ["", t("more_problems", lang, n=len(problems) - SUMMARY_ROWS)]
    return "\n".join(lines + ["", ""])


def _code_cell(text: str) -> str:
    """A path as code in a table cell; one that a code span cannot hold (a backtick, a '|', a line
    end, a control character) as escaped text instead."""
    if any(char in text for char in "`|\r\n") or visible(text) != text:
        return escape_markdown(text)
    return f"`{text}`"


# --- GitLab Code Quality ----------------------------------------------------------------------


def fingerprint(problem: Problem, prefix: str = "") -> str:
    """Stable across runs and line shifts: code, file, key path and the English message."""
    keypath = json.dumps([str(step) for step in problem.keypath], ensure_ascii=False)
    basis = "\0".join((problem.code, prefix + problem.file, keypath, problem.message("en")))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def render_gitlab(problems: list[Problem], lang: str, prefix: str = "") -> str:
    report = [{
        "description": f"{problem.code} {problem.message(lang)}",
        "check_name": f"{problem.code} {problem.rule.name}",
        "fingerprint": fingerprint(problem, prefix),
        "severity": _GITLAB_SEVERITY[problem.severity],
        "location": {"path": prefix + problem.file, "lines": {"begin": problem.line or 1}},
    } for problem in problems]
    return json_safe(json.dumps(report, ensure_ascii=False, indent=2)) + "\n"


# --- SARIF 2.1.0 ------------------------------------------------------------------------------


def _sarif_rules(lang: str) -> list[dict]:
    return [_sarif_rule(rule, lang) for rule in RULES.values()]


class _Elided(dict):
    """Every field of a message template reads "…": the template read as a rule's description."""

    def __missing__(self, key: str) -> str:
        return "…"


_HELP_TAIL = {"en": " The rules are listed in docs/ledger-format.md.", "zh": "规则说明见 docs/ledger-format.md。"}


def _sarif_rule(rule, lang: str) -> dict:
    """A rule as SARIF describes it: a short sentence (what is wrong), a full one (and how to
    fix it), and the help text GitHub code scanning requires."""
    full = _sentence(re.sub("…+", "…", (rule.zh if lang == "zh" else rule.en).format_map(_Elided())), lang)
    short = _sentence(re.split(r"[;；。]|\. ", full, maxsplit=1)[0], lang)
    return {
        "id": rule.code,
        "name": _camel(rule.name),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": full + _HELP_TAIL[lang]},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def _sentence(text: str, lang: str) -> str:
    """Capitalised and closed with a full stop, as a description is a sentence."""
    text = text.strip().rstrip(".。;；,，")
    if lang == "zh":
        return text + "。"
    return text[:1].upper() + text[1:] + "."


def _camel(name: str) -> str:
    head, *rest = name.split("-")
    return head + "".join(word.capitalize() for word in rest)


def _sarif_result(problem: Problem, index: dict[str, int], lang: str, prefix: str) -> dict:
    return {
        "ruleId": problem.code,
        "ruleIndex": index[problem.code],
        "level": _SARIF_LEVEL[problem.severity],
        "message": {"text": problem.message(lang)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": prefix + problem.file, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": problem.line or 1, "startColumn": problem.col or 1},
        }}],
        "partialFingerprints": {"reformctl/v1": fingerprint(problem, prefix)},
    }


def render_sarif(problems: Iterable[Problem], lang: str, prefix: str = "") -> str:
    index = {code: position for position, code in enumerate(RULES)}
    log = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reformctl", "version": __version__, "informationUri": _INFO_URI,
                                "rules": _sarif_rules(lang)}},
            "results": [_sarif_result(p, index, lang, prefix) for p in problems],
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json_safe(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"
