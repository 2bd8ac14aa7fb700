"""The command line, as a user sees it: exact output on a small ledger."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import CONFIG, write_ledger

STATUS_EN = """\
江州市委改革办: ledger status as of 2026-06-20
Ledger {root} · commit not in git · due-soon window 10 working days (to 2026-07-03)

Tasks 2: in progress 1 · struck off 1
Lights: red 1 · yellow 0 · green 0
Completion: tasks 50.0% (1 of 2 finished) · milestones 66.7% (2 of 3 due so far done)
Milestones done on time: 33.3% (1 of 3 due so far)

Units, most lagging first

 Unit           Tasks   Overdue   Due soon   On time
 ───────────────────────────────────────────────────
 市发展改革委       1         1          1     50.0%
 鼓楼区             1         0          0      0.0%

Overdue milestones

 Task                   Milestone   Unit           Due          Late (workdays)
 ──────────────────────────────────────────────────────────────────────────────
 T-1 优化营商环境改革   形成方案    市发展改革委   2026-06-10   10 (6)

Due soon

 Task                   Milestone   Unit           Due          Left (workdays)
 ──────────────────────────────────────────────────────────────────────────────
 T-1 优化营商环境改革   印发实施    市发展改革委   2026-06-30   10 (7)
"""

STATUS_ZH_HEAD = """\
江州市委改革办：台账状态（截至 2026-06-20）
台账：{root} · 版本：未纳入 git · 临期提醒范围：10 个工作日（至 2026-07-03）

任务 2 项：推进中 1 · 已销号 1
亮灯：红灯 1 · 黄灯 0 · 绿灯 0
任务完成率：50.0%（共 2 项，已完成 1 项）；节点完成率：66.7%（已到期 3 个，已完成 2 个）
节点按时完成率：33.3%（已到期 3 个，按时完成 1 个）

各单位推进情况（按滞后程度排序）

 单位           牵头任务   逾期   临期   按时完成率
 ──────────────────────────────────────────────────
 市发展改革委          1      1      1        50.0%
 鼓楼区                1      0      0         0.0%
"""


def test_status_in_english(ledger_dir, cli):
    result = cli("status", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == STATUS_EN.format(root=ledger_dir)


def test_status_in_chinese_aligns_cjk_columns(ledger_dir, cli):
    result = cli("status", "-l", ledger_dir, "--lang", "zh")
    assert result.stdout.startswith(STATUS_ZH_HEAD.format(root=ledger_dir))


def test_status_as_of_looks_back(ledger_dir, cli):
    """On 2026-05-10 T-2's m1 was done (05-06) but the task was not yet struck off (05-20)."""
    data = json.loads(cli("status", "-l", ledger_dir, "--as-of", "2026-05-10", "-f", "json").stdout)
    assert data["as_of"] == "2026-05-10"
    assert data["by_status"]["done"] == 1 and data["by_status"]["closed"] == 0
    assert data["overdue"] == []


def test_status_json_has_the_figures(ledger_dir, cli):
    data = json.loads(cli("status", "-l", ledger_dir, "-f", "json").stdout)
    assert data["by_light"] == {"red": 1, "yellow": 0, "green": 0}
    assert data["on_time_rate"] == 0.3333
    assert [(u["unit_id"], u["overdue"], u["on_time_rate"]) for u in data["units"]] == [
        ("dev", 1, 0.5), ("gulou", 0, 0.0)]
    assert [(r["task_id"], r["milestone_id"], r["days"], r["workdays"]) for r in data["overdue"]] == [
        ("T-1", "m2", 10, 6)]


def test_status_filters(ledger_dir, cli):
    data = json.loads(cli("status", "-l", ledger_dir, "-f", "json", "--unit", "gulou").stdout)
    assert data["tasks"] == 2  # gulou leads T-2 and co-leads T-1
    data = json.loads(cli("status", "-l", ledger_dir, "-f", "json", "--leader", "wang").stdout)
    assert data["tasks"] == 1
    data = json.loads(cli("status", "-l", ledger_dir, "-f", "json", "--list", "pilot").stdout)
    assert [u["unit_id"] for u in data["units"]] == ["gulou"]


def test_status_refuses_a_broken_ledger_unless_forced(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": "- id: X-1\n  title: t\n  lead_unit: nobody\n"
                                               "  milestones: [{id: m1, due: 2026-05-01, what: w}]\n"})
    refused = cli("status", "-l", root, "--lang", "en")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == ("tasks/t.yaml:3:14: R301 unknown unit 'nobody'; "
                                              "units are listed in units.yaml.")
    forced = cli("status", "-l", root, "--lang", "en", "--force")
    assert forced.exit_code == 0
    assert "Warning: the ledger has 1 error;" in forced.stderr


