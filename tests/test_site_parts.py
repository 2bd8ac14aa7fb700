"""The site's figures from each task file's part (reports.site_parts): the sums counted over the
whole ledger at once, a kept part used only for the same file, settings, units, day and months,
and a site rebuilt from kept parts byte for byte the site built without a cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from helpers import TASKS, write_ledger

OTHER = """\
- id: T-5
  title: 职能划转任务
  lead_leader: wang
  lead_unit: gulou
  co_units: [hitech]
  lists: [key, key]
  milestones:
    - {id: m1, due: 2026-02-10, what: 方案, done: 2026-02-05}
    - {id: m2, due: 2026-05-31, what: 实施, owner: office}
    - {id: m3, due: 2026-06-22, what: 验收}
  changes:
    - {date: 2026-03-15, field: lead_unit, from: office, to: gulou, reason: 职能划转, approved_by: 市委深改委}
    - {date: 2026-04-01, field: due, milestone: m2, from: 2026-04-30, to: 2026-05-31, reason: 延期, approved_by: 市委深改委}
- id: T-6
  title: 远期任务
  lead_unit: hitech
  added: 2026-04-02
  milestones:
    - {id: m1, due: 2031-03-31, what: 远期节点}
"""
DAY = date(2026, 6, 20)


@pytest.fixture
def ledger_root(tmp_path) -> Path:
    root = write_ledger(tmp_path / "ledger", tasks={"main.yaml": TASKS, "other.yaml": OTHER})
    (root / ".gitignore").write_text(".reformctl-cache/\n", encoding="utf-8")
    return root


def _load(root: Path):
    from reformctl.pipeline.ledger import load_ledger

    ledger, problems = load_ledger(root)
    assert [p for p in problems if p.severity == "error"] == []
    return ledger


def _spans(day: date = DAY):
    from reformctl.ops.trend import periods

    return periods((2026, 1), (day.year, day.month), "month", day)


def _figures(ledger, store=None, day: date = DAY):
    from reformctl.reports.site import group_keys
    from reformctl.reports.site_parts import site_figures

    return site_figures(ledger, day, _spans(day), group_keys(ledger), store)


def _plain(found) -> tuple:
    """The figures, with each task's row in task order (they are kept by id(task): one load's)."""
    return found._replace(rows=sorted(found.rows.values()))


def _counted(monkeypatch) -> list[int]:
    """How many task files' parts are counted (not taken from the cache), call by call."""
    from reformctl.reports import site_parts

    calls: list[int] = []
    made = site_parts.file_part

    def counting(ledger, *args):
        calls.append(len(ledger.tasks))
        return made(ledger, *args)

    monkeypatch.setattr(site_parts, "file_part", counting)
    return calls


def test_the_sums_of_the_parts_are_the_whole_ledgers(ledger_root):
    from reformctl.ops.status import Filters, compute_status
    from reformctl.ops.trend import figures
    from reformctl.reports.common import by_unit
    from reformctl.timeline import ledger_on

    ledger = _load(ledger_root)
    found = _figures(ledger)
    report = compute_status(ledger, DAY)
    assert found.report == report
    assert found.units == by_unit(ledger_on(ledger, DAY), DAY, report)
    assert found.totals == [figures(ledger, span.end, Filters()) for span in _spans()]
    assert {row[0][0]: row[0] for row in found.rows.values()} == {
        "T-1": ("T-1", "优化营商环境改革", "市发展改革委", "dev", "李明", "in_progress", "red"),
        "T-2": ("T-2", "城市更新试点", "鼓楼区", "gulou", "王芳", "closed", ""),
        "T-5": ("T-5", "职能划转任务", "鼓楼区", "gulou", "王芳", "not_started", "red"),
        "T-6": ("T-6", "远期任务", "高新区", "hitech", "", "not_started", "green")}


def test_a_units_figures_count_the_tasks_it_led_then(ledger_root):
    """T-5 was led by the office until 15 March, then by gulou; hitech co-leads it throughout (and
    T-6 joined the ledger on 2 April); it sits twice on the key list, as the list's page shows it."""
    from reformctl.reports.site import site_data

    data = site_data(_load(ledger_root), DAY, None, _spans())
    trend = {(g.kind, g.id): [(p["on_time_rate"], p["overdue"], p["finished_rate"]) for p in g.trend]
             for g in data.groups}
    assert trend[("unit", "gulou")] == [(None, 0, 0.0), (None, 0, 0.0), (1.0, 0, 0.0), (1.0, 0, 0.0),
                                        (0.6667, 0, 0.3333), (0.4, 2, 0.3333)]
    assert trend[("unit", "hitech")] == [(None, 0, 0.0), (1.0, 0, 0.0), (1.0, 0, 0.0), (1.0, 0, 0.0),
                                         (1.0, 0, 0.0), (0.5, 1, 0.0)]
    assert trend[("unit", "office")] == [(None, 0, None)] * 6
    assert trend[("list", "key")][5] == (0.5, 3, 0.0)


