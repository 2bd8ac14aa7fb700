"""Pull-request rules of inspections, findings and notices (R950-R954), each both ways; and `diff`
reports new and closed findings, notices sent and answered (issue 13)."""

from __future__ import annotations

import json

import pytest
from ci_repo import DEV, GULOU, OFFICE, LedgerRepo
from test_ci_rules import check, head_line
from test_supervision import INSPECTION, NOTICE_ANSWERED, NOTICE_LATE


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    repo = LedgerRepo(tmp_path / "repo")
    repo.write("inspections/zx.yaml", INSPECTION)
    repo.write("notices/db1.yaml", NOTICE_LATE)
    repo.write("notices/db2.yaml", NOTICE_ANSWERED)
    repo.commit("the office records an inspection and two notices")
    return repo


REPLY = "replies:\n  - {date: 2026-06-19, by: dev, text: 已报告方案进展}\n"
PROGRESS = "    rectify_by: 2026-06-26\n    progress:\n      - {date: 2026-06-19, by: gulou, text: 已总结试点经验}\n"


def test_a_unit_appends_a_reply_to_its_notice(repo, cli):
    repo.path("notices/db1.yaml").write_text(repo.path("notices/db1.yaml").read_text(encoding="utf-8") + REPLY,
                                             encoding="utf-8")
    repo.commit("dev replies", email=DEV)
    assert check(cli, repo) == (0, [])


def test_a_unit_may_not_reply_to_another_units_notice(repo, cli):
    repo.path("notices/db1.yaml").write_text(repo.path("notices/db1.yaml").read_text(encoding="utf-8")
                                             + REPLY.replace("by: dev", "by: gulou"), encoding="utf-8")
    repo.commit("gulou replies to dev's notice", email=GULOU)
    assert check(cli, repo) == (1, [("R950", "notices/db1.yaml", 1, 5)])


def test_a_unit_appends_progress_to_its_finding(repo, cli):
    repo.edit("inspections/zx.yaml", "    rectify_by: 2026-06-26\n", PROGRESS)
    repo.commit("gulou reports", email=GULOU)
    assert check(cli, repo) == (0, [])


def test_a_unit_may_not_close_its_finding_nor_add_one(repo, cli):
    repo.edit("inspections/zx.yaml", "    rectify_by: 2026-06-26\n",
              "    rectify_by: 2026-06-26\n    closed: {date: 2026-06-19, by: gulou, evidence: [docs/x.pdf]}\n")
    repo.path("inspections/zx.yaml").write_text(repo.path("inspections/zx.yaml").read_text(encoding="utf-8")
                                                + "  - {id: F-new, unit: gulou, text: 自查问题, rectify_by: 2026-07-01}\n",
                                                encoding="utf-8")
    repo.commit("gulou closes its own finding", email=GULOU)
    code, problems = check(cli, repo)
    assert code == 1 and problems == [("R950", "inspections/zx.yaml", 16, 9), ("R950", "inspections/zx.yaml", 31, 10)]
    assert check(cli, repo, "--author", OFFICE) == (0, [])  # the office may


def test_a_unit_may_not_send_a_notice(repo, cli):
    repo.write("notices/db3.yaml", NOTICE_LATE.replace("DB-1", "DB-3"))
    repo.commit("dev writes a notice", email=DEV)
    assert check(cli, repo) == (1, [("R950", "notices/db3.yaml", 1, 5)])


def test_records_are_never_deleted(repo, cli):
    repo.path("notices/db2.yaml").unlink()
    text = repo.path("inspections/zx.yaml").read_text(encoding="utf-8")
    repo.path("inspections/zx.yaml").write_text(text[:text.index("  - id: F-done\n")], encoding="utf-8")
    repo.commit("the office tidies up")
    assert check(cli, repo) == (1, [("R951", "inspections/zx.yaml", 7, 3), ("R951", "notices/db2.yaml", 1, 1)])


def test_replies_and_progress_are_append_only(repo, cli):
    repo.edit("notices/db2.yaml", "text: 已报告", "text: 已全面报告")
    repo.commit("the office rewrites a reply")
    assert check(cli, repo) == (1, [("R952", "notices/db2.yaml", 6, 1)])


