"""The words of the web pages (`reformctl site`), in Chinese first and English for `--lang en`.

Kept apart from the command line's messages (reformctl.i18n): a page's words are many and short,
and the templates read them as `w.key`. Status and light words come from reformctl.i18n.
"""

from __future__ import annotations

from ..i18n import t

_WORDS: dict[str, tuple[str, str]] = {
    "home": ("Overview", "首页"), "units": ("Units", "单位"), "leaders": ("Leaders", "牵头领导"),
    "lists": ("Lists", "清单"), "tasks": ("Tasks", "任务"), "skip": ("Skip to the content", "跳到正文"),
    "search": ("Search tasks", "搜索任务"), "search_hint": ("Task id, title or unit", "任务编号、名称或单位"),
    "search_none": ("No task found.", "未找到任务。"),
    "filter": ("Filter the table", "筛选表格"), "filter_hint": ("Words in the row", "行内文字"),
    "all_lights": ("All lights", "全部亮灯"), "no_light": ("no light", "不亮灯"),
    "figures": ("Status as of {as_of}", "截至 {as_of} 的台账状态"),
    "task_count": ("Tasks", "任务总数"), "finished_rate": ("Tasks finished", "任务完成率"),
    "milestone_rate": ("Milestones done", "节点完成率"), "on_time_rate": ("Milestones on time", "节点按时完成率"),
    "overdue_count": ("Overdue milestones", "逾期节点"), "due_soon_count": ("Due soon", "临期节点"),
    "lights": ("Lights", "亮灯情况"),
    "trend": ("On-time share by month", "按月节点按时完成率"),
    "looking_back": ("looking back on the current ledger", "按现台账回溯"),
    "recorded": ("as recorded in git at each month's end", "按各月末 git 记录"),
    "trend_table": ("The figures of the chart", "图表数据"),
    "rankings": ("Rankings by kind of unit", "各类单位排名"),
    "district": ("Districts", "板块"), "park": ("Parks", "园区"), "department": ("Departments", "部门"),
    "institution": ("Institutions", "事业单位"),
    "nothing_due": ("Nothing due yet", "暂无到期节点"), "rank": ("Place", "名次"), "tied": ("tied ", "并列"),
    "rank_label": ("No. {rank}", "第{rank}"),
    "unit": ("Unit", "单位"), "leader": ("Leader", "牵头领导"), "list": ("List", "清单"),
    "task": ("Task", "任务"), "milestone": ("Milestone", "节点"), "due": ("Due", "时限"),
    "late_days": ("Days late", "逾期天数"), "left_days": ("Days left", "剩余天数"), "light": ("Light", "亮灯"),
    "status": ("Status", "状态"), "lead_unit": ("Lead unit", "牵头单位"), "co_units": ("Co-units", "配合单位"),
    "lead_leader": ("Lead leader", "牵头领导"), "source": ("Source", "任务来源"), "outcome": ("Outcome", "成果形式"),
    "summary": ("Summary", "任务内容"), "task_book": ("Task book", "任务书"),
    "timetable": ("Timetable", "时间表"), "roadmap": ("Roadmap", "路线图"),
    "depends_on": ("Depends on", "依赖任务"), "needed_by": ("Needed by", "被依赖"),
    "progress": ("Progress", "工作进展"), "changes": ("Approved changes", "调整记录"),
    "history": ("History in git", "修改记录（git）"), "not_in_git": ("The ledger is not in git.", "台账不在 git 仓库中。"),
    "no_history": ("No commit changed it.", "没有提交修改过它。"),
    "none": ("None.", "无。"), "nothing_overdue": ("Nothing is overdue.", "没有逾期节点。"),
    "nothing_due_soon": ("Nothing is due soon.", "没有临期节点。"),
    "first_due": ("First due", "原定时限"), "done": ("Done", "完成"), "moved": ("Moved", "调整"),
    "approved_by": ("approved by", "批准："), "reason": ("Reason", "原因"), "date": ("Date", "日期"),
    "field": ("What", "事项"), "from": ("From", "原为"), "to": ("To", "调整为"), "ref": ("Document", "文号"),
    "by": ("By", "报送单位"), "text": ("Report", "进展"), "problem": ("Problem", "存在问题"),
    "as_of": ("As of", "截至"), "month_suffix": ("", "月"), "period": ("Period", "期间"),
    "overdue_here": ("Overdue", "逾期节点"), "its_tasks": ("Tasks", "任务"), "its_trend": ("Trend", "走势"),
    "timetable_label": ("Timetable of {task}: each milestone's first and current due date, moves and done date",
                        "{task} 时间表：各节点原定时限、现时限、调整及完成日期"),
    "graph_label": ("Roadmap of {task}: the tasks it depends on and those that depend on it",
                    "{task} 路线图：所依赖的任务与依赖它的任务"),
    "ranking_label": ("{kind} by on-time share", "{kind}按节点按时完成率排名"),
    "footer": ("Made by reformctl {version} from the ledger as of {as_of} · commit {commit}",
               "由 reformctl {version} 根据台账生成 · 截至 {as_of} · 提交 {commit}"),
    "footer_plain": ("Made by reformctl {version} from the ledger as of {as_of}", "由 reformctl {version} 根据台账生成 · 截至 {as_of}"),
    "no_commit": ("not in git", "不在 git 仓库中"),
    "legend": ("Hollow circle: first due date; diamond: due date; dashed arrow: an approved move; dot: done.",
               "空心圆：原定时限；菱形：现时限；虚线箭头：经批准的调整；实心点：完成日期。"),
    "level_central": ("Central", "中央"), "level_provincial": ("Provincial", "省级"),
    "level_municipal": ("Municipal", "市级"), "level_district": ("District", "区级"),
    "form_policy": ("Policy document", "政策文件"), "form_pilot": ("Pilot experience", "试点经验"),
    "form_report": ("Research report", "研究报告"), "form_system": ("System in operation", "制度/系统运行"),
    "form_other": ("Other", "其他"),
}


def site_words(lang: str) -> dict[str, str]:
    """Every page word in `lang`, plus the words for statuses and lights."""
    index = 0 if lang == "en" else 1
    words = {key: pair[index] for key, pair in _WORDS.items()}
    for key in ("not_started", "in_progress", "done", "closed", "suspended", "withdrawn", "red", "yellow", "green"):
        words[f"is_{key}"] = t(key, lang)
    return words