def test_a_list_written_twice_in_the_settings_keeps_each_lists_trend(ledger_root):
    """A list id twice in reformctl.yaml (an error, shown with --force) is one group, and every
    group's trend is still its own (the sums were paired with the groups by place)."""
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.reports.site import site_data

    def trends(root):
        ledger, _ = load_ledger(root)
        data = site_data(ledger, DAY, None, _spans())
        return [((g.kind, g.id), g.trend) for g in data.groups]

    clean = trends(ledger_root)
    settings = ledger_root / "reformctl.yaml"
    text = settings.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.lstrip().startswith("- {id: key"))
    settings.write_text(text.replace(first, first + "\n" + first, 1), encoding="utf-8")
    assert "R203" in {p.code for p in load_ledger(ledger_root)[1]}
    assert trends(ledger_root) == clean


def test_only_a_changed_file_is_counted_again(ledger_root, monkeypatch):
    from reformctl.load.cache import Cache

    store = Cache.for_ledger(ledger_root)
    counted = _counted(monkeypatch)
    cold = _figures(_load(ledger_root))
    assert _plain(_figures(_load(ledger_root), store)) == _plain(cold) and counted == [2, 2, 2, 2]
    counted.clear()
    assert _plain(_figures(_load(ledger_root), store)) == _plain(cold) and counted == []  # both parts kept
    path = ledger_root / "tasks/other.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026-06-22", "2026-06-19"), encoding="utf-8")
    ledger = _load(ledger_root)
    warm = _figures(ledger, store)
    assert counted == [2]  # other.yaml alone
    assert _plain(warm) == _plain(_figures(ledger))
    assert _figures(ledger, store).report.overdue[0].task_id == "T-5"


@pytest.mark.parametrize("change", ["settings", "units", "day"])
def test_a_kept_part_is_not_used_for_other_settings_units_or_day(ledger_root, monkeypatch, change):
    from reformctl.load.cache import Cache

    store = Cache.for_ledger(ledger_root)
    _figures(_load(ledger_root), store)
    counted = _counted(monkeypatch)
    day = DAY
    if change == "settings":  # the window of due soon: a light, a row, a count
        path = ledger_root / "reformctl.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("due_soon_days: 10", "due_soon_days: 1"), "utf-8")
    elif change == "units":  # a unit's name: the rows that name it
        path = ledger_root / "units.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("鼓楼区", "鼓楼区人民政府"), "utf-8")
    else:
        day = date(2026, 6, 21)
    ledger = _load(ledger_root)
    assert _plain(_figures(ledger, store, day)) == _plain(_figures(ledger, None, day))
    assert counted == [2, 2, 2, 2]  # neither part taken from the cache


def test_a_kept_part_of_another_shape_is_a_miss(ledger_root, monkeypatch):
    from reformctl.load.cache import Cache
    from reformctl.reports import site_parts

    store = Cache.for_ledger(ledger_root)
    ledger = _load(ledger_root)
    cold = _figures(ledger)
    kept: dict = {}
    monkeypatch.setattr(store, "put", lambda kind, key, value: kept.setdefault(key, value))
    _figures(ledger, store)
    key, right = next((key, value) for key, value in kept.items() if len(value[4]) == 2)
    odd_rows = [row[:-1] + ["not bytes"] for row in right[4]]
    for odd in ("part", right[:4], (*right[:4], odd_rows), (*right[:2], right[2][:-1], *right[3:]),
                (right[0], right[1], [[[999, 1, 0, 0, 0, 0]]] * len(right[2]), *right[3:]),
                (right[0][:-1], *right[1:])):
        monkeypatch.setattr(store, "get", lambda kind, asked, odd=odd: odd if asked == key else None)
        assert site_parts._kept(store.get(site_parts.KIND, key), len(_spans()), 10, 2) is None, odd
        assert _plain(_figures(ledger, store)) == _plain(cold)


