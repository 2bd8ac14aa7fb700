"""`diff` on assessment.yaml (考核办法): a weight, a threshold, a manual item, a group changed, each
one line in people's words, in English and Chinese, and in the JSON (issue 13)."""

from __future__ import annotations

import json

import pytest
from ci_repo import LedgerRepo

METHOD = """\
title: 2026年度改革工作考核
groups:
  - {id: districts, name: 板块, kinds: [district]}
  - {id: others, name: 部门和园区, kinds: [department, park]}
indicators:
  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 60}
  - {id: overdue, name: 逾期未完成节点, measure: overdue_count, weight: 40, per_item: 4}
manual_items:
  - {id: experience, name: 典型经验, points: 2}
  - {id: criticism, name: 通报批评, points: -2}
grades:
  - {name: 好, min: 90}
  - {name: 一般, min: 0}
"""

CHANGED = """\
title: 2026年度改革工作考核
groups:
  - {id: districts, name: 板块, kinds: [district]}
  - {id: others, name: 部门和园区, kinds: [department, park, institution]}
indicators:
  - {id: on-time, name: 节点按时完成率, measure: on_time_share, weight: 55}
  - {id: overdue, name: 逾期未完成节点, measure: overdue_count, weight: 40, per_item: 4}
  - {id: rectify, name: 督察问题逾期整改, measure: findings_closed_late, weight: 5, per_item: 2.5}
manual_items:
  - {id: experience, name: 典型经验, points: 2}
  - {id: praise, name: 上级肯定, points: 1.5}
grades:
  - {name: 好, min: 85}
  - {name: 一般, min: 0}
"""


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    repo = LedgerRepo(tmp_path / "repo")
    repo.write("assessment.yaml", METHOD)
    repo.commit("the office writes the method")
    repo.write("assessment.yaml", CHANGED)
    repo.commit("the office revises the method")
    return repo


def test_each_change_of_the_method_is_one_line(repo, cli):
    text = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "en").stdout
    assert text.split("\n\n", 1)[1] == (
        "Assessment method (assessment.yaml) (6)\n"
        "  group 部门和园区 (others): unit kinds department, park → department, park, institution\n"
        "  indicator 节点按时完成率 (on-time): weight 60 → 55\n"
        "  indicator 督察问题逾期整改 (rectify) added: weight 5\n"
        "  manual item 上级肯定 (praise) added: points +1.5\n"
        "  manual item 通报批评 (criticism) removed (it was: points -2)\n"
        "  grade 好: threshold 90 → 85\n")


def test_the_lines_in_chinese_and_markdown(repo, cli):
    zh = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "--lang", "zh").stdout
    assert "考核办法（assessment.yaml）（6）\n" in zh
    assert "  考核指标“节点按时完成率”（on-time）：分值由 60 改为 55\n" in zh
    assert "  删除加减分项“通报批评”（criticism）（原分值 -2）\n" in zh
    assert "  新增加减分项“上级肯定”（praise）：分值 +1.5\n" in zh
    assert "  等次“好”：起点分由 90 改为 85\n" in zh
    md = cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "-f", "md", "--lang", "en").stdout
    assert "### Assessment method (assessment.yaml) (6)\n\n- group 部门和园区 (others): unit kinds" in md


def test_the_json_names_part_field_and_values(repo, cli):
    data = json.loads(cli("diff", "HEAD~1", "HEAD", "-l", repo.root, "-f", "json").stdout)
    assert data["assessment"][1] == {"part": "indicator", "id": "on-time", "name": "节点按时完成率",
                                     "change": "changed", "field": "weight", "old": "60", "new": "55"}


def test_a_method_added_and_an_unchanged_one(repo, cli):
    added = cli("diff", "HEAD~2", "HEAD~1", "-l", repo.root, "--lang", "en").stdout
    assert "Assessment method (assessment.yaml) (1)\n  method 2026年度改革工作考核 (assessment.yaml) added\n" in added
    same = cli("diff", "HEAD", "HEAD", "-l", repo.root, "--lang", "en").stdout
    assert "Assessment method" not in same
