"""Write a large, valid, realistic ledger for benchmarks: `make_ledger.py --tasks N --files F OUT_DIR`.

The ledger is what a province office keeps: many cities' units and leaders, tasks on several
lists, milestones across the year, progress reports, approved postponements and struck-off tasks,
inspections with findings (one in twenty tasks) and 督办通知 with replies (one in forty), in Chinese, in the mix of block and flow styles that people write by hand. The same seed gives
the same bytes; `reformctl check` accepts the result with no error.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

YEAR = 2026
AS_OF = date(2026, 9, 18)
CITIES = ["成都", "绵阳", "德阳", "宜宾", "南充", "泸州", "达州", "乐山", "眉山", "自贡", "遂宁", "内江"]
DISTRICTS = ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "高新区", "天府新区", "经开区"]
DEPARTMENTS = ["发展改革委", "财政局", "人社局", "住建局", "自然资源局", "市场监管局", "教育局", "卫健委",
               "农业农村局", "生态环境局", "商务局", "科技局", "司法局", "政务服务局", "医保局", "交通运输局"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TITLES = ["副市长", "市委常委", "市委秘书长", "副省长", "省委常委"]
VERBS = ["深化", "推进", "完善", "健全", "探索", "优化", "创新", "构建", "加快", "落实"]
TOPICS = ["营商环境", "城市更新", "医保支付方式", "国资国企", "要素市场化配置", "基层治理", "数字政府",
          "公立医院", "农村宅基地", "生态补偿", "科技成果转化", "政务服务“一网通办”", "社区治理",
          "投融资体制", "人才发展体制", "住房保障", "公共资源交易", "养老服务", "碳排放权交易"]
ENDINGS = ["改革", "机制", "体系建设", "试点", "综合改革", "制度创新"]
STEPS = ["完成专题调研", "形成方案初稿", "征求意见", "专家论证", "合法性审查", "社会稳定风险评估",
         "提交深改委审议", "方案印发实施", "开展中期评估", "总结验收"]
REPORTS = ["已召开专题座谈会 {n} 次，形成问题清单", "完成 {n} 个区县的实地调研", "方案初稿已报分管领导审阅",
           "已征求 {n} 家单位意见，正在吸收采纳", "试点区域已扩大到 {n} 个街道", "配套文件起草中，已完成 {n} 稿"]
PROBLEMS = ["上级配套政策尚未出台", "部门间数据共享不畅", "试点经费未落实", "涉及多个部门职责交叉"]
LISTS = [("annual", "年度要点清单"), ("key", "重点清单"), ("grassroots", "基层探索清单"),
         ("pilot", "试点示范清单"), ("problem", "问题清单")]
LEVELS = ["central", "provincial", "municipal"]
FORMS = ["policy", "pilot", "report", "system"]


def _day(rng: random.Random, start: date, end: date) -> date:
    """A day between start and end; end itself when the span is empty."""
    if start >= end:
        return end
    return start + timedelta(days=rng.randint(0, (end - start).days))


def make_units(rng: random.Random) -> tuple[list[dict], list[dict]]:
    leaders, units = [], [{"id": "office", "name": "省委改革办", "kind": "office"}]
    for c, city in enumerate(CITIES):
        for n in range(3):
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            leaders.append({"id": f"c{c:02d}-l{n}", "name": name, "title": f"{city}{rng.choice(TITLES)}"})
        for d, district in enumerate(DISTRICTS):
            kind = "park" if district.endswith(("高新区", "新区", "经开区")) else "district"
            units.append({"id": f"c{c:02d}-d{d}", "name": f"{city}{district}", "kind": kind})
        for d, department in enumerate(DEPARTMENTS):
            units.append({"id": f"c{c:02d}-b{d}", "name": f"{city}市{department}", "kind": "department",
                          "members": [f"staff{d}@c{c:02d}.gov.cn"]})
    return leaders, units


def make_task(rng: random.Random, number: int, city: int, units: list[str], earlier: list[str]) -> dict:
    task_id = f"SC-{YEAR}-{number:05d}"
    lead = rng.choice(units)
    milestones, due = [], date(YEAR, 1, 1)
    for m in range(rng.randint(2, 5)):
        due = due + timedelta(days=rng.randint(20, 90))
        milestones.append({"id": f"m{m + 1}", "due": min(due, date(YEAR, 12, 31)), "what": rng.choice(STEPS)})
    status = rng.choices(["not_started", "in_progress", "done", "closed", "suspended"], [10, 55, 15, 15, 5])[0]
    if status == "not_started" and milestones[0]["due"] < AS_OF:
        status = "in_progress"
    finished = status in ("done", "closed")
    for milestone in milestones:
        if finished or (milestone["due"] < AS_OF - timedelta(days=20) and rng.random() < 0.8):
            milestone["done"] = min(milestone["due"] + timedelta(days=rng.randint(-15, 12)), AS_OF - timedelta(days=3))
            milestone["done"] = max(milestone["done"], date(YEAR, 1, 2))
    if not finished and all("done" in m for m in milestones):
        del milestones[-1]["done"]
    task = {"id": task_id, "title": rng.choice(VERBS) + rng.choice(TOPICS) + rng.choice(ENDINGS),
            "lists": rng.sample([key for key, _ in LISTS], rng.randint(1, 2)),
            "source": {"level": rng.choice(LEVELS), "doc": f"川委发〔{YEAR}〕{rng.randint(1, 60)}号"},
            "lead_leader": f"c{city:02d}-l{rng.randint(0, 2)}", "lead_unit": lead,
            "co_units": rng.sample([u for u in units if u != lead], rng.randint(0, 3)),
            "outcome": {"form": rng.choice(FORMS), "text": "出台" + rng.choice(TOPICS) + "实施办法"},
            "milestones": milestones, "status": status}
    if rng.random() < 0.3:
        task["summary"] = f"围绕{rng.choice(TOPICS)}，{rng.choice(VERBS)}工作机制。\n明确责任分工，按月调度。\n"
    if earlier and rng.random() < 0.15:
        task["depends_on"] = [rng.choice(earlier[-200:])]
    task["progress"] = _progress(rng, lead, status, milestones)
    _maybe_postpone(rng, task)
    pilot = pilot_of(task, number)
    if pilot:
        task["pilot"] = pilot
    if status == "closed":
        last_done = max(m["done"] for m in milestones)
        task["closed"] = {"date": min(last_done + timedelta(days=rng.randint(1, 20)), AS_OF),
                          "by": "office", "evidence": [f"docs/{YEAR}/{task_id}.pdf"]}
    return task


def _progress(rng: random.Random, lead: str, status: str, milestones: list[dict]) -> list[dict]:
    entries, day = [], date(YEAR, 1, 1)
    for _ in range(rng.randint(1, 4)):
        day = _day(rng, day + timedelta(days=5), min(day + timedelta(days=80), AS_OF - timedelta(days=1)))
        entry = {"date": day, "by": lead, "text": rng.choice(REPORTS).format(n=rng.randint(2, 12))}
        if rng.random() < 0.15:
            entry["problem"] = rng.choice(PROBLEMS)
        entries.append(entry)
    if status == "in_progress":  # an active task reports at least monthly
        entries.append({"date": AS_OF - timedelta(days=rng.randint(1, 25)), "by": lead,
                        "text": rng.choice(REPORTS).format(n=rng.randint(2, 12))})
    return sorted(entries, key=lambda e: e["date"])


def _maybe_postpone(rng: random.Random, task: dict) -> None:
    open_milestones = [m for m in task["milestones"] if "done" not in m and m["due"] > AS_OF]
    if not open_milestones or rng.random() > 0.2:
        return
    milestone = open_milestones[-1]
    old = milestone["due"] - timedelta(days=rng.randint(15, 60))
    task["changes"] = [{"date": AS_OF - timedelta(days=rng.randint(5, 60)), "milestone": milestone["id"],
                        "field": "due", "from": old.isoformat(), "to": milestone["due"].isoformat(),
                        "reason": "待上级配套政策出台后衔接", "approved_by": "省委改革办",
                        "ref": f"川改办〔{YEAR}〕{rng.randint(1, 99)}号"}]


# --- pilots, plans, upper documents, meetings and the agenda (issue 14) ---------------------------
# Drawn from the task number and the seed's own generator after the tasks, so that the task files
# keep their bytes; every record is sound (no error, no warning), as the tasks are.

PILOT_LEVELS = ["national", "provincial", "municipal", "district"]
MEETING_KINDS = ["省委深改委全体会议", "省委深改委主任会议", "专项小组会议"]


def pilot_of(task: dict, number: int) -> Optional[dict]:
    """Every tenth task is a pilot (2,000 of 20,000); one accepted early says why."""
    if number % 10:
        return None
    pilot = {"level": PILOT_LEVELS[number // 10 % 4], "approved_by": "省委改革办",
             "approval_doc": f"川改办〔{YEAR}〕{number // 10}号", "period": {"from": date(YEAR, 1, 1), "to": date(YEAR, 12, 31)},
             "contact": task["lead_leader"]}  # its 联系点 (R380 reads every one)
    if task["status"] in ("done", "closed"):
        last = max(m["done"] for m in task["milestones"])
        pilot["acceptance"] = {"due": date(YEAR, 12, 31), "done": last, "reason": "提前完成试点任务"}
    return pilot


def pilot_yaml(pilot: dict) -> list[str]:
    lines = ["  pilot:"]
    for key, value in pilot.items():
        lines.append(f"    {key}: {_flow(value) if isinstance(value, dict) else _scalar(value)}")
    return lines


def write_records(out: Path, rng: random.Random, tasks: list[str], units: list[str], plans: int, meetings: int) -> None:
    """plans/*.yaml, meetings/*.yaml, upper.yaml and agenda.yaml, sound and linked to one another."""
    for folder in ("plans", "meetings"):
        (out / folder).mkdir(exist_ok=True)
        for old in (out / folder).glob("*.yaml"):
            old.unlink()
    meeting_days = [date(YEAR, 1, 10) + timedelta(days=7 * n) for n in range(meetings)]
    uppers = max(1, plans // 2)
    upper = ["# 中央和省级改革文件（对接清单）", "documents:"]
    for n in range(uppers):
        upper.append(f"  - {_flow({'id': f'UP-{n + 1:04d}', 'level': 'central' if n % 3 else 'provincial', 'doc': f'中发〔{YEAR}〕{n + 1}号', 'title': '关于' + rng.choice(VERBS) + rng.choice(TOPICS) + '的意见', 'date': date(YEAR, 1, 5), 'dock_by': date(YEAR, 12, 31), 'dock_unit': rng.choice(units)})}")
    (out / "upper.yaml").write_text("\n".join(upper) + "\n", encoding="utf-8")
    agenda = ["# 议题储备库", "items:"]
    items: dict[int, list[str]] = {}
    for n in range(plans):
        meeting = n % meetings
        held = meeting_days[meeting] < AS_OF
        plan_id = f"PL-{n + 1:04d}"
        lines = [f"id: {plan_id}", f"title: 关于{rng.choice(VERBS)}{rng.choice(TOPICS)}的实施方案",
                 f"unit: {rng.choice(units)}", f"docks: [UP-{n % uppers + 1:04d}]", f"tasks: [{rng.choice(tasks)}]",
                 "review:"]
        day = meeting_days[meeting] - timedelta(days=40)
        for step in ("consult", "expert", "legality", "stability"):
            day += timedelta(days=rng.randint(3, 7))
            lines.append(f"  {step}: {_flow({'date': day, 'by': '省司法厅' if step == 'legality' else '牵头单位'})}")
        lines.append(f"meeting: {_flow({'target': f'M-{meeting + 1:03d}', **({'reviewed': f'M-{meeting + 1:03d}'} if held else {})})}")
        if held:
            lines.append(f"issued: {_flow({'date': meeting_days[meeting] + timedelta(days=10), 'doc': f'川委办发〔{YEAR}〕{n + 1}号', 'by': '深改委'})}")
        (out / "plans" / f"{plan_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        items.setdefault(meeting, []).append(plan_id)
        state = "reviewed" if held else "scheduled"
        agenda.append(f"  - {_flow({'id': f'AG-{n + 1:04d}', 'title': '审议方案' + plan_id, 'unit': rng.choice(units), 'plan': plan_id, 'want_meeting': f'M-{meeting + 1:03d}', 'submitted': meeting_days[meeting] - timedelta(days=20), 'state': state})}")
    (out / "agenda.yaml").write_text("\n".join(agenda) + "\n", encoding="utf-8")
    for meeting, day in enumerate(meeting_days):
        held = day < AS_OF
        lines = [f"id: M-{meeting + 1:03d}", f"kind: {MEETING_KINDS[meeting % 3]}", f"date: {day.isoformat()}",
                 f"theme: {rng.choice(TOPICS)}", "items:"]
        lines.append(f"  - {_flow({'kind': 'study', 'text': '学习中央深改委会议精神', 'fixed': 'true'})}".replace("'true'", "true"))
        for plan_id in items.get(meeting, []):
            lines.append(f"  - {_flow({'kind': 'review', 'plan': plan_id, **({'result': '原则同意'} if held else {})})}")
        if held:
            lines.append(f"assigned: [{rng.choice(tasks)}]")
        (out / "meetings" / f"M-{meeting + 1:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- writing YAML by hand: the styles people use, deterministic bytes ------------------------


def _scalar(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text[:1] in "-[]{}#&*!|>'\"%@`" or any(c in text for c in ":#,[]{}\n") or text in ("yes", "no", "on", "off"):
        return "'" + text.replace("'", "''") + "'"
    try:
        float(text)
        return f"'{text}'"
    except ValueError:
        return text


def _flow(mapping: dict) -> str:
    parts = []
    for key, value in mapping.items():
        if isinstance(value, list):
            parts.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            parts.append(f"{key}: {_scalar(value)}")
    return "{" + ", ".join(parts) + "}"


def task_yaml(task: dict) -> str:
    lines = [f"- id: {task['id']}", f"  title: {_scalar(task['title'])}"]
    if "summary" in task:
        lines.append("  summary: |")
        lines += [f"    {line}" for line in task["summary"].splitlines()]
    lines.append(f"  lists: [{', '.join(task['lists'])}]")
    lines.append(f"  source: {_flow(task['source'])}")
    lines.append(f"  lead_leader: {task['lead_leader']}  # 牵头领导")
    lines.append(f"  lead_unit: {task['lead_unit']}")
    if task["co_units"]:
        lines.append(f"  co_units: [{', '.join(task['co_units'])}]")
    lines.append(f"  outcome: {_flow(task['outcome'])}")
    lines.append("  milestones:")
    lines += [f"    - {_flow(m)}" for m in task["milestones"]]
    if "depends_on" in task:
        lines.append(f"  depends_on: [{', '.join(task['depends_on'])}]")
    lines.append("  progress:")
    for entry in task["progress"]:
        lines.append(f"    - date: {entry['date'].isoformat()}")
        lines.append(f"      by: {entry['by']}")
        lines.append(f"      text: {_scalar(entry['text'])}")
        if "problem" in entry:
            lines.append(f"      problem: {_scalar(entry['problem'])}")
    lines.append(f"  status: {task['status']}")
    if "changes" in task:
        lines.append("  changes:")
        lines += [f"    - {_flow(c)}" for c in task["changes"]]
    if "closed" in task:
        lines.append(f"  closed: {_flow(task['closed'])}")
    if "pilot" in task:
        lines += pilot_yaml(task["pilot"])
    return "\n".join(lines) + "\n"


def config_yaml(office: str) -> str:
    lists = "\n".join(f"  - {{id: {key}, name: {name}}}" for key, name in LISTS)
    return (f"# 台账配置\noffice: {office}\noffice_short: 省改革办\nyear: {YEAR}\nas_of: {AS_OF.isoformat()}\n"
            f"calendar: cn\ndue_soon_days: 10\ndue_soon_unit: workdays\nstale_after_days: 30\nlists:\n{lists}\n")


def units_yaml(leaders: list[dict], units: list[dict]) -> str:
    lines = ["# 牵头领导与责任单位", "leaders:"]
    lines += [f"  - {_flow(leader)}" for leader in leaders]
    lines.append("units:")
    lines += [f"  - {_flow(unit)}" for unit in units]
    return "\n".join(lines) + "\n"


def write_ledger(out: Path, tasks: int, files: int, seed: int) -> None:
    rng = random.Random(seed)
    leaders, units = make_units(rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / "reformctl.yaml").write_text(config_yaml("四川省委全面深化改革委员会办公室"), encoding="utf-8")
    (out / "units.yaml").write_text(units_yaml(leaders, units), encoding="utf-8")
    (out / "assessment.yaml").write_text(assessment_yaml(random.Random(seed + 13), units), encoding="utf-8")
    task_dir = out / "tasks"
    task_dir.mkdir(exist_ok=True)
    for old in task_dir.glob("*.yaml"):
        old.unlink()
    per_file = -(-tasks // files)
    earlier: list[str] = []
    lead_of: dict[str, list[str]] = {}  # task id -> the units of its city
    for f in range(files):
        count = min(per_file, tasks - f * per_file)
        if count <= 0:
            break
        city = f % len(CITIES)
        city_units = [u["id"] for u in units if u["id"].startswith(f"c{city:02d}-")]
        chunk = [f"# {CITIES[city]} 第 {f + 1} 册\n"]
        file_ids: list[str] = []
        for n in range(count):
            task = make_task(rng, f * per_file + n + 1, city, city_units, earlier)
            file_ids.append(task["id"])
            chunk.append(task_yaml(task))
        earlier += file_ids
        (task_dir / f"{f + 1:03d}-{city:02d}.yaml").write_text("".join(chunk), encoding="utf-8")
        lead_of.update({task_id: city_units for task_id in file_ids})
    write_supervision(out, random.Random(seed + 1), earlier, lead_of)
    write_records(out, random.Random(seed + 2), earlier, [u["id"] for u in units if u["kind"] == "department"],
                  max(1, tasks // 20), min(50, max(2, tasks // 400)))


FINDINGS = ["方案制定滞后，未按节点印发", "配套政策不完善", "部门协同不够，数据共享不畅", "试点经验总结提炼不够",
            "进展报送不及时，台账更新滞后", "改革成效宣传不到位"]
ASKS = ["请于回复时限前书面报告滞后原因及整改措施", "请报告节点推进情况及下一步安排", "请说明问题整改进展并附佐证材料"]


def write_supervision(out: Path, rng: random.Random, task_ids: list[str], units_of: dict) -> None:
    """One inspection per city with a finding for one task in twenty, and a notice (督办通知) for one
    task in forty, each in its own file; with a separate random stream, so the tasks' bytes stay."""
    for folder in ("inspections", "notices"):
        (out / folder).mkdir(exist_ok=True)
        for old in (out / folder).glob("*.yaml"):
            old.unlink()
    findings: dict[int, list[str]] = {}
    finding_ids = []
    for number, task_id in enumerate(task_ids[::20], 1):
        city = int(units_of[task_id][0][1:3])
        unit = rng.choice(units_of[task_id])
        rectify_by = _day(rng, date(YEAR, 7, 15), date(YEAR, 11, 30))
        entry = {"id": f"F-{number:05d}", "unit": unit, "task": task_id, "text": rng.choice(FINDINGS),
                 "rectify_by": rectify_by}
        line = f"  - {_flow(entry)}\n"
        if rectify_by < AS_OF and rng.random() < 0.6:
            closed = {"date": _day(rng, date(YEAR, 7, 1), AS_OF), "by": "office", "evidence": [f"docs/整改/F-{number:05d}.pdf"]}
            line = f"  - id: {entry['id']}\n" + "".join(f"    {key}: {_scalar(value)}\n" for key, value in entry.items()
                                                      if key != "id") + f"    closed: {_flow(closed)}\n"
        findings.setdefault(city, []).append(line)
        finding_ids.append((entry["id"], unit))
    for city, lines in sorted(findings.items()):
        head = (f"id: DC-{YEAR}-{city:02d}\nkind: special\ntitle: {CITIES[city]}{YEAR}年上半年改革任务专项督察\n"
                f"period: {{from: {YEAR}-06-10, to: {YEAR}-06-30}}\nby: office\nfindings:\n")
        (out / "inspections" / f"{city:02d}.yaml").write_text(head + "".join(lines), encoding="utf-8")
    for number, (finding_id, unit) in enumerate(finding_ids[::2], 1):
        sent = _day(rng, date(YEAR, 7, 1), date(YEAR, 9, 10))
        reply_by = sent + timedelta(days=10)
        text = (f"id: DB-{number:05d}\nref: 省改督〔{YEAR}〕{number}号\ndate: {sent.isoformat()}\nto: {unit}\n"
                f"about: {{findings: [{finding_id}]}}\nask: {rng.choice(ASKS)}\nreply_by: {reply_by.isoformat()}\n")
        if rng.random() < 0.7:
            replied = min(AS_OF, sent + timedelta(days=rng.randint(3, 16)))
            text += f"replies:\n  - {{date: {replied.isoformat()}, by: {unit}, text: 已报告整改进展}}\n"
        (out / "notices" / f"DB-{number:05d}.yaml").write_text(text, encoding="utf-8")


def assessment_yaml(rng: random.Random, units: list[dict]) -> str:
    """A province's method of assessment (考核办法): cities' districts, parks and departments ranked
    apart, the indicators of the `init` default, and a few manual items earned."""
    ranked = [u["id"] for u in units if u["kind"] != "office"]
    awards = [f"  - {{unit: {unit}, item: {rng.choice(['experience', 'praise', 'criticism'])}, "
              f"date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}}}\n" for unit in rng.sample(ranked, 40)]
    return (
        "title: 2026年度全面深化改革工作考核\n"
        "not_assessed: [office, group, institution]\n"
        "groups:\n"
        "  - {id: districts, name: 县（市、区）, kinds: [district]}\n"
        "  - {id: parks, name: 开发园区, kinds: [park]}\n"
        "  - {id: departments, name: 省市部门, kinds: [department]}\n"
        "indicators:\n"
        "  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 40}\n"
        "  - {id: finished, name: 任务完成率, measure: finished_share, weight: 20}\n"
        "  - {id: overdue, name: 逾期未完成节点, measure: overdue_count, weight: 20, per_item: 4}\n"
        "  - {id: rectify, name: 督察问题逾期整改, measure: findings_closed_late, weight: 10, per_item: 5}\n"
        "  - {id: replies, name: 督办通知逾期答复, measure: notices_answered_late, weight: 10, per_item: 5}\n"
        "deductions:\n"
        "  - {id: open-findings, name: 督察问题逾期未整改, measure: findings_open, per_item: 3, cap: 9}\n"
        "manual_items:\n"
        "  - {id: experience, name: 典型经验, points: 2}\n"
        "  - {id: praise, name: 上级肯定, points: 1}\n"
        "  - {id: criticism, name: 通报批评, points: -2}\n"
        "manual_cap: 5\n"
        "awards:\n" + "".join(awards) +
        "grades:\n"
        "  - {name: 好, min: 90, max_share: 0.3}\n"
        "  - {name: 较好, min: 80}\n"
        "  - {name: 一般, min: 60}\n"
        "  - {name: 较差, min: 0}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write the ledger into")
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_ledger(args.out, args.tasks, max(1, args.files), args.seed)


if __name__ == "__main__":
    main()
