"""`reformctl remind`: the reminders per unit, printed, and posted to a group robot served by the
test itself on 127.0.0.1 (an error answer, the robot's own refusal, the no-repeat rule, sizes)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from helpers import TASKS, write_ledger

MESSAGE_DEV = """\
【改革任务临期提醒】
市发展改革委：
截至2026年6月20日，贵单位有逾期未完成节点1个、10个工作日内到期节点1个。
一、逾期未完成节点：
1. T-1“优化营商环境改革”节点m2“形成方案”，时限2026年6月10日，已逾期6个工作日。
二、10个工作日内到期节点：
1. T-1“优化营商环境改革”节点m3“印发实施”，时限2026年6月30日，剩余7个工作日。
请抓紧推进，按时完成，并及时在台账中报送进展。
江州市委改革办"""


class Robot:
    """A group robot on 127.0.0.1: records each body; answers with the queued (status, JSON)."""

    def __init__(self):
        self.bodies: list[dict] = []
        self.paths: list[str] = []  # the address each post came to (with its query)
        self.answers: list[tuple[int, dict]] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers["Content-Length"])
                robot.bodies.append(json.loads(self.rfile.read(length).decode("utf-8")))
                robot.paths.append(self.path)
                status, answer = robot.answers.pop(0) if robot.answers else (200, {"errcode": 0, "errmsg": "ok"})
                raw = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send?key=secret-token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    served = Robot()
    yield served
    served.close()


TWO_UNITS = TASKS + """\
- id: T-3
  title: 园区体制改革
  lead_unit: hitech
  status: in_progress
  milestones:
    - {id: m1, due: 2026-06-05, what: 印发方案}
"""


def test_text_message_per_unit(ledger_dir, cli):
    result = cli("remind", "-l", ledger_dir, "--lang", "zh")
    assert result.exit_code == 0
    assert result.stdout.strip() == MESSAGE_DEV


def test_days_narrows_the_window(ledger_dir, cli):
    result = cli("remind", "-l", ledger_dir, "--days", "3", "-f", "json")
    data = json.loads(result.stdout)
    assert (data["workdays"], data["window_end"]) == (3, "2026-06-24")
    [dev] = data["units"]
    assert [row["milestone_id"] for row in dev["overdue"]] == ["m2"]
    assert dev["due_soon"] == []


def test_nothing_to_remind(ledger_dir, cli):
    result = cli("remind", "-l", ledger_dir, "--unit", "gulou", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.strip() == ("Nothing to remind anyone of as of 2026-06-20: nothing overdue, "
                                     "nothing due within 10 working days.")


def test_unknown_unit_is_a_usage_error(ledger_dir, cli):
    result = cli("remind", "-l", ledger_dir, "--unit", "nowhere", "--lang", "en")
    assert result.exit_code == 2
    assert "There is no unit 'nowhere' in units.yaml." in result.stderr


def test_markdown_escapes_ledger_text(tmp_path, cli):
    tasks = TASKS.replace("title: 优化营商环境改革", "title: '[点我](https://evil.example) <font color=\"warning\">@all</font>'")
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": tasks})
    result = cli("remind", "-l", root, "-f", "md", "--unit", "dev")
    assert "T-1“\\[点我\\](https:&#8203;//evil.example) \\<font color=\"warning\"\\>@&#8203;all\\</font\\>”" in result.stdout


def test_posts_one_message_per_unit_then_not_again(tmp_path, cli, robot):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TWO_UNITS})
    log = tmp_path / "sent.json"
    first = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--sent-log", log, "--lang", "en")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == ["sent: 市发展改革委 (2 items)", "sent: 高新区 (1 item)",
                                         "2 sent, 0 already sent before, 0 failed."]
    assert robot.bodies[0] == {"msgtype": "text", "text": {"content": MESSAGE_DEV}}
    assert "secret-token" not in log.read_text(encoding="utf-8")
    again = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--sent-log", log, "--lang", "en")
    assert again.exit_code == 0
    assert len(robot.bodies) == 2
    assert again.stdout.splitlines()[-1] == "0 sent, 2 already sent before, 0 failed."
    forced = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--sent-log", log, "--again")
    assert forced.exit_code == 0
    assert len(robot.bodies) == 4
    next_day = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--sent-log", log,
                   "--as-of", "2026-06-22")
    assert len(robot.bodies) == 6 and next_day.exit_code == 0


def test_http_error_and_refusal_are_reported_per_unit(tmp_path, cli, robot):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TWO_UNITS})
    log = tmp_path / "sent.json"
    robot.answers = [(500, {"error": "boom"}), (200, {"errcode": 310000, "errmsg": "keywords not in content"})]
    result = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "dingtalk", "-f", "md",
                 "--sent-log", log, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["NOT sent: 市发展改革委: HTTP 500 Internal Server Error",
                                          "NOT sent: 高新区: errcode 310000: keywords not in content"]
    assert result.stdout.splitlines() == ["0 sent, 0 already sent before, 2 failed."]
    assert robot.bodies[0]["msgtype"] == "markdown"
    assert robot.bodies[0]["markdown"]["title"] == "改革任务临期提醒：市发展改革委"
    retry = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "dingtalk", "-f", "md", "--sent-log", log)
    assert retry.exit_code == 0 and len(robot.bodies) == 4  # failures were not marked as sent


SECRET = "SECf3a9c1e0b7d24e6a+/="  # with characters base64 and URLs treat specially


def _signature_is_good(path: str, secret: str) -> bool:
    """The robot's own check of 加签: `sign` is base64(HMAC-SHA256(secret, "timestamp\nsecret"))."""
    import base64
    import hashlib
    import hmac
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(path).query)
    [timestamp], [sign] = query["timestamp"], query["sign"]
    expected = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return (timestamp.isdigit() and len(timestamp) == 13 and query["key"] == ["secret-token"]
            and base64.b64decode(sign) == expected)


