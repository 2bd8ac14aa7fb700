"""The words of the command line, in Chinese and English.

The language is `--lang`, else $REFORMCTL_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG):
English for an `en` locale, Chinese otherwise (the tool is for Chinese offices first).
"""

from __future__ import annotations

import os
from typing import Mapping, Optional

_WORDS: dict[str, tuple[str, str]] = {
    # key: (English, Chinese)
    "demo_note": ("No ledger found here; showing the bundled demo ledger ({path}).",
                  "未找到台账，正在使用内置示例台账（{path}）。"),
    "no_ledger": ("There is no ledger at {path}: no reformctl.yaml there. Give the folder that holds reformctl.yaml, or create one with `reformctl init {path}`.",
                  "{path} 不是台账目录：其中没有 reformctl.yaml。请指定包含 reformctl.yaml 的目录，或用 `reformctl init {path}` 新建。"),
    "bad_signed_date": ("--date {value} is not a date; write the 成文日期 as YYYY-MM-DD, for example 2026-07-03.",
                        "--date {value} 不是有效日期；成文日期请写成 YYYY-MM-DD，例如 2026-07-03。"),
    "bad_date": ("--as-of {value} is not a date; write it as YYYY-MM-DD, for example 2026-06-30.",
                 "--as-of {value} 不是有效日期；请写成 YYYY-MM-DD，例如 2026-06-30。"),
    "summary_ok": ("{files} file{files_s}, {tasks} task{tasks_s}: no errors, {warnings} warning{warnings_s}.",
                   "共 {files} 个文件、{tasks} 项任务：无错误、{warnings_said}。"),
    "summary_bad": ("{files} file{files_s}, {tasks} task{tasks_s}: {errors} error{errors_s}, {warnings} warning{warnings_s}.",
                    "共 {files} 个文件、{tasks} 项任务：{errors_said}、{warnings_said}。"),
    "refuse": ("The ledger has {errors} error{errors_s} (listed above); the figures would be wrong. Fix them (reformctl check), or add --force to show them anyway.",
               "台账有 {errors} 个错误（见上）；据此统计的数字会不准确。请先修正（reformctl check），或加 --force 强制显示。"),
    "forced": ("Warning: the ledger has {errors} error{errors_s}; these figures leave out what could not be read.",
               "警告：台账有 {errors} 个错误；以下数字未包含无法读取的内容。"),
    "unreadable": ("The ledger's settings (reformctl.yaml) cannot be read; fix the problems above first.",
                   "台账配置（reformctl.yaml）无法读取；请先修正上述问题。"),
    "internal": ("reformctl met an internal error ({kind}: {detail}). This is a bug; please report it with the command you ran.",
                 "reformctl 内部错误（{kind}：{detail}）。这是程序缺陷，请连同所执行的命令一并反馈。"),
    "calendar_fallback": ("The holiday calendar has no data for {years}; working days there are counted Monday to Friday.",
                          "节假日日历没有 {years} 年的数据；这些年份按周一至周五计算工作日。"),
    "more_units": ("… and {n} more unit{n_s}", "……另有{n}个单位"),
    "more_milestones": ("… and {n} more milestone{n_s}", "……另有{n}个节点"),
    "more_tasks": ("… and {n} more task{n_s}", "……另有{n}项任务"),
    "more_problems": ("… and {n} more problem{n_s}", "……另有{n}个问题"),
    "none": ("none", "无"),
    # status
    "status_title": ("{office}: ledger status as of {as_of}", "{office}：台账状态（截至 {as_of}）"),
    "status_source": ("Ledger {ledger} · commit {commit} · due-soon window {window} (to {end})",
                      "台账：{ledger} · 版本：{commit} · 临期提醒范围：{window}（至 {end}）"),
    "not_in_git": ("not in git", "未纳入 git"),
    "window_workdays": ("{n} working days", "{n} 个工作日"),
    "window_days": ("{n} days", "{n} 天"),
    "span_line": ("Plan period {first}–{last}: the figures below cover every year of it",
                  "规划期 {first}—{last} 年：以下数字统计整个规划期"),
    "tasks_line": ("Tasks {total}: {parts}", "任务 {total} 项：{parts}"),
    "lights_line": ("Lights: {parts}", "亮灯：{parts}"),
    "completion_line": ("Completion: tasks {tasks_rate} ({finished} of {tasks} finished) · "
                        "milestones {milestones_rate} ({done} of {due} due so far done)",
                        "任务完成率：{tasks_rate}（共 {tasks} 项，已完成 {finished} 项）；"
                        "节点完成率：{milestones_rate}（已到期 {due} 个，已完成 {done} 个）"),
    "on_time_line": ("Milestones done on time: {rate} ({on_time} of {due} due so far)",
                     "节点按时完成率：{rate}（已到期 {due} 个，按时完成 {on_time} 个）"),
    "filters_line": ("Filtered: {parts}", "筛选：{parts}"),
    "not_started": ("not started", "未启动"), "in_progress": ("in progress", "推进中"),
    "done": ("done", "已完成待销号"), "closed": ("struck off", "已销号"),
    "suspended": ("suspended", "暂缓"), "withdrawn": ("withdrawn", "已撤销"),
    "red": ("red", "红灯"), "yellow": ("yellow", "黄灯"), "green": ("green", "绿灯"),
    "units_title": ("Units, most lagging first", "各单位推进情况（按滞后程度排序）"),
    "overdue_title": ("Overdue milestones", "逾期节点"),
    "due_soon_title": ("Due soon", "临期节点"),
    "stale_title": ("No recent progress", "进展未及时更新"),
    "col_unit": ("Unit", "单位"), "col_tasks": ("Tasks", "牵头任务"), "col_overdue": ("Overdue", "逾期"),
    "col_due_soon": ("Due soon", "临期"), "col_on_time": ("On time", "按时完成率"),
    "col_task": ("Task", "任务"), "col_milestone": ("Milestone", "节点"), "col_due": ("Due", "时限"),
    "col_late": ("Late (workdays)", "逾期天数（工作日）"), "col_left": ("Left (workdays)", "剩余天数（工作日）"),
    "col_leader": ("Leader", "牵头领导"), "col_last": ("Last progress", "最近进展"),
    "col_days": ("Days", "天数"), "col_id": ("Id", "编号"),
    "days_fmt": ("{days} ({workdays})", "{days}（{workdays}）"),
    "postponed": (" (postponed)", "（已调整）"),
    "nothing_overdue": ("Nothing is overdue as of {as_of}.", "截至 {as_of}，没有逾期节点。"),
    # init / schema
    "init_done": ("Wrote a new ledger in {path}. Next: edit units.yaml and tasks/, then run `reformctl check --ledger {path}`.",
                  "已在 {path} 新建台账。下一步：编辑 units.yaml 和 tasks/，然后运行 `reformctl check --ledger {path}`。"),
    "init_exists": ("{path} already holds a ledger (reformctl.yaml); nothing was written.",
                    "{path} 中已有台账（reformctl.yaml）；未写入任何文件。"),
    "init_not_empty": ("{path} is not empty; give a new or empty folder (nothing was written).",
                       "{path} 不是空目录；请指定新目录或空目录（未写入任何文件）。"),
    "schema_written": ("Wrote {count} JSON Schemas to {path}.", "已将 {count} 个 JSON Schema 写入 {path}。"),
    "bad_kind": ("Unknown file kind '{kind}'; choose one of: {choices}.", "未知的文件类型“{kind}”；可选：{choices}。"),
    # report
    "bad_period": ("--period {value} is not a period; write a month 2026-05, a quarter 2026Q2, a half-year 2026H1 or a year 2026.",
                   "--period {value} 不是有效的期间；请写成月份 2026-05、季度 2026Q2、半年 2026H1 或年度 2026。"),
    "wrong_period": ("report {kind} covers a {grain}, and {value} is not one; for example monthly 2026-05, quarterly 2026Q2, bulletin 2026H1, settlement 2026.",
                     "report {kind} 按{grain_zh}出具，{value} 不符；例如 monthly 2026-05、quarterly 2026Q2、bulletin 2026H1、settlement 2026。"),
    "letter_needs_unit": ("report letter writes one unit's 改革责任书: give --unit UNIT (an id of units.yaml), or --all for every unit.",
                          "report letter 出具单个单位的改革责任书：请用 --unit 指定单位（units.yaml 中的编号），或用 --all 为每个单位各出具一份。"),
    "unknown_unit_option": ("--unit {unit} is not a unit of units.yaml; the units are: {choices}.",
                            "--unit {unit} 不是 units.yaml 中的单位；可选单位：{choices}。"),
    "letters_folder": ("{path} is not a folder; report letter --all writes one file per unit into the folder given with -o.",
                       "{path} 不是文件夹；report letter --all 把每个单位的责任书分别写入 -o 指定的文件夹。"),
    "dock_line": ("Docking reminders (对接提醒): {n} upper documents past their deadline with no local plan",
                  "对接提醒：{n} 份上级文件超过对接时限仍无对接方案"),
    "dock_row": ("  {doc} {title} · {unit} · to be docked by {dock_by}, {days} days late",
                 "  {doc} {title} · {unit} · 应于 {dock_by} 前对接，已逾期 {days} 天"),
    "meeting_line": ("Next meeting: {id} {kind} ({date}) · {n} items not ready",
                     "下次会议：{id} {kind}（{date}）· {n} 个议题未准备就绪"),
    "not_ready_row": ("  {title} ({unit}): lacks {steps}", "  {title}（{unit}）：缺{steps_zh}"),
    "unknown_meeting": ("There is no meeting {id} in meetings/; the meetings are: {choices}.",
                        "meetings/ 中没有会议 {id}；现有会议：{choices}。"),
    "meeting_needs_id": ("report meeting writes one meeting's record: give its id, e.g. reformctl report meeting M-2026-03.",
                         "report meeting 出具单次会议的议定事项和交办任务：请给出会议编号，例如 reformctl report meeting M-2026-03。"),
    "cannot_read_file": ("{path} cannot be read: {detail}.", "无法读取 {path}：{detail}。"),
    "meeting_not_mapping": ("{path} must hold one meeting, a mapping of keys (id, kind, date, theme, items, assigned).",
                            "{path} 应为一次会议的键值映射（id、kind、date、theme、items、assigned）。"),
    "diff_records": ("Plans, meetings, agenda and pilots", "方案、会议、议题和试点"),
    "diff_line_record": ("{kind} {id} {title}: {change} {detail}", "{kind} {id} {title}：{change} {detail}"),
    "rec_plan": ("plan", "方案"), "rec_meeting": ("meeting", "会议"), "rec_agenda": ("agenda item", "议题"),
    "rec_upper": ("upper document", "上级文件"), "rec_pilot": ("pilot", "试点"),
    "chg_added": ("added", "新增"), "chg_step": ("review step", "审查环节"), "chg_reviewed": ("reviewed at", "已审议"),
    "chg_issued": ("issued", "已印发"), "chg_result": ("decided", "议定"), "chg_state": ("now", "状态改为"),
    "chg_accepted": ("accepted", "已验收"), "chg_promoted": ("promoted", "复制推广"),
    "settlement_early": ("The settlement of {period} (年终盘总账) is made once the year is over, on {end} or later; the ledger's day is {day}. To take stock now, give --force: the document is then a provisional settlement (预盘点) and says so in its title and text.",
                         "年终盘总账（{period}）须在年度结束（{end}）后进行，台账日期为 {day}。如需现在盘点，请加 --force，生成的文件为“预盘点”，标题和正文均注明。"),
    "settlement_provisional": ("Note: the year {period} ends on {end}; this is a provisional settlement (预盘点) as of {day}.",
                               "注意：{period} 年度至 {end} 结束，本文件为截至 {day} 的预盘点。"),
    "period_ahead": ("The period {value} has not begun on the ledger's day {now}; choose an earlier period or give --as-of.",
                     "期间 {value} 在台账日期 {now} 时尚未开始；请选择更早的期间，或指定 --as-of。"),
    "template_error": ("{where}: template error: {detail}. Fix the template, or delete your copy to use the built-in one; nothing was written.",
                       "{where}：模板错误：{detail}。请修改该模板，或删除自定义模板以使用内置模板；未写入任何文件。"),
    "cache_tracked": ("Warning: git tracks files in the cache folder {folder}, so it is not used (a cache must come from this machine, never from the repository); untrack it with `git rm -r --cached .reformctl-cache` and keep it in .gitignore.",
                      "警告：缓存目录 {folder} 中有文件被 git 跟踪，因此不使用该目录（缓存只能来自本机，不能来自仓库）；请用 `git rm -r --cached .reformctl-cache` 取消跟踪，并保留在 .gitignore 中。"),
    "cannot_write": ("Cannot write {path}: {detail}. Nothing was written.", "无法写入 {path}：{detail}。未写入任何文件。"),
    "report_written": ("Wrote {path}.", "已写入 {path}。"),
    # export xlsx / returns / init --from-xlsx (spreadsheets)
    "xlsx_written": ("Wrote {path}: {tasks} task{tasks_s}, {rows} row{rows_s}, sheets {sheets}.",
                     "已写入 {path}：{tasks} 项任务、{rows} 行，工作表：{sheets}。"),
    "xlsx_unknown_list": ("There is no list '{value}' in reformctl.yaml; lists: {choices}.",
                          "reformctl.yaml 中没有清单“{value}”；现有清单：{choices}。"),
    "xlsx_unknown_unit": ("There is no unit '{value}' in units.yaml.", "units.yaml 中没有单位“{value}”。"),
    "returns_bad_period": ("--period {value} is not a month; write it as YYYY-MM, for example 2026-09.",
                           "--period {value} 不是月份；请写成 YYYY-MM，例如 2026-09。"),
    "returns_written": ("Wrote {count} return form{count_s} for {period} to {path}.",
                        "已为 {period} 生成 {count} 份进展报送表，保存在 {path}。"),
    "returns_none": ("No unit has tasks to report on for {period}; nothing was written.",
                     "{period} 没有需要报送的单位；未写入任何文件。"),
    "returns_imported": ("{files} file{files_s}: written {progress} progress report{progress_s} and {done} milestone completion{done_s}{skipped}.",
                         "{files} 个文件：写入 {progress} 条进展、{done} 个节点完成日期{skipped}。"),
    "returns_dry": ("Dry run: {progress} progress report{progress_s} and {done} milestone completion{done_s} would be written; nothing was written.",
                    "试运行：将写入 {progress} 条进展、{done} 个节点完成日期；未写入任何文件。"),
    "returns_refused": ("The returns have {errors} problem{errors_s} (listed above); nothing was imported. Fix the files, or add --partial to take the clean rows.",
                        "报送表有 {errors} 个问题（见上）；未导入任何内容。请修正文件，或加 --partial 只导入无问题的行。"),
    "returns_partial": ("The returns have {errors} problem{errors_s} (listed above); those cells' rows were left out and the clean rows taken.",
                        "报送表有 {errors} 个问题（见上）；有问题的行未导入，其余各行已导入。"),
    "returns_committed": ("Committed: {message}", "已提交：{message}"),
    "from_xlsx_bad_mapping": ("The mapping file {path} cannot be read ({detail}); write it as YAML with headers:, units:, leaders:, lists:.",
                              "无法读取映射文件 {path}（{detail}）；请写成 YAML，包含 headers:、units:、leaders:、lists:。"),
    "from_xlsx_clean": ("It passes `reformctl check` with no error ({warnings} warning{warnings_s}: reformctl check --ledger {path} lists them). Check the proposed ids in units.yaml before you commit.",
                        "已通过 `reformctl check`，无错误（{warnings} 个警告，可用 reformctl check --ledger {path} 查看）。提交前请核对 units.yaml 中建议的编号。"),
    "from_xlsx_fix": ("{errors} error{errors_s} to fix (listed above, cell by cell or file by file); then run reformctl check --ledger {path}.",
                      "有 {errors} 个错误需要修正（见上，按单元格或文件列出）；修正后运行 reformctl check --ledger {path}。"),
    "from_xlsx_done": ("Wrote a ledger from {source} in {path}: {tasks} task{tasks_s}, {units} unit{units_s}, {leaders} leader{leaders_s}.",
                       "已根据 {source} 在 {path} 生成台账：{tasks} 项任务、{units} 个单位、{leaders} 位领导。"),
    "output_exists": ("{path} already exists and is kept. Give another file with -o, or add --force to replace it. Nothing was written.",
                      "{path} 已存在，予以保留。请用 -o 另选文件，或加 --force 替换它。未写入任何文件。"),
    "output_not_file": ("{path} is {kind}, not a regular file; reformctl writes only regular files. Give a file's path with -o. Nothing was written.",
                        "{path} 是{kind_zh}，不是普通文件；reformctl 只写入普通文件。请用 -o 指定文件路径。未写入任何文件。"),
    "render_too_long": ("Rendering {kind} took longer than the limit of {seconds} s (render_seconds in reformctl.yaml); a template may loop without end. Fix the template, or raise the limit. Nothing was written.",
                        "生成 {kind} 超过时限 {seconds} 秒（reformctl.yaml 的 render_seconds）；模板可能陷入无尽循环。请修改模板，或放宽时限。未写入任何文件。"),
    "render_too_big": ("Rendering {kind} made more than the limit of {megabytes} MB (render_megabytes in reformctl.yaml); a template may repeat without end. Fix the template, or raise the limit. Nothing was written.",
                       "生成 {kind} 超过大小上限 {megabytes} MB（reformctl.yaml 的 render_megabytes）；模板可能无尽重复。请修改模板，或放宽上限。未写入任何文件。"),
    "codeowners_bad_team": ("{unit} in units.yaml lists the team {team}, which CODEOWNERS cannot hold (write @org/team, @user or an email). Nothing was written.",
                            "units.yaml 中 {unit} 的 teams 含有 {team}，无法写入 CODEOWNERS（应写作 @组织/团队、@用户 或邮箱）。未写入任何文件。"),
    # check --base / --head, CI formats
    "git_not_repo": ("{path} is not inside a git repository; --base and --head read the ledger from git. Run this in the ledger's repository (or clone it first).",
                     "{path} 不在 git 仓库中；--base 和 --head 需要从 git 读取台账。请在台账仓库中运行（或先克隆仓库）。"),
    "git_no_rev": ("The revision '{rev}' does not exist in this repository; check its name (for example origin/main) and fetch it first: git fetch origin.",
                   "本仓库中没有版本“{rev}”；请核对名称（例如 origin/main），并先获取：git fetch origin。"),
    "git_shallow": ("The revision '{rev}' is not in this shallow clone; fetch the history first: git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0).",
                    "浅克隆中没有版本“{rev}”；请先获取完整历史：git fetch --unshallow（GitHub Actions 中：actions/checkout 设 fetch-depth: 0）。"),
    "git_no_objects": ("The files of revision '{rev}' are not in this clone and cannot be fetched (a partial clone?); fetch them first: git fetch origin.",
                       "本克隆中没有版本“{rev}”的文件，且无法获取（部分克隆？）；请先获取：git fetch origin。"),
    "git_missing": ("The git command could not be run ({detail}); install git to use --base and --head.",
                    "无法运行 git 命令（{detail}）；使用 --base 和 --head 需要先安装 git。"),
    "base_unreadable": ("The ledger cannot be read at {rev} (no readable reformctl.yaml there); the pull-request rules were skipped.",
                        "无法读取 {rev} 版本的台账（其中没有可读的 reformctl.yaml）；已跳过合并请求规则。"),
    "pr_compared": ("Compared with {rev} at its merge base with the head ({commit}); authors: {authors} ({how}).",
                    "已与 {rev} 和本分支的合并基点（{commit}）比对；提交人：{authors}（{how}）。"),
    "authors_forge": ("named by the forge", "由代码托管平台认定"),
    "authors_signatures": ("signers of the commits, verified by git", "经 git 验证的提交签名人"),
    "authors_claims": ("commit emails: claims, not proof", "提交邮箱：仅为自称，不能证明身份"),
    "authors_option": ("given with --author", "由 --author 指定"),
    "author_unsigned": ("Commit {commit} is not signed by a key that git accepts, and the ledger asks for signed commits (reformctl.yaml: pull_requests: {{signed_commits: true}}); sign it (git commit -S, with the key the office lists in gpg.ssh.allowedSignersFile) and push again.",
                        "提交 {commit} 没有经 git 认可的密钥签名，而台账要求提交须签名（reformctl.yaml：pull_requests: {{signed_commits: true}}）；请用改革办登记在 gpg.ssh.allowedSignersFile 中的密钥签名（git commit -S）后重新推送。"),
    "author_no_email": ("The author of {commit} has no email, so who made this change cannot be told; set git config user.email and commit again.",
                        "{commit} 的提交人没有邮箱，无法判断是谁做的修改；请设置 git config user.email 后重新提交。"),
    "author_bad_email": ("The author email of {commit} is '{value}', which is not an email address (a team handle?); set git config user.email to your own address and commit again.",
                         "{commit} 的提交人邮箱为“{value}”，不是邮箱地址（是团队名？）；请将 git config user.email 设为本人邮箱后重新提交。"),
    "author_forge_option": ("--author cannot be used here: the forge names who made this change ({value}).",
                            "此处不能使用 --author：代码托管平台已认定修改人（{value}）。"),
    "git_no_merge_base": ("The revisions '{rev}' and '{detail}' share no history (no merge base); compare with the branch this one was made from, and fetch its whole history (fetch-depth: 0).",
                          "版本“{rev}”与“{detail}”没有共同历史（找不到合并基点）；请与本分支所基于的分支比对，并获取完整历史（fetch-depth: 0）。"),
    "git_no_log": ("git cannot list what changed since {rev}: {detail}",
                   "git 无法列出 {rev} 以来的修改：{detail}"),
    "github_more": ("{n} more problems are listed above without annotations (GitHub shows at most {limit} errors and {limit} warnings per step); the step summary counts them all.",
                    "另有 {n} 个问题仅在上方列出而未标注（GitHub 每个步骤最多显示 {limit} 个错误和 {limit} 个警告）；步骤摘要中计入了全部问题。"),
    "ci_summary_title": ("reformctl check: {errors} error{errors_s}, {warnings} warning{warnings_s}", "reformctl 台账检查：{errors_said}、{warnings_said}"),
    "ci_summary_clean": ("The ledger passed every check.", "台账通过全部检查。"),
    "ci_col_code": ("Code", "代码"), "ci_col_where": ("Where", "位置"), "ci_col_message": ("Problem", "问题"),
    # diff / codeowners
    "diff_title": ("Ledger changes {base} → {head}", "台账变更 {base} → {head}"),
    "diff_added": ("Tasks added", "新增任务"),
    "diff_removed": ("Tasks removed", "删除任务"),
    "diff_done": ("Milestones done", "完成节点"),
    "diff_postponed": ("Postponements", "调整时限"),
    "diff_status": ("Status changes", "状态变化"),
    "diff_progress": ("New progress", "新增进展"),
    "diff_rewritten": ("Progress entries rewritten", "改写进展记录"),
    "diff_late": ("Late reports (补报)", "补报"),
    "diff_overdue": ("Newly overdue as of {as_of}", "新增逾期（截至 {as_of}）"),
    "diff_nothing": ("No change to any task.", "任务无变化。"),
    "diff_worktree": ("working tree", "工作区"),
    "diff_unreadable": ("The ledger cannot be read at {rev}; run `reformctl check --head {rev}` to see why.",
                        "无法读取 {rev} 版本的台账；可运行 `reformctl check --head {rev}` 查看原因。"),
    "diff_line_added": ("{task} {title} (lead: {unit})", "{task} {title}（牵头单位：{unit}）"),
    "diff_line_done": ("{task} {milestone} {what}: done {done} (due {due})", "{task} {milestone}“{what}”：{done} 完成（时限 {due}）"),
    "diff_line_postponed": ("{task} {milestone} {what}: {old} → {new}; reason: {reason}; approved by {approver}",
                            "{task} {milestone}“{what}”：{old} → {new}；原因：{reason}；批准：{approver}"),
    "diff_line_status": ("{task} {title}: {old} → {new}", "{task} {title}：{old} → {new}"),
    "diff_line_late": ("{task} {milestone} {what}: done {done}, reported {workdays} working days later (the pull request began {started})",
                       "{task} {milestone}“{what}”：{done} 完成，{workdays} 个工作日后才报送（本次合并请求始于 {started}）"),
    "diff_line_progress": ("{task} {date} {unit}: {text}", "{task} {date} {unit}：{text}"),
    "diff_line_rewritten": ("{task} {date} {unit}: {text} (rewrites the entry that read: {was_date} {was_text})",
                            "{task} {date} {unit}：{text}（改写了原有记录，原为：{was_date} {was_text}）"),
    "diff_line_unapproved": ("{task} {milestone} {what}: {old} → {new}, not approved",
                             "{task} {milestone}“{what}”：{old} → {new}，未经批准"),
    "diff_line_overdue": ("{task} {milestone} {what}: due {due} ({unit})", "{task} {milestone}“{what}”：时限 {due}（{unit}）"),
    "codeowners_written": ("Wrote {path}: {n} rules.", "已写入 {path}：{n} 条规则。"),
    "codeowners_no_office": ("The office lists no forge team in units.yaml (teams: ['@org/office'] on the unit of kind office); the settings, units.yaml and templates would have no owner. Add the office's team first.",
                             "units.yaml 中改革办（kind: office 的单位）没有填写 teams（如 teams: ['@org/office']）；配置、单位名录和模板将无人负责审核。请先填写改革办的团队。"),
    # remind (临期提醒) and assess (考核)
    "remind_nothing": ("Nothing to remind anyone of as of {as_of}: nothing overdue, nothing due within {days} working days.",
                       "截至 {as_of}，没有需要提醒的事项：无逾期节点，{days} 个工作日内无到期节点。"),
    "remind_webhook_kind": ("--webhook needs --kind dingtalk or --kind wecom (the robot's message format differs).",
                            "使用 --webhook 时须用 --kind 指明机器人：dingtalk（钉钉）或 wecom（企业微信）。"),
    "remind_webhook_json": ("--webhook posts a text or md message; use --format text or --format md with it.",
                            "--webhook 只能发送 text 或 md 消息；请配合 --format text 或 --format md 使用。"),
    "remind_webhook_url": ("--webhook must be an http:// or https:// address (the robot's webhook URL).",
                           "--webhook 必须是 http:// 或 https:// 开头的地址（机器人的 Webhook 地址）。"),
    "remind_secret_unused": ("--secret signs posts to a DingTalk robot: use it with --webhook URL --kind dingtalk.",
                             "--secret 用于钉钉机器人加签：请与 --webhook URL --kind dingtalk 一起使用。"),
    "remind_sent": ("sent: {unit} ({items} item{items_s})", "已发送：{unit}（{items} 项）"),
    "remind_skipped": ("already sent for {as_of}, not sent again: {unit} (add --again to send anyway)",
                       "{as_of} 的提醒已发送过，未重发：{unit}（如需重发，请加 --again）"),
    "remind_failed": ("NOT sent: {unit}: {detail}", "发送失败：{unit}：{detail}"),
    "remind_summary": ("{sent} sent, {skipped} already sent before, {failed} failed.",
                       "发送 {sent} 条，此前已发送 {skipped} 条，失败 {failed} 条。"),
    "assess_unreadable_method": ("The assessment method (assessment.yaml) of the ledger at {path} could not be read; fix the problems shown above (reformctl check), then assess again.",
                                 "{path} 的台账中 assessment.yaml（考核办法）无法读取；请先按上面列出的问题修正（reformctl check），再进行考核。"),
    "assess_no_method": ("The ledger at {path} has no assessment.yaml, the office's method of assessment; write one (see docs/ledger-format.md, or the example that `reformctl init` writes).",
                         "{path} 的台账中没有 assessment.yaml（考核办法）；请先编写（见 docs/ledger-format.md，或参照 `reformctl init` 生成的示例）。"),
    "assess_period": ("--period {value}: an assessment covers a half-year (2026H1) or a year (2026).",
                      "--period {value}：考核按半年（如 2026H1）或年度（如 2026）进行。"),
    "assess_not_ranked": ("Unit {unit} is of kind '{kind}', which no group of assessment.yaml ranks; there is no score to explain.",
                          "单位 {unit} 的类型为“{kind}”，不在 assessment.yaml 的任何考核类别中，没有可说明的得分。"),
    "remind_log_unwritable": ("The sent-log {path} cannot be written ({detail}); the next run may send these again.",
                              "无法写入发送记录 {path}（{detail}）；下次运行可能重复发送。"),
    "codeowners_none": ("No unit lists forge teams in units.yaml (teams: ['@org/team']); there is nothing to write.",
                        "units.yaml 中没有任何单位填写 teams（如 teams: ['@org/team']）；无可写入内容。"),
}


