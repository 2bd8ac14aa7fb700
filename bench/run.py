"""Time reformctl as whole processes against a plain PyYAML load, and check the targets.

    python bench/run.py                 # 1,000 and 20,000 tasks, 5 runs each (a few minutes)
    python bench/run.py --smoke         # 200 tasks, 1 run: what CI runs (seconds)
    python bench/run.py --sizes 5000 --runs 3
    python bench/run.py --sizes 20000 --runs 1 --only status_cold report_md report_docx

For each size it writes a ledger under bench/out/ (bench/make_ledger.py, fixed seed) and times,
each as the median of --runs whole processes: the reference (a script that loads the same files
with PyYAML's CSafeLoader); `reformctl check --no-cache` (cold); `reformctl check` with the cache
filled and nothing changed (warm); the same after one task file changed (one changed);
`reformctl status` (warm, and with `--no-cache`); `reformctl assess --period 2026` (the table of every
unit's scores, warm); `reformctl report bulletin --period 2026H1` as Markdown and as Word (`-f docx`,
its attachments one row per overdue milestone); `reformctl site` cold and after one task file changed;
`trend --recorded` over 12 month-ends of a 12-commit repository; the floor under `export xlsx`
(what XlsxWriter and openpyxl alone take for its cells, bench/xlsx_floor.py); and one write (`reformctl progress`, with the cache and
without). Then `reformctl status` on the bundled demo against
`python -c "import typer, rich.console, rich.table, pydantic"`. It prints every figure, its ratio
to its reference, the peak memory of each process (os.wait4), and whether each target holds;
it also writes bench/out/results.json. Exit status 1 when a run fails (not when a target is missed:
timings depend on the machine). `--only` times the reference and the figures named, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_ledger import write_ledger  # noqa: E402

REFERENCE = """\
import sys
from pathlib import Path
import yaml
root = Path(sys.argv[1])
records = [path for folder in ("inspections", "notices", "plans", "meetings") for path in sorted((root / folder).rglob("*.yaml"))]
records += [root / name for name in ("upper.yaml", "agenda.yaml", "assessment.yaml") if (root / name).exists()]
for path in [root / "reformctl.yaml", root / "units.yaml", *sorted((root / "tasks").rglob("*.yaml")), *records]:
    with open(path, "rb") as stream:
        yaml.load(stream, Loader=yaml.CSafeLoader)