def test_dingtalk_posts_are_signed_and_the_secret_is_never_shown(tmp_path, cli, robot):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TWO_UNITS})
    log = tmp_path / "sent.json"
    result = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "dingtalk", "--secret", SECRET,
                 "--sent-log", log, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert len(robot.paths) == 2 and all(_signature_is_good(path, SECRET) for path in robot.paths)
    assert SECRET not in result.stdout + result.stderr + log.read_text(encoding="utf-8")


def test_dingtalk_secret_from_the_environment_and_a_refusal_shows_no_signature(tmp_path, cli, robot, monkeypatch):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TWO_UNITS})
    monkeypatch.setenv("REFORMCTL_DINGTALK_SECRET", SECRET)
    robot.answers = [(200, {"errcode": 310000, "errmsg": "sign not match"}), (404, {})]
    result = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "dingtalk",
                 "--sent-log", tmp_path / "s.json", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["NOT sent: 市发展改革委: errcode 310000: sign not match",
                                          "NOT sent: 高新区: HTTP 404 Not Found"]
    assert all(_signature_is_good(path, SECRET) for path in robot.paths)
    assert SECRET not in result.stdout + result.stderr


def test_wecom_is_not_signed(tmp_path, cli, robot, monkeypatch):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": TWO_UNITS})
    monkeypatch.setenv("REFORMCTL_DINGTALK_SECRET", SECRET)  # set for the DingTalk runs: unused here
    result = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--sent-log", tmp_path / "s.json")
    assert result.exit_code == 0
    assert robot.paths == ["/send?key=secret-token"] * 2
    refused = cli("remind", "-l", root, "--webhook", robot.url, "--kind", "wecom", "--secret", SECRET,
                  "--sent-log", tmp_path / "s.json", "--again", "--lang", "en")
    assert refused.exit_code == 2 and len(robot.paths) == 2
    assert refused.stderr.strip() == ("--secret signs posts to a DingTalk robot: use it with --webhook URL "
                                      "--kind dingtalk.")
    assert SECRET not in refused.stdout + refused.stderr


