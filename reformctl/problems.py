"""Problems are values: a code, a place in a file, and the facts to explain it.

The words live in one catalog, in Chinese and English, so that every message says what is
wrong and how to fix it in the user's language. Positions (line, col) are filled in late, only
for the problems that are reported.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal, NamedTuple, Optional

from .i18n import nest_quotes

Severity = Literal["error", "warning"]


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    en: str
    zh: str


_RULES = [
    # --- reading files ---
    Rule("R001", "yaml-syntax", "error",
         "YAML syntax error: {detail}. Check the indentation and quotes on this line and the one above.",
         "YAML 语法错误：{detail_zh}。请检查本行及上一行的缩进和引号。"),
    Rule("R002", "tab-indent", "error",
         "a tab character is used here; YAML allows only spaces for indentation. Replace the tab with spaces.",
         "此处使用了制表符（Tab）；YAML 只能用空格缩进。请把 Tab 换成空格。"),
    Rule("R003", "duplicate-key", "error",
         "the key '{key}' appears twice in the same record (first at line {first}); keep one and delete the other.",
         "同一条记录中键“{key}”出现了两次（第一次在第 {first} 行）；请保留一个，删除另一个。"),
    Rule("R004", "not-utf8", "error",
         "the file is not UTF-8 text ({guess}); save it as UTF-8 (in WPS or Notepad: Save As, encoding UTF-8).",
         "文件不是 UTF-8 编码（{guess_zh}）；请另存为 UTF-8 编码（WPS 或记事本：另存为，编码选 UTF-8）。"),
    Rule("R005", "empty-file", "error",
         "the file is empty; write its records in it (see docs/ledger-format.md), or delete the file.",
         "文件是空的；请写入相应记录（见 docs/ledger-format.md），或删除该文件。"),
    Rule("R006", "yaml-alias", "error",
         "anchors and aliases (&name, *name) are not allowed in a ledger; write the value out in full.",
         "台账中不允许使用锚点和别名（&名称、*名称）；请把内容完整写出。"),
    Rule("R007", "file-too-large", "error",
         "the file is {size_mb} MB, over the limit of {limit_mb} MB; split it into several files under tasks/.",
         "文件大小为 {size_mb} MB，超过 {limit_mb} MB 的上限；请拆分为 tasks/ 下的多个文件。"),
    Rule("R008", "wrong-shape", "error",
         "this file must hold {expected}, but it holds {found}.",
         "此文件应为{expected_zh}，实际是{found_zh}。"),
    Rule("R009", "missing-file", "error",
         "the ledger has no {name}; create it (`reformctl init` writes a commented skeleton).",
         "台账缺少 {name}；请创建该文件（`reformctl init` 可生成带注释的模板）。"),
    Rule("R010", "unreadable-file", "error",
         "the file cannot be read: {detail}.",
         "无法读取文件：{detail}。"),
    # --- what may be read: links, odd files, tags, depth, control characters (issue 8) ---
    Rule("R011", "symlink", "error",
         "this is a symbolic link; reformctl reads only the ledger's own files and does not follow links (its target was not read). Replace the link with the file or folder itself.",
         "这是一个符号链接；reformctl 只读取台账自身的文件，不跟随链接（未读取其指向的内容）。请用文件或文件夹本身替换该链接。"),
    Rule("R012", "not-a-file", "error",
         "this is {found}, not a plain file; a ledger holds only plain text files: replace it with a file, or move it out of the ledger.",
         "这是{found_zh}，不是普通文件；台账只能包含普通文本文件：请换成文件，或移出台账。"),
    Rule("R013", "unreadable-folder", "error",
         "the folder cannot be read ({detail}), so its task files were not checked; give read access to it, or move it out of the ledger.",
         "无法读取该文件夹（{detail}），其中的任务文件未经检查；请开放读取权限，或将其移出台账。"),
    Rule("R014", "yaml-tag", "error",
         "the YAML tag '{tag}' is not allowed in a ledger: values are plain text, numbers, dates, lists and mappings. Delete the tag and write the value plainly (quote it to keep it as text).",
         "台账中不允许使用 YAML 标签“{tag}”：取值只能是文本、数字、日期、列表和映射。请删除该标签，直接书写取值（须保持为文本的请加引号）。"),
    Rule("R015", "too-deep", "error",
         "the data is nested more than {limit} levels deep here; a ledger needs only a few (task, milestone, evidence). Check the brackets and the indentation.",
         "此处数据嵌套超过 {limit} 层；台账只需要几层（任务、节点、佐证材料）。请检查括号和缩进。"),
    Rule("R016", "control-character", "error",
         "the text holds an invisible control character ({char}); such characters can hide or reverse text on screen and cannot go into a Word document. Delete it (retype the text if needed).",
         "文本中含有不可见的控制字符（{char}）；这类字符会在屏幕上隐藏或颠倒文字，也无法写入 Word 文档。请删除该字符（必要时重新输入这段文字）。"),
    # --- the shape of records ---
    Rule("R101", "unknown-key", "error",
         "unknown key '{key}'{hint}. Keys allowed here: {allowed}.",
         "未知的键“{key}”{hint_zh}。此处可用的键：{allowed}。"),
    Rule("R102", "missing-key", "error",
         "the required key '{key}' is missing from this {record}; add it.",
         "此{record_zh}缺少必填键“{key}”；请补上。"),
    Rule("R103", "wrong-type", "error",
         "'{key}' must be {expected}, but here it is {found}.",
         "“{key}”应为{expected_zh}，此处却是{found_zh}。"),
    Rule("R104", "bad-date", "error",
         "'{value}' is not a date; write dates as YYYY-MM-DD, for example 2026-06-30.",
         "“{value}”不是有效日期；日期请写成 YYYY-MM-DD 格式，例如 2026-06-30。"),
    Rule("R105", "no-such-day", "error",
         "{value} is not a day of the calendar; correct the month or the day.",
         "{value} 这一天并不存在；请更正月份或日期。"),
    Rule("R106", "number-as-text", "error",
         "'{key}' is read as the number {value}; write it in quotes to keep it as text: {key}: '{raw}'.",
         "“{key}”被读成了数字 {value}；请加引号保持原样：{key}: '{raw}'。"),
    Rule("R107", "bad-choice", "error",
         "'{value}' is not a valid {key}; choose one of: {choices}.",
         "“{value}”不是有效的 {key}；可选值：{choices}。"),
    Rule("R108", "bad-id", "error",
         "'{value}' is not a valid id{hint}; use letters, digits, '-', '_' or '.', starting with a letter or digit.",
         "“{value}”不是有效的编号{hint_zh}；编号只能用字母、数字、“-”“_”“.”，并以字母或数字开头。"),
    Rule("R109", "bad-value", "error",
         "'{key}' has an invalid value: {detail}.",
         "“{key}”的值无效：{detail_zh}。"),
    Rule("R110", "blank-text", "error",
         "'{key}' is empty or holds only spaces; write the text.",
         "“{key}”为空或只有空格；请填写内容。"),
    # --- identity ---
    Rule("R201", "duplicate-task-id", "error",
         "task id '{id}' is already used in {first}; give every task its own id.",
         "任务编号“{id}”已在 {first} 使用；每项任务的编号必须唯一。"),
    Rule("R202", "duplicate-milestone-id", "error",
         "milestone id '{id}' appears twice in task {task}; give every milestone of a task its own id.",
         "任务 {task} 中节点编号“{id}”重复；同一任务的节点编号必须唯一。"),
    Rule("R203", "duplicate-definition", "error",
         "'{id}' is defined twice among the {what_en} (first at {first}); keep one.",
         "{what_zh}中“{id}”重复定义（第一次在 {first}）；请只保留一个。"),
    # --- references ---
    Rule("R301", "unknown-unit", "error",
         "unknown unit '{id}'{hint}; units are listed in units.yaml.",
         "未知单位“{id}”{hint_zh}；单位在 units.yaml 中定义。"),
    Rule("R302", "unknown-leader", "error",
         "unknown leader '{id}'{hint}; leaders are listed in units.yaml.",
         "未知领导“{id}”{hint_zh}；牵头领导在 units.yaml 中定义。"),
    Rule("R303", "unknown-task", "error",
         "depends on task '{id}', which does not exist{hint}.",
         "所依赖的任务“{id}”不存在{hint_zh}。"),
    Rule("R304", "dependency-cycle", "error",
         "tasks depend on each other in a circle: {cycle}; remove one of these dependencies.",
         "任务之间存在循环依赖：{cycle}；请去掉其中一个依赖。"),
    Rule("R305", "unknown-list", "error",
         "unknown list '{id}'{hint}; lists are declared under 'lists' in reformctl.yaml.",
         "未知清单“{id}”{hint_zh}；清单在 reformctl.yaml 的 lists 中声明。"),
    # --- pilots, plans, upper documents, meetings and agenda (issue 14): R350–R399 ---
    Rule("R350", "pilot-without-leader", "error",
         "task {id} is a pilot but has no lead_leader; every pilot has one lead leader (一名牵头领导): name one from units.yaml.",
         "任务 {id} 是试点，但没有牵头领导（lead_leader）；每个试点须有一名牵头领导：请填写 units.yaml 中的领导。"),
    Rule("R351", "pilot-without-plan", "error",
         "task {id} is a pilot with neither its plan (pilot.plan) nor its approval document (pilot.approval_doc); write the document number of one of them (一个推进方案).",
         "任务 {id} 是试点，但既没有推进方案（pilot.plan），也没有批准文件（pilot.approval_doc）；请至少填写其中一个的文号。"),
    Rule("R352", "pilot-accepted-early", "error",
         "the pilot is accepted on {done}, before its period ends ({end}), and no reason is given; add acceptance.reason (e.g. 提前完成试点任务), or correct the dates.",
         "试点于 {done} 验收，早于试点期限届满日 {end}，且未说明理由；请填写 acceptance.reason（如：提前完成试点任务），或更正日期。"),
    Rule("R353", "pilot-promoted-before-accepted", "warning",
         "the pilot's experience is promoted on {promoted}{accepted}; a pilot is accepted (总结验收) before its experience is promoted: record the acceptance, or correct the dates.",
         "试点经验于 {promoted} 复制推广{accepted_zh}；试点应先总结验收、再复制推广：请补充验收记录，或更正日期。"),
    Rule("R360", "plan-review-missing", "error",
         "plan {id} has gone to a meeting (or is issued) without its {step} review ({step_zh}); record the step under review.{step} (date, evidence, by), or write not_needed with the reason; until then it may be neither reviewed nor issued.",
         "改革方案 {id} 已上会（或已印发），但缺少{step_zh}（review.{step}）；请补记该环节（date、evidence、by），或填写 not_needed 并说明理由；补齐前不得上会审议、印发。"),
    Rule("R361", "plan-issued-before-review", "error",
         "the plan is issued on {issued}, before its {step_zh} on {date}; a plan is issued after its review and its meeting: correct the dates.",
         "方案印发日期 {issued} 早于其{step_zh}日期 {date}；方案应在审查和上会审议之后印发：请更正日期。"),
    Rule("R362", "review-step-empty", "error",
         "the {step} step ({step_zh}) holds neither its date nor not_needed; write the day it was done, or not_needed with the reason.",
         "{step_zh}环节（{step}）既没有日期，也没有 not_needed；请填写完成日期，或填写 not_needed 并说明理由。"),
    Rule("R363", "upper-document-not-docked", "warning",
         "{doc} was to be docked with a local plan by {dock_by} ({unit}), and no plan docks it (对接提醒); add the plan under plans/ with docks: [its id], or ask the office to adjust dock_by.",
         "{doc}应于 {dock_by} 前出台对接方案（{unit_zh}），但尚无方案对接（对接提醒）；请在 plans/ 中登记对接方案（docks 填其编号），或报改革办调整 dock_by。"),
    Rule("R364", "unknown-record", "error",
         "'{id}' is not a {what}{hint}; check the id.",
         "“{id}”不是{what_zh}{hint_zh}；请核对编号。"),
    Rule("R365", "unknown-task-named", "error",
         "task '{id}' does not exist{hint}; name a task of tasks/.",
         "任务“{id}”不存在{hint_zh}；请填写 tasks/ 中的任务编号。"),
    Rule("R370", "agenda-item-not-ready", "error",
         "agenda item {id} is scheduled, but its plan {plan} lacks {steps}; finish the plan's review first, or keep the item in reserve.",
         "议题 {id} 已排会，但其方案 {plan} 尚缺{steps_zh}；请先完成方案审查，或将议题留在储备库（reserve）。"),
    Rule("R371", "agenda-item-late", "warning",
         "agenda item {id} was submitted on {submitted}, less than {days} days before meeting {meeting} on {date}; submit items in time, or move it to a later meeting.",
         "议题 {id} 于 {submitted} 报送，距会议 {meeting}（{date}）不足 {days} 天；请按时报送，或安排到以后的会议。"),
    Rule("R380", "pilot-contact-unknown", "error",
         "the pilot's contact point (联系点) '{id}' is neither a leader nor a unit of units.yaml{hint}; write the id of the leader or the unit who is its contact, or add them to units.yaml.",
         "试点联系点“{id}”不是 units.yaml 中的领导或单位{hint_zh}；请填写负责联系该试点的领导或单位的编号，或先在 units.yaml 中登记。"),
    Rule("R381", "plan-change-mismatch", "error",
         "the last approved change moves plan {id} to meeting '{to}', but its meeting.target is '{target}'; the planned meeting and its changes must agree.",
         "最近一次经批准的调整把方案 {id} 改为提交会议“{to}”，但其 meeting.target 是“{target}”；拟上会议与调整记录必须一致。"),
    # --- the timetable ---
    Rule("R401", "milestones-out-of-order", "warning",
         "milestone {id} is due {due}, before the milestone listed above it ({prev}, due {prev_due}); list milestones in the order they fall due.",
         "节点 {id} 的时限 {due} 早于其上一个节点（{prev}，时限 {prev_due}）；请按时限先后排列节点。"),
    Rule("R402", "done-in-future", "error",
         "milestone {id} is marked done on {done}, after today ({now}); a milestone can only be done on a day that has passed.",
         "节点 {id} 的完成日期 {done} 晚于今天（{now}）；只能填写已经过去的完成日期。"),
    Rule("R403", "no-milestones", "warning",
         "task {id} has no milestones; give it dated nodes (任务项目化、项目目标化、目标节点化).",
         "任务 {id} 没有时间节点；请补充带时限的节点（任务项目化、项目目标化、目标节点化）。"),
    Rule("R404", "done-before-start", "warning",
         "milestone {id} is marked done on {done}, before the ledger's year {year} began; check the date.",
         "节点 {id} 的完成日期 {done} 早于台账年度 {year} 年；请核对日期。"),
    Rule("R405", "added-in-future", "error",
         "the task is added on {date}, after today ({now}); use the day it joined the ledger.",
         "任务纳入台账的日期 {date} 晚于今天（{now}）；请填写实际纳入日期。"),
    # --- status ---
    Rule("R501", "done-with-open-milestones", "error",
         "the task is marked {status} but milestone(s) {open} have no done date; fill in the done dates or change the status.",
         "任务状态为 {status}，但节点 {open} 尚无完成日期；请补填完成日期或更改状态。"),
    Rule("R502", "closed-without-evidence", "error",
         "the task is struck off without evidence; list the outcome documents under closed.evidence (销号须有佐证材料).",
         "任务已销号但没有佐证材料；请在 closed.evidence 中列出成果文件（销号须有佐证材料）。"),
    Rule("R503", "closed-before-done", "error",
         "the task is struck off on {closed}, before its last milestone was done ({done}); a task is struck off only after it is done.",
         "任务销号日期 {closed} 早于最后一个节点的完成日期 {done}；任务须完成后才能销号。"),
    Rule("R504", "closed-record-mismatch", "error",
         "{detail_en}",
         "{detail_zh}"),
    Rule("R505", "closed-in-future", "error",
         "the task is struck off on {date}, after today ({now}); use the day it was actually struck off.",
         "任务销号日期 {date} 晚于今天（{now}）；请填写实际销号日期。"),
    Rule("R506", "all-done-still-active", "warning",
         "every milestone is done but the task is still {status}; set status: done.",
         "所有节点均已完成，但任务状态仍为 {status}；请将 status 改为 done。"),
    # --- changes (timetable adjustments) ---
    Rule("R601", "change-unknown-milestone", "error",
         "this change refers to milestone '{id}', which task {task} does not have{hint}.",
         "此调整所指的节点“{id}”在任务 {task} 中不存在{hint_zh}。"),
    Rule("R602", "change-mismatch", "error",
         "the last approved change moves milestone {id}'s due date to {to}, but the milestone is due {due}; the due date and its changes must agree.",
         "最近一次经批准的调整把节点 {id} 的时限改为 {to}，但节点现在的时限是 {due}；时限与调整记录必须一致。"),
    Rule("R603", "change-needs-milestone", "error",
         "a change of '{field}' must name the milestone it changes (milestone: m1).",
         "对“{field}”的调整必须注明所调整的节点（milestone: m1）。"),
    Rule("R604", "change-bad-date", "error",
         "a change of a due date needs dates in 'from' and 'to' (YYYY-MM-DD); '{value}' is not one.",
         "调整时限时，from 和 to 须为日期（YYYY-MM-DD）；“{value}”不是日期。"),
    Rule("R605", "change-in-future", "error",
         "this change is dated {date}, after today ({now}); record changes on the day they were approved.",
         "此调整的日期 {date} 晚于今天（{now}）；请按实际批准日期记录。"),
    Rule("R606", "change-field-mismatch", "error",
         "the last approved change sets {field} to '{to}', but the task's {field} is '{current}'; they must agree.",
         "最近一次经批准的调整把 {field} 改为“{to}”，但任务当前的 {field} 是“{current}”；二者必须一致。"),
    # --- progress ---
    Rule("R701", "progress-in-future", "error",
         "this progress entry is dated {date}, after today ({now}); use the day it was reported.",
         "此进展的日期 {date} 晚于今天（{now}）；请填写实际报送日期。"),
    Rule("R702", "stale-progress", "warning",
         "no progress reported since {last} ({days} days); the office expects an update at least every {window} days.",
         "自 {last} 以来没有报送进展（已 {days} 天）；改革办要求至少每 {window} 天更新一次。"),
    # --- assessment.yaml: the office's method of assessing the units (考核办法) ---
    Rule("R770", "assessment-weights", "error",
         "the indicators' weights add up to {sum} ({weights}), not to full_marks {full}; change the weights (or full_marks) so that they agree.",
         "各考核指标分值合计为 {sum}（{weights}），与满分 full_marks {full} 不符；请调整分值（或满分），使二者一致。"),
    Rule("R771", "assessment-kind-ungrouped", "error",
         "units of kind '{kind}' ({units}) are in no group, so they would not be ranked; add the kind to a group's kinds, or list it under not_assessed.",
         "类型为“{kind}”的单位（{units}）不属于任何考核类别，将不参加排名；请把该类型加入某一类别的 kinds，或列入 not_assessed。"),
    Rule("R772", "assessment-kind-twice", "error",
         "unit kind '{kind}' is already in {first}; a kind is ranked in one group only: delete it here.",
         "单位类型“{kind}”已在 {first} 中；每种单位只能在一个类别中排名：请删除此处的重复。"),
    Rule("R773", "assessment-unknown-item", "error",
         "the manual item '{id}'{hint} is not in manual_items; add it to the points table, or correct the id.",
         "加减分项“{id}”{hint_zh}不在 manual_items 分值表中；请在分值表中增加该项，或更正编号。"),
    Rule("R774", "assessment-unknown-unit", "error",
         "unknown unit '{id}'{hint}; units are listed in units.yaml.",
         "未知单位“{id}”{hint_zh}；单位在 units.yaml 中定义。"),
    Rule("R775", "assessment-unit-not-ranked", "warning",
         "unit '{id}' is of kind '{kind}', which no group ranks, so these points count for no one; check the unit, or add its kind to a group.",
         "单位“{id}”的类型为“{kind}”，不在任何考核类别中，此项加减分不计入任何排名；请核对单位，或把该类型加入考核类别。"),
    Rule("R776", "assessment-per-item-missing", "error",
         "indicator '{id}' counts items ({measure}), so it needs per_item: the points lost for each item (weight − per_item × count, not below 0).",
         "指标“{id}”按项计数（{measure}），须写明 per_item：每项扣减的分数（得分 = 分值 − 每项扣分 × 项数，扣完为止）。"),
    Rule("R777", "assessment-per-item-share", "error",
         "indicator '{id}' is a share ({measure}), scored weight × share; per_item means nothing here: delete it.",
         "指标“{id}”为比率（{measure}），得分 = 分值 × 比率；per_item 在此无意义：请删除。"),
    Rule("R778", "assessment-deduction-share", "error",
         "deduction '{id}' takes points per item, and {measure} is a share, not a count; choose a count: overdue_count, late_done_count, findings_open, findings_closed_late, notices_answered_late or notices_unanswered.",
         "扣分项“{id}”按项扣分，而 {measure} 是比率而非计数；请改用计数类：overdue_count、late_done_count、findings_open、findings_closed_late、notices_answered_late 或 notices_unanswered。"),
    Rule("R779", "assessment-grades-floor", "error",
         "the lowest grade starts at {lowest}, so a unit scoring less would have no 等次; give the last grade min: 0.",
         "最低等次的起点为 {lowest} 分，低于此分的单位将没有等次；请把最后一个等次的 min 设为 0。"),
    Rule("R780", "assessment-grades-order", "error",
         "grade '{name}' (min {min}) is listed after '{prev}' (min {prev_min}); list the grades from the highest min down.",
         "等次“{name}”（{min} 分起）排在“{prev}”（{prev_min} 分起）之后；请按起点分数从高到低排列等次。"),
    Rule("R781", "step-change-unknown-milestone", "error",
         "this change of due names no rectification milestone of finding {id} ('{milestone}'); write milestone: one of {known}.",
         "此调整记录调整节点时限，但问题 {id} 的整改节点中没有“{milestone}”；请写 milestone: 以下之一：{known}。"),
    # --- spreadsheets: returns (进展报送表) and Excel ledgers read back (returns import, init --from-xlsx) ---
    # --- supervision: inspections, findings, notices (督察、整改、督办) ---
    Rule("R750", "duplicate-record-id", "error",
         "{what_en} id '{id}' is already used in {first}; give every {what_en} its own id.",
         "{what_zh}编号“{id}”已在 {first} 使用；每条{what_zh}的编号必须唯一。"),
    Rule("R751", "record-unknown-unit", "error",
         "unknown unit '{id}'{hint}; units are listed in units.yaml.",
         "未知单位“{id}”{hint_zh}；单位在 units.yaml 中定义。"),
    Rule("R752", "record-unknown-task", "error",
         "names task '{id}', which is not on the ledger{hint}; write the id of a task under tasks/.",
         "所指任务“{id}”不在台账中{hint_zh}；请填写 tasks/ 中任务的编号。"),
    Rule("R753", "record-unknown-milestone", "error",
         "task {task} has no milestone '{id}'{hint}; write the id of one of its milestones.",
         "任务 {task} 没有节点“{id}”{hint_zh}；请填写该任务某一节点的编号。"),
    Rule("R754", "bad-milestone-ref", "error",
         "'{value}' does not name a milestone; write it as TASK/MILESTONE, e.g. T-001/M1.",
         "“{value}”不是节点的写法；请写作“任务编号/节点编号”，如 T-001/M1。"),
    Rule("R755", "milestone-without-task", "error",
         "the finding names milestone '{id}' but no task; add 'task:' with the task it belongs to.",
         "该问题指明了节点“{id}”却未指明任务；请用 task: 写明其所属任务。"),
    Rule("R756", "unknown-finding", "error",
         "names finding '{id}', which no inspection holds{hint}; write the id of a finding under inspections/.",
         "所指问题“{id}”不在任何督察记录中{hint_zh}；请填写 inspections/ 中问题的编号。"),
    Rule("R757", "record-unknown-list", "error",
         "unknown list '{id}'{hint}; lists are declared under 'lists' in reformctl.yaml.",
         "未知清单“{id}”{hint_zh}；清单在 reformctl.yaml 的 lists 中声明。"),
    Rule("R758", "finding-closed-without-evidence", "error",
         "finding {id} is closed without evidence; list the rectification's documents under closed.evidence (整改销号须有佐证材料).",
         "问题 {id} 已整改销号但没有佐证材料；请在 closed.evidence 中列出整改材料（整改销号须有佐证材料）。"),
    Rule("R759", "reply-before-notice", "error",
         "this reply is dated {date}, before the notice was sent ({sent}); write the day the reply came.",
         "此回复日期 {date} 早于督办通知发出日期（{sent}）；请填写实际回复日期。"),
    Rule("R760", "record-in-future", "error",
         "this is dated {date}, after today ({now}); record what happened on the day it happened.",
         "此处日期 {date} 晚于今天（{now}）；请按实际发生日期记录。"),
    Rule("R761", "change-wrong-field", "error",
         "a change here can only move '{field}', not '{value}'; write field: {field}.",
         "此处的调整记录只能调整“{field}”，不能调整“{value}”；请写 field: {field}。"),
    Rule("R762", "before-it-began", "error",
         "{date} is before {start}, the day this began (the notice was sent, the inspection started); check the date.",
         "{date} 早于 {start}（督办通知发出或督察开始之日）；请核对日期。"),
    Rule("R763", "inspection-without-date", "error",
         "inspection {id} has neither a date nor a period; add date: YYYY-MM-DD or period: {{from: ..., to: ...}}.",
         "督察 {id} 既无日期也无时段；请填写 date: YYYY-MM-DD 或 period: {{from: ..., to: ...}}。"),
    Rule("R764", "deadline-change-mismatch", "error",
         "the last approved change moves {field} to {to}, but it is {value}; the deadline and its changes must agree.",
         "最近一次经批准的调整把 {field} 改为 {to}，但现在是 {value}；时限与调整记录必须一致。"),
    Rule("R765", "period-reversed", "error",
         "the period ends ({end}) before it starts ({start}); swap or correct the dates.",
         "时段结束日期（{end}）早于开始日期（{start}）；请更正。"),
    Rule("R766", "finding-without-deadline", "warning",
         "finding {id} has no rectify_by and no rectification; give the day it is to be rectified by, or the task it became.",
         "问题 {id} 没有整改时限，也没有整改安排；请填写 rectify_by，或注明转为哪项任务。"),
    Rule("R801", "xlsx-unreadable", "error",
         "the file cannot be read as an Excel workbook ({detail}); open it in Excel or WPS and save it as .xlsx (Excel 工作簿).",
         "无法作为 Excel 工作簿读取（{detail}）；请用 Excel 或 WPS 打开后另存为 .xlsx（Excel 工作簿）格式。"),
    Rule("R802", "not-a-return", "error",
         "this workbook is not a return made by `reformctl returns make` ({detail}); fill in the return the office sent, not a copy or a new file.",
         "此工作簿不是由 `reformctl returns make` 生成的进展报送表（{detail}）；请在改革办下发的报送表中填写，不要复制到新文件。"),
    Rule("R803", "return-wrong-unit", "error",
         "this return is {found}'s, but {expected_en}; import each unit's own return, under its own name ({found}-{period}.xlsx).",
         "此报送表属于 {found}，但{expected_zh}；请导入各单位自己的报送表，文件名保持为 {found}-{period}.xlsx。"),
    Rule("R804", "return-wrong-period", "error",
         "this return is for {found}, not for {expected}; import it with --period {found}, or ask the unit for its return of {expected}.",
         "此报送表是 {found} 的，不是 {expected} 的；请用 --period {found} 导入，或请该单位报送 {expected} 的报送表。"),
    Rule("R805", "return-bad-date", "error",
         "'{value}' is not a date; write the completion date as YYYY-MM-DD, for example {example}, or leave the cell empty if the milestone is not done.",
         "“{value}”不是日期；完成日期请写成 YYYY-MM-DD 格式，例如 {example}；节点未完成的请留空。"),
    Rule("R806", "return-no-such-day", "error",
         "'{value}' is not a day of the calendar; correct the month or the day.",
         "“{value}”这一天并不存在；请更正月份或日期。"),
    Rule("R807", "return-date-out-of-range", "error",
         "the completion date {value} is {why_en}; fill in only milestones already done, with the day they were done.",
         "完成日期 {value} {why_zh}；只填写已经完成的节点及其实际完成日期。"),
    Rule("R808", "return-id-changed", "error",
         "'{value}' is not {what_en} the office sent in this return; the id columns are locked: restore the row as it was sent (or ask the office for a fresh return).",
         "“{value}”不是改革办在此报送表中下发的{what_zh}；编号列不可修改：请恢复原样（或请改革办重新生成报送表）。"),
    Rule("R809", "return-foreign-task", "error",
         "task {task} is not led or co-led by {unit}; a unit reports only on its own tasks: delete this row ({lead} reports on it).",
         "任务 {task} 不由 {unit} 牵头或配合；各单位只报送本单位的任务：请删除此行（该任务由{lead}报送）。"),
    Rule("R810", "return-outdated", "error",
         "the ledger has changed for this row since the return was made on {made} ({detail_en}); make a fresh return (reformctl returns make --period {period} --unit {unit}) and copy the entries across.",
         "此报送表于 {made} 生成后，台账中该行已有变化（{detail_zh}）；请重新生成报送表（reformctl returns make --period {period} --unit {unit}）并转录填报内容。"),
    Rule("R811", "return-not-yours-to-complete", "error",
         "milestone {milestone} of task {task} is completed by {owner}, not by {unit}; leave this cell empty and report the progress in column G.",
         "任务 {task} 的节点 {milestone} 由{owner}填报完成日期，不由{unit}填报；请将此单元格留空，在 G 列报送进展。"),
    Rule("R812", "return-done-differs", "error",
         "milestone {milestone} is already recorded as done on {done}, and the return says {value}; leave the cell empty, or ask the office to correct the ledger.",
         "节点 {milestone} 已记录于 {done} 完成，报送表却填写 {value}；请将此单元格留空，或请改革办更正台账。"),
    Rule("R813", "return-progress-missing", "error",
         "本月进展 is empty, but this row fills in {columns}; write the month's progress in this cell.",
         "“本月进展”为空，但此行填写了{columns}；请在此单元格填写本月进展。"),
    Rule("R814", "return-write-refused", "error",
         "this row cannot be written to the ledger: {detail}",
         "此行无法写入台账：{detail_zh}"),
    Rule("R820", "xlsx-header-missing", "error",
         "no column for {column} was found in the header row ({found}); name it so, or map your header to it in a mapping file (--mapping).",
         "表头中没有找到“{column}”列（现有：{found}）；请如此命名该列，或在映射文件（--mapping）中把您的表头对应到它。"),
    Rule("R821", "xlsx-cell-unreadable", "error",
         "{what_en} '{value}' cannot be read here: {why_en}.",
         "无法读取{what_zh}“{value}”：{why_zh}。"),
    # --- pull requests: head compared with the base revision (reformctl check --base) ---
    Rule("R901", "task-removed", "error",
         "task {id} ({title}, in {file} at the base revision) is gone; tasks are never deleted: restore it, and withdraw it with status: withdrawn and an approved change.",
         "任务 {id}（{title}，基准版本中位于 {file}）被删除了；任务不能删除：请恢复该任务，如需撤销，请设 status: withdrawn 并记录经批准的调整。"),
    Rule("R902", "task-id-changed", "error",
         "task id {old} was changed to {new}; task ids are permanent: restore id {old} (add a new task if a new one is meant).",
         "任务编号 {old} 被改成了 {new}；任务编号不可更改：请恢复编号 {old}（如确为新任务，请另行新增）。"),
    Rule("R903", "milestone-removed", "error",
         "milestone {id} ({what}) of task {task} is gone; milestones are never deleted: restore it, and record any adjustment as an approved change.",
         "任务 {task} 的节点 {id}（{what}）被删除了；节点不能删除：请恢复该节点，调整请记录为经批准的变更。"),
    Rule("R904", "milestone-id-changed", "error",
         "milestone id {old} of task {task} was changed to {new}; milestone ids are permanent: restore id {old}.",
         "任务 {task} 的节点编号 {old} 被改成了 {new}；节点编号不可更改：请恢复编号 {old}。"),
    Rule("R911", "silent-postponement", "error",
         "the due date of milestone {id} of task {task} moved from {old} to {new} without a new approved change; add to the task's changes: {{date: YYYY-MM-DD, milestone: {id}, field: due, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "任务 {task} 的节点 {id} 的时限从 {old} 改为 {new}，但没有新增经批准的调整记录；请在该任务的 changes 中补充：{{date: YYYY-MM-DD, milestone: {id}, field: due, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R912", "silent-reassignment", "error",
         "task {task}: {field} changed from '{old}' to '{new}' without a new approved change; add to the task's changes: {{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "任务 {task} 的 {field} 从“{old}”改为“{new}”，但没有新增经批准的调整记录；请在该任务的 changes 中补充：{{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R913", "silent-halt", "error",
         "task {id}'s status changed from '{old}' to '{new}' without a new approved change; add to the task's changes: {{date: YYYY-MM-DD, field: status, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "任务 {id} 的状态从“{old}”改为“{new}”，但没有新增经批准的调整记录；请在该任务的 changes 中补充：{{date: YYYY-MM-DD, field: status, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R914", "silent-rewording", "error",
         "what milestone {id} of task {task} delivers changed from '{old}' to '{new}' without a new approved change; add to the task's changes: {{date: YYYY-MM-DD, milestone: {id}, field: what, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "任务 {task} 的节点 {id} 的内容从“{old}”改为“{new}”，但没有新增经批准的调整记录；请在该任务的 changes 中补充：{{date: YYYY-MM-DD, milestone: {id}, field: what, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R915", "backdated-completion", "error",
         "milestone {id} of task {task} is reported done on {done}, {days} working days before this pull request began ({started}); a completion reported this late (补报) needs its evidence: add evidence: [the document or file that shows it] to the milestone.",
         "任务 {task} 的节点 {id} 报为 {done} 完成，早于本次合并请求开始之日（{started}）{days} 个工作日，属于补报；补报须附佐证：请在该节点补充 evidence: [证明完成的文件]。"),
    Rule("R921", "history-edited", "error",
         "{what_en} entry of {date} in task {task} was edited ({fields}); {what_en} entries are append-only: restore it as it was and add a new entry for the correction.",
         "任务 {task} 中 {date} 的{what_zh}记录被修改了（{fields}）；{what_zh}记录只能追加：请恢复原样，更正请另加一条新记录。"),
    Rule("R922", "history-removed", "error",
         "{what_en} entry of {date} in task {task} was removed; {what_en} entries are append-only: restore it.",
         "任务 {task} 中 {date} 的{what_zh}记录被删除了；{what_zh}记录只能追加：请恢复该记录。"),
    Rule("R931", "closed-task-changed", "error",
         "task {id} was struck off on {date} and is changed here ({fields}); a struck-off task only takes new progress entries: undo these edits.",
         "任务 {id} 已于 {date} 销号，此处却被修改（{fields}）；已销号任务只能追加进展记录：请撤回这些修改。"),
    Rule("R941", "not-task-owner", "error",
         "{author} ({units}) changed task {id}, which {lead} leads{co}; only its lead unit, its co-units or the office may change it: ask {lead} to make this change.",
         "{author}（{units}）修改了任务 {id}，该任务由{lead}牵头{co_zh}；只有牵头单位、配合单位或改革办可以修改：请由{lead}提交此修改。"),
    Rule("R942", "unknown-author", "error",
         "{author} changed the ledger but is not listed under 'members' of any unit in units.yaml; ask the office to add this email to the right unit.",
         "{author} 修改了台账，但未列入 units.yaml 中任何单位的 members；请联系改革办将该邮箱加入所属单位。"),
    Rule("R943", "settings-changed-by-unit", "error",
         "{author} ({units}) changed {file}; every file of the ledger but the task files (settings, units, templates and the rest) is changed only by the office: ask the office to make this change.",
         "{author}（{units}）修改了 {file}；除任务文件外，台账的所有文件（配置、单位名录、模板等）只能由改革办修改：请由改革办提交此修改。"),
    Rule("R944", "change-not-approved", "error",
         "{author} ({units}) added a change of {field} to task {task}; a change is an approval, and a unit cannot approve its own: the office confirms it with a commit of its own in this pull request, made after the last commit that touches {file} (see docs/ci.md).",
         "{author}（{units}）为任务 {task} 新增了 {field} 调整记录；调整记录即批准，单位不能自行批准：须由改革办在本合并请求中、于最后一次修改 {file} 的提交之后，以自己的提交确认（见 docs/ci.md）。"),
    # --- pull requests: inspections, findings and notices (督察、督办) ---
    Rule("R950", "record-changed-by-unit", "error",
         "{author} ({units}) changed {id}; inspections, findings and notices are written by the office: a unit may only append its replies to notices sent to it (reformctl notice reply), progress to the findings it answers for, and the done day and evidence of the rectification milestones it answers for. Ask the office to make this change.",
         "{author}（{units}）修改了 {id}；督察、问题和督办通知由改革办填写：单位只能对发给本单位的督办通知追加回复（reformctl notice reply），对本单位负责整改的问题追加进展、填报本单位整改节点的完成日期和佐证。请由改革办提交此修改。"),
    Rule("R951", "record-removed", "error",
         "{what_en} {id} (in {file} at the base revision) is gone; inspections, findings and notices are never deleted: restore it (close a finding with evidence, or a notice with closed:).",
         "{what_zh} {id}（基准版本中位于 {file}）被删除了；督察、问题和督办通知不能删除：请恢复（问题请整改销号，督办通知请办结）。"),
    Rule("R952", "record-history-edited", "error",
         "the {what_en} entry of {date} of {id} was edited or removed; {what_en} entries are append-only: restore it as it was and add a new entry for the correction.",
         "{id} 中 {date} 的{what_zh}记录被修改或删除了；该记录只能追加：请恢复原样，更正请另加一条新记录。"),
    Rule("R953", "silent-deadline-move", "error",
         "{field} of {id} moved from {old} to {new} without a new approved change; add to its changes: {{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "{id} 的 {field} 从 {old} 改为 {new}，但没有新增经批准的调整记录；请在其 changes 中补充：{{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R954", "closed-record-changed-by-unit", "error",
         "{author} ({units}) changed {what_en} {id}, closed on {date} ({fields}); a closed finding or notice is frozen: a unit may neither change nor reopen it. Undo these edits; if it must be reopened, ask the office.",
         "{author}（{units}）修改了已于 {date} 销号（办结）的{what_zh} {id}（{fields}）；已销号的问题和已办结的督办通知不能再改动，单位也不能将其重新打开。请撤回这些修改；确需重新打开的，请由改革办提交。"),
    Rule("R955", "silent-step-move", "error",
         "the due of rectification milestone {milestone} of finding {id} moved from {old} to {new} without a new approved change; add to the finding's changes: {{date: YYYY-MM-DD, field: due, milestone: {milestone}, from: {old}, to: {new}, reason: …, approved_by: …}}.",
         "问题 {id} 的整改节点 {milestone} 时限从 {old} 改为 {new}，但没有新增经批准的调整记录；请在该问题的 changes 中补充：{{date: YYYY-MM-DD, field: due, milestone: {milestone}, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}。"),
    Rule("R956", "backdated-step-completion", "error",
         "rectification milestone {milestone} of finding {id} is reported done on {done}, {days} working days before this pull request began ({started}); a completion reported this late (补报) needs its evidence: add evidence: [the document or file that shows it] to the milestone.",
         "问题 {id} 的整改节点 {milestone} 报为 {done} 完成，早于本次合并请求开始之日（{started}）{days} 个工作日，属于补报；补报须附佐证：请在该整改节点补充 evidence: [证明完成的文件]。"),
    Rule("R960", "plan-record-removed", "error",
         "{what_en} {id} was removed; plans, meetings, upper documents, agenda items and pilots are never deleted: restore it (a plan dropped is recorded as such, an agenda item deferred).",
         "{what_zh} {id} 被删除了；改革方案、会议、上级文件、议题和试点记录不得删除：请恢复（不再推进的方案如实记录，议题可改为暂缓 deferred）。"),
    Rule("R961", "office-only-field", "error",
         "{author} ({units}) changed {what}, which only the office writes (upper documents, meetings, a plan's issue, an agenda item's scheduling, a pilot's approval and deadlines): ask the office to make this change.",
         "{author}（{units}）修改了 {what}；上级文件、会议、方案印发、议题排会以及试点的批准和期限只能由改革办填写：请由改革办提交此修改。"),
    Rule("R962", "not-plan-owner", "error",
         "{author} ({units}) changed {what}, which {owner} leads; a unit edits only its own plans and agenda items: ask {owner} or the office to make this change.",
         "{author}（{units}）修改了 {what}，该记录由{owner}负责；单位只能修改本单位牵头的方案和报送的议题：请由{owner}或改革办提交此修改。"),
    Rule("R963", "plan-history-edited", "error",
         "the {what_en} of {id} was recorded and is changed or removed here; recorded review steps, meeting results and a plan's change entries are append-only: restore it, and record a correction as a new entry.",
         "{id} 已记录的{what_zh}在此被修改或删除；已记录的审查环节、议定事项和方案调整记录只能追加：请恢复原记录，更正内容另行记录。"),
    Rule("R964", "silent-deadline-change", "error",
         "{field} of {what} moved from {old} to {new} without a new approved change; add to {where}: {{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: …, approved_by: …}} (a unit may write it; the office confirms it).",
         "{what_zh} 的 {field} 从 {old} 改为 {new}，但没有新增经批准的调整记录；请在{where_zh} 中补充：{{date: YYYY-MM-DD, field: {field}, from: {old}, to: {new}, reason: 调整原因, approved_by: 批准单位}}（单位可填写，须经改革办确认）。"),
    Rule("R965", "plan-change-not-approved", "error",
         "{author} ({units}) added a change of {field} to plan {id}; a change is an approval, and a unit cannot approve its own: the office confirms it with a commit of its own in this pull request, made after the last commit that touches {file} (see docs/ci.md).",
         "{author}（{units}）为方案 {id} 新增了 {field} 调整记录；调整记录即批准，单位不能自行批准：须由改革办在本合并请求中、于最后一次修改 {file} 的提交之后，以自己的提交确认（见 docs/ci.md）。"),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ledger, at a place in a file."""

    code: str
    file: str
    keypath: tuple = ()
    params: dict[str, Any] = field(default_factory=dict, compare=False)
    at_key: bool = False  # point at the key itself rather than its value
    line: Optional[int] = None  # 1-based, filled in by the locator
    col: Optional[int] = None

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def message(self, lang: str = "en") -> str:
        if lang == "zh":
            return self.rule.zh.format_map(_Quoted(nest_quotes(self.rule.zh, self.params)))
        return self.rule.en.format_map(_Quoted(self.params))

    def located(self, line: int, col: int) -> "Problem":
        return replace(self, line=line, col=col)

    def where(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    def format(self, lang: str = "en") -> str:
        return f"{self.where()}: {self.code} {self.message(lang)}"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "name": self.rule.name,
            "severity": self.severity,
            "message": self.message(lang),
        }