def test_a_deadline_moves_only_with_an_approved_change(repo, cli):
    repo.edit("notices/db1.yaml", "reply_by: 2026-06-10", "reply_by: 2026-06-30")
    repo.commit("the office gives more time")
    assert check(cli, repo) == (1, [("R953", "notices/db1.yaml", 7, 11)])
    repo.path("notices/db1.yaml").write_text(repo.path("notices/db1.yaml").read_text(encoding="utf-8") + (
        "changes:\n  - {date: 2026-06-12, field: reply_by, from: 2026-06-10, to: 2026-06-30, reason: 待省里意见, "
        "approved_by: 主任办公会}\n"), encoding="utf-8")
    repo.commit("with its approval")
    assert check(cli, repo, base="HEAD~2") == (0, [])


def test_rectify_by_moved_silently_is_an_error(repo, cli):
    repo.edit("inspections/zx.yaml", "    rectify_by: 2026-06-26\n", "    rectify_by: 2026-07-26\n")
    repo.commit("later")
    assert check(cli, repo) == (1, [("R953", "inspections/zx.yaml", 19, 17)])


# --- rectification milestones: the unit that answers for one marks it done, with evidence ----------

def _with_steps(repo):
    from test_rectification_steps import STEPS

    repo.write("inspections/zx9.yaml", STEPS)
    repo.commit("the office records an inspection with rectification milestones")


def test_a_unit_reports_its_rectification_milestones_done(repo, cli):
    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12, what: 征求意见}",
              "{id: r2, due: 2026-06-12, what: 征求意见, done: 2026-06-19, evidence: [docs/r2.pdf]}")
    repo.edit("inspections/zx9.yaml", "what: 梳理清单, done: 2026-06-09}", "what: 梳理清单, done: 2026-06-09, evidence: [docs/r1.pdf]}")
    repo.commit("dev reports its steps", email=DEV)
    assert check(cli, repo) == (0, [])


def test_a_rectification_milestone_reported_done_late_needs_evidence(repo, cli):
    from test_ci_trust import at

    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12, what: 征求意见}",
              "{id: r2, due: 2026-06-12, what: 征求意见, done: 2026-06-09}")
    repo.commit("dev reports a step done two weeks ago", email=DEV, day="2026-06-23")
    where = at(repo, "id: r2", "2026-06-09", "inspections/zx9.yaml")
    assert check(cli, repo) == (1, [("R956", "inspections/zx9.yaml", *where)])
    message = cli("check", "-l", repo.root, "--base", "HEAD~1", "--lang", "en").stdout
    assert "rectification milestone r2 of finding S-1 is reported done on 2026-06-09, 9 working days before" in message
    repo.edit("inspections/zx9.yaml", "done: 2026-06-09}", "done: 2026-06-09, evidence: [docs/r2.pdf]}")
    repo.commit("with its document", email=DEV, day="2026-06-23")
    assert check(cli, repo) == (0, [])


def test_a_unit_may_not_move_a_rectification_milestone(repo, cli):
    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12,", "{id: r2, due: 2026-06-30,")
    repo.commit("dev moves its step", email=DEV)
    silent = ("R955", "inspections/zx9.yaml", 14, 25)  # and without an approved change, whoever moves it
    assert check(cli, repo) == (1, [("R950", "inspections/zx9.yaml", 7, 9), silent])
    assert check(cli, repo, "--author", OFFICE) == (1, [silent])


def test_only_the_unit_a_rectification_milestone_is_charged_to_reports_it(repo, cli):
    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "what: 公开发布, owner: gulou}", "what: 公开发布, owner: gulou, done: 2026-06-19}")
    repo.commit("a step of gulou's reported", email=DEV)
    assert check(cli, repo) == (1, [("R950", "inspections/zx9.yaml", 7, 9)])
    assert check(cli, repo, "--author", GULOU) == (0, [])


# --- R954: a closed finding or notice is frozen for the units ----------------------------------