def test_signed_address_keeps_the_query_and_encodes_the_signature():
    from reformctl.cli.robot_post import dingtalk_signed

    address, sign = dingtalk_signed("https://oapi.dingtalk.com/robot/send?access_token=abc", "this is secret",
                                    1700000000000)
    assert address == ("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1700000000000"
                       f"&sign={sign}")
    assert "%" in sign or sign.isalnum()  # base64's + / = travel URL-encoded
    assert dingtalk_signed("http://h/send", "s", 1)[0].startswith("http://h/send?timestamp=1&sign=")


def test_unreachable_robot_fails(ledger_dir, cli, tmp_path):
    import socket

    with socket.socket() as sock:  # a port with nothing listening
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli("remind", "-l", ledger_dir, "--webhook", f"http://127.0.0.1:{port}/", "--kind", "wecom",
                 "--sent-log", tmp_path / "s.json", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr.startswith("NOT sent: 市发展改革委: ")


@pytest.mark.parametrize("args, message", [
    (("--webhook", "http://127.0.0.1:9/"), "--webhook needs --kind dingtalk or --kind wecom"),
    (("--webhook", "file:///etc/passwd", "--kind", "wecom"), "--webhook must be an http:// or https:// address"),
    (("--webhook", "http://127.0.0.1:9/", "--kind", "wecom", "-f", "json"), "--webhook posts a text or md message"),
])
def test_webhook_usage_errors(ledger_dir, cli, args, message):
    result = cli("remind", "-l", ledger_dir, *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


def _many(count: int) -> str:
    head = "- id: T-9\n  title: 大量节点\n  lead_unit: dev\n  status: in_progress\n  milestones:\n"
    return TASKS + head + "".join(f"    - {{id: m{i}, due: 2026-06-0{1 + i % 5}, what: {'很长的节点名称' * 8}{i}}}\n"
                                  for i in range(count))


@pytest.mark.parametrize("kind, fmt, limit, field", [
    ("wecom", "text", 2048, "content"), ("wecom", "md", 4096, "content"), ("dingtalk", "md", 20000, "body")])
def test_size_limits_are_respected(tmp_path, cli, robot, kind, fmt, limit, field):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": _many(200)})
    result = cli("remind", "-l", root, "--webhook", robot.url, "--kind", kind, "-f", fmt,
                 "--sent-log", tmp_path / "s.json")
    assert result.exit_code == 0
    [body] = robot.bodies
    message = body.get("text") or body.get("markdown")
    content = message.get("content") or message.get("text")
    size = len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()) if field == "body" \
        else len(content.encode())
    assert limit - 300 < size <= limit
    assert "逾期未完成节点201个" in content  # the head keeps the whole count
    assert "未列出，请在台账中查看。" in content and content.endswith("江州市委改革办")


def test_plain_text_breaks_mentions():
    from reformctl.render.robot import plain

    assert plain("请 @all 注意\x1b[2J") == "请 @\u200ball 注意␛[2J"


NOTICE = """\
id: DB-1
ref: 江改督〔2026〕7号
date: 2026-06-01
to: gulou
ask: 请书面报告“城市更新”试点推进情况。
reply_by: 2026-06-12
"""

INSPECTION = """\
id: DC-1
kind: special
title: 上半年专项督察
date: 2026-05-10
findings:
  - {id: DC-1-01, unit: gulou, text: 试点经验总结不到位, rectify_by: 2026-06-24}
"""


def test_unanswered_notices_and_findings_to_rectify(tmp_path, cli):
    root = write_ledger(tmp_path / "l", files={"notices/db-1.yaml": NOTICE, "inspections/dc-1.yaml": INSPECTION})
    result = cli("remind", "-l", root, "--unit", "gulou")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines() == [
        "【改革任务临期提醒】",
        "鼓楼区：",
        "截至2026年6月20日，贵单位有未整改到位的督察问题1个、未答复的督办通知1件。",
        "一、未整改到位的督察问题：",
        "1. DC-1-01“试点经验总结不到位”，整改时限2026年6月24日，剩余3个工作日。",
        "二、未答复的督办通知：",
        "1. 江改督〔2026〕7号“请书面报告‘城市更新’试点推进情况”，答复时限2026年6月12日，已逾期4个工作日。",
        "请抓紧推进，按时完成，并及时在台账中报送进展。",
        "江州市委改革办",
    ]
