"""`reformctl diff`: what a pull request changes, in people's words; and `reformctl codeowners`."""

from __future__ import annotations

import json

import pytest
from ci_repo import LedgerRepo, git
from helpers import TASKS

T4 = """\
- id: T-4
  title: 数据要素市场化配置改革
  lead_unit: hitech
  milestones:
    - {id: m1, due: 2026-07-31, what: 制定方案}
"""

T3 = """\
- id: T-3
  title: 一网通办升级
  lead_unit: gulou
  milestones:
    - {id: m1, due: 2026-06-05, what: 上线试运行}
"""


@pytest.fixture
def pull_request(tmp_path) -> LedgerRepo:
    """A base ledger and a pull request that touches every section of the diff."""
    repo = LedgerRepo(tmp_path / "repo", sub="ledger", tasks={"main.yaml": TASKS + T4})
    repo.edit("tasks/main.yaml", "{id: m2, due: 2026-06-10, what: 形成方案}", "{id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-12}")
    repo.edit("tasks/main.yaml", "{id: m3, due: 2026-06-30,", "{id: m3, due: 2026-09-30,")
    repo.edit("tasks/main.yaml", "- id: T-2\n", "  changes:\n    - {date: 2026-06-16, milestone: m3, field: due, from: 2026-06-30, "
                                                "to: 2026-09-30, reason: 待省级方案出台后衔接, approved_by: 市委改革办, ref: 江改办〔2026〕7号}\n- id: T-2\n")
    repo.edit("tasks/main.yaml", "  lead_unit: hitech\n", "  lead_unit: hitech\n  status: in_progress\n"
                                                          "  progress:\n    - {date: 2026-06-15, by: hitech, text: 已启动方案起草}\n")
    repo.write("tasks/gulou.yaml", T3)
    repo.commit("June update")
    return repo


def test_markdown_for_the_pull_request(pull_request, cli):
    result = cli("diff", "HEAD~1", "HEAD", "-l", pull_request.root, "-f", "md", "--lang", "zh")
    assert result.exit_code == 0
    base, head = (git(pull_request.top, "rev-parse", "--short=12", rev) for rev in ("HEAD~1", "HEAD"))
    assert result.stdout == f"""\
## 台账变更 HEAD\\~1 ({base}) → HEAD ({head})

### 新增任务（1）

- T-3 一网通办升级（牵头单位：鼓楼区）

### 完成节点（1）

- T-1 m2“形成方案”：2026-06-12 完成（时限 2026-06-10）

### 调整时限（1）

- T-1 m3“印发实施”：2026-06-30 → 2026-09-30；原因：待省级方案出台后衔接；批准：市委改革办

### 状态变化（1）

- T-4 数据要素市场化配置改革：未启动 → 推进中

### 新增进展（1）

- T-4 2026-06-15 高新区：已启动方案起草

### 新增逾期（截至 2026-06-20）（1）

- T-3 m1“上线试运行”：时限 2026-06-05（鼓楼区）
"""


def test_text_in_english_against_the_working_tree(pull_request, cli):
    pull_request.edit("tasks/gulou.yaml", "due: 2026-06-05", "due: 2026-07-05")  # not overdue any more
    result = cli("diff", "HEAD~1", "-l", pull_request.root, "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Ledger changes HEAD~1 (") and lines[0].endswith(") → working tree")
    assert lines[1:] == [
        "", "Tasks added (1)", "  T-3 一网通办升级 (lead: 鼓楼区)",
        "", "Milestones done (1)", "  T-1 m2 形成方案: done 2026-06-12 (due 2026-06-10)",
        "", "Postponements (1)", "  T-1 m3 印发实施: 2026-06-30 → 2026-09-30; reason: 待省级方案出台后衔接; approved by 市委改革办",
        "", "Status changes (1)", "  T-4 数据要素市场化配置改革: not started → in progress",
        "", "New progress (1)", "  T-4 2026-06-15 高新区: 已启动方案起草"]


def test_json_as_data(pull_request, cli):
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", pull_request.root, "-f", "json").stdout)
    assert data["head"] == "HEAD" and len(data["base_commit"]) == 40 and data["as_of"] == "2026-06-20"
    assert data["postponed"] == [{"task": "T-1", "milestone": "m3", "what": "印发实施", "old": "2026-06-30",
                                  "new": "2026-09-30", "reason": "待省级方案出台后衔接", "approver": "市委改革办",
                                  "ref": "江改办〔2026〕7号"}]
    assert [(x["task"], x["milestone"]) for x in data["overdue"]] == [("T-3", "m1")]