"""
IMPORTS = "import typer, rich.console, rich.table, pydantic"
TARGET_TASKS = 20000
TARGETS = {  # name: (figure, its reference, the largest ratio allowed), for TARGET_TASKS tasks
    "check cold": ("check_cold", "reference", 0.3),
    "check warm": ("check_warm", "reference", 0.1),
    "check, one file changed": ("check_one_changed", "reference", 0.15),
    "status --no-cache": ("status_cold", "reference", 0.2),
    "report bulletin -f md": ("report_md", "reference", 0.3),
    "report bulletin -f docx": ("report_docx", "reference", 0.5),
    "export xlsx": ("export_xlsx", "reference", 0.5),
    "returns make, 100 units": ("returns_make", "reference", 0.5),
    "returns import, 100 returns": ("returns_import", "reference", 0.3),
    "one write, warm": ("write_warm", "reference", 0.1),
    "one write, cold": ("write_cold", "reference", 0.3),
    "assess --period 2026": ("assess", "reference", 0.3),
    "site cold": ("site_cold", "reference", 1.5),
    "site, one file changed": ("site_one_changed", "reference", 0.3),
    "trend --recorded, 12 month-ends, 12 commits": ("trend_recorded", "reference", 1.0),
}
RETURN_UNITS = 100


class Failed(Exception):
    pass


def run(command: list[str], env: dict, cwd: Path) -> tuple[float, float, float]:
    """Wall time (s), peak memory (MB) and CPU time (s, user + system, its forked children
    included) of one process; Failed when it exits with 2 or more. On a machine that other work
    keeps busy, a process on two cores loses more wall time than the one-core reference: the CPU
    times tell what the wall times hide."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            err.seek(0)
            raise Failed(f"{' '.join(command)} exited {process.returncode}: {err.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def median_of(runs: int, command: list[str], env: dict, cwd: Path, before=None) -> dict:
    times, peaks, cpu = [], [], []
    for index in range(runs):
        if before:
            before(index)
        elapsed, peak, used = run(command, env, cwd)
        times.append(elapsed)
        peaks.append(peak)
        cpu.append(used)
    return {"seconds": statistics.median(times), "all": [round(t, 3) for t in times], "peak_mb": max(peaks),
            "cpu_seconds": statistics.median(cpu)}


def reformctl_command() -> list[str]:
    found = shutil.which("reformctl", path=str(Path(sys.executable).parent)) or shutil.which("reformctl")
    return [found] if found else [sys.executable, "-m", "reformctl"]


FIGURES = ("check_cold", "check_warm", "check_one_changed", "status_warm", "status_cold", "assess", "report_md", "report_docx",
           "export_xlsx", "returns_make", "returns_import", "returns_import_write", "write_warm", "write_cold",
           "site_cold", "site_one_changed", "trend_recorded")
SPREADSHEETS = ("export_xlsx", "returns_make", "returns_import", "returns_import_write")


def measure_size(tasks: int, runs: int, out: Path, env: dict, only: frozenset = frozenset(FIGURES)) -> dict:
    ledger = out / f"ledger-{tasks}"
    if ledger.exists():
        shutil.rmtree(ledger)
    write_ledger(ledger, tasks, max(1, tasks // 100), seed=2026)
    (ledger / ".gitignore").write_text(".reformctl-cache/\n", encoding="utf-8")  # as `reformctl init` writes it
    shutil.rmtree(ledger / ".reformctl-cache", ignore_errors=True)
    tool = reformctl_command()
    check = [*tool, "check", "-l", str(ledger)]
    changed = sorted((ledger / "tasks").glob("*.yaml"))[0]
    original = changed.read_bytes()

    def change_one_file(index: int) -> None:  # a new comment each time: the content is new
        changed.write_bytes(original + f"# 第 {index + 1} 次修改\n".encode())

    def bulletin(fmt: str) -> list[str]:
        return [*tool, "report", "bulletin", "--period", "2026H1", "-l", str(ledger), "-f", fmt,
                "-o", str(out / f"bulletin.{fmt}"), "--force"]

    figures = {"tasks": tasks, "megabytes": round(sum(p.stat().st_size for p in ledger.rglob("*.yaml")) / 1e6, 1)}
    figures["reference"] = median_of(runs, [sys.executable, "-c", REFERENCE, str(ledger)], env, out)
    if "check_cold" in only:
        figures["check_cold"] = median_of(runs, [*check, "--no-cache"], env, out)
    run(check, env, out)  # fills the cache
    if "check_warm" in only:
        figures["check_warm"] = median_of(runs, check, env, out)
    if "check_one_changed" in only:
        figures["check_one_changed"] = median_of(runs, check, env, out, before=change_one_file)
        changed.write_bytes(original)
    if "status_cold" in only:
        figures["status_cold"] = median_of(runs, [*tool, "status", "--no-cache", "-l", str(ledger)], env, out)
    if "status_warm" in only:
        run([*tool, "status", "-l", str(ledger)], env, out)
        figures["status_warm"] = median_of(runs, [*tool, "status", "-l", str(ledger)], env, out)
    if "assess" in only:  # warm as status is: the lean tasks kept (status and the reports keep them too)
        run([*tool, "assess", "--period", "2026", "-l", str(ledger)], env, out)
        figures["assess"] = median_of(runs, [*tool, "assess", "--period", "2026", "-l", str(ledger)], env, out)
    if {"report_md", "report_docx"} & only:  # the first report after a check keeps each file's lean tasks
        run(bulletin("md"), env, out)
    for fmt in ("md", "docx"):  # with the cache filled, as an office runs them day to day
        if f"report_{fmt}" in only:
            figures[f"report_{fmt}"] = median_of(runs, bulletin(fmt), env, out)
    # one write: a progress entry through reformctl.edit (find the task, edit its file, check the
    # ledger as it would be, write); the file gets a new comment first, so that every write is new
    write = [*tool, "progress", _first_task(changed), "基准测试：一次写入", "-l", str(ledger)]
    run(check, env, out)  # the cache filled for the ledger as generated
    if "write_warm" in only:
        figures["write_warm"] = median_of(runs, write, env, out, before=change_one_file)
    if "write_cold" in only:
        figures["write_cold"] = median_of(runs, write, {**env, "REFORMCTL_NO_CACHE": "1"}, out,
                                          before=change_one_file)
    changed.write_bytes(original)
    if only & set(SPREADSHEETS):
        figures.update(measure_spreadsheets(tool, ledger, runs, out, env, RETURN_UNITS if tasks >= 1000 else 5))
    if only & {"site_cold", "site_one_changed", "trend_recorded"}:
        figures.update(measure_site(tool, ledger, runs, out, env))
        changed.write_bytes(original)
    return figures


def measure_spreadsheets(tool: list[str], ledger: Path, runs: int, out: Path, env: dict, units: int) -> dict:
    """export xlsx; returns make for 100 units; returns import of those 100 returns, the first row of
    each given a month's progress (timed as --dry-run, which reads and checks every cell and tries
    every write, then once for real, last, since a real import changes the ledger). The writes go
    through reformctl.edit as one batch (edit_many): each task file touched is written once and the
    ledger checked once, as it would be after all of them."""
    figures = {"export_xlsx": median_of(runs, [*tool, "export", "xlsx", "-l", str(ledger), "-o",
                                               str(out / "ledger.xlsx"), "--force"], env, out)}
    figures["xlsx_floor"] = xlsx_floor(ledger, env, out)
    units = _reporting_units(ledger)[:units]
    returns = out / "returns"
    shutil.rmtree(returns, ignore_errors=True)
    make = [*tool, "returns", "make", "-p", "2026-09", "-l", str(ledger), "-o", str(returns), "--force"]
    figures["returns_make"] = median_of(runs, make + [arg for unit in units for arg in ("-u", unit)], env, out)
    files = sorted(str(path) for path in returns.glob("*.xlsx"))
    figures["returns_rows"] = _fill_returns(files)
    figures["returns_import"] = median_of(runs, [*tool, "returns", "import", *files, "--dry-run", "-l", str(ledger)],
                                          env, out)
    figures["returns_import_write"] = median_of(1, [*tool, "returns", "import", *files, "-l", str(ledger)], env, out)
    return figures


def xlsx_floor(ledger: Path, env: dict, out: Path) -> dict:
    """What the writers alone take for the cells `export xlsx` writes (bench/xlsx_floor.py): the
    floor under the export with each writer, beside the export's own figure."""
    done = subprocess.run([sys.executable, str(HERE / "xlsx_floor.py"), str(ledger), "--sample", "0.05"], env=env,
                          cwd=out, capture_output=True, text=True)
    if done.returncode:
        raise Failed(f"xlsx_floor.py exited {done.returncode}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def measure_site(tool: list[str], ledger: Path, runs: int, out: Path, env: dict) -> dict:
    """`reformctl site`: cold (no cache, no pages yet), and after one task file changed (the cache
    filled, the pages there; the title of its first task changed, so that its page, the pages of
    its units, leader and list, and the search index are made and written again); then
    `trend --recorded` over the 12 month-ends of a repository whose 12 commits each change a task
    file at a month's end (the cache filled by a first run)."""
    site = out / "site"
    command = [*tool, "site", "-o", str(site), "-l", str(ledger)]
    figures = {"site_cold": median_of(runs, [*command, "--no-cache"], env, out,
                                      before=lambda _: shutil.rmtree(site, ignore_errors=True))}
    run(command, env, out)
    changed = sorted((ledger / "tasks").glob("*.yaml"))[0]
    original = changed.read_text(encoding="utf-8")

    def retitle(index: int) -> None:  # a task's title: its page, the pages that list it, the search index change
        first = original.index("\n  title: ") + len("\n  title: ")
        changed.write_text(f"{original[:first]}（第 {index + 1} 次修改）{original[first:]}", encoding="utf-8")

    figures["site_one_changed"] = median_of(runs, command, env, out, before=retitle)
    changed.write_text(original, encoding="utf-8")
    repo = _monthly_repository(ledger, out / "trend-repo")
    trend = [*tool, "trend", "--recorded", "--from", "2026-01", "--to", "2026-12", "--as-of", "2026-12-31",
             "-l", str(repo)]
    run(trend, env, out)
    figures["trend_recorded"] = median_of(runs, trend, env, out)
    return figures


def _monthly_repository(ledger: Path, repo: Path) -> Path:
    """A copy of the ledger in git with 12 commits, one at each month's end, each changing a task file."""
    shutil.rmtree(repo, ignore_errors=True)
    shutil.copytree(ledger, repo, ignore=shutil.ignore_patterns(".reformctl-cache"))
    files = sorted((repo / "tasks").glob("*.yaml"))

    def git(*args: str, day: str = "2026-01-01") -> None:
        stamp = {"GIT_AUTHOR_DATE": f"{day}T18:00:00+08:00", "GIT_COMMITTER_DATE": f"{day}T18:00:00+08:00"}
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c",
                        "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True,
                       env={**os.environ, **stamp})

    git("init", "-q")
    for month in range(1, 13):
        changed = files[(month - 1) % len(files)]
        changed.write_bytes(changed.read_bytes() + f"# {month} 月报送\n".encode())
        git("add", "-A")
        git("commit", "-q", "-m", f"{month} 月报送", day=f"2026-{month:02d}-28")
    return repo


def _reporting_units(ledger: Path) -> list[str]:
    from reformctl.pipeline.ledger import load_ledger
    from reformctl.ops.returns import reporting_units

    loaded, _ = load_ledger(ledger, run_checks=False)
    return reporting_units(loaded, loaded.config.as_of)


def _first_task(path: Path) -> str:
    import re

    return re.search(r"(?m)^- id: (\S+)", path.read_text(encoding="utf-8")).group(1)


def _fill_returns(files: list[str]) -> int:
    """Give the first row of every return a month's progress; the rows filled."""
    import openpyxl

    rows = 0
    for name in files:
        book = openpyxl.load_workbook(name)
        form = book["进展报送表"]
        form.cell(4, 7, "本月按计划推进，完成阶段工作")
        rows += 1
        book.save(name)
    return rows


def measure_demo(runs: int, out: Path, env: dict) -> dict:
    tool = reformctl_command()
    run([*tool, "status"], env, out)  # out/ holds no ledger: the bundled demo; this fills the cache
    return {"imports": median_of(runs, [sys.executable, "-c", IMPORTS], env, out),
            "demo_status": median_of(runs, [*tool, "status"], env, out)}


def report(results: dict) -> list[str]:
    lines = []
    for size in results["sizes"]:
        ref = size["reference"]["seconds"]
        lines.append(f"\n{size['tasks']} tasks, {size['megabytes']} MB of YAML")
        for name in ("reference", *(name for name in FIGURES if name in size)):
            figure = size[name]
            lines.append(f"  {name:<18} {figure['seconds']:7.3f} s  {figure['seconds'] / ref:6.3f} x reference"
                         f"  peak {figure['peak_mb']:6.0f} MB   runs {figure['all']}   CPU {figure['cpu_seconds']:7.3f} s")
        floor = size.get("xlsx_floor")
        if floor:
            for writer, label in (("xlsxwriter", "floor XlsxWriter"), ("openpyxl_write_only", "floor openpyxl")):
                lines.append(f"  {label:<18} {floor[writer]:7.3f} s  {floor[writer] / ref:6.3f} x reference"
                             f"  (the writer alone, {floor['cells']:,} cells; bench/xlsx_floor.py)")
    demo = results.get("demo") or {}
    if demo:
        lines.append("\nbundled demo")
    for name in ("imports", "demo_status") if demo else ():
        figure = demo[name]
        lines.append(f"  {name:<18} {figure['seconds']:7.3f} s  {figure['seconds'] / demo['imports']['seconds']:6.3f} x imports"
                     f"  peak {figure['peak_mb']:6.0f} MB   runs {figure['all']}")
    lines.append("\ntargets")
    for verdict in verdicts(results):
        lines.append("  " + verdict)
    return lines


def verdicts(results: dict) -> list[str]:
    """The issue's targets. Those on `check` are set for a province: 20,000 tasks (at small sizes
    the start of Python and the imports are most of the time, and the ratios mean little)."""
    found = []
    for size in results["sizes"]:
        if size["tasks"] != TARGET_TASKS:
            continue
        for name, (figure, reference, limit) in TARGETS.items():
            if figure in size:
                ratio = size[figure]["seconds"] / size[reference]["seconds"]
                found.append(_verdict(f"{name}, {size['tasks']} tasks", ratio, limit))
        peaks = [size[name]["peak_mb"] for name in FIGURES if name in size]
        if peaks:
            found.append(_verdict(f"peak memory, {size['tasks']} tasks (MB)", max(peaks), 400))
    if not found:
        found.append(f"(the targets on check are for {TARGET_TASKS:,} tasks: run without --smoke)")
    demo = results.get("demo")
    if demo:
        found.append(_verdict("status on the demo, warm", demo["demo_status"]["seconds"] / demo["imports"]["seconds"], 1.5))
    if len(results["sizes"]) >= 2 and all("check_cold" in size for size in results["sizes"]):
        small, large = results["sizes"][0], results["sizes"][-1]
        growth = large["check_cold"]["seconds"] / small["check_cold"]["seconds"]
        found.append(_verdict(f"check cold, {large['tasks']} / {small['tasks']} tasks",
                              growth, 25 * large["tasks"] / small["tasks"] / 20))
    return found


def _verdict(name: str, value: float, limit: float) -> str:
    return f"{'ok  ' if value <= limit else 'MISS'} {name}: {value:.3f} (at most {limit:g})"


def compile_reformctl(env: dict) -> None:
    """Write reformctl's bytecode before timing, as installing it does (pip compiles a wheel's
    modules): where PYTHONDONTWRITEBYTECODE is set or the package is installed in place, every
    timed process would otherwise compile its modules from source (about 0.2–0.3 s a run)."""
    from importlib.util import find_spec

    spec = find_spec("reformctl")
    if spec and spec.origin:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(spec.origin).parent)], env=env, check=False,
                       stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="200 tasks, one run: a quick proof that it all runs")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=FIGURES, metavar="FIGURE",
                        help=f"time the reference and only these figures (no demo): {', '.join(FIGURES)}")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args()
    sizes, runs = ([200], 1) if args.smoke else (args.sizes, args.runs)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(out / "user-cache"), "REFORMCTL_LANG": "en"}
    env.pop("REFORMCTL_LEDGER", None)
    env.pop("REFORMCTL_NO_CACHE", None)
    shutil.rmtree(out / "user-cache", ignore_errors=True)
    compile_reformctl(env)
    try:
        only = frozenset(args.only or FIGURES)
        results = {"sizes": [measure_size(n, runs, out, env, only) for n in sizes]}
        if not args.only:
            results["demo"] = measure_demo(runs, out, env)
    except Failed as failure:
        print(f"bench: a run failed: {failure}", file=sys.stderr)
        return 1
    (out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("\n".join(report(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