# `reformctl log`, `reformctl trend` and `reformctl site`: the ledger's history from git, and its web pages.
_WORDS.update({
    "log_title": ("History of {task} {title} ({n} commit{n_s})", "{task} {title} 的台账记录（{n} 次提交）"),
    "log_title_milestone": ("History of {task} {title}, milestone {milestone} ({n} commit{n_s})",
                            "{task} {title} 节点 {milestone} 的台账记录（{n} 次提交）"),
    "log_nothing": ("No commit changed it.", "没有提交修改过它。"),
    "log_added": ("Task added: {what} (lead: {unit})", "新增任务：{what}（牵头单位：{unit}）"),
    "log_removed": ("Task removed: {what} (lead: {unit})", "删除任务：{what}（牵头单位：{unit}）"),
    "log_lead_unit": ("Lead unit changed: {old} → {new}; reason: {reason}; approved by {approver}",
                      "牵头单位变更：{old} → {new}；原因：{reason}；批准：{approver}"),
    "log_lead_leader": ("Lead leader changed: {old} → {new}; reason: {reason}; approved by {approver}",
                        "牵头领导变更：{old} → {new}；原因：{reason}；批准：{approver}"),
    "log_milestone_added": ("Milestone added: {milestone} {what}, due {new}", "新增节点：{milestone}“{what}”，时限 {new}"),
    "log_done": ("Milestone done: {milestone} {what}, done {day} (due {new})", "节点完成：{milestone}“{what}”，{day} 完成（时限 {new}）"),
    "log_postponed": ("Due date moved: {milestone} {what}, {old} → {new}; reason: {reason}; approved by {approver}",
                      "时限调整：{milestone}“{what}”，{old} → {new}；原因：{reason}；批准：{approver}"),
    "log_status": ("Status: {old} → {new}", "状态变化：{old} → {new}"),
    "log_closed": ("Struck off (销号) on {day}", "销号：{day} 销号"),
    "log_progress": ("New progress: {day} {unit}: {text}", "新增进展：{day} {unit}：{text}"),
    "log_edited": ("Other edits to the task", "任务其他内容修改"),
    "log_not_found": ("No revision of the ledger in git has the task {task}{milestone}; check the id (reformctl status lists the tasks) and that its file is committed.",
                      "git 中台账的各个版本都没有任务 {task}{milestone}；请核对编号（reformctl status 可列出任务），并确认其文件已提交。"),
    "trend_title": ("{office}: trend {start} to {end}{unit}", "{office}：走势（{start} 至 {end}）{unit}"),
    "trend_looking_back": ("looking back on the current ledger", "按现台账回溯"),
    "trend_recorded": ("as recorded in git at each period's end", "按各期末 git 中的记录"),
    "trend_col_period": ("Period", "期间"), "trend_col_day": ("As of", "截至"),
    "trend_col_on_time": ("On time", "按时完成率"), "trend_col_overdue": ("Overdue", "逾期节点"),
    "trend_col_finished": ("Finished", "任务完成率"), "trend_col_commit": ("Commit", "提交"),
    "trend_col_recorded_on_time": ("On time (recorded)", "按时完成率（记录）"),
    "trend_col_recorded_overdue": ("Overdue (recorded)", "逾期节点（记录）"),
    "trend_col_recorded_finished": ("Finished (recorded)", "任务完成率（记录）"),
    "trend_bad_month": ("{option} {value} is not a month; write it as YYYY-MM, for example 2026-01.",
                        "{option} {value} 不是月份；请写成 YYYY-MM，例如 2026-01。"),
    "trend_empty": ("--from {start} is after --to {end}; give a range of months that runs forward.",
                    "--from {start} 晚于 --to {end}；请给出从前到后的月份范围。"),
    "trend_unknown_unit": ("There is no unit '{value}' in units.yaml; give a unit id (reformctl status lists them).",
                           "units.yaml 中没有单位“{value}”；请指定单位编号（reformctl status 可列出）。"),
    "trend_no_commit": ("none", "无"),
    "site_written": ("Wrote the site to {path}: {written} file{written_s} written, {unchanged} unchanged, {removed} removed.",
                     "网页已写入 {path}：写入 {written} 个文件，{unchanged} 个未变，删除 {removed} 个。"),
    "site_out_not_folder": ("{path} is not a folder; give a folder for the pages with -o (it is made if missing). Nothing was written.",
                            "{path} 不是目录；请用 -o 指定存放网页的目录（不存在时会新建）。未写入任何文件。"),
})


