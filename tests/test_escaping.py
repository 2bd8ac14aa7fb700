"""Ledger text is untrusted: it is escaped for every place it goes (issue 8 §3).

The terminal shows it as text (no rich markup, no escape sequences), CSV cells cannot start a
formula, the Word writer never meets a character XML cannot hold, and Markdown (briefings, the
GitHub step summary, `diff --format md`) gets no raw HTML, image, link or @mention from it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from ci_repo import UNITS_WITH_MEMBERS, LedgerRepo
from helpers import TASKS, UNITS, write_ledger

ESC = "\x1b"


def ledger_titled(root: Path, title: str, **replace: str) -> Path:
    """The default ledger with T-1's title (a YAML double-quoted string) and other text replaced."""
    tasks = TASKS.replace("优化营商环境改革", f'"{title}"')
    for old, new in replace.items():
        tasks = tasks.replace(old, new)
    return write_ledger(root, tasks={"main.yaml": tasks})


# --- the terminal -------------------------------------------------------------------------------


OVERDUE_TABLE = """\
逾期节点

 任务                          节点       单位           时限         逾期天数（工作日）
 ───────────────────────────────────────────────────────────────────────────────────────
 T-1 closing [/nope] tag [x]   形成方案   市发展改革委   2026-06-10   10（6）
"""