def test_a_part_names_only_its_own_files_fallback_years(ledger_root):
    """T-6's milestone in 2031 (a year the official calendar does not know) is counted in working
    days: a part of the other file, counted in the same process, does not name 2031."""
    from reformctl.load.cache import Cache
    from reformctl.ops.status import compute_status

    store = Cache.for_ledger(ledger_root)
    day = date(2031, 3, 20)
    assert _figures(_load(ledger_root), store, day).report.calendar_fallback_years == [2027, 2028, 2029, 2030, 2031]
    path = ledger_root / "tasks/other.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2031-03-31", "2026-12-31"), encoding="utf-8")
    ledger = _load(ledger_root)
    assert _figures(ledger, store, day).report == compute_status(ledger, day)


def test_a_sharing_calendar_names_the_years_of_its_own_days():
    from reformctl.calendar import WorkCalendar

    shared = WorkCalendar("cn")
    far, near = shared.sharing(), shared.sharing()
    assert far.workdays_between(date(2031, 1, 1), date(2031, 2, 1)) == WorkCalendar("cn").workdays_between(
        date(2031, 1, 1), date(2031, 2, 1))
    assert near.workdays_between(date(2026, 1, 1), date(2026, 2, 1)) == 21
    assert (far.fallback_years, near.fallback_years, shared.fallback_years) == ({2031}, set(), {2031})
    again = shared.sharing()  # the days of 2031 are known already: still named as this one's
    assert again.is_workday(date(2031, 5, 6)) and again.fallback_years == {2031}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edit", [("# 一行注释\n", None), (None, ("2026-06-22", "2026-06-19"))])
def test_a_site_after_one_task_file_changed_is_the_site_built_without_a_cache(ledger_root, cli, tmp_path, edit):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    assert cli("site", "-o", kept, "-l", ledger_root, "--lang", "en").exit_code == 0
    assert cli("site", "-o", kept, "-l", ledger_root, "--lang", "en").stderr == \
        f"Wrote the site to {kept}: 0 files written, 17 unchanged, 0 removed.\n"
    path = ledger_root / "tasks/other.yaml"
    added, replaced = edit
    text = path.read_text(encoding="utf-8")
    path.write_text(text + added if added else text.replace(*replaced), encoding="utf-8")
    rebuilt = cli("site", "-o", kept, "-l", ledger_root, "--lang", "en")
    assert cli("site", "-o", fresh, "-l", ledger_root, "--lang", "en", "--no-cache").exit_code == 0
    assert _files(kept) == _files(fresh)
    # a comment changes no page (the pages of its tasks are made again, and found the same); T-5
    # overdue turns it red: its page, the overview, its units', leader's and list's pages
    written = "0 files written, 17 unchanged" if added else "6 files written, 11 unchanged"
    assert rebuilt.stderr == f"Wrote the site to {kept}: {written}, 0 removed.\n"


def test_a_site_for_another_day_is_not_made_from_kept_parts(ledger_root, cli, tmp_path):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    assert cli("site", "-o", kept, "-l", ledger_root, "--lang", "en").exit_code == 0
    assert cli("site", "-o", kept, "-l", ledger_root, "--lang", "en", "--as-of", "2026-06-23").exit_code == 0
    assert cli("site", "-o", fresh, "-l", ledger_root, "--lang", "en", "--as-of", "2026-06-23",
               "--no-cache").exit_code == 0
    assert _files(kept) == _files(fresh)


def test_a_lean_tasks_page_gets_the_task_built_in_full(ledger_root):
    from reformctl.load.cache import Cache
    from reformctl.pipeline.full import FileChanged, FullTasks
    from reformctl.pipeline.lean import load_lean

    lean, _ = load_lean(ledger_root)
    full = _load(ledger_root)
    for store in (Cache.for_ledger(ledger_root), None):  # from the kept plain data, else from the file
        built = FullTasks(lean, store)
        assert [built(task) for task in lean.tasks] == list(full.tasks)
        assert built(full.tasks[0]) is full.tasks[0]
    path = ledger_root / "tasks/other.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("职能划转任务", "改过的标题"), encoding="utf-8")
    with pytest.raises(FileChanged) as changed:  # not what the lean ledger was read from: nothing built from it
        FullTasks(lean, None)(lean.tasks[-1])
    assert changed.value.rel == "tasks/other.yaml"