def resolve_lang(option: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> str:
    env = os.environ if env is None else env
    for value in (option, env.get("REFORMCTL_LANG")):
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "en" if value.lower().startswith("en") else "zh"
    return "zh"


# Counts a Chinese message says in words: {warnings_said} reads "3 个警告", and "无警告" for none
# (无错误、无警告, never "0 个警告").
_SAID_ZH = {"errors": "错误", "warnings": "警告"}


_INNER_QUOTES = str.maketrans({"“": "‘", "”": "’", "‘": "“", "’": "”"})


def inner_quotes(value: object) -> str:
    """Text to go inside “ ”: its own quotes become ‘ ’ (and ‘ ’ become “ ”), as 公文 nest them."""
    return "" if value is None else str(value).translate(_INNER_QUOTES)


def nest_quotes(template: str, params: Mapping[str, object]) -> dict[str, object]:
    """The parameters with those the Chinese template sets inside “ ” (“{what}”) quote-nested, so a
    milestone named 上线“一件事”服务 reads “上线‘一件事’服务”, not “上线“一件事”服务”."""
    return {name: inner_quotes(value) if isinstance(value, str) and f"“{{{name}}}”" in template else value
            for name, value in params.items()}


def t(key: str, lang: str, **params: object) -> str:
    english, chinese = _WORDS[key]
    if lang == "zh":
        said = {f"{name}_said": f"{value} 个{_SAID_ZH[name]}" if value else f"无{_SAID_ZH[name]}"
                for name, value in params.items() if name in _SAID_ZH and isinstance(value, int)}
        return chinese.format(**nest_quotes(chinese, params), **said)
    # English counts: "{errors} error{errors_s}" reads "1 error", "2 errors"
    plurals = {f"{name}_s": "" if value == 1 else "s" for name, value in params.items() if isinstance(value, int)}
    return english.format(**params, **plurals)

# supervision (督察、整改、督办): status, overdue, finding, notice, the reports (issue 13)
_WORDS.update({
    "findings_overdue_title": ("Overdue findings (rectification)", "逾期整改问题"),
    "findings_due_soon_title": ("Findings due soon", "临期整改问题"),
    "notices_overdue_title": ("Notices not answered in time", "逾期未回复督办通知"),
    "notices_due_soon_title": ("Notices due soon", "临期督办通知"),
    "col_finding": ("Finding", "问题"), "col_notice": ("Notice", "督办通知"), "col_reply_by": ("Reply by", "回复时限"),
    "supervision_line": ("Findings {findings}: open {open}, overdue {overdue}, closed {closed} ({late} late) · "
                         "notices {notices}: unanswered {unanswered}, overdue {n_overdue}",
                         "整改问题 {findings} 个：未销号 {open}，逾期 {overdue}，已销号 {closed}（逾期销号 {late}）· "
                         "督办通知 {notices} 份：未回复 {unanswered}，逾期未回复 {n_overdue}"),
    "nothing_overdue_kind": ("No {what} is overdue as of {as_of}.", "截至 {as_of}，没有逾期{what}。"),
    "need_inspection": ("report inspection needs the inspection's id: reformctl report inspection ID.",
                        "report inspection 须指定督察编号：reformctl report inspection 编号。"),
    "need_notice_unit": ("report notice needs --unit UNIT (the unit it is sent to) or --notice ID (a notice the ledger records).",
                         "report notice 须指定 --unit 单位（督办对象）或 --notice 编号（台账中已记录的督办通知）。"),
    "unknown_record": ("The ledger has no {what} '{id}'; check the id (reformctl status lists them).",
                       "台账中没有编号为“{id}”的{what}；请核对编号。"),
    "bad_reply_by": ("--reply-by {value} is not a date; write it as YYYY-MM-DD, for example 2026-07-10.",
                     "--reply-by {value} 不是有效日期；请写成 YYYY-MM-DD，例如 2026-07-10。"),
    "diff_findings_new": ("New findings", "新增督察问题"),
    "diff_findings_closed": ("Findings closed", "整改销号的问题"),
    "diff_notices_sent": ("Notices sent", "发出的督办通知"),
    "diff_notices_answered": ("Notices answered", "已回复的督办通知"),
    "diff_late_mark": (" (late)", "（逾期）"),
    "diff_line_finding_new": ("{finding} ({inspection}) {text}: {unit}, rectify by {rectify_by}",
                              "{finding}（{inspection}）{text}：{unit}，整改时限 {rectify_by}"),
    "diff_line_finding_closed": ("{finding} {text}: closed {closed}{late} ({unit})",
                                 "{finding} {text}：{closed} 整改销号{late}（{unit}）"),
    "diff_line_notice_sent": ("{notice} to {unit}: reply by {reply_by}", "{notice} 致{unit}：{reply_by} 前回复"),
    "diff_line_notice_answered": ("{notice}: {unit} replied {day}{late}", "{notice}：{unit}于 {day} 回复{late}"),
    "more_findings": ("… and {n} more finding{n_s}", "……另有{n}个问题"),
    "more_notices": ("… and {n} more notice{n_s}", "……另有{n}份督办通知"),
    "what_finding": ("finding", "整改问题"), "what_notice": ("notice", "督办通知"), "what_task": ("milestone", "节点"),
})
