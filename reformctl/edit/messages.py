"""The words of the edit layer, in Chinese and English: why a write was refused, what it did.

They live here rather than in reformctl/i18n.py so that a Python caller (the spreadsheet import)
gets the same explanations as the command line without importing it.
"""

from __future__ import annotations

from typing import Any

WORDS: dict[str, tuple[str, str]] = {
    # refusals
    "unknown_task": ("There is no task {id} in the ledger{hint}; nothing was written.",
                     "台账中没有任务 {id}{hint_zh}；未写入任何内容。"),
    "unknown_milestone": ("Task {task} has no milestone {id}{hint}; its milestones: {ids}. Nothing was written.",
                          "任务 {task} 没有节点 {id}{hint_zh}；该任务的节点：{ids}。未写入任何内容。"),
    "unknown_plan": ("There is no plan {id} in plans/{hint}; nothing was written.",
                     "plans/ 中没有改革方案 {id}{hint_zh}；未写入任何内容。"),
    "unknown_step": ("{step} is not a review step; the steps are {choices}. Nothing was written.",
                     "{step} 不是审查环节；可选：{choices}。未写入任何内容。"),
    "step_recorded": ("The {step} step ({step_zh}) of plan {plan} is already recorded; a recorded step stays as written. Nothing was written.",
                      "方案 {plan} 的{step_zh}（{step}）已有记录；已记录的环节不得改写。未写入任何内容。"),
    "plan_id_taken": ("The id {id} is already used by a {what}; choose another. Nothing was written.",
                        "编号 {id} 已被其他{what_zh}使用；请另选编号。未写入任何内容。"),
    "bad_record_id": ("'{id}' is not an id: use letters, digits, '-', '_' and '.', starting with a letter or digit. Nothing was written.",
                      "“{id}”不是有效编号：只能用字母、数字、“-”“_”“.”，并以字母或数字开头。未写入任何内容。"),
    "did_review": ("Plan {plan}: {step_zh} recorded in {file}.", "已记录方案 {plan} 的{step_zh}：{file}。"),
    "did_propose": ("Agenda item {id} proposed in {file}.", "已报送议题 {id}：{file}。"),
    "did_meeting": ("Meeting {id} recorded in {file}.", "已记录会议 {id}：{file}。"),
    "unknown_meeting": ("There is no meeting {id} in meetings/{hint}; nothing was written.",
                        "meetings/ 中没有会议 {id}{hint_zh}；未写入任何内容。"),
    "unknown_agenda_item": ("There is no agenda item {id} in agenda.yaml{hint}; nothing was written.",
                            "agenda.yaml 中没有议题 {id}{hint_zh}；未写入任何内容。"),
    "no_meeting_item": ("Meeting {id} has no item {n}: give --item from 1 to {count}, the item's number in the order the meeting lists them. Nothing was written.",
                        "会议 {id} 没有第 {n} 项议题：--item 请填 1 至 {count}（按会议记录中议题的顺序）。未写入任何内容。"),
    "empty_result": ("Give what the meeting decided with --result TEXT; nothing was written.",
                     "请用 --result 填写议定事项；未写入任何内容。"),
    "result_recorded": ("Item {n} of meeting {id} already has its result ({result}); a recorded result stays as written. Nothing was written.",
                        "会议 {id} 第 {n} 项议题已有议定事项（{result}）；已记录的议定事项不得改写。未写入任何内容。"),
    "meeting_not_held": ("Meeting {id} is on {date}, after the ledger's today ({now}); record its results once it has met. Nothing was written.",
                         "会议 {id} 定于 {date} 召开，晚于台账的“今天”（{now}）；请在会后记录。未写入任何内容。"),
    "agenda_state_move": ("Agenda item {id} is {old}; it cannot be made {new} (an item in reserve or deferred is scheduled, a scheduled one is reviewed or deferred). Nothing was written.",
                          "议题 {id} 当前为“{old_zh}”，不能改为“{new_zh}”（储备或暂缓的议题可排会，已排会的议题可记为已审议或暂缓）。未写入任何内容。"),
    "agenda_needs_meeting": ("Agenda item {id} asks for no meeting: give --meeting M to schedule it. Nothing was written.",
                             "议题 {id} 未填拟上会议：排会请用 --meeting 指定会议。未写入任何内容。"),
    "did_result": ("Meeting {id}, item {n}: result recorded{tasks} in {file}.",
                   "已记录会议 {id} 第 {n} 项议题的议定事项{tasks_zh}：{file}。"),
    "unknown_deadline": ("{field} is not a deadline of a pilot; the deadlines are {choices}. Nothing was written.",
                         "{field} 不是试点的期限；可选：{choices}。未写入任何内容。"),
    "no_deadline": ("{what} has no {field} to move; its first setting is the office's approval, written by hand. Nothing was written.",
                    "{what_zh} 尚无 {field}，无从调整；首次填写属改革办的批准事项，请手工填写。未写入任何内容。"),
    "not_a_pilot": ("Task {task} is not a pilot (it has no pilot record); nothing was written.",
                    "任务 {task} 不是试点（没有 pilot 记录）；未写入任何内容。"),
    "pilot_accepted": ("The pilot {task} was already accepted on {day}; nothing was written.",
                       "试点 {task} 已于 {day} 通过验收；未写入任何内容。"),
    "pilot_promoted": ("The pilot {task}'s experience was already promoted on {day} ({scope}); nothing was written.",
                       "试点 {task} 的经验已于 {day} 复制推广（{scope}）；未写入任何内容。"),
    "pilot_not_accepted": ("The pilot {task} has not been accepted (总结验收) yet: record its acceptance first "
                           "(reformctl pilot-accept). Nothing was written.",
                           "试点 {task} 尚未总结验收：请先记录验收（reformctl pilot-accept）。未写入任何内容。"),
    "did_promote_pilot": ("Pilot {task}'s experience promoted (复制推广, {scope}) on {day} in {file}.",
                          "已记录试点 {task} 的经验于 {day} 复制推广（{scope}）：{file}。"),
    "did_accept_pilot": ("Pilot {task} accepted (总结验收) on {day} in {file}.", "已记录试点 {task} 于 {day} 通过总结验收：{file}。"),
    "did_upper": ("Upper document {id} added in {file}.", "已登记上级文件 {id}：{file}。"),
    "did_move_deadline": ("{what}: {field} {old} → {new}, change recorded in {file}.",
                          "已调整{what_zh}的{field_zh}：{old} → {new}，并记录调整依据：{file}。"),
    "did_agenda_state": ("Agenda item {id} is now {new} (meeting {meeting}) in {file}.",
                         "议题 {id} 已改为“{new_zh}”（会议 {meeting}）：{file}。"),
    "unknown_unit": ("There is no unit {id} in units.yaml{hint}; nothing was written.",
                     "units.yaml 中没有单位 {id}{hint_zh}；未写入任何内容。"),
    "unknown_leader": ("There is no leader {id} in units.yaml{hint}; nothing was written.",
                       "units.yaml 中没有领导 {id}{hint_zh}；未写入任何内容。"),
    "unknown_list": ("There is no list {id} in reformctl.yaml{hint}; nothing was written.",
                     "reformctl.yaml 中没有清单 {id}{hint_zh}；未写入任何内容。"),
    "future_date": ("{day} is after the ledger's today ({now}); a ledger records what has happened. Nothing was written.",
                    "{day} 晚于台账的“今天”（{now}）；台账只记录已经发生的事。未写入任何内容。"),
    "bad_date": ("{value} is not a date; write it as YYYY-MM-DD, for example 2026-06-30.",
                 "{value} 不是有效日期；请写成 YYYY-MM-DD，例如 2026-06-30。"),
    "no_today": ("The ledger pins no as_of and no today was given; the caller must say what day it is.",
                 "台账未固定 as_of，调用方也未给出今天的日期；请提供当天日期。"),
    "unknown_rectification_step": (
        "Finding {finding} has no rectification milestone {id}{hint}; its milestones: {ids}. Nothing was written.",
        "问题 {finding} 没有整改节点 {id}{hint_zh}；该问题的整改节点：{ids}。未写入任何内容。"),
    "rectification_step_done": ("Rectification milestone {id} of finding {finding} was already done on {done}; "
                                "nothing was written.",
                                "问题 {finding} 的整改节点 {id} 已于 {done} 完成；未写入任何内容。"),
    "already_done": ("Milestone {id} of {task} was already done on {done}; nothing was written.",
                     "任务 {task} 的节点 {id} 已于 {done} 完成；未写入任何内容。"),
    "already_closed": ("Task {task} was already struck off ({day}); nothing was written.",
                       "任务 {task} 已于 {day} 销号；未写入任何内容。"),
    "same_value": ("{field} of {task} is already {value}; there is nothing to change.",
                   "任务 {task} 的 {field} 已是 {value}；无需调整。"),
    "need_lead": ("Give --lead-unit or --lead-leader (or both); nothing was written.",
                  "请指定 --lead-unit 或 --lead-leader（或两者）；未写入任何内容。"),
    "not_suspended": ("Task {task} is {old}, not suspended or withdrawn; there is nothing to resume.",
                      "任务 {task} 当前状态为“{old_zh}”，并非暂缓或撤销；无需恢复。"),
    "bad_status_move": ("set-status sets {choices}; use suspend, withdraw, resume or close for the others. Nothing was written.",
                        "set-status 只能设为 {choices}；其他状态请用 suspend、withdraw、resume 或 close。未写入任何内容。"),
    "no_evidence": ("A strike-off (销号) needs the outcome's evidence: give --evidence PATH. Nothing was written.",
                    "销号须有成果佐证材料：请用 --evidence 指定。未写入任何内容。"),
    "evidence_outside": ("The evidence {path} is outside the ledger folder; put the file inside the ledger (e.g. docs/) and give its path from there. Nothing was written.",
                         "佐证材料 {path} 不在台账目录内；请将文件放入台账目录（如 docs/），并填写相对台账目录的路径。未写入任何内容。"),
    "evidence_missing": ("Warning: the evidence {path} does not exist (yet) in the ledger; add the file.",
                         "警告：台账中（尚）没有佐证材料 {path}；请补上该文件。"),
    "would_break": ("The change would add {n} error{n_s} to the ledger (listed above); nothing was written.",
                    "此修改会给台账新增 {n} 个错误（见上）；未写入任何内容。"),
    "locked": ("Another write holds the ledger's lock ({holder}); waited {wait} s. Try again when it is done (lock file: {path}).",
               "另一个写入操作正占用台账锁（{holder}），已等待 {wait} 秒；请稍后再试（锁文件：{path}）。"),
    "changed_underneath": ("{path} changed on disk while reformctl was writing it; nothing was written. Run the command again.",
                           "{path} 在写入期间被其他程序修改；未写入任何内容。请重新执行命令。"),
    "cannot_write": ("Cannot write {path}: {detail}. Nothing was written.", "无法写入 {path}：{detail}。未写入任何内容。"),
    "unreadable_settings": ("The ledger's settings or units cannot be read; run `reformctl check` and fix them first. Nothing was written.",
                            "台账配置或单位名录无法读取；请先运行 `reformctl check` 并修正。未写入任何内容。"),
    "unreadable_file": ("{path} cannot be read as YAML; run `reformctl check` and fix it first. Nothing was written.",
                        "{path} 不是可读取的 YAML；请先运行 `reformctl check` 并修正。未写入任何内容。"),
    "rt_odd_item": ("This task's text has a shape reformctl does not rewrite (an item starting with '-' alone or a comment); edit it by hand. Nothing was written.",
                    "该任务的书写形式不便自动改写（以单独的“-”或注释开头）；请手工编辑。未写入任何内容。"),
    "rt_mismatch": ("{path} would not read back as intended after the edit ({detail}); it was not written. Edit it by hand.",
                    "{path} 修改后无法按预期读回（{detail}），未写入。请手工编辑。"),
    "bad_snippet": ("The task given is not a YAML mapping of a task ({detail}); nothing was written.",
                    "给出的任务不是任务的 YAML 映射（{detail}）；未写入任何内容。"),
    "id_taken": ("The id {id} is already used by a task; choose another (or leave it out to have one proposed).",
                 "编号 {id} 已被其他任务使用；请另选（或不填，由系统建议）。"),
    "bad_file": ("{path} is not a task file: give a .yaml file under tasks/.", "{path} 不是任务文件：请指定 tasks/ 下的 .yaml 文件。"),
    "commit_failed": ("The file was written, but git could not commit it: {detail}", "文件已写入，但 git 提交失败：{detail}"),
    # what was done
    "did_progress": ("Progress of {task} recorded ({day}, {by}) in {file}.", "已为 {task} 追加进展（{day}，{by}）：{file}。"),
    "did_done": ("Milestone {milestone} of {task} done on {day} in {file}.", "已记录 {task} 节点 {milestone} 于 {day} 完成：{file}。"),
    "did_finish": ("Every milestone of {task} is done: status set to done.", "{task} 全部节点已完成：状态已改为“已完成”。"),
    "all_done_hint": ("Every milestone of {task} is done now: run `reformctl done {task} {milestone} --finish` next time, or `reformctl set-status {task} done`.",
                      "{task} 全部节点均已完成：可执行 `reformctl set-status {task} done` 将状态改为“已完成”。"),
    "did_postpone": ("Milestone {milestone} of {task}: due {old} → {new}, change recorded in {file}.",
                     "已调整 {task} 节点 {milestone} 时限：{old} → {new}，并记录调整依据：{file}。"),
    "did_reassign": ("Task {task}: {field} {old} → {new}, change recorded in {file}.",
                     "已调整 {task} 的{field_zh}：{old_zh} → {new_zh}，并记录调整依据：{file}。"),
    "did_status": ("Task {task}: status {old} → {new} in {file}.", "已将 {task} 的状态由“{old_zh}”改为“{new_zh}”：{file}。"),
    "did_reword": ("Milestone {milestone} of {task} reworded, change recorded in {file}.",
                   "已调整 {task} 节点 {milestone} 的内容，并记录调整依据：{file}。"),
    "did_close": ("Task {task} struck off (销号) on {day} in {file}.", "已为 {task} 销号（{day}）：{file}。"),
    "did_carry": ("Task {task} carried over to {year} in {file}.", "已将 {task} 结转至 {year} 年度：{file}。"),
    "did_add": ("Task {task} added to {file}.", "已新增任务 {task}：{file}。"),
    "dry_run": ("Nothing was written (--dry-run).", "未写入任何内容（--dry-run）。"),
    "committed": ("Committed {commit}: {message}", "已提交 {commit}：{message}"),
}