def test_rich_markup_in_a_title_is_shown_as_text(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", "closing [/nope] tag [x]")
    result = cli("overdue", "-l", root, "--lang", "zh", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == OVERDUE_TABLE
    status = cli("status", "-l", root, "--lang", "zh", "--no-cache")
    assert status.exit_code == 0, status.stderr
    assert " T-1 closing [/nope] tag [x] " in status.stdout


def test_a_link_in_markup_is_not_made_a_hyperlink(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", "[link=https://evil.example]点此[/link] [bold red]红[/]")
    result = cli("overdue", "-l", root, "--lang", "zh", "--no-cache", env={"FORCE_COLOR": "1", "TERM": "xterm"})
    assert result.exit_code == 0, result.stderr
    assert "T-1 [link=https://evil.example]点此[/link] [bold red]红[/]" in result.stdout
    assert "\x1b]8;" not in result.stdout  # no OSC 8 hyperlink


def test_escape_sequences_are_made_visible(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", r"清屏\e[2J\e[H标题\u202e反向")
    for command in ("status", "overdue"):  # --force: check refuses the control characters (R016)
        result = cli(command, "-l", root, "--lang", "zh", "--no-cache", "--force")
        assert result.exit_code == 0, result.stderr
        assert ESC not in result.stdout and "\u202e" not in result.stdout
        assert "T-1 清屏␛[2J␛[H标题<U+202E>反向" in result.stdout


def test_messages_quoting_ledger_text_are_made_visible(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", "任务", **{"  status: in_progress\n": '  status: in_progress\n  "k\\e[2Jey": 1\n'})
    result = cli("check", "-l", root, "--lang", "en", "--no-cache")
    assert result.exit_code == 1
    assert ESC not in result.stdout
    assert result.stdout.splitlines()[1].startswith("tasks/main.yaml:8:3: R101 unknown key 'k␛[2Jey'.")  # after R016
    refused = cli("status", "-l", root, "--lang", "en", "--no-cache")  # the refusal lists the problem on stderr
    assert refused.exit_code == 1 and ESC not in refused.stderr and "'k␛[2Jey'" in refused.stderr


def test_grouped_overdue_titles_are_text(tmp_path, cli):
    root = write_ledger(tmp_path / "l", units=UNITS.replace("name: 李明", "name: '[/] 李明'"))
    result = cli("overdue", "-l", root, "--by", "leader", "--lang", "zh", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("[/] 李明 (1)\n")


def test_json_output_escapes_what_json_leaves_raw(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", r"标题\x9b2J\u202e")
    result = cli("overdue", "-l", root, "-f", "json", "--no-cache", "--force")  # check refuses them (R016)
    assert result.exit_code == 0
    assert "\x9b" not in result.stdout and "\u202e" not in result.stdout
    assert '"task_title": "标题\\u009b2J\\u202e"' in result.stdout
    assert json.loads(result.stdout)["overdue"][0]["task_title"] == "标题\x9b2J\u202e"


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_cells_cannot_start_a_formula(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", '=HYPERLINK(\\"http://x.example\\",\\"点\\")',
                         **{"what: 形成方案": "what: '+1+2'", "text: 方案已形成初稿": "text: '@SUM(A1:A9)'"})
    result = cli("overdue", "-l", root, "-f", "csv", "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == (
        "T-1,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点\"\")\",m2,'+1+2,2026-06-10,dev,市发展改革委,李明,10,6,"
        "False,2026-06-01,'@SUM(A1:A9),")


@pytest.mark.parametrize("value, shown", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"),
                                          ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=1", "a=1"), (-3, -3)])
def test_csv_cell(value, shown):
    from reformctl.render.textsafe import csv_cell

    assert csv_cell(value) == shown


# --- Word ---------------------------------------------------------------------------------------


def test_word_never_meets_a_character_xml_cannot_hold(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", r"控制\x01字符\x0b", **{"what: 形成方案": 'what: "形成\\x00方案"'})
    out = tmp_path / "o.docx"
    result = cli("report", "overdue", "-l", root, "-f", "docx", "-o", out, "--force", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    document = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "“控制␁字符”（T-1，牵头市领导李明）" in document and ">形成␀方案<" in document


def test_xml_text_keeps_tab_and_line_ends():
    from reformctl.render.textsafe import xml_text

    assert xml_text("a\tb\nc\x7fd\ud800e\ufffe") == "a\tb\nc␡d<U+D800>e<U+FFFE>"


# --- Markdown: briefings, the step summary, diff --format md --------------------------------------

HOSTILE = "<img src=x onerror=alert(1)> ![i](http://x.example/y.png) [l](https://e.example) www.e.example @octo-org/team"
HOSTILE_MD = (r"\<img src=x onerror=alert(1)\> !\[i\](http:&#8203;//x.example/y.png) \[l\](https:&#8203;//e.example) "
              r"www&#8203;.e.example @&#8203;octo-org/team")


def test_escape_markdown():
    from reformctl.render.textsafe import escape_markdown

    assert escape_markdown(HOSTILE) == HOSTILE_MD
    assert escape_markdown("a\nb\x1b[2J & `c`") == r"a b␛\[2J \& \`c\`"


def test_briefing_markdown_escapes_ledger_text(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", HOSTILE)
    result = cli("report", "overdue", "-l", root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("| 1 |"))
    assert row.startswith(f"| 1 | {HOSTILE_MD}（T-1） | 形成方案 |")
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(http|(?<!\\)!\[", result.stdout)


def test_step_summary_escapes_ledger_text(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", "任务", **{"  status: in_progress\n": '  status: in_progress\n  "<b>@octocat</b>": 1\n'})
    summary = tmp_path / "summary.md"
    result = cli("check", "-l", root, "-f", "text", "--lang", "en", "--no-cache", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    row = summary.read_text(encoding="utf-8").splitlines()[4]
    assert row.startswith(r"| ❌ | R101 | `tasks/main.yaml:8:3` | unknown key '\<b\>@&#8203;octocat\</b\>'. Keys allowed")


def test_diff_markdown_escapes_ledger_text(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    repo.write("tasks/new.yaml", f"""\
        - id: T-9
          title: "{HOSTILE}"
          lead_unit: dev
          milestones:
            - {{id: m1, due: 2026-09-30, what: 方案}}
        """)
    repo.commit("add T-9")
    result = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "-f", "md", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("- T-9"))
    assert line == f"- T-9 {HOSTILE_MD} (lead: 市发展改革委)"


def test_diff_text_makes_controls_visible(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    repo.write("tasks/new.yaml", """\
        - id: T-9
          title: "标题\\e]0;owned\\a"
          lead_unit: dev
          milestones:
            - {id: m1, due: 2026-09-30, what: 方案}
        """)
    repo.commit("add T-9")
    result = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert ESC not in result.stdout and "\a" not in result.stdout
    assert "  T-9 标题␛]0;owned␇ (lead: 市发展改革委)\n" in result.stdout


# --- CI annotations -------------------------------------------------------------------------------


def test_ci_formats_hold_hostile_text(tmp_path, cli):
    key = "x\\n::warning::injected %0A <b>@octocat</b>\\e[2J"
    root = ledger_titled(tmp_path / "l", "任务", **{"  status: in_progress\n": f'  status: in_progress\n  "{key}": 1\n'})
    github = cli("check", "-l", root, "-f", "github", "--lang", "en", "--no-cache").stdout
    lines = github.splitlines()  # R016 for the ESC in the key, then the R101 that quotes the key
    assert lines[0].startswith("::error file=tasks/main.yaml,line=8,col=3,title=R016 control-character::")
    assert lines[1].startswith("::error file=tasks/main.yaml,line=8,col=3,title=R101 unknown-key::unknown key "
                               "'x%0A::warning::injected %250A <b>@octocat</b>␛[2J'. Keys allowed")
    assert len(lines) == 2 and ESC not in github
    messages = {"gitlab": lambda data: data[1]["description"],
                "sarif": lambda data: data["runs"][0]["results"][1]["message"]["text"],
                "json": lambda data: data["problems"][1]["message"]}
    for fmt, message in messages.items():
        text = cli("check", "-l", root, "-f", fmt, "--lang", "en", "--no-cache").stdout
        assert ESC not in text  # JSON's own escapes (\u001b) hold the text; nothing raw reaches a terminal
        assert "unknown key 'x\n::warning::injected %0A <b>@octocat</b>" in message(json.loads(text))


# --- codeowners ---------------------------------------------------------------------------------


def test_codeowners_escapes_paths_and_refuses_bad_teams(tmp_path, cli):
    root = write_ledger(tmp_path / "l", units=UNITS_WITH_MEMBERS, tasks={"a b#c.yaml": TASKS})
    result = cli("codeowners", "-l", root, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("/tasks/a\\ b\\#c.yaml @jz/dev @jz/gulou\n")
    bad = write_ledger(tmp_path / "bad", units=UNITS_WITH_MEMBERS.replace("'@jz/dev'", "\"@jz/dev\\n* @attacker\""))
    refused = cli("codeowners", "-l", bad, "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == ("dev in units.yaml lists the team '@jz/dev\\n* @attacker', which CODEOWNERS cannot hold "
                              "(write @org/team, @user or an email). Nothing was written.\n")


def test_codeowners_path():
    from reformctl.render.textsafe import codeowners_path

    assert codeowners_path("/tasks/a b\\#\nc.yaml") == "/tasks/a\\ b\\\\\\#*c.yaml"


def test_csv_reader_round_trip_of_neutralised_cells(tmp_path, cli):
    root = ledger_titled(tmp_path / "l", "-2+3")
    rows = list(csv.DictReader(io.StringIO(cli("overdue", "-l", root, "-f", "csv", "--no-cache").stdout)))
    assert rows[0]["task_title"] == "'-2+3"


def test_visible_stand_ins():
    from reformctl.render.textsafe import visible

    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("\x00\x07\x08\x1b\r\x7f") == "␀␇␈␛␍␡"
    assert visible("\x85\x9b\u202a\u202e\u2066\u2069") == "<U+0085><U+009B><U+202A><U+202E><U+2066><U+2069>"
    assert visible("中文 [bold]x[/]") == "中文 [bold]x[/]"


def test_text_left_as_it_is_by_the_fast_path_is_what_the_full_escape_gives(monkeypatch):
    """escape_markdown and escape_block_text return text with none of what they change as it is,
    without running their substitutions: for every character up to U+3100 and a few beyond, alone
    and inside text, the answer is the full escape's."""
    import re

    from reformctl.render import docx_blocks, textsafe

    samples = [chr(code) for code in range(0x3100)] + ["\u202e", "\u2066", "\ufeff", "\ufffe", "\U0001f600"]
    texts = samples + [f"任务{char}名称" for char in samples] + ["Www.gov.cn", "a@b", "http://x", "推进改革 2026年"]
    fast = [(textsafe.escape_markdown(text), docx_blocks.escape_block_text(text)) for text in texts]
    always = re.compile("")
    monkeypatch.setattr(textsafe, "_MD_TOUCHED", always)
    monkeypatch.setattr(docx_blocks, "_TOUCHED", always)
    assert fast == [(textsafe.escape_markdown(text), docx_blocks.escape_block_text(text)) for text in texts]
