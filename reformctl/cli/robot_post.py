"""Posting reminders to a group robot (钉钉 / 企业微信), and the sent-log that keeps a reminder from
being posted twice for the same day.

The sent-log is a small JSON file outside the ledger: by default in the user's cache folder
($XDG_CACHE_HOME/reformctl/remind-sent.json), or where `--sent-log` says (a CI job keeps it in its
own cache). It is not in the ledger because it is a fact about one machine's posting, not about
the reform tasks: in the ledger it would turn every reminder run into a commit, and a pull request
could forge it to silence a reminder. A webhook address carries the robot's secret token, so the
log keeps only a hash of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from ..render.textsafe import visible

TIMEOUT_SECONDS = 10
KEEP_DAYS = 62  # entries older than this (before the newest reminder day) are dropped
_ANSWER_LIMIT = 64 * 1024


def post(url: str, body: bytes, timeout: float = TIMEOUT_SECONDS) -> Optional[str]:
    """POST the robot's JSON; None when the robot took it, else what went wrong (for a person)."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked by the caller)
            answer = response.read(_ANSWER_LIMIT)
    except urllib.error.HTTPError as err:
        return f"HTTP {err.code} {visible(str(err.reason))[:80]}"
    except urllib.error.URLError as err:
        return visible(str(err.reason))[:120]
    except (OSError, ValueError) as err:  # a timeout, a reset connection, a malformed address
        return visible(str(err) or type(err).__name__)[:120]
    return robot_refusal(answer)


def dingtalk_signed(url: str, secret: str, timestamp_ms: int) -> tuple[str, str]:
    """The webhook address a DingTalk robot with the signing setting (加签) accepts, and the
    signature in it: `timestamp` (milliseconds, given by the command: no clock here) and `sign`,
    the HMAC-SHA256 of "timestamp\nsecret" keyed by the secret, base64 then URL-encoded. The
    robot refuses a timestamp more than an hour from its own clock."""
    to_sign = f"{timestamp_ms}\n{secret}".encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), to_sign, hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign}", sign


def without(detail: str, *secrets: str) -> str:
    """What went wrong, with no trace of the secret or its signature (an error may quote the address)."""
    for secret in secrets:
        if secret:
            detail = detail.replace(secret, "***")
    return detail


def robot_refusal(answer: bytes) -> Optional[str]:
    """Both robots answer HTTP 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a refusal
    (a wrong keyword, a too-large message, too many messages a minute)."""
    try:
        data = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "the robot's answer is not JSON: " + visible(answer[:80].decode("utf-8", "replace"))
    code = data.get("errcode") if isinstance(data, dict) else None
    if code == 0:
        return None
    message = data.get("errmsg") if isinstance(data, dict) else None
    return f"errcode {code}: {visible(str(message))[:120]}"


def default_log_path() -> Path:
    from ..load.cache import user_cache_folder

    return user_cache_folder(os.environ) / "remind-sent.json"


class SentLog:
    """Which (robot, unit, day) reminders were posted: {key: day}."""

    def __init__(self, path: Path):
        self.path = path
        self.sent: dict[str, str] = _read_log(path)

    @staticmethod
    def key(url: str, kind: str, unit: str, day: date) -> str:
        robot = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
        return f"{kind}:{robot}:{unit}:{day.isoformat()}"

    def has(self, key: str) -> bool:
        return key in self.sent

    def mark(self, key: str, day: date) -> None:
        self.sent[key] = day.isoformat()

    def save(self) -> Optional[str]:
        """Write the log whole (a temporary file renamed into place); None, or why it failed."""
        newest = max((date.fromisoformat(d) for d in self.sent.values()), default=None)
        if newest:
            oldest = (newest - timedelta(days=KEEP_DAYS)).isoformat()
            self.sent = {k: d for k, d in sorted(self.sent.items()) if d >= oldest}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".remind-sent.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"sent": self.sent}, stream, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError as err:
            return err.strerror or str(err)
        return None


def _read_log(path: Path) -> dict[str, str]:
    """The log's entries; a missing, unreadable or malformed log counts as empty (the worst case
    is a reminder posted once more, never one silenced)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    sent = data.get("sent") if isinstance(data, dict) else None
    if not isinstance(sent, dict):
        return {}
    return {k: v for k, v in sent.items() if isinstance(k, str) and isinstance(v, str) and _is_day(v)}


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
