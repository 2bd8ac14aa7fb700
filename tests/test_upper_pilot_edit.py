"""The office's writes of upper documents and pilots (issue 14): `upper-add` puts a document to
dock in upper.yaml, `pilot-accept` records a pilot's acceptance; through reformctl.edit, comments
stay and a write that would add an error is refused."""

from __future__ import annotations

from helpers import write_ledger
from test_pilots import PILOT_TASKS
from test_plans import UPPER, _files

SOUND = PILOT_TASKS.split("- id: P-2")[0]


def test_an_upper_document_is_added_in_the_style_of_its_siblings(tmp_path, cli):
    root = write_ledger(tmp_path / "l", files=_files(**{"upper.yaml": "# 上级文件清单（对接提醒）\n" + UPPER}))
    result = cli("upper-add", "--id", "UP-3", "--level", "provincial", "--doc", "澜委发〔2026〕9号", "--title", "关于数据要素的意见",
                 "--date", "2026-06-01", "--dock-by", "2026-09-30", "--dock-unit", "dev", "-l", root, "--lang", "zh")
    assert (result.exit_code, result.stdout) == (0, "已登记上级文件 UP-3：upper.yaml。\n")
    assert (root / "upper.yaml").read_text(encoding="utf-8") == "# 上级文件清单（对接提醒）\n" + UPPER + (
        "  - {id: UP-3, level: provincial, doc: 澜委发〔2026〕9号, title: 关于数据要素的意见, date: 2026-06-01, "
        "dock_by: 2026-09-30, dock_unit: dev}\n")
    taken = cli("upper-add", "--id", "UP-3", "--level", "central", "--doc", "x", "--title", "y", "--date", "2026-06-01",
                "-l", root, "--lang", "en")
    assert (taken.exit_code, taken.stderr) == (2, "The id UP-3 is already used by a upper document; choose another. "
                                                  "Nothing was written.\n")
    wrong = cli("upper-add", "--id", "UP-4", "--level", "central", "--doc", "x", "--title", "y", "--date", "2026-06-01",
                "--dock-unit", "deve", "-l", root, "--lang", "en")
    assert (wrong.exit_code, wrong.stderr) == (1, "upper.yaml:6:79: R301 unknown unit 'deve' (did you mean 'dev'?); "
                                                  "units are listed in units.yaml.\nThe change would add 1 error to the "
                                                  "ledger (listed above); nothing was written.\n")


def test_a_pilot_is_accepted_with_its_evidence(tmp_path, cli):
    tasks = SOUND.replace("    contact: li\n", "    contact: li  # 联系点\n")
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": tasks})
    (root / "docs").mkdir()
    (root / "docs" / "p1.pdf").write_bytes(b"%PDF")
    early = cli("pilot-accept", "P-1", "--evidence", "docs/p1.pdf", "-l", root, "--lang", "zh")
    assert (early.exit_code, early.stderr) == (1, (
        "tasks/p.yaml:14:24: R352 试点于 2026-06-20 验收，早于试点期限届满日 2026-12-31，且未说明理由；请填写 acceptance.reason"
        "（如：提前完成试点任务），或更正日期。\n此修改会给台账新增 1 个错误（见上）；未写入任何内容。\n"))
    done = cli("pilot-accept", "P-1", "--evidence", "docs/p1.pdf", "--reason", "提前完成试点任务", "-l", root, "--lang", "zh")
    assert (done.exit_code, done.stdout) == (0, "已记录试点 P-1 于 2026-06-20 通过总结验收：tasks/p.yaml。\n")
    assert (root / "tasks" / "p.yaml").read_text(encoding="utf-8") == tasks.replace(
        "    contact: li  # 联系点\n", "    contact: li  # 联系点\n    acceptance: {done: 2026-06-20, evidence: [docs/p1.pdf], reason: 提前完成试点任务}\n")
    again = cli("pilot-accept", "P-1", "-l", root, "--lang", "en")
    assert (again.exit_code, again.stderr) == (2, "The pilot P-1 was already accepted on 2026-06-20; nothing was written.\n")


def test_an_accepted_pilot_is_promoted_once(tmp_path, cli):
    tasks = SOUND.replace("    contact: li\n", "    contact: li  # 联系点\n")
    root = write_ledger(tmp_path / "l", tasks={"p.yaml": tasks})
    early = cli("pilot-promote", "P-1", "--scope", "全省", "-l", root, "--lang", "en")
    assert (early.exit_code, early.stderr) == (2, "The pilot P-1 has not been accepted (总结验收) yet: record its "
                                                  "acceptance first (reformctl pilot-accept). Nothing was written.\n")
    accepted = tasks.replace("    contact: li  # 联系点\n", "    contact: li  # 联系点\n    acceptance: {done: 2026-06-18, "
                             "evidence: [docs/p1.pdf], reason: 提前完成试点任务}\n")
    (root / "tasks" / "p.yaml").write_text(accepted, encoding="utf-8")
    done = cli("pilot-promote", "P-1", "--scope", "全省", "--doc", "澜改办〔2026〕40号", "-l", root, "--lang", "zh")
    assert (done.exit_code, done.stdout) == (0, "已记录试点 P-1 的经验于 2026-06-20 复制推广（全省）：tasks/p.yaml。\n")
    assert (root / "tasks" / "p.yaml").read_text(encoding="utf-8") == accepted.replace(
        "reason: 提前完成试点任务}\n", "reason: 提前完成试点任务}\n    promoted: {date: 2026-06-20, scope: 全省, doc: 澜改办〔2026〕40号}\n")
    again = cli("pilot-promote", "P-1", "--scope", "全国", "-l", root, "--lang", "en")
    assert (again.exit_code, again.stderr) == (
        2, "The pilot P-1's experience was already promoted on 2026-06-20 (全省); nothing was written.\n")
    assert cli("check", "-l", root, "--no-cache").exit_code == 0