CLOSED_FINDING = "    closed: {date: 2026-06-05, by: office, evidence: [docs/f3.pdf]}\n"


def test_a_unit_may_not_add_progress_to_a_closed_finding(repo, cli):
    repo.edit("inspections/zx.yaml", CLOSED_FINDING,
              CLOSED_FINDING + "    progress:\n      - {date: 2026-06-19, by: dev, text: 补充材料}\n")
    repo.commit("dev reports on a finding struck off", email=DEV)
    line = head_line(repo, "    progress:", "inspections/zx.yaml")
    assert check(cli, repo) == (1, [("R954", "inspections/zx.yaml", line, 5)])
    assert check(cli, repo, "--author", OFFICE) == (0, [])  # the office may


def test_a_unit_may_not_reopen_a_closed_finding(repo, cli):
    repo.edit("inspections/zx.yaml", CLOSED_FINDING, "")
    repo.commit("dev reopens its finding", email=DEV)
    result = cli("check", "-l", repo.root, "--base", "HEAD~1", "--lang", "en")
    line = head_line(repo, "  - id: F-done-late", "inspections/zx.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"inspections/zx.yaml:{line}:5: R954 dev@jz.gov.cn (市发展改革委) changed finding F-done-late, closed on "
        "2026-06-05 (closed); a closed finding or notice is frozen: a unit may neither change nor reopen it. "
        "Undo these edits; if it must be reopened, ask the office.")
    assert check(cli, repo, "--author", OFFICE) == (0, [])


def test_a_closed_notice_takes_no_reply_from_its_unit_but_an_open_one_does(repo, cli):
    closed = "closed: {date: 2026-06-15, by: office, evidence: [docs/bj.pdf]}\n"
    repo.path("notices/db2.yaml").write_text(repo.path("notices/db2.yaml").read_text(encoding="utf-8") + closed,
                                             encoding="utf-8")
    repo.commit("the office closes DB-2")
    assert check(cli, repo) == (0, [])  # closing is the office's
    text = repo.path("notices/db2.yaml").read_text(encoding="utf-8")
    repo.path("notices/db2.yaml").write_text(
        text.replace(closed, "").replace("evidence: [docs/r.pdf]}\n", "evidence: [docs/r.pdf]}\n"
                                         "  - {date: 2026-06-19, by: gulou, text: 再次报告}\n") + closed,
        encoding="utf-8")
    repo.commit("gulou replies once more", email=GULOU)
    assert check(cli, repo) == (1, [("R954", "notices/db2.yaml", 6, 1)])
    assert check(cli, repo, "--author", OFFICE) == (0, [])


# --- diff -----------------------------------------------------------------------------------------

def test_diff_reports_findings_and_notices(repo, cli):
    repo.path("inspections/zx.yaml").write_text(repo.path("inspections/zx.yaml").read_text(encoding="utf-8")
                                                + "  - {id: F-new, unit: gulou, text: 自查问题, rectify_by: 2026-07-01}\n",
                                                encoding="utf-8")
    repo.edit("inspections/zx.yaml", "    rectify_by: 2026-06-26\n",
              "    rectify_by: 2026-06-26\n    closed: {date: 2026-06-19, by: office, evidence: [docs/x.pdf]}\n")
    repo.path("notices/db1.yaml").write_text(repo.path("notices/db1.yaml").read_text(encoding="utf-8") + REPLY,
                                             encoding="utf-8")
    repo.write("notices/db3.yaml", NOTICE_LATE.replace("DB-1", "DB-3").replace("ref: 江改督〔2026〕1号\n", ""))
    repo.commit("June supervision")
    text = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en").stdout
    assert text.split("\n\n", 1)[1] == (
        "New findings (1)\n  F-new (ZX-1) 自查问题: 鼓楼区, rectify by 2026-07-01\n\n"
        "Findings closed (1)\n  F-soon 试点经验总结不够: closed 2026-06-19 (鼓楼区)\n\n"
        "Notices sent (1)\n  DB-3 to 市发展改革委: reply by 2026-06-10\n\n"
        "Notices answered (1)\n  江改督〔2026〕1号: 市发展改革委 replied 2026-06-19 (late)\n")
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "-f", "json").stdout)
    assert data["notices_answered"] == [{"notice": "江改督〔2026〕1号", "unit": "市发展改革委", "day": "2026-06-19",
                                         "late": True}]
    zh = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh").stdout
    assert "  F-soon 试点经验总结不够：2026-06-19 整改销号（鼓楼区）\n" in zh