def test_overdue_formats(ledger_dir, cli):
    rows = list(csv.DictReader(io.StringIO(cli("overdue", "-l", ledger_dir, "-f", "csv").stdout)))
    assert [(r["task_id"], r["milestone_id"], r["days"], r["workdays"], r["leader"]) for r in rows] == [
        ("T-1", "m2", "10", "6", "李明")]
    data = json.loads(cli("overdue", "-l", ledger_dir, "-f", "json").stdout)
    assert data["overdue"][0]["latest_progress"] == "方案已形成初稿"
    grouped = cli("overdue", "-l", ledger_dir, "--by", "unit", "--lang", "en").stdout
    assert grouped.splitlines()[0] == "市发展改革委 (1)"


def test_overdue_when_nothing_is_late(ledger_dir, cli):
    result = cli("overdue", "-l", ledger_dir, "--as-of", "2026-04-01", "--lang", "en")
    assert result.stdout == "Nothing is overdue as of 2026-04-01.\n"


def test_check_clean_ledger(ledger_dir, cli):
    result = cli("check", "-l", ledger_dir, "--lang", "en")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "3 files, 2 tasks: no errors, 0 warnings.\n")


def test_check_json(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": "- id: X-1\n  title: t\n  lead_unit: dev\n"})
    data = json.loads(cli("check", "-l", root, "-f", "json", "--lang", "en").stdout)
    assert data["problems"] == [{
        "file": "tasks/t.yaml", "line": 1, "col": 7, "code": "R403", "name": "no-milestones",
        "severity": "warning",
        "message": "task X-1 has no milestones; give it dated nodes (任务项目化、项目目标化、目标节点化)."}]
    assert (data["errors"], data["warnings"]) == (0, 1)


def test_check_warnings_only_exit_zero(tmp_path, cli):
    root = write_ledger(tmp_path / "l", tasks={"t.yaml": "- id: X-1\n  title: t\n  lead_unit: dev\n"})
    assert cli("check", "-l", root).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["status", "--as-of", "2026/6/30"], "--as-of 2026/6/30 is not a date; write it as YYYY-MM-DD, for example 2026-06-30.\n"),
    (["check", "-l", "/nonexistent/ledger"], "There is no ledger at /nonexistent/ledger: no reformctl.yaml there. "
     "Give the folder that holds reformctl.yaml, or create one with `reformctl init /nonexistent/ledger`.\n"),
])
def test_usage_errors_exit_2(args, message, cli, ledger_dir):
    result = cli(*args, "--lang", "en", env={"REFORMCTL_LEDGER": str(ledger_dir)})
    assert (result.exit_code, result.stderr) == (2, message)


def test_ledger_found_from_env_and_by_walking_up(ledger_dir, cli, monkeypatch):
    assert cli("check", env={"REFORMCTL_LEDGER": str(ledger_dir)}).exit_code == 0
    monkeypatch.chdir(ledger_dir / "tasks")
    monkeypatch.delenv("REFORMCTL_LEDGER", raising=False)
    result = cli("status", "--lang", "en", "-f", "json")
    assert json.loads(result.stdout)["ledger"] == str(ledger_dir.resolve())
    assert result.stderr == ""


def test_demo_ledger_is_the_fallback_and_says_so(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REFORMCTL_LEDGER", raising=False)
    result = cli("check", "--lang", "en")
    assert result.stderr.startswith("No ledger found here; showing the bundled demo ledger (")
    assert result.exit_code == 0


def test_language_follows_the_locale(ledger_dir, cli):
    result = cli("check", "-l", ledger_dir, env={"LANG": "en_US.UTF-8", "REFORMCTL_LANG": ""})
    assert result.stderr == "3 files, 2 tasks: no errors, 0 warnings.\n"
    result = cli("check", "-l", ledger_dir, env={"LANG": "zh_CN.UTF-8", "REFORMCTL_LANG": ""})
    assert result.stderr == "共 3 个文件、2 项任务：无错误、无警告。\n"


def test_calendar_fallback_is_said_once(tmp_path, cli):
    config = CONFIG.replace("year: 2026", "year: 2031").replace("as_of: 2026-06-20", "as_of: 2031-06-20")
    tasks = "- id: X-1\n  title: t\n  lead_unit: dev\n  milestones: [{id: m1, due: 2031-06-25, what: w}]\n"
    root = write_ledger(tmp_path / "l", config=config, tasks={"t.yaml": tasks})
    result = cli("status", "-l", root, "--lang", "en")
    assert result.stderr == ("The holiday calendar has no data for 2031; working days there are counted "
                             "Monday to Friday.\n")


def test_overdue_grouped_by_leader_and_bad_choices(ledger_dir, cli):
    grouped = cli("overdue", "-l", ledger_dir, "--by", "leader", "--lang", "en").stdout
    assert grouped.splitlines()[0] == "李明 (1)"
    assert cli("overdue", "-l", ledger_dir, "--by", "team").exit_code == 2
    assert cli("status", "-l", ledger_dir, "--limit", "-1").exit_code == 2
