"""A ledger diff as text or Markdown (the comment CI posts on a pull request)."""

from __future__ import annotations

from ..i18n import t
from ..ops.diff import LedgerDiff
from .textsafe import clause, escape_markdown


def _lines(diff: LedgerDiff, lang: str) -> list[tuple[str, list[str]]]:
    """(section heading, its lines) for every section that has something."""
    status = lambda value: t(value, lang)  # noqa: E731  (status words are i18n keys)
    sections = [
        (t("diff_added", lang), [t("diff_line_added", lang, **vars(x)) for x in diff.added]),
        (t("diff_removed", lang), [t("diff_line_added", lang, **vars(x)) for x in diff.removed]),
        (t("diff_done", lang), [t("diff_line_done", lang, **vars(x)) for x in diff.done]),
        (t("diff_late", lang), [*(t("diff_line_late", lang, **vars(x)) for x in diff.late),
                                *(t("diff_line_late_step", lang, **vars(x)) for x in diff.late_steps)]),
        (t("diff_postponed", lang), [_postponed(x, lang) for x in diff.postponed]),
        (t("diff_status", lang), [t("diff_line_status", lang, **{**vars(x), "old": status(x.old), "new": status(x.new)})
                                  for x in diff.status]),
        (t("diff_progress", lang), [t("diff_line_progress", lang, **vars(x)) for x in diff.progress]),
        (t("diff_rewritten", lang), [t("diff_line_rewritten", lang, **vars(x)) for x in diff.rewritten]),
        (t("diff_overdue", lang, as_of=diff.as_of), [t("diff_line_overdue", lang, **vars(x)) for x in diff.overdue]),
        *_supervision_sections(diff, lang),
        (t("diff_records", lang), [t("diff_line_record", lang, **{**vars(x), "kind": t(f"rec_{x.kind}", lang),
                                                                   "change": t(f"chg_{x.change}", lang)})
                                   for x in diff.records]),
        (t("diff_assessment", lang), [_assessment_line(x, lang) for x in diff.assessment]),
    ]
    return [(heading, lines) for heading, lines in sections if lines]


def _postponed(x, lang: str) -> str:
    """A moved due date with its reason and approver (the reason's own closing stop dropped, so
    that 原因：…。；never doubles), or 未经批准 when no approved change records it."""
    if not (x.reason or x.approver):
        return t("diff_line_unapproved", lang, **vars(x))
    return t("diff_line_postponed", lang, **{**vars(x), "reason": clause(x.reason) or "—", "approver": x.approver or "—"})


def _assessment_line(x, lang: str) -> str:
    """A change of the assessment method: its part and field in the office's words."""
    label = t("diff_asmt_name" if x.name == x.id else "diff_asmt_label", lang, name=x.name, id=x.id)
    field = t(f"asmt_field_{x.field}", lang) if x.field else ""
    key = f"diff_line_asmt_{x.change}" + ("" if x.field else "_whole")
    return t(key, lang, part=t(f"asmt_part_{x.part}", lang), label=label, field=field,
             old=x.old, new=x.new)


def _supervision_sections(diff: LedgerDiff, lang: str) -> list[tuple[str, list[str]]]:
    """New and closed findings (督察问题), notices sent and answered (督办通知)."""
    def late(x) -> str:
        return t("diff_late_mark", lang) if x.late else ""

    return [
        (t("diff_findings_new", lang), [t("diff_line_finding_new", lang, **vars(x)) for x in diff.findings_new]),
        (t("diff_findings_closed", lang), [t("diff_line_finding_closed", lang, **{**vars(x), "late": late(x)})
                                           for x in diff.findings_closed]),
        (t("diff_steps_done", lang), [t("diff_line_step_done", lang, **{**vars(x), "late": late(x)})
                                      for x in diff.steps_done]),
        (t("diff_notices_sent", lang), [t("diff_line_notice_sent", lang, **vars(x)) for x in diff.notices_sent]),
        (t("diff_notices_answered", lang), [t("diff_line_notice_answered", lang, **{**vars(x), "late": late(x)})
                                            for x in diff.notices_answered]),
    ]


def render_text(diff: LedgerDiff, lang: str, base: str, head: str) -> str:
    out = [t("diff_title", lang, base=base, head=head)]
    for heading, lines in _lines(diff, lang):
        out += ["", f"{heading} ({len(lines)})" if lang == "en" else f"{heading}（{len(lines)}）"]
        out += [f"  {line}" for line in lines]
    if diff.is_empty():
        out += ["", t("diff_nothing", lang)]
    return "\n".join(out) + "\n"


def render_markdown(diff: LedgerDiff, lang: str, base: str, head: str) -> str:
    out = [f"## {escape_markdown(t('diff_title', lang, base=base, head=head))}"]
    for heading, lines in _lines(diff, lang):
        out += ["", f"### {heading} ({len(lines)})" if lang == "en" else f"### {heading}（{len(lines)}）", ""]
        out += [f"- {escape_markdown(line)}" for line in lines]
    if diff.is_empty():
        out += ["", t("diff_nothing", lang)]
    return "\n".join(out) + "\n"