def test_diff_lists_a_late_rectification_milestone_under_late_reports(repo, cli):
    _with_steps(repo)
    repo.edit("tasks/main.yaml", "{id: m2, due: 2026-06-10, what: 形成方案}",
              "{id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-09, evidence: [docs/m2.pdf]}")
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12, what: 征求意见}",
              "{id: r2, due: 2026-06-12, what: 征求意见, done: 2026-06-09, evidence: [docs/r2.pdf]}")
    repo.edit("inspections/zx9.yaml", "what: 公开发布, owner: gulou}", "what: 公开发布, owner: gulou, done: 2026-06-19}")
    repo.commit("a task's milestone and a step done two weeks ago, another step done this week")
    text = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en").stdout
    assert text.split("\n\n")[2] == (  # the step done this week is no late report
        "Late reports (补报) (2)\n"
        "  T-1 m2 形成方案: done 2026-06-09, reported 7 working days later (the pull request began 2026-06-20)\n"
        "  S-1/r2 征求意见 (rectification milestone): done 2026-06-09, reported 7 working days later "
        "(the pull request began 2026-06-20)")
    zh = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh").stdout
    assert zh.split("\n\n")[2] == (
        "补报（2）\n"
        "  T-1 m2“形成方案”：2026-06-09 完成，7 个工作日后才报送（本次合并请求始于 2026-06-20）\n"
        "  S-1/r2“征求意见”（整改节点）：2026-06-09 完成，7 个工作日后才报送（本次合并请求始于 2026-06-20）")
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "-f", "json").stdout)
    assert data["late_steps"] == [{"finding": "S-1", "milestone": "r2", "what": "征求意见", "done": "2026-06-09",
                                   "started": "2026-06-20", "workdays": 7}]


def test_a_rectification_milestone_moves_only_with_an_approved_change(repo, cli):
    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12,", "{id: r2, due: 2026-06-30,")
    repo.commit("the office moves a step silently")
    assert check(cli, repo) == (1, [("R955", "inspections/zx9.yaml", 14, 25)])
    text = repo.path("inspections/zx9.yaml").read_text(encoding="utf-8")
    repo.path("inspections/zx9.yaml").write_text(text.replace(
        "owner: gulou}\n", "owner: gulou}\n    changes:\n      - {date: 2026-06-19, field: due, milestone: r2, "
        "from: 2026-06-12, to: 2026-06-30, reason: 待上级答复, approved_by: 市委改革办}\n"), encoding="utf-8")
    repo.commit("the office approves it")
    assert check(cli, repo, base="HEAD~2") == (0, [])


def test_diff_reports_rectification_milestones_done(repo, cli):
    _with_steps(repo)
    repo.edit("inspections/zx9.yaml", "{id: r2, due: 2026-06-12, what: 征求意见}",
              "{id: r2, due: 2026-06-12, what: 征求意见, done: 2026-06-19, evidence: [docs/r2.pdf]}")
    repo.edit("inspections/zx9.yaml", "what: 公开发布, owner: gulou}", "what: 公开发布, owner: gulou, done: 2026-06-19}")
    repo.commit("two steps done")
    text = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en").stdout
    assert text.split("\n\n", 1)[1] == (
        "Rectification milestones done (2)\n"
        "  S-1/r2 征求意见: done 2026-06-19 (late), due 2026-06-12 (市发展改革委)\n"
        "  S-1/r3 公开发布: done 2026-06-19, due 2026-06-24 (鼓楼区)\n")
    zh = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh").stdout
    assert "  S-1/r2“征求意见”：2026-06-19 完成（逾期），时限 2026-06-12（市发展改革委）\n" in zh
