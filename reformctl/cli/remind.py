"""`reformctl remind`: 临期提醒 per unit, printed or posted to a DingTalk / WeCom group robot."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..i18n import t
from .app import app
from .common import ForceOpt, LangOpt, LedgerOpt, NoCacheOpt, Session, ViewDayOpt, dump_json, open_sound_ledger, session


class RemindFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


class RobotKind(str, Enum):
    dingtalk = "dingtalk"
    wecom = "wecom"


DaysOpt = Annotated[Optional[int], typer.Option(
    "--days", min=0, max=366, show_default=False,
    help="Remind of what falls due within this many working days (default: the office's due-soon window).")]
UnitOpt = Annotated[Optional[str], typer.Option(
    "--unit", show_default=False, help="Only this unit's reminder (its id): the milestones it answers for.")]
FormatOpt = Annotated[RemindFormat, typer.Option(
    "--format", "-f", help="text, md (Markdown) or json; with --webhook, text or md is the robot's message type.")]
WebhookOpt = Annotated[Optional[str], typer.Option(
    "--webhook", show_default=False, metavar="URL",
    help="Post each unit's reminder to this group-robot webhook (群机器人), one message per unit.")]
KindOpt = Annotated[Optional[RobotKind], typer.Option(
    "--kind", show_default=False, help="The robot behind --webhook: dingtalk (钉钉) or wecom (企业微信).")]
AgainOpt = Annotated[bool, typer.Option(
    "--again", help="Post even the reminders already posted for the same day (see --sent-log).")]
SECRET_ENV = "REFORMCTL_DINGTALK_SECRET"
SecretOpt = Annotated[Optional[str], typer.Option(
    "--secret", envvar=SECRET_ENV, show_default=False, show_envvar=True, metavar="SECRET",
    help="The signing secret (加签密钥, SEC...) of a DingTalk robot with the signing setting: each post is "
         "signed with it (timestamp and sign added to the webhook address). Better read from the "
         "environment variable than typed; never printed.")]
SentLogOpt = Annotated[Optional[Path], typer.Option(
    "--sent-log", show_default=False,
    help="The file recording what was posted, so nothing is posted twice for one day. "
         "Default: remind-sent.json in the user's cache folder ($XDG_CACHE_HOME/reformctl).")]


@app.command()
def remind(
    context: typer.Context, days: DaysOpt = None, unit: UnitOpt = None, fmt: FormatOpt = RemindFormat.text, webhook: WebhookOpt = None,
    kind: KindOpt = None, again: AgainOpt = False, sent_log: SentLogOpt = None, secret: SecretOpt = None,
    ledger: LedgerOpt = None, as_of: ViewDayOpt = None, force: ForceOpt = False, lang: LangOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Remind each unit (临期提醒) of what is overdue and what falls due within N working days
    (milestones, findings to rectify, notices to answer), as a short message in the office's words;
    with --webhook, post it to a DingTalk or WeCom group robot."""
    from ..ops.remind import compute_reminders
    from .export import check_filters

    s = session(lang)
    _check_webhook(s, webhook, kind, fmt)
    secret = _dingtalk_secret(s, context, secret, webhook, kind)
    loaded, _errors, _location, day = open_sound_ledger(s, ledger, as_of, force, no_cache)
    check_filters(s, loaded, None, unit)
    report = compute_reminders(loaded, day, days, unit=unit)
    if report.calendar_fallback_years:
        s.err(t("calendar_fallback", s.lang, years=", ".join(map(str, report.calendar_fallback_years))))
    if webhook:
        _post_all(s, report, webhook, kind.value, fmt is RemindFormat.md, again, sent_log, secret)
    elif fmt is RemindFormat.json:
        s.out(dump_json(_as_json(report)))
    elif not report.units:
        s.out(t("remind_nothing", s.lang, as_of=report.as_of, days=report.workdays))
    else:
        _print_messages(s, report, fmt is RemindFormat.md)


def _check_webhook(s: Session, webhook: Optional[str], kind: Optional[RobotKind], fmt: RemindFormat) -> None:
    if webhook is None:
        return
    if kind is None:
        raise s.fail("remind_webhook_kind")
    if fmt is RemindFormat.json:
        raise s.fail("remind_webhook_json")
    if not webhook.lower().startswith(("http://", "https://")):
        raise s.fail("remind_webhook_url")


def _dingtalk_secret(s: Session, context: typer.Context, secret: Optional[str], webhook: Optional[str],
                     kind: Optional[RobotKind]) -> Optional[str]:
    """The secret to sign with: only a DingTalk post is signed. One set in the environment for
    every run is simply unused by the others; one given on the command line to no use is a mistake."""
    if webhook and kind is RobotKind.dingtalk:
        return secret or None
    source = context.get_parameter_source("secret")
    if secret and source is not None and source.name == "COMMANDLINE":
        raise s.fail("remind_secret_unused")
    return None


def _as_json(report) -> dict:
    from ..render.robot import compose

    data = report.to_dict()
    for unit, reminder in zip(data["units"], report.units):
        unit["message"] = compose(report, reminder, markdown=False)
    return data


def _print_messages(s: Session, report, markdown: bool) -> None:
    from ..render.robot import compose

    for index, reminder in enumerate(report.units):
        if index:
            s.out("\n---\n" if markdown else "")
        s.out(compose(report, reminder, markdown))


def _post_all(s: Session, report, webhook: str, kind: str, markdown: bool, again: bool, log_path: Optional[Path],
              secret: Optional[str] = None) -> None:
    from ..render.robot import payload
    from .robot_post import SentLog, default_log_path

    log = SentLog(log_path or default_log_path())
    counts = {"sent": 0, "skipped": 0, "failed": 0}
    for reminder in report.units:
        key = log.key(webhook, kind, reminder.unit_id, report.as_of)
        items = len(reminder.overdue) + len(reminder.due_soon) + len(reminder.others)
        if log.has(key) and not again:
            counts["skipped"] += 1
            s.out(t("remind_skipped", s.lang, unit=reminder.unit, as_of=report.as_of))
            continue
        failure = _post_signed(webhook, payload(report, reminder, kind, markdown), secret)
        if failure:
            counts["failed"] += 1
            s.err(t("remind_failed", s.lang, unit=reminder.unit, detail=failure))
            continue
        counts["sent"] += 1
        log.mark(key, report.as_of)
        s.out(t("remind_sent", s.lang, unit=reminder.unit, items=items))
    trouble = log.save() if counts["sent"] else None
    if trouble:
        s.err(t("remind_log_unwritable", s.lang, path=log.path, detail=trouble))
    s.out(t("remind_summary", s.lang, **counts))
    if counts["failed"]:
        raise typer.Exit(1)


def _post_signed(webhook: str, body: bytes, secret: Optional[str]) -> Optional[str]:
    """Post one message, signed when a secret is given (the clock is read here, in the command);
    what went wrong never shows the secret or the signature."""
    import time
    from urllib.parse import unquote_plus

    from .robot_post import dingtalk_signed, post, without

    if not secret:
        return post(webhook, body)
    address, sign = dingtalk_signed(webhook, secret, int(time.time() * 1000))
    failure = post(address, body)
    return without(failure, secret, sign, unquote_plus(sign)) if failure else None
