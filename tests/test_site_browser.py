"""The site in a real browser: headless Chromium from the system's packages loads the pages from
disk (tests/chromium.py drives it over the DevTools protocol, through a pipe).

No console error, no request leaves the file system, the search finds a task, a filter hides rows,
and an accessibility pass: landmarks, labelled charts and controls, and the contrast of the light
colours. Screenshots at 1280×800 go to the test's folder; with REFORMCTL_SCREENSHOTS=docs/images
they go there, for docs/site.md.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from chromium import Browser, find_chromium
from ci_repo import git

from reformctl.load.find import demo_ledger

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: install Debian's `chromium` package "
                                                         "(.ci/run does) to run the browser tests")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The demo ledger, committed to a fresh repository, as a site."""
    from typer.testing import CliRunner

    from reformctl.cli import app

    top = tmp_path_factory.mktemp("demo")
    shutil.copytree(demo_ledger(), top / "ledger", ignore=shutil.ignore_patterns(".reformctl-cache"))
    root = top / "ledger"
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "示例台账")
    out = top / "public"
    result = CliRunner().invoke(app, ["site", "-o", str(out), "-l", str(root), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    opened = Browser(CHROMIUM, tmp_path_factory.mktemp("profile"))
    yield opened
    opened.close()


def _pages(site: Path) -> list[Path]:
    """首页, a unit and a task: the demo's task with a postponement and a dependant, if it is there."""
    task = site / "tasks/JZ-2026-010.html"
    task = task if task.exists() else sorted((site / "tasks").glob("*.html"))[0]
    unit = site / "units/shuju.html"
    unit = unit if unit.exists() else sorted((site / "units").glob("*.html"))[0]
    return [site / "index.html", unit, task]


def _index(site: Path) -> list:
    return json.loads((site / "search.json").read_text(encoding="utf-8"))


def test_pages_load_with_no_error_and_nothing_from_the_network(site, browser, tmp_path):
    shots = Path(os.environ.get("REFORMCTL_SCREENSHOTS") or tmp_path)
    for page, shot in zip(_pages(site), ("site-home.png", "site-unit.png", "site-task.png")):
        since = len(browser.events)
        browser.open(page.as_uri())
        browser.screenshot(shots / shot)
        assert (shots / shot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert browser.errors(since) == [], page
        requests = browser.requests(since)
        assert requests and all(url.startswith("file://") for url in requests), requests
        assert browser.evaluate("window.REFORMCTL_INDEX.length") == len(_index(site))  # it ran under the CSP


def test_search_finds_a_task(site, browser):
    task_id, title, _, href = _index(site)[7]
    browser.open((site / "index.html").as_uri())
    found = browser.evaluate("""(() => {
        const input = document.getElementById("search");
        input.value = QUERY;
        input.dispatchEvent(new Event("input"));
        const results = document.getElementById("search-results");
        return [results.hidden, Array.from(results.querySelectorAll("a")).map(a => [a.textContent, a.getAttribute("href")])];
    })()""".replace("QUERY", json.dumps(title[2:8])))  # a piece of the title
    assert found[0] is False and [f"{task_id} {title}", href] in found[1]


def test_a_filter_hides_rows(site, browser):
    browser.open(sorted((site / "lists").glob("*.html"))[0].as_uri())  # a list's tasks, with their lights
    counts = browser.evaluate("""(() => {
        const rows = () => Array.from(document.querySelectorAll("#task-table tbody tr"));
        const shown = () => rows().filter(r => !r.hidden).length;
        const before = shown();
        const select = document.getElementById("task-table-light");
        select.value = "red";
        select.dispatchEvent(new Event("change"));
        const red = shown();
        const reds = rows().filter(r => r.dataset.light === "red");
        const text = document.getElementById("task-table-text");
        text.value = reds[0].querySelector("a").textContent;
        text.dispatchEvent(new Event("input"));
        return [before, rows().length, red, reds.length, shown(),
                rows().filter(r => !r.hidden).every(r => r.dataset.light === "red")];
    })()""")
    before, total, red, reds, one, all_red = counts
    assert (before, red, one, all_red) == (total, reds, 1, True)
    assert 0 < reds < total


def test_accessibility_landmarks_labels_and_alt_text(site, browser):
    for page in _pages(site):
        browser.open(page.as_uri())
        found = browser.evaluate("""(() => ({
            lang: document.documentElement.lang,
            landmarks: ["header", "nav", "main", "footer"].map(t => document.querySelectorAll(t).length),
            h1: document.querySelectorAll("h1").length,
            unlabelledCharts: Array.from(document.querySelectorAll("svg.chart"))
                .filter(s => s.getAttribute("role") !== "img" || !s.getAttribute("aria-label") || !s.querySelector("title")).length,
            imagesWithoutAlt: Array.from(document.querySelectorAll("img")).filter(i => !i.hasAttribute("alt")).length,
            unlabelledControls: Array.from(document.querySelectorAll("input, select"))
                .filter(c => !(c.id && document.querySelector(`label[for="${c.id}"]`))).length,
            tablesWithoutHeaders: Array.from(document.querySelectorAll("table")).filter(t => !t.querySelector("th")).length,
        }))()""")
        assert found == {"lang": "zh-CN", "landmarks": [1, 1, 1, 1], "h1": 1, "unlabelledCharts": 0,
                         "imagesWithoutAlt": 0, "unlabelledControls": 0, "tablesWithoutHeaders": 0}, page


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed colour 'rgb(r, g, b)'."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_the_light_colours_are_readable(site, browser):
    browser.open((site / "index.html").as_uri())
    colours = browser.evaluate("""(() => Object.fromEntries(["red", "yellow", "green"].map(light => {
        const badge = document.querySelector(`.light-${light}`);
        const style = getComputedStyle(badge);
        return [light, [style.color, style.backgroundColor]];
    })))()""")
    ratios = {}
    for light, (ink, paper) in colours.items():
        high, low = sorted((_luminance(ink), _luminance(paper)), reverse=True)
        ratios[light] = round((high + 0.05) / (low + 0.05), 1)
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios  # WCAG AA for text
