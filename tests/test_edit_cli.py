"""The commands that write to the ledger: exact output in both languages, the exact lines each
writes, and every refusal (unknown id, a day in the future, a write that would break the
ledger, a locked ledger, a file changed underneath)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from helpers import write_ledger

FILE = "tasks/main.yaml"
CLOSE_EVIDENCE = ("--evidence", "docs/t1.pdf")


def _run(cli, tmp_path: Path, args: tuple, lang: str, stdin: str | None = None):
    """Run the command on a fresh copy of the small ledger; (exit code, stdout, stderr, +/- lines)."""
    root = write_ledger(tmp_path / lang)
    before = (root / FILE).read_text(encoding="utf-8")
    if stdin is None:
        result = cli(*args, "-l", root, "--lang", lang)
    else:
        from typer.testing import CliRunner

        from reformctl.cli import app

        result = CliRunner().invoke(app, [*args, "-l", str(root), "--lang", lang], input=stdin)
    after = (root / FILE).read_text(encoding="utf-8")
    changed = [line.rstrip("\n") for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True))
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return result.exit_code, result.stdout, result.stderr, changed


CASES = {
    "progress": (
        ("progress", "T-1", "方案已报市政府常务会议审议", "--problem", "部分条款待省级政策明确"),
        "已为 T-1 追加进展（2026-06-20，市发展改革委）：tasks/main.yaml。\n",
        "Progress of T-1 recorded (2026-06-20, 市发展改革委) in tasks/main.yaml.\n",
        ["+    - {date: 2026-06-20, by: dev, text: 方案已报市政府常务会议审议, problem: 部分条款待省级政策明确}"]),
    "progress by a co-unit on a day": (
        ("progress", "T-1", "完成区级配套方案", "--by", "gulou", "--date", "2026-06-15"),
        "已为 T-1 追加进展（2026-06-15，鼓楼区）：tasks/main.yaml。\n",
        "Progress of T-1 recorded (2026-06-15, 鼓楼区) in tasks/main.yaml.\n",
        ["+    - {date: 2026-06-15, by: gulou, text: 完成区级配套方案}"]),
    "done": (
        ("done", "T-1", "m2", "--date", "2026-06-12"),
        "已记录 T-1 节点 m2 于 2026-06-12 完成：tasks/main.yaml。\n",
        "Milestone m2 of T-1 done on 2026-06-12 in tasks/main.yaml.\n",
        ["-    - {id: m2, due: 2026-06-10, what: 形成方案}",
         "+    - {id: m2, due: 2026-06-10, what: 形成方案, done: 2026-06-12}"]),
    "postpone": (
        ("postpone", "T-1", "m3", "--to", "2026-09-30", "--reason", "待省级方案出台后衔接", "--approved-by", "市委改革办",
         "--ref", "江改办〔2026〕26号"),
        "已调整 T-1 节点 m3 时限：2026-06-30 → 2026-09-30，并记录调整依据：tasks/main.yaml。\n",
        "Milestone m3 of T-1: due 2026-06-30 → 2026-09-30, change recorded in tasks/main.yaml.\n",
        ["-    - {id: m3, due: 2026-06-30, what: 印发实施}", "+    - {id: m3, due: 2026-09-30, what: 印发实施}",
         "+  changes:", "+    - date: 2026-06-20", "+      milestone: m3", "+      field: due", "+      from: 2026-06-30",
         "+      to: 2026-09-30", "+      reason: 待省级方案出台后衔接", "+      approved_by: 市委改革办",
         "+      ref: 江改办〔2026〕26号"]),
    "reassign": (
        ("reassign", "T-1", "--lead-unit", "gulou", "--lead-leader", "wang", "--reason", "职能调整",
         "--approved-by", "市委深改委第三次会议"),
        "已调整 T-1 的牵头单位、牵头领导：dev、li → gulou、wang，并记录调整依据：tasks/main.yaml。\n",
        "Task T-1: lead_unit, lead_leader dev, li → gulou, wang, change recorded in tasks/main.yaml.\n",
        ["-  lead_leader: li", "-  lead_unit: dev", "+  lead_leader: wang", "+  lead_unit: gulou", "+  changes:",
         "+    - date: 2026-06-20", "+      field: lead_unit", "+      from: dev", "+      to: gulou",
         "+      reason: 职能调整", "+      approved_by: 市委深改委第三次会议", "+    - date: 2026-06-20",
         "+      field: lead_leader", "+      from: li", "+      to: wang", "+      reason: 职能调整",
         "+      approved_by: 市委深改委第三次会议"]),
    "suspend": (
        ("suspend", "T-1", "--reason", "待国家政策出台", "--approved-by", "市委改革办", "--ref", "江改办〔2026〕30号"),
        "已将 T-1 的状态由“推进中”改为“暂缓”：tasks/main.yaml。\n",
        "Task T-1: status in progress → suspended in tasks/main.yaml.\n",
        ["-  status: in_progress", "+  status: suspended", "+  changes:", "+    - date: 2026-06-20",
         "+      field: status", "+      from: in_progress", "+      to: suspended", "+      reason: 待国家政策出台",
         "+      approved_by: 市委改革办", "+      ref: 江改办〔2026〕30号"]),
    "withdraw": (
        ("withdraw", "T-1", "--reason", "并入其他任务", "--approved-by", "市委改革办"),
        "已将 T-1 的状态由“推进中”改为“已撤销”：tasks/main.yaml。\n",
        "Task T-1: status in progress → withdrawn in tasks/main.yaml.\n",
        ["-  status: in_progress", "+  status: withdrawn", "+  changes:", "+    - date: 2026-06-20",
         "+      field: status", "+      from: in_progress", "+      to: withdrawn", "+      reason: 并入其他任务",
         "+      approved_by: 市委改革办"]),
    "reword": (
        ("reword", "T-1", "m3", "--what", "印发并组织实施", "--reason", "按市政府要求", "--approved-by", "市委改革办"),
        "已调整 T-1 节点 m3 的内容，并记录调整依据：tasks/main.yaml。\n",
        "Milestone m3 of T-1 reworded, change recorded in tasks/main.yaml.\n",
        ["-    - {id: m3, due: 2026-06-30, what: 印发实施}", "+    - {id: m3, due: 2026-06-30, what: 印发并组织实施}",
         "+  changes:", "+    - date: 2026-06-20", "+      milestone: m3", "+      field: what", "+      from: 印发实施",
         "+      to: 印发并组织实施", "+      reason: 按市政府要求", "+      approved_by: 市委改革办"]),
    "set-status": (
        ("set-status", "T-1", "not_started"),
        "已将 T-1 的状态由“推进中”改为“未启动”：tasks/main.yaml。\n",
        "Task T-1: status in progress → not started in tasks/main.yaml.\n",
        ["-  status: in_progress", "+  status: not_started"]),
    "carry-over": (
        ("carry-over", "T-1", "--to-year", "2027", "--reason", "省级方案尚未出台"),
        "已将 T-1 结转至 2027 年度：tasks/main.yaml。\n",
        "Task T-1 carried over to 2027 in tasks/main.yaml.\n",
        ["+  carry_over:", "+    to_year: 2027", "+    reason: 省级方案尚未出台"]),
    "add": (
        ("add", "--title", "推进数据要素改革", "--list", "key", "--lead-unit", "dev", "--co-unit", "hitech",
         "--milestone", "2026-09-30 出台方案", "--milestone", "2026-12-31 试运行"),
        "已新增任务 T-3：tasks/main.yaml。\n",
        "Task T-3 added to tasks/main.yaml.\n",
        ["+- id: T-3", "+  title: 推进数据要素改革", "+  lists: [key]", "+  lead_unit: dev", "+  co_units: [hitech]",
         "+  milestones:", "+    - {id: m1, due: 2026-09-30, what: 出台方案}", "+    - {id: m2, due: 2026-12-31, what: 试运行}",
         "+  status: not_started", "+  added: 2026-06-20"]),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_command_says_what_it_wrote(cli, tmp_path, name, lang):
    args, zh, en, lines = CASES[name]
    assert _run(cli, tmp_path, args, lang) == (0, zh if lang == "zh" else en, "", lines)


def test_done_and_close_a_task_in_three_steps(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    (root / "docs").mkdir()
    (root / "docs" / "t1.pdf").write_bytes(b"%PDF")
    assert cli("done", "T-1", "m2", "--date", "2026-06-12", "-l", root).exit_code == 0
    last = cli("done", "T-1", "m3", "--evidence", "docs/t1.pdf", "-l", root, "--lang", "en")
    assert (last.exit_code, last.stdout, last.stderr) == (
        0, "Milestone m3 of T-1 done on 2026-06-20 in tasks/main.yaml.\n",
        "Every milestone of T-1 is done now: run `reformctl done T-1 m3 --finish` next time, "
        "or `reformctl set-status T-1 done`.\n")
    assert cli("set-status", "T-1", "done", "-l", root).exit_code == 0
    closed = cli("close", "T-1", *CLOSE_EVIDENCE, "--ref", "江改办〔2026〕31号", "-l", root)
    assert (closed.exit_code, closed.stdout, closed.stderr) == (0, "已为 T-1 销号（2026-06-20）：tasks/main.yaml。\n", "")
    text = (root / FILE).read_text(encoding="utf-8")
    assert "  status: closed\n" in text
    assert "  closed:\n    date: 2026-06-20\n    by: office\n    evidence: [docs/t1.pdf]\n    ref: 江改办〔2026〕31号\n" in text
    assert cli("check", "-l", root).exit_code == 0


def test_done_finish_sets_the_status(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    cli("done", "T-1", "m2", "-l", root)
    result = cli("done", "T-1", "m3", "--finish", "-l", root)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "已记录 T-1 节点 m3 于 2026-06-20 完成：tasks/main.yaml。\n", "T-1 全部节点已完成：状态已改为“已完成”。\n")
    assert "  status: done\n" in (root / FILE).read_text(encoding="utf-8")


def test_suspend_then_resume_returns_to_the_status_before(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    cli("suspend", "T-1", "--reason", "待国家政策出台", "--approved-by", "市委改革办", "-l", root)
    result = cli("resume", "T-1", "--reason", "国家政策已出台", "--approved-by", "市委改革办", "-l", root, "--lang", "en")
    assert (result.exit_code, result.stdout) == (0, "Task T-1: status suspended → in progress in tasks/main.yaml.\n")
    assert cli("check", "-l", root).exit_code == 0


def test_add_reads_a_task_from_standard_input(cli, tmp_path):
    snippet = "title: 社区治理改革\nlead_unit: gulou\nlists: [pilot]\nmilestones:\n  - {due: 2026-12-31, what: 形成经验}\n"
    assert _run(cli, tmp_path, ("add",), "zh", stdin=snippet) == (
        0, "已新增任务 T-3：tasks/main.yaml。\n", "",
        ["+- id: T-3", "+  title: 社区治理改革", "+  lists: [pilot]", "+  lead_unit: gulou", "+  milestones:",
         "+    - {id: m1, due: 2026-12-31, what: 形成经验}", "+  status: not_started", "+  added: 2026-06-20"])


def test_add_asks_at_a_terminal(tmp_path):
    from reformctl.cli.common import Session
    from reformctl.cli.edit_add import ask_task

    root = write_ledger(tmp_path / "l")
    answers = iter(["营商环境评价改革", "key", "dev", "li", "gulou hitech", "2026-10-31 出台办法", "", ""])
    asked = []
    task = ask_task(Session("en"), root, lambda prompt: asked.append(prompt) or next(answers))
    assert task == {"title": "营商环境评价改革", "lists": ["key"], "lead_unit": "dev", "lead_leader": "li",
                    "co_units": ["gulou", "hitech"], "milestones": [{"due": "2026-10-31", "what": "出台办法"}], "id": "T-3"}
    assert asked[-1] == "Id [T-3]: "


def test_dry_run_prints_the_diff_and_writes_nothing(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    before = (root / FILE).read_bytes()
    result = cli("progress", "T-1", "方案已报审", "--dry-run", "-l", root, "--lang", "en")
    assert (result.exit_code, result.stderr) == (0, "Nothing was written (--dry-run).\n")
    assert result.stdout == (
        "--- a/tasks/main.yaml\n+++ b/tasks/main.yaml\n@@ -11,6 +11,7 @@\n"
        "     - {id: m3, due: 2026-06-30, what: 印发实施}\n   progress:\n     - {date: 2026-06-01, by: dev, text: 方案已形成初稿}\n"
        "+    - {date: 2026-06-20, by: dev, text: 方案已报审}\n - id: T-2\n   title: 城市更新试点\n   lists: [pilot]\n")
    assert (root / FILE).read_bytes() == before


REFUSALS = {
    "unknown task": (("progress", "T-9", "x"), 2,
                     "台账中没有任务 T-9（是否应为“T-2”？）；未写入任何内容。\n",
                     "There is no task T-9 in the ledger (did you mean 'T-2'?); nothing was written.\n"),
    "unknown milestone": (("done", "T-1", "m9"), 2,
                          "任务 T-1 没有节点 m9；该任务的节点：m1, m2, m3。未写入任何内容。\n",
                          "Task T-1 has no milestone m9; its milestones: m1, m2, m3. Nothing was written.\n"),
    "a day in the future": (("progress", "T-1", "x", "--date", "2026-06-21"), 2,
                            "2026-06-21 晚于台账的“今天”（2026-06-20）；台账只记录已经发生的事。未写入任何内容。\n",
                            "2026-06-21 is after the ledger's today (2026-06-20); a ledger records what has happened. "
                            "Nothing was written.\n"),
    "not a date": (("postpone", "T-1", "m3", "--to", "2026/9/30", "--reason", "x", "--approved-by", "y"), 2,
                   "--to 2026/9/30 不是有效日期；请写成 YYYY-MM-DD，例如 2026-06-30。\n",
                   "--to 2026/9/30 is not a date; write it as YYYY-MM-DD, for example 2026-06-30.\n"),
    "unknown unit": (("progress", "T-1", "x", "--by", "gulo"), 2,
                     "units.yaml 中没有单位 gulo（是否应为“gulou”？）；未写入任何内容。\n",
                     "There is no unit gulo in units.yaml (did you mean 'gulou'?); nothing was written.\n"),
    "evidence outside the ledger": (("done", "T-1", "m2", "--evidence", "../secret.pdf"), 2,
                                    "佐证材料 ../secret.pdf 不在台账目录内；请将文件放入台账目录（如 docs/），并填写相对台账目录的路径。未写入任何内容。\n",
                                    "The evidence ../secret.pdf is outside the ledger folder; put the file inside the "
                                    "ledger (e.g. docs/) and give its path from there. Nothing was written.\n"),
    "a write that would break the ledger": (("close", "T-1", *CLOSE_EVIDENCE), 1,
                                            "tasks/main.yaml:7:11: R501 任务状态为 closed，但节点 m2, m3 尚无完成日期；请补填完成日期或更改状态。\n"
                                            "此修改会给台账新增 1 个错误（见上）；未写入任何内容。\n",
                                            "tasks/main.yaml:7:11: R501 the task is marked closed but milestone(s) m2, m3 "
                                            "have no done date; fill in the done dates or change the status.\n"
                                            "The change would add 1 error to the ledger (listed above); nothing was written.\n"),
    "already done": (("done", "T-1", "m1"), 2, "任务 T-1 的节点 m1 已于 2026-03-28 完成；未写入任何内容。\n",
                     "Milestone m1 of T-1 was already done on 2026-03-28; nothing was written.\n"),
    "already struck off": (("close", "T-2", "--evidence", "docs/t2.pdf"), 2, "任务 T-2 已于 2026-05-20 销号；未写入任何内容。\n",
                           "Task T-2 was already struck off (2026-05-20); nothing was written.\n"),
    "resume what runs": (("resume", "T-1", "--reason", "x", "--approved-by", "y"), 2,
                         "任务 T-1 当前状态为“推进中”，并非暂缓或撤销；无需恢复。\n",
                         "Task T-1 is in progress, not suspended or withdrawn; there is nothing to resume.\n"),
    "an id already used": (("add", "--id", "T-2", "--title", "x", "--lead-unit", "dev"), 2,
                           "编号 T-2 已被其他任务使用；请另选（或不填，由系统建议）。\n",
                           "The id T-2 is already used by a task; choose another (or leave it out to have one proposed).\n"),
}


@pytest.mark.parametrize("name", REFUSALS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_refusals_write_nothing(cli, tmp_path, name, lang):
    args, code, zh, en = REFUSALS[name]
    assert _run(cli, tmp_path, args, lang) == (code, "", zh if lang == "zh" else en, [])


def test_a_ledger_with_errors_takes_writes_that_add_none(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    text = (root / FILE).read_text(encoding="utf-8")
    (root / FILE).write_text(text.replace("lead_unit: gulou", "lead_unit: nobody"), encoding="utf-8")
    assert cli("check", "-l", root).exit_code == 1
    result = cli("progress", "T-1", "方案已报审", "-l", root)
    assert (result.exit_code, result.stderr) == (0, "")


def test_a_locked_ledger_is_refused_after_waiting(cli, tmp_path):
    import subprocess
    import sys

    root = write_ledger(tmp_path / "l")
    before = (root / FILE).read_bytes()
    holder = subprocess.Popen(  # another writer, in another process, holding the lock until told
        [sys.executable, "-c", "import sys\nfrom reformctl.edit import ledger_lock\n"
         f"with ledger_lock({str(root)!r}):\n    print('held', flush=True)\n    sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        who = (root / ".reformctl.lock").read_text(encoding="utf-8")
        result = cli("progress", "T-1", "x", "-l", root, "--lang", "en", env={"REFORMCTL_LOCK_WAIT": "0.2"})
    finally:
        holder.communicate("")
    assert result.exit_code == 2
    assert f"pid {holder.pid}: " in who
    assert result.stderr == (f"Another write holds the ledger's lock ({who}); waited 0.2 s. Try again when it is "
                             f"done (lock file: {root / '.reformctl.lock'}).\n")
    assert (root / FILE).read_bytes() == before
    assert not (root / ".reformctl.lock").exists()
    assert cli("progress", "T-1", "x", "-l", root).exit_code == 0


def test_a_file_changed_underneath_is_not_overwritten(tmp_path, monkeypatch):
    from datetime import date

    from reformctl import edit
    from reformctl.edit import engine

    root = write_ledger(tmp_path / "l")
    real_finish = engine.finish

    def someone_else_writes(facts, rel, *args, **kwargs):
        (root / rel).write_text((root / rel).read_text(encoding="utf-8") + "# 手工修改\n", encoding="utf-8")
        return real_finish(facts, rel, *args, **kwargs)

    monkeypatch.setattr(engine, "finish", someone_else_writes)
    with pytest.raises(edit.EditRefused) as refused:
        edit.add_progress(root, "T-1", "x", today=date(2026, 6, 20))
    assert refused.value.message("en") == (f"{root / FILE} changed on disk while reformctl was writing it; "
                                           "nothing was written. Run the command again.")
    assert (root / FILE).read_text(encoding="utf-8").endswith("closed: {date: 2026-05-20, by: office, evidence: [docs/t2.pdf]}\n# 手工修改\n")


def test_the_written_file_keeps_its_mode_and_leaves_no_temporary_file(cli, tmp_path):
    root = write_ledger(tmp_path / "l")
    (root / FILE).chmod(0o640)
    assert cli("progress", "T-1", "x", "-l", root).exit_code == 0
    assert (root / FILE).stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in (root / "tasks").iterdir()) == ["main.yaml"]


def test_a_caller_may_hold_the_lock_across_several_writes(tmp_path):
    from datetime import date

    from reformctl import edit

    root = write_ledger(tmp_path / "l")
    with edit.ledger_lock(root):
        edit.add_progress(root, "T-1", "第一条", today=date(2026, 6, 20), lock_wait=0.1)
        edit.complete_milestone(root, "T-1", "m2", today=date(2026, 6, 20), lock_wait=0.1)
        assert (root / ".reformctl.lock").exists()
    assert not (root / ".reformctl.lock").exists()
    text = (root / FILE).read_text(encoding="utf-8")
    assert "    - {date: 2026-06-20, by: dev, text: 第一条}\n" in text and "done: 2026-06-20}" in text


@pytest.mark.parametrize("lang, said", [
    ("zh", "已为 T-1 销号（2026-06-20）：tasks/main.yaml。\n"),
    ("en", "Task T-1 struck off (销号) on 2026-06-20 in tasks/main.yaml.\n"),
])
def test_close_says_what_it_wrote(cli, tmp_path, lang, said):
    root = write_ledger(tmp_path / "l")
    (root / "docs").mkdir()
    (root / "docs" / "t1.pdf").write_bytes(b"%PDF")
    assert cli("done", "T-1", "m2", "-l", root).exit_code == 0
    assert cli("done", "T-1", "m3", "--finish", "-l", root).exit_code == 0
    closed = cli("close", "T-1", *CLOSE_EVIDENCE, "-l", root, "--lang", lang)
    assert (closed.exit_code, closed.stdout, closed.stderr) == (0, said, "")


@pytest.mark.parametrize("lang, said", [
    ("zh", "已将 T-1 的状态由“暂缓”改为“推进中”：tasks/main.yaml。\n"),
    ("en", "Task T-1: status suspended → in progress in tasks/main.yaml.\n"),
])
def test_resume_says_what_it_wrote(cli, tmp_path, lang, said):
    root = write_ledger(tmp_path / "l")
    cli("suspend", "T-1", "--reason", "待国家政策出台", "--approved-by", "市委改革办", "-l", root)
    resumed = cli("resume", "T-1", "--reason", "国家政策已出台", "--approved-by", "市委改革办", "-l", root, "--lang", lang)
    assert (resumed.exit_code, resumed.stdout, resumed.stderr) == (0, said, "")
    assert cli("check", "-l", root).exit_code == 0


def test_a_task_in_a_shape_not_rewritten_is_refused(cli, tmp_path):
    root = write_ledger(tmp_path / "l", tasks={"main.yaml": "- # 示例\n  id: T-1\n  title: 优化营商环境\n  lead_unit: dev\n"})
    before = (root / FILE).read_bytes()
    result = cli("progress", "T-1", "x", "-l", root, "--lang", "en")
    assert (result.exit_code, result.stderr) == (
        2, "This task's text has a shape reformctl does not rewrite (an item starting with '-' alone or a comment); "
           "edit it by hand. Nothing was written.\n")
    assert (root / FILE).read_bytes() == before
