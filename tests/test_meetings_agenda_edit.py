"""The office's writes of meetings and the agenda pool (issue 14): a meeting item's result and the
tasks the meeting assigned (`meeting-result`), an agenda item scheduled, reviewed or deferred
(`agenda-schedule`, `agenda-reviewed`, `agenda-defer`). Each goes through reformctl.edit: only the
lines touched change, comments stay, and a write that would add an error is refused with all of them."""

from __future__ import annotations

from helpers import write_ledger
from test_plans import AGENDA, PAST_MEETING, _files

MEETING = PAST_MEETING.replace("theme: 城市更新\n", "theme: 城市更新  # 一会一主题\n").replace(
    "  - {kind: review, plan: FA-2, unit: gulou, result: 原则同意，修改完善后印发}\n",
    "  # 审议事项\n  - {kind: review, plan: FA-2, unit: gulou}\n  - {kind: hear, task: T-1, unit: dev}\n")
POOL = "# 议题储备库：单位报送，改革办排会\n" + AGENDA.replace(", state: scheduled", "")


def _ledger(tmp_path):
    return write_ledger(tmp_path / "l", files=_files(**{"meetings/m6.yaml": MEETING, "agenda.yaml": POOL}))


def test_a_meeting_items_result_and_its_assigned_tasks(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("meeting-result", "M-6", "--item", "2", "--result", "原则同意，修改完善后印发", "--assign", "T-1",
                 "-l", root, "--lang", "zh")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "已记录会议 M-6 第 2 项议题的议定事项，交办任务 T-1：meetings/m6.yaml。\n", "")
    assert (root / "meetings" / "m6.yaml").read_text(encoding="utf-8") == (
        "id: M-6\nkind: 深改委全体会议\ndate: 2026-05-15\ntheme: 城市更新  # 一会一主题\nitems:\n"
        "  - {kind: study, text: 学习中央全面深化改革委员会会议精神, fixed: true, result: 认真贯彻落实}\n"
        "  # 审议事项\n"
        "  - {kind: review, plan: FA-2, unit: gulou, result: 原则同意，修改完善后印发}\n"
        "  - {kind: hear, task: T-1, unit: dev}\n"
        "assigned: [T-2, T-1]\n")
    english = cli("meeting-result", "M-6", "--item", "3", "--result", "抓紧推进", "-l", root, "--lang", "en")
    assert (english.exit_code, english.stdout) == (0, "Meeting M-6, item 3: result recorded in meetings/m6.yaml.\n")


def test_a_recorded_result_stays_and_wrong_requests_are_refused(tmp_path, cli):
    root = _ledger(tmp_path)
    before = (root / "meetings" / "m6.yaml").read_bytes()
    cases = {
        ("M-6", "1"): "Item 1 of meeting M-6 already has its result (认真贯彻落实); a recorded result stays as written. "
                      "Nothing was written.",
        ("M-6", "4"): "Meeting M-6 has no item 4: give --item from 1 to 3, the item's number in the order the meeting "
                      "lists them. Nothing was written.",
        ("M-7", "1"): "Meeting M-7 is on 2026-06-28, after the ledger's today (2026-06-20); record its results once it "
                      "has met. Nothing was written.",
        ("M-9", "1"): "There is no meeting M-9 in meetings/ (did you mean 'M-7'?); nothing was written.",
    }
    for (meeting, item), message in cases.items():
        result = cli("meeting-result", meeting, "--item", item, "--result", "同意", "-l", root, "--lang", "en")
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
    assert (root / "meetings" / "m6.yaml").read_bytes() == before


def test_assigning_unknown_tasks_is_refused_with_every_problem(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("meeting-result", "M-6", "--item", "2", "--result", "同意", "--assign", "T-9", "--assign", "T-8",
                 "-l", root, "--lang", "zh")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "meetings/m6.yaml:10:17: R365 任务“T-9”不存在（是否应为“T-2”？）；请填写 tasks/ 中的任务编号。\n"
        "meetings/m6.yaml:10:22: R365 任务“T-8”不存在（是否应为“T-2”？）；请填写 tasks/ 中的任务编号。\n"
        "此修改会给台账新增 2 个错误（见上）；未写入任何内容。\n")
    assert "T-9" not in (root / "meetings" / "m6.yaml").read_text(encoding="utf-8")


def test_the_office_schedules_reviews_and_defers_agenda_items(tmp_path, cli):
    root = _ledger(tmp_path)
    scheduled = cli("agenda-schedule", "A-2", "-l", root, "--lang", "zh")
    assert (scheduled.exit_code, scheduled.stdout) == (0, "议题 A-2 已改为“已排会”（会议 M-7）：agenda.yaml。\n")
    moved = cli("agenda-schedule", "A-2", "--meeting", "M-6", "--dry-run", "-l", root, "--lang", "en")
    assert moved.exit_code == 0 and moved.stdout.splitlines()[-1] == (
        "+  - {id: A-2, title: 听取数据要素改革情况汇报, unit: gulou, want_meeting: M-6, submitted: 2026-06-25, "
        "state: scheduled}")
    early = cli("agenda-reviewed", "A-2", "-l", root, "--lang", "en")
    assert (early.exit_code, early.stderr) == (2, "Meeting M-7 is on 2026-06-28, after the ledger's today "
                                                  "(2026-06-20); record its results once it has met. Nothing was written.\n")
    deferred = cli("agenda-defer", "A-2", "-l", root, "--lang", "en")
    assert (deferred.exit_code, deferred.stdout) == (0, "Agenda item A-2 is now deferred (meeting M-7) in agenda.yaml.\n")
    again = cli("agenda-defer", "A-2", "-l", root, "--lang", "zh")
    assert (again.exit_code, again.stderr) == (2, "议题 A-2 当前为“暂缓”，不能改为“暂缓”（储备或暂缓的议题可排会，"
                                                  "已排会的议题可记为已审议或暂缓）。未写入任何内容。\n")
    assert (root / "agenda.yaml").read_text(encoding="utf-8") == POOL.replace(
        "submitted: 2026-06-25}", "submitted: 2026-06-25, state: deferred}")


def test_an_item_whose_plan_is_not_reviewed_cannot_be_scheduled(tmp_path, cli):
    root = _ledger(tmp_path)
    result = cli("agenda-schedule", "A-1", "-l", root, "--lang", "zh")
    assert (result.exit_code, result.stderr) == (1, (
        "agenda.yaml:3:108: R370 议题 A-1 已排会，但其方案 FA-1 尚缺合法性审查；请先完成方案审查，或将议题留在储备库（reserve）。\n"
        "此修改会给台账新增 1 个错误（见上）；未写入任何内容。\n"))
    unknown = cli("agenda-schedule", "A-9", "-l", root, "--lang", "en")
    assert (unknown.exit_code, unknown.stderr) == (
        2, "There is no agenda item A-9 in agenda.yaml (did you mean 'A-2'?); nothing was written.\n")


def test_a_reviewed_item_of_a_meeting_held(tmp_path, cli):
    root = _ledger(tmp_path)
    assert cli("agenda-schedule", "A-2", "--meeting", "M-6", "-l", root).exit_code == 0
    reviewed = cli("agenda-reviewed", "A-2", "-l", root, "--lang", "en")
    assert (reviewed.exit_code, reviewed.stdout) == (0, "Agenda item A-2 is now reviewed (meeting M-6) in agenda.yaml.\n")
    assert "want_meeting: M-6, submitted: 2026-06-25, state: reviewed}" in (root / "agenda.yaml").read_text(encoding="utf-8")