# findings and notices (督察问题、督办通知): reformctl.edit.supervision
WORDS.update({
    "unknown_notice": ("There is no notice {id} under notices/{hint}; nothing was written.",
                       "notices/ 中没有督办通知 {id}{hint_zh}；未写入任何内容。"),
    "unknown_inspection": ("There is no inspection {id} under inspections/{hint}; nothing was written.",
                           "inspections/ 中没有督察 {id}{hint_zh}；未写入任何内容。"),
    "unknown_finding": ("No inspection holds a finding {id}{hint}; nothing was written.",
                        "督察记录中没有问题 {id}{hint_zh}；未写入任何内容。"),
    "record_id_taken": ("The id {id} is already used; choose another. Nothing was written.",
                        "编号 {id} 已被使用；请另选。未写入任何内容。"),
    "bad_severity": ("--severity {value} is not one of {choices}; nothing was written.",
                     "--severity {value} 不是可选值（{choices}）；未写入任何内容。"),
    "no_finding_evidence": ("Closing finding {id} (整改销号) needs the rectification's evidence: give --evidence PATH. Nothing was written.",
                            "问题 {id} 整改销号须有佐证材料：请用 --evidence 指定。未写入任何内容。"),
    "finding_closed": ("Finding {id} was already closed ({day}); nothing was written.",
                       "问题 {id} 已于 {day} 整改销号；未写入任何内容。"),
    "did_add_finding": ("Finding {id} added to inspection {inspection} ({unit}) in {file}.",
                        "已在督察 {inspection} 中新增问题 {id}（{unit}）：{file}。"),
    "did_finding_progress": ("Progress of finding {id} recorded ({day}, {unit}) in {file}.",
                             "已为问题 {id} 追加整改进展（{day}，{unit}）：{file}。"),
    "did_rectification_done": ("Rectification milestone {id} of finding {finding} done on {day} in {file}.",
                               "已记录问题 {finding} 的整改节点 {id} 于 {day} 完成：{file}。"),
    "did_close_finding": ("Finding {id} closed (整改销号) on {day} in {file}.", "问题 {id} 已整改销号（{day}）：{file}。"),
    "did_send_notice": ("Notice {id} to {unit} written in {file}; reply due by {reply_by}.",
                        "已向{unit}发出督办通知 {id}，{reply_by} 前回复：{file}。"),
    "did_reply_notice": ("Reply of {unit} to notice {id} recorded ({day}) in {file}.",
                         "已记录{unit}对督办通知 {id} 的回复（{day}）：{file}。"),
})


STATUS_WORDS = {"not_started": ("not started", "未启动"), "in_progress": ("in progress", "推进中"),
                "done": ("done", "已完成"), "closed": ("struck off", "已销号"), "suspended": ("suspended", "暂缓"),
                "withdrawn": ("withdrawn", "已撤销")}


def status_params(old: str, new: str) -> dict[str, str]:
    """{old}, {new} in English words and {old_zh}, {new_zh} in Chinese, for a status move."""
    words = {key: STATUS_WORDS.get(value, (value, value)) for key, value in (("old", old), ("new", new))}
    return {"old": words["old"][0], "new": words["new"][0], "old_zh": words["old"][1], "new_zh": words["new"][1]}


def say(key: str, lang: str, **params: Any) -> str:
    """The message `key` in `lang` ('zh' or 'en'); English counts read '1 error', '2 errors'."""
    english, chinese = WORDS[key]
    if lang == "zh":
        return chinese.format(**params)
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in params.items() if isinstance(value, int)}
    return english.format(**params, **plurals)
