"""Who may write plans, the agenda and pilots, and what stays put (R960–R963), on real git
repositories: each rule broken (exit 1, the code and the place at head) and kept (exit 0)."""

from __future__ import annotations

import json

import pytest
from ci_repo import DEV, GULOU, OFFICE, LedgerRepo

PLAN = """\
id: FA-1
title: 关于深化营商环境改革的实施方案
unit: dev
review:
  consult: {date: 2026-05-10, by: dev}
meeting: {target: M-7}
"""

MEETING = """\
id: M-7
kind: 深改委全体会议
date: 2026-06-28
items:
  - {kind: review, plan: FA-1, unit: dev}
"""

AGENDA = """\
items:
  - {id: A-1, title: 审议营商环境改革实施方案, unit: dev, plan: FA-1, want_meeting: M-7, submitted: 2026-06-01}
"""


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    repo = LedgerRepo(tmp_path / "repo")
    repo.write("plans/fa-1.yaml", PLAN)
    repo.write("meetings/m-7.yaml", MEETING)
    repo.write("agenda.yaml", AGENDA)
    repo.commit("plans, meetings and the agenda", email=OFFICE)
    return repo


def check(cli, repo: LedgerRepo):
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "-f", "json", "--lang", "en")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, [(p["code"], p["file"], p["line"], p["col"]) for p in json.loads(result.stdout)["problems"]]


LEGALITY = "  consult: {date: 2026-05-10, by: dev}\n  legality: {date: 2026-06-10, by: 市司法局}\n"


def test_a_unit_records_a_review_step_of_its_own_plan(repo, cli):
    repo.edit("plans/fa-1.yaml", "  consult: {date: 2026-05-10, by: dev}\n", LEGALITY)
    repo.commit("legality review", email=DEV)
    assert check(cli, repo) == (0, [])


def test_another_unit_may_not_edit_the_plan(repo, cli):
    repo.edit("plans/fa-1.yaml", "  consult: {date: 2026-05-10, by: dev}\n", LEGALITY)
    repo.commit("legality review", email=GULOU)
    assert check(cli, repo) == (1, [("R962", "plans/fa-1.yaml", 1, 5)])


def test_only_the_office_issues_a_plan(repo, cli):
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-7}\n",
              "meeting: {target: M-7}\nissued: {date: 2026-06-15, doc: 江委办发〔2026〕9号, by: 深改委}\n")
    repo.commit("issue", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and ("R961", "plans/fa-1.yaml", 7, 9) in problems


def test_a_recorded_step_stays_as_written(repo, cli):
    repo.edit("plans/fa-1.yaml", "date: 2026-05-10, by: dev", "date: 2026-05-12, by: dev")
    repo.commit("correct the day", email=OFFICE)
    assert check(cli, repo) == (1, [("R963", "plans/fa-1.yaml", 5, 3)])


def test_records_are_never_deleted(repo, cli):
    repo.path("meetings/m-7.yaml").unlink()
    repo.edit("plans/fa-1.yaml", "meeting: {target: M-7}\n", "")
    repo.commit("drop the meeting", email=OFFICE)
    code, problems = check(cli, repo)
    assert code == 1 and ("R960", "meetings/m-7.yaml") in [p[:2] for p in problems]


def test_a_unit_proposes_agenda_items_but_the_office_schedules_them(repo, cli):
    item = "  - {id: A-2, title: 听取数据要素改革汇报, unit: dev, want_meeting: M-7, submitted: 2026-06-02}\n"
    repo.edit("agenda.yaml", "submitted: 2026-06-01}\n", "submitted: 2026-06-01}\n" + item)
    repo.commit("propose", email=DEV)
    assert check(cli, repo) == (0, [])
    repo.edit("agenda.yaml", "submitted: 2026-06-02}", "submitted: 2026-06-02, state: scheduled}")
    repo.commit("schedule it myself", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R961"]


def test_only_the_office_writes_a_pilots_approval(repo, cli):
    repo.edit("tasks/main.yaml", "  status: in_progress\n",
              "  status: in_progress\n  pilot: {level: national, approval_doc: 国函〔2026〕1号}\n")
    repo.commit("my task is a national pilot", email=DEV)
    code, problems = check(cli, repo)
    assert code == 1 and [p[0] for p in problems] == ["R961"]


def test_diff_says_what_changed_in_plans_meetings_agenda_and_pilots(repo, cli):
    repo.edit("plans/fa-1.yaml", "  consult: {date: 2026-05-10, by: dev}\n", LEGALITY)
    repo.edit("meetings/m-7.yaml", "  - {kind: review, plan: FA-1, unit: dev}\n",
              "  - {kind: review, plan: FA-1, unit: dev, result: 原则同意}\n")
    repo.edit("agenda.yaml", "submitted: 2026-06-01}", "submitted: 2026-06-01, state: scheduled}")
    repo.edit("tasks/main.yaml", "  status: in_progress\n",
              "  status: in_progress\n  pilot: {level: national, approval_doc: 国函〔2026〕1号}\n")
    repo.commit("a month of the office's work", email=OFFICE)
    result = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("方案、会议、议题和试点（4）")
    assert lines[start + 1:start + 5] == [
        "  方案 FA-1 关于深化营商环境改革的实施方案：审查环节 合法性审查 2026-06-10",
        "  会议 M-7 深改委全体会议：议定 原则同意",
        "  议题 A-1 审议营商环境改革实施方案：状态改为 scheduled",
        "  试点 T-1 优化营商环境改革：新增 national",
    ]