EXCERPT_CHARS = 80
# Parameters the code composes (the keys allowed, a cycle of ids, a sentence, a described value
# already cut by `excerpt`): kept whole. Every other text parameter may quote a ledger file, which
# is untrusted and may be large (a runner's secrets in a wrong-shaped file): it is cut short.
_COMPOSED = frozenset({"allowed", "choices", "cycle", "open", "detail_en", "detail_zh", "fields", "units", "co",
                       "co_zh", "found", "found_zh", "expected", "expected_zh", "hint", "hint_zh", "file", "first"})
def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Ledger text as a message may quote it: at most `limit` characters, then '…'. (Control
    characters are made visible where messages are printed: render/textsafe.visible.)"""
    return text if len(text) <= limit else text[:limit] + "…"


class _Defaults(dict):
    """Missing parameters format as empty text instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""


class _Quoted(_Defaults):
    """The parameters as a message shows them: quoted ledger text cut to a short excerpt."""

    def __getitem__(self, key: str):
        value = super().__getitem__(key)
        if isinstance(value, bool):  # the value as written in YAML, not Python's True
            return "true" if value else "false"
        if key in _COMPOSED:
            return value
        if isinstance(value, int):  # a number of a thousand digits is no more welcome than text
            value = str(value)
        return excerpt(value) if isinstance(value, str) else value


def sort_key(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.col or 0, problem.code)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def suggest(word: str, choices: Iterable[str]) -> dict[str, str]:
    """Parameters `hint` / `hint_zh` with a "did you mean" for the closest choice, if any."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    if not close:
        return {"hint": "", "hint_zh": ""}
    return {"hint": f" (did you mean '{close[0]}'?)", "hint_zh": f"（是否应为“{close[0]}”？）"}
