"""临期提醒 as a message: plain text, Markdown, and the JSON of a DingTalk or WeCom group robot.

One message per unit, in the office's words. Ledger text is untrusted: in Markdown it is escaped
(textsafe.escape_markdown: no link, image, HTML, <font> or <@mention> can start); in plain text its
control characters are made visible and an @ before a name is broken, so that no one is paged.

The robots refuse what is too large (see docs/remind.md for the sources):
- WeCom (企业微信群机器人): text `content` at most 2048 bytes, markdown `content` at most 4096
  bytes, UTF-8 (群机器人配置说明; the API answers errcode 40058 "markdown.content exceed max length").
- DingTalk (钉钉自定义机器人): the request body at most 20000 bytes ("body 大小不合法 ... 请保持大小在
  20000bytes 以内").
A message that would exceed its limit keeps its head (the counts, so nothing is lost from the
totals) and foot, lists as many items as fit, and says how many more there are.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Optional

from ..i18n import inner_quotes
from ..ops.remind import OpenItem, RemindReport, UnitReminder
from ..ops.status import MilestoneRow
from .textsafe import clause, escape_markdown, visible

KINDS = ("dingtalk", "wecom")
# (robot, message type) -> (what is measured, its limit in UTF-8 bytes)
LIMITS = {
    ("wecom", "text"): ("content", 2048),
    ("wecom", "markdown"): ("content", 4096),
    ("dingtalk", "text"): ("body", 20000),
    ("dingtalk", "markdown"): ("body", 20000),
}
_MENTION = re.compile(r"@(?=\S)")
_ZWSP = "\u200b"


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def plain(text: str) -> str:
    """Ledger text in a plain-text robot message: one line, controls visible, no @mention."""
    return _MENTION.sub("@" + _ZWSP, visible(" ".join(str(text).splitlines())))


class _Words:
    """How ledger text and emphasis are written in one message type."""

    def __init__(self, markdown: bool):
        self.markdown = markdown

    def text(self, value: str) -> str:
        return escape_markdown(str(value)) if self.markdown else plain(value)

    def quoted(self, value: str) -> str:
        """Ledger text quoted inside a sentence: “ ” around it, its own quotes made ‘ ’, and no full
        stop of its own (江改督〔2026〕3号“请于9月10日前报告推进情况”，答复时限…)."""
        return f"“{self.text(inner_quotes(clause(value.rstrip())))}”"

    def heading(self, value: str) -> str:
        return f"### {value}" if self.markdown else value

    def item(self, number: int, value: str) -> str:
        return f"{number}. {value}"


def _milestone_line(words: _Words, row: MilestoneRow, late: bool) -> str:
    when = f"已逾期{row.workdays}个工作日" if late else f"剩余{row.workdays}个工作日"
    return (f"{words.text(row.task_id)}{words.quoted(row.task_title)}节点{words.text(row.milestone_id)}"
            f"{words.quoted(row.what)}，时限{day_text(row.due)}，{when}。")


def _other_line(words: _Words, item: OpenItem) -> str:
    deadline = "答复时限" if item.kind == "notice" else "整改时限"
    when = f"已逾期{item.workdays}个工作日" if item.overdue else f"剩余{item.workdays}个工作日"
    return f"{words.text(item.id)}{words.quoted(item.what)}，{deadline}{day_text(item.due)}，{when}。"


_OTHER_TITLES = {"finding": "未整改到位的督察问题", "notice": "未答复的督办通知"}
_NUMBERS = "一二三四五六七八九"


def message_parts(report: RemindReport, reminder: UnitReminder, markdown: bool) -> tuple[list[str], list[str], list[str]]:
    """(head, items, foot) of one unit's message: the items are the lines that may be left out."""
    words = _Words(markdown)
    counts = [f"逾期未完成节点{len(reminder.overdue)}个"] if reminder.overdue else []
    if reminder.due_soon:
        counts.append(f"{report.workdays}个工作日内到期节点{len(reminder.due_soon)}个")
    for kind, title in _OTHER_TITLES.items():
        number = sum(1 for item in reminder.others if item.kind == kind)
        if number:
            counts.append(f"{title}{number}{'个' if kind == 'finding' else '件'}")
    head = [words.heading("【改革任务临期提醒】"), f"{words.text(reminder.unit)}：",
            f"截至{day_text(report.as_of)}，贵单位有{'、'.join(counts)}。"]
    items: list[str] = []
    sections = [("逾期未完成节点", [_milestone_line(words, r, True) for r in reminder.overdue]),
                (f"{report.workdays}个工作日内到期节点", [_milestone_line(words, r, False) for r in reminder.due_soon])]
    sections += [(title, [_other_line(words, i) for i in reminder.others if i.kind == kind])
                 for kind, title in _OTHER_TITLES.items()]
    for index, (title, lines) in enumerate(s for s in sections if s[1]):
        items.append(f"{_NUMBERS[index]}、{title}：")
        items += [words.item(number, line) for number, line in enumerate(lines, 1)]
    foot = ["请抓紧推进，按时完成，并及时在台账中报送进展。", words.text(report.office)]
    return head, items, foot


def compose(report: RemindReport, reminder: UnitReminder, markdown: bool) -> str:
    head, items, foot = message_parts(report, reminder, markdown)
    return _join(head + items + foot, markdown)


def _join(lines: list[str], markdown: bool) -> str:
    # Markdown needs a blank line between blocks; the robots' Markdown shows a single \n as a break
    return ("\n\n" if markdown else "\n").join(lines)


def payload(report: RemindReport, reminder: UnitReminder, kind: str, markdown: bool) -> bytes:
    """The robot's JSON body for one unit, within the robot's size limit."""
    head, items, foot = message_parts(report, reminder, markdown)
    measure, limit = LIMITS[(kind, "markdown" if markdown else "text")]
    title = f"改革任务临期提醒：{plain(reminder.unit)}"
    shown = len(items)
    while True:
        lines = head + items[:shown] + (_more(len(items) - shown) if shown < len(items) else []) + foot
        text = _fit_lines(lines, markdown, kind, title, measure, limit)
        if text is not None:
            return _body(kind, markdown, title, text)
        if shown == 0:  # even the head alone is too long: cut the text itself
            return _body(kind, markdown, title, _cut(_join(lines, markdown), kind, markdown, title, measure, limit))
        shown -= 1


def _more(count: int) -> list[str]:
    return [f"……另有{count}项未列出，请在台账中查看。"]


def _fit_lines(lines: list[str], markdown: bool, kind: str, title: str, measure: str, limit: int) -> Optional[str]:
    text = _join(lines, markdown)
    return text if _size(kind, markdown, title, text, measure) <= limit else None


def _size(kind: str, markdown: bool, title: str, text: str, measure: str) -> int:
    if measure == "content":
        return len(text.encode("utf-8"))
    return len(_body(kind, markdown, title, text))


def _cut(text: str, kind: str, markdown: bool, title: str, measure: str, limit: int) -> str:
    low, high = 0, len(text)
    while low < high:  # the longest prefix (plus "…") within the limit
        middle = (low + high + 1) // 2
        if _size(kind, markdown, title, text[:middle] + "…", measure) <= limit:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def _body(kind: str, markdown: bool, title: str, text: str) -> bytes:
    if kind == "dingtalk":
        message = ({"msgtype": "markdown", "markdown": {"title": title, "text": text}} if markdown
                   else {"msgtype": "text", "text": {"content": text}})
    else:
        message = {"msgtype": "markdown" if markdown else "text", ("markdown" if markdown else "text"): {"content": text}}
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
