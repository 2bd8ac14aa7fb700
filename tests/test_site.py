"""`reformctl site`: static pages of the ledger, the same bytes for the same ledger and day, ledger
text escaped for HTML, pages rewritten only when they change, templates overridable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ci_repo import LedgerRepo
from helpers import TASKS, write_ledger

EVIL = """\
- id: T-9
  title: "<script>alert(1)</script>\\" onmouseover=\\"x"
  lead_unit: hitech
  depends_on: [T-1]
  milestones:
    - {id: m1, due: 2026-05-31, what: "<img src=x onerror=alert(2)>"}
  progress:
    - {date: 2026-05-01, by: hitech, text: "&lt;b&gt; raw & <i>"}
"""


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path) -> LedgerRepo:
    return LedgerRepo(tmp_path / "repo", tasks={"main.yaml": TASKS, "evil.yaml": EVIL})


def test_the_pages_of_a_ledger(repo, cli, tmp_path):
    out = tmp_path / "public"
    result = cli("site", "-o", out, "-l", repo.root, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert sorted(_files(out)) == [
        ".reformctl-site", "assets/search-index.js", "assets/site.css", "assets/site.js", "index.html",
        "leaders/li.html", "leaders/wang.html", "lists/key.html", "lists/pilot.html", "search.json",
        "tasks/T-1.html", "tasks/T-2.html", "tasks/T-9.html",
        "units/dev.html", "units/gulou.html", "units/hitech.html", "units/office.html"]
    assert result.stderr == f"Wrote the site to {out}: 16 files written, 0 unchanged, 0 removed.\n"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; '
            'style-src \'self\'; img-src \'self\' data:; base-uri \'none\'; form-action \'none\'">') in index
    assert "<div><dt>Tasks</dt><dd>3</dd></div>" in index
    assert "<div><dt>Milestones on time</dt><dd>25.0%</dd></div>" in index
    assert json.loads((out / "search.json").read_text(encoding="utf-8"))[1] == [
        "T-1", "优化营商环境改革", "市发展改革委 鼓楼区", "tasks/T-1.html"]
    for page in _files(out):
        if page.endswith(".html"):
            assert "http://" not in (out / page).read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")


def test_ledger_text_is_escaped_everywhere(repo, cli, tmp_path):
    out = tmp_path / "public"
    cli("site", "-o", out, "-l", repo.root)
    for name, content in _files(out).items():
        text = content.decode("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text and "<i>" not in text, name
    task = (out / "tasks/T-9.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x" in task
    assert "&amp;lt;b&amp;gt; raw &amp; &lt;i&gt;" in task
    assert "&lt;img src=x onerror=alert(2)&gt;" in task  # in the timetable's table and its SVG
    index_js = (out / "assets/search-index.js").read_text(encoding="utf-8")
    assert '"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\" onmouseover=\\"x"' in index_js


def test_same_bytes_and_only_changed_pages_rewritten(repo, cli, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    cli("site", "-o", first, "-l", repo.root, "--lang", "en")
    cli("site", "-o", second, "-l", repo.root, "--lang", "en")
    assert _files(first) == _files(second)
    again = cli("site", "-o", first, "-l", repo.root, "--lang", "en")
    assert again.stderr == f"Wrote the site to {first}: 0 files written, 16 unchanged, 0 removed.\n"
    before = _files(first)
    repo.edit("tasks/evil.yaml", "text: \"&lt;b&gt; raw & <i>\"", "text: 进展顺利")
    changed = cli("site", "-o", first, "-l", repo.root, "--lang", "en")
    assert changed.exit_code == 0
    after = _files(first)
    # the page that shows the progress, and the overview, which names the commit (now +dirty)
    assert sorted(name for name in after if after[name] != before[name]) == [
        ".reformctl-site", "index.html", "tasks/T-9.html"]  # and the list of what was written


def test_a_removed_task_page_goes_and_other_files_stay(repo, cli, tmp_path):
    out = tmp_path / "public"
    cli("site", "-o", out, "-l", repo.root)
    (out / "CNAME").write_text("ledger.example.gov.cn\n")
    (repo.root / "tasks/evil.yaml").unlink()
    result = cli("site", "-o", out, "-l", repo.root, "--lang", "en")
    assert result.stderr.endswith("1 removed.\n")
    assert not (out / "tasks/T-9.html").exists()
    assert (out / "CNAME").read_text() == "ledger.example.gov.cn\n"


def test_history_and_recorded_trend_from_git(repo, cli, tmp_path):
    out = tmp_path / "public"
    cli("site", "-o", out, "-l", repo.root, "--lang", "en")
    task = (out / "tasks/T-1.html").read_text(encoding="utf-8")
    assert "<li>Task added: 优化营商环境改革 (lead: 市发展改革委)</li>" in task
    assert "base ledger" in task
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="series recorded"' in index


def test_outside_git_the_pages_say_so(ledger_dir, cli, tmp_path):
    out = tmp_path / "public"
    result = cli("site", "-o", out, "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "<p>The ledger is not in git.</p>" in (out / "tasks/T-1.html").read_text(encoding="utf-8")
    assert "commit not in git" in (out / "index.html").read_text(encoding="utf-8")


def test_the_ledger_can_override_a_template(ledger_dir, cli, tmp_path):
    (ledger_dir / "templates/site").mkdir(parents=True)
    (ledger_dir / "templates/site/task.html.j2").write_text(
        '{% extends "site/base.html.j2" %}{% block main %}<p>自定义 {{ task.title }}</p>{% endblock %}', encoding="utf-8")
    out = tmp_path / "public"
    assert cli("site", "-o", out, "-l", ledger_dir).exit_code == 0
    assert "<p>自定义 优化营商环境改革</p>" in (out / "tasks/T-1.html").read_text(encoding="utf-8")


def test_a_broken_template_is_one_clear_message(ledger_dir, cli, tmp_path):
    (ledger_dir / "templates/site").mkdir(parents=True)
    (ledger_dir / "templates/site/index.html.j2").write_text("{% if %}", encoding="utf-8")
    result = cli("site", "-o", tmp_path / "public", "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.endswith("Fix the template, or delete your copy to use the built-in one; nothing was written.\n")
    assert "templates/site/index.html.j2:1: template error:" in result.stderr


def test_out_must_be_a_folder(ledger_dir, cli, tmp_path):
    target = tmp_path / "file.html"
    target.write_text("x")
    result = cli("site", "-o", target, "-l", ledger_dir, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == f"{target} is not a folder; give a folder for the pages with -o (it is made if missing). Nothing was written.\n"


def test_a_unit_page_trend_agrees_with_trend_for_the_unit(repo, cli):
    from datetime import date

    from reformctl.ops.trend import compute_trend, periods
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports.site import site_data

    repo.write("tasks/handed.yaml", "- id: T-5\n  title: 职能划转任务\n  lead_unit: gulou\n  co_units: [hitech]\n"
               "  milestones:\n    - {id: m1, due: 2026-02-10, what: 方案, done: 2026-02-05}\n    - {id: m2, due: 2026-05-31, what: 实施}\n"
               "  changes:\n    - {date: 2026-03-15, field: lead_unit, from: office, to: gulou, reason: 职能划转, "
               "approved_by: 市委深改委}\n")  # office led it until 15 March
    ledger, _ = load_ledger(repo.root)
    assert ledger.task("T-5") is not None
    spans = periods((2026, 1), (2026, 6), "month", date(2026, 6, 20))
    data = site_data(ledger, date(2026, 6, 20), None, spans)
    for unit in ("dev", "gulou", "hitech"):
        page = next(g for g in data.groups if g.kind == "unit" and g.id == unit).trend
        trend = compute_trend(ledger, spans, "month", unit).points
        assert [(p["on_time_rate"], p["overdue"], p["finished_rate"]) for p in page] == [
            (t.looking_back.on_time_rate, t.looking_back.overdue, t.looking_back.finished_rate) for t in trend]


def test_a_page_deleted_by_hand_is_made_again(repo, cli, tmp_path):
    out = tmp_path / "public"
    cli("site", "-o", out, "-l", repo.root, "--lang", "en")
    page = (out / "tasks/T-1.html").read_bytes()
    (out / "tasks/T-1.html").unlink()
    result = cli("site", "-o", out, "-l", repo.root, "--lang", "en")
    assert result.stderr == f"Wrote the site to {out}: 1 file written, 15 unchanged, 0 removed.\n"
    assert (out / "tasks/T-1.html").read_bytes() == page


@pytest.fixture(params=["one process", "two processes"])
def forking(request, monkeypatch):
    """Pages made in this process, or shared with a forked child (as the command line does)."""
    from reformctl.load import parallel
    from reformctl.render import site

    if request.param == "two processes":
        monkeypatch.setattr(site, "MIN_PARALLEL_PAGES", 0)
        monkeypatch.setattr(parallel, "_forking_allowed", True)
    return request.param


def test_a_site_rebuilt_after_a_change_is_the_cold_build_of_the_changed_ledger(repo, cli, tmp_path, forking):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    assert cli("site", "-o", kept, "-l", repo.root, "--lang", "en", "--no-cache").exit_code == 0
    assert cli("site", "-o", kept, "-l", repo.root, "--lang", "en").exit_code == 0  # the cache filled
    repo.edit("tasks/main.yaml", "2026-06-30", "2026-07-31")  # a due date: lights, lists, units and trends move
    repo.edit("tasks/evil.yaml", "text: \"&lt;b&gt; raw & <i>\"", "text: 进展顺利")
    rebuilt = cli("site", "-o", kept, "-l", repo.root, "--lang", "en")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert cli("site", "-o", fresh, "-l", repo.root, "--lang", "en", "--no-cache").exit_code == 0
    assert _files(kept) == _files(fresh)
    assert "0 removed" in rebuilt.stderr and "0 files written" not in rebuilt.stderr
