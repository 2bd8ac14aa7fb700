"""Each write on a copy of the demo ledger changes exactly the lines of its record, and the
ledger it leaves has no error."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from helpers import comment_lines

from reformctl import edit
from reformctl.pipeline.incremental import check_ledger
from reformctl.load.find import demo_ledger

OPS = {
    "progress": lambda r: edit.add_progress(r, "JZ-2026-010", "数据交易服务平台上线试运行，首批38个数据产品挂牌。",
                                            evidence=["docs/2026/jz-2026-010/m3.pdf"]),
    "done": lambda r: edit.complete_milestone(r, "JZ-2026-010", "m3", day=date(2026, 9, 17)),
    "postpone": lambda r: edit.postpone(r, "JZ-2026-010", "m4", to=date(2027, 3, 31), reason="待省级数据交易场所管理办法出台",
                                        approved_by="市委改革办", ref="江改办〔2026〕41号"),
    "reassign": lambda r: edit.reassign(r, "JZ-2026-011", lead_unit="fagaiwei", reason="职能调整",
                                        approved_by="市委深改委第五次会议"),
    "suspend": lambda r: edit.change_status(r, "JZ-2026-011", "suspended", reason="待省级授权运营办法出台",
                                            approved_by="市委改革办"),
    "resume": lambda r: edit.change_status(r, "JZ-2026-034", None, reason="省级平台已上线", approved_by="市委改革办",
                                           ref="江改办〔2026〕42号"),
    "reword": lambda r: edit.reword(r, "JZ-2026-011", "m3", what="首批授权运营场景上线试运营", reason="按省级办法调整表述",
                                    approved_by="市委改革办"),
    "set-status": lambda r: edit.set_status(r, "JZ-2026-011", "not_started"),
    "close": lambda r: edit.close_task(r, "TS-2026-songling", evidence=["docs/2026/ts-2026-songling/linpiao-fafang.pdf"],
                                       ref="江改办〔2026〕43号"),
    "carry-over": lambda r: edit.carry_over(r, "JZ-2026-011", to_year=2027, reason="首批场景须待省级平台对接后上线"),
    "add": lambda r: edit.add_task(r, {"title": "探索农村宅基地“三权分置”", "lists": ["pilots"], "lead_unit": "songling",
                                       "milestones": [{"due": "2026-12-31", "what": "形成试点方案"}]}),
}

EXPECTED = {  # name: (file, commit message, the diff's - and + lines)
    'progress': ('tasks/annual-key.yaml', 'JZ-2026-010 市数据局报送进展（2026-09-18）：数据交易服务平台上线试运行，首批38个数据产品挂牌。', [
        '+    - date: 2026-09-18',
        '+      by: shuju',
        '+      text: 数据交易服务平台上线试运行，首批38个数据产品挂牌。',
        '+      evidence: [docs/2026/jz-2026-010/m3.pdf]',
    ]),
    'done': ('tasks/annual-key.yaml', 'JZ-2026-010 m3 于2026-09-17完成', [
        '-    - {id: m3, due: 2026-09-25, what: 数据交易服务平台上线试运行}  # 已调整时限，见 changes',
        '+    - {id: m3, due: 2026-09-25, what: 数据交易服务平台上线试运行, done: 2026-09-17}  # 已调整时限，见 changes',
    ]),
    'postpone': ('tasks/annual-key.yaml', 'JZ-2026-010 m4 时限由2026-12-31调整为2027-03-31（江改办〔2026〕41号）', [
        '-    - {id: m4, due: 2026-12-31, what: 挂牌数据产品不少于100个}',
        '+    - {id: m4, due: 2027-03-31, what: 挂牌数据产品不少于100个}',
        '+    - date: 2026-09-18',
        '+      milestone: m4',
        '+      field: due',
        '+      from: 2026-12-31',
        '+      to: 2027-03-31',
        '+      reason: 待省级数据交易场所管理办法出台',
        '+      approved_by: 市委改革办',
        '+      ref: 江改办〔2026〕41号',
    ]),
    'reassign': ('tasks/annual-key.yaml', 'JZ-2026-011 牵头单位由shuju调整为fagaiwei（市委深改委第五次会议批准）', [
        '-  lead_unit: shuju',
        '+  lead_unit: fagaiwei',
        '+  changes:',
        '+    - date: 2026-09-18',
        '+      field: lead_unit',
        '+      from: shuju',
        '+      to: fagaiwei',
        '+      reason: 职能调整',
        '+      approved_by: 市委深改委第五次会议',
    ]),
    'suspend': ('tasks/annual-key.yaml', 'JZ-2026-011 暂缓推进（市委改革办批准）', [
        '-  status: in_progress',
        '+  status: suspended',
        '+  changes:',
        '+    - date: 2026-09-18',
        '+      field: status',
        '+      from: in_progress',
        '+      to: suspended',
        '+      reason: 待省级授权运营办法出台',
        '+      approved_by: 市委改革办',
    ]),
    'resume': ('tasks/annual-key.yaml', 'JZ-2026-034 恢复推进（江改办〔2026〕42号）', [
        '-  status: suspended',
        '+  status: in_progress',
        '+    - date: 2026-09-18',
        '+      field: status',
        '+      from: suspended',
        '+      to: in_progress',
        '+      reason: 省级平台已上线',
        '+      approved_by: 市委改革办',
        '+      ref: 江改办〔2026〕42号',
    ]),
    'reword': ('tasks/annual-key.yaml', 'JZ-2026-011 m3 节点内容调整为“首批授权运营场景上线试运营”（市委改革办批准）', [
        '-    - {id: m3, due: 2026-11-30, what: 首批授权运营场景上线运营}',
        '+    - {id: m3, due: 2026-11-30, what: 首批授权运营场景上线试运营}',
        '+  changes:',
        '+    - date: 2026-09-18',
        '+      milestone: m3',
        '+      field: what',
        '+      from: 首批授权运营场景上线运营',
        '+      to: 首批授权运营场景上线试运营',
        '+      reason: 按省级办法调整表述',
        '+      approved_by: 市委改革办',
    ]),
    'set-status': ('tasks/annual-key.yaml', 'JZ-2026-011 状态由推进中改为未启动', [
        '-  status: in_progress',
        '+  status: not_started',
    ]),
    'close': ('tasks/district-features.yaml', 'TS-2026-songling 销号（江改办〔2026〕43号）', [
        '-  status: done',
        '+  status: closed',
        '+  closed:',
        '+    date: 2026-09-18',
        '+    by: office',
        '+    evidence: [docs/2026/ts-2026-songling/linpiao-fafang.pdf]',
        '+    ref: 江改办〔2026〕43号',
    ]),
    'carry-over': ('tasks/annual-key.yaml', 'JZ-2026-011 结转至2027年度：首批场景须待省级平台对接后上线', [
        '+  carry_over:',
        '+    to_year: 2027',
        '+    reason: 首批场景须待省级平台对接后上线',
    ]),
    'add': ('tasks/pilots.yaml', '新增任务 SD-2026-15 探索农村宅基地“三权分置”', [
        '+',
        '+- id: SD-2026-15',
        '+  title: 探索农村宅基地“三权分置”',
        '+  lists: [pilots]',
        '+  lead_unit: songling',
        '+  milestones:',
        '+    - {id: m1, due: 2026-12-31, what: 形成试点方案}',
        '+  status: not_started',
        '+  added: 2026-09-18',
    ]),
}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_ledger(), tmp_path / "demo"))


@pytest.mark.parametrize("name", OPS)
def test_each_write_changes_only_its_record(demo, name):
    file, message, lines = EXPECTED[name]
    before = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*.yaml")}
    change = OPS[name](demo)
    assert (change.file, change.commit_message, _changed_lines(change.diff)) == (file, message, lines)
    after = {p.relative_to(demo): p.read_bytes() for p in demo.rglob("*.yaml")}
    assert {rel for rel in after if after[rel] != before.get(rel)} == {Path(file)}
    assert after[Path(file)] == change.after and before[Path(file)] == change.before
    _, problems = check_ledger(demo, today=date(2026, 9, 18), cache=False)
    assert [p.format("en") for p in problems if p.severity == "error"] == []


def _changed_lines(diff: str) -> list[str]:
    return [line.rstrip("\n") for line in diff.splitlines(True) if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_every_comment_of_the_demo_survives_every_write(demo):
    comments = comment_lines(demo)
    for name in OPS:
        try:
            OPS[name](demo)
        except edit.EditRefused as refused:  # one write can rule out a later one (set-status after suspend: R606)
            assert refused.key in {"would_break", "same_value"}, name
    assert comment_lines(demo) == comments




def test_the_commented_skeleton_keeps_its_comments_and_hand_wrapped_lines(cli, tmp_path):
    """`reformctl init`'s ledger: comments between keys, an entry wrapped over two lines by hand."""
    root = tmp_path / "my-ledger"
    assert cli("init", root).exit_code == 0
    today = date(2026, 11, 25)
    progress = edit.add_progress(root, "EX-2026-001", "首批10个事项已上线运行", by="fagaiwei", today=today)
    assert _changed_lines(progress.diff) == [
        "+    - date: 2026-11-25", "+      by: fagaiwei", "+      text: 首批10个事项已上线运行"]
    assert "+      text: 首批10个事项已上线运行\n \n   # 状态：" in progress.diff  # above the next key's comments
    postponed = edit.postpone(root, "EX-2026-001", "m2", to=date(2026, 12, 20), reason="须与省级平台衔接",
                              approved_by="市委改革办", today=today)
    assert _changed_lines(postponed.diff) == [
        "-    - {id: m2, due: 2026-12-15, what: 上线首批“一件事”集成服务, owner: dongcheng}",
        "+    - {id: m2, due: 2026-12-20, what: 上线首批“一件事”集成服务, owner: dongcheng}",
        "+    - date: 2026-11-25", "+      milestone: m2", "+      field: due", "+      from: 2026-12-15",
        "+      to: 2026-12-20", "+      reason: 须与省级平台衔接", "+      approved_by: 市委改革办"]
    assert "       evidence: [docs/2026/ex-001-qingdan.pdf]}\n" in (root / "tasks" / "example.yaml").read_text(encoding="utf-8")