def test_later_as_of_shows_what_falls_due(pull_request, cli):
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", pull_request.root, "-f", "json", "--as-of", "2026-08-03").stdout)
    assert [(x["task"], x["milestone"]) for x in data["overdue"]] == [("T-3", "m1")]  # T-4 m1 was late at base too


def test_no_change(pull_request, cli):
    result = cli("diff", "HEAD", "HEAD", "-l", pull_request.root, "--lang", "en")
    assert result.exit_code == 0 and result.stdout.endswith("\n\nNo change to any task.\n")


def test_unknown_revision_is_a_usage_error(pull_request, cli):
    result = cli("diff", "v9.9", "-l", pull_request.root, "--lang", "en")
    assert result.exit_code == 2 and result.stderr.startswith("The revision 'v9.9' does not exist")


# --- codeowners ---------------------------------------------------------------------------------

HEADER = ("# Written by `reformctl codeowners` from the teams in units.yaml; edit units.yaml, not this file.\n"
          "# 由 `reformctl codeowners` 根据 units.yaml 中的 teams 生成；请修改 units.yaml，不要直接编辑本文件。\n")


def test_codeowners_from_units(pull_request, cli):
    pull_request.write("tasks/park.yaml", T4.replace("T-4", "T-5"))  # hitech lists no team: the office reviews
    result = cli("codeowners", "-l", pull_request.root)
    assert result.exit_code == 0
    assert result.stdout == HEADER + (  # the catch-all gives the office every other file: templates, notes
        "/ledger/ @jz/office\n"
        "/ledger/reformctl.yaml @jz/office\n"
        "/ledger/units.yaml @jz/office\n"
        "/ledger/tasks/gulou.yaml @jz/gulou\n"
        "/ledger/tasks/main.yaml @jz/dev @jz/gulou\n"
        "/ledger/tasks/park.yaml @jz/office\n")


def test_codeowners_to_a_file(pull_request, cli, tmp_path):
    out = tmp_path / "out" / ".github" / "CODEOWNERS"
    result = cli("codeowners", "-l", pull_request.root, "--out", out, "--lang", "en")
    assert result.exit_code == 0 and result.stderr == f"Wrote {out}: 5 rules.\n"
    assert out.read_text(encoding="utf-8") == cli("codeowners", "-l", pull_request.root).stdout


def test_codeowners_at_the_top_covers_every_file(tmp_path, cli):
    from ci_repo import UNITS_WITH_MEMBERS

    repo = LedgerRepo(tmp_path / "repo", units=UNITS_WITH_MEMBERS)
    repo.write("templates/bulletin.md.j2", "# {{ title }}\n")
    result = cli("codeowners", "-l", repo.root)
    assert result.stdout == HEADER + ("* @jz/office\n/reformctl.yaml @jz/office\n/units.yaml @jz/office\n"
                                      "/tasks/main.yaml @jz/dev @jz/gulou\n")


def test_codeowners_needs_the_offices_team(tmp_path, cli):
    from ci_repo import UNITS_WITH_MEMBERS

    units = UNITS_WITH_MEMBERS.replace(", teams: ['@jz/office']", "")
    repo = LedgerRepo(tmp_path / "repo", units=units)
    result = cli("codeowners", "-l", repo.root, "--lang", "en")
    assert result.exit_code == 2 and result.stderr.startswith("The office lists no forge team in units.yaml")


def test_codeowners_without_teams(ledger_dir, cli):
    result = cli("codeowners", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2 and "No unit lists forge teams" in result.stderr


def test_removed_task_is_shown(pull_request, cli):
    text = pull_request.path("tasks/main.yaml").read_text(encoding="utf-8")
    pull_request.path("tasks/main.yaml").write_text(text[:text.index("- id: T-4")], encoding="utf-8")
    result = cli("diff", "HEAD~1", "-l", pull_request.root, "-f", "md", "--lang", "en")
    assert "\n### Tasks removed (1)\n\n- T-4 数据要素市场化配置改革 (lead: 高新区)\n" in result.stdout
    data = json.loads(cli("diff", "HEAD~1", "-l", pull_request.root, "-f", "json").stdout)
    assert data["removed"] == [{"task": "T-4", "title": "数据要素市场化配置改革", "unit": "高新区"}]
