"""The generic record kinds (reformctl.layout.RECORD_KINDS): inspections/ and notices/ read, checked,
cached and read from git like the tasks, with the same safety."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import write_ledger

INSPECTION = """\
id: ZX-2026-1
kind: special
title: 2026年上半年营商环境改革专项督察
date: 2026-06-15
by: office
scope: {units: [dev, gulou], lists: [key], tasks: [T-1]}
findings:
  - id: F-1
    unit: dev
    task: T-1
    milestone: m2
    text: 方案形成滞后
    severity: major
    rectify_by: 2026-07-15
  - id: F-2
    unit: gulou
    text: 试点经验总结不够
    rectify_by: 2026-06-30
    closed: {date: 2026-06-18, by: office, evidence: [docs/f2.pdf]}
"""

NOTICE = """\
id: DB-2026-1
ref: 江改督〔2026〕1号
date: 2026-06-16
to: dev
about: {tasks: [T-1], milestones: [T-1/m2], findings: [F-1]}
ask: 请于6月30日前书面报告滞后原因及整改措施
reply_by: 2026-06-30
"""


def _ledger(tmp_path: Path, **files: str) -> Path:
    found = {"inspections/zx.yaml": INSPECTION, "notices/db1.yaml": NOTICE}
    found.update({rel.replace("__", "/") + ".yaml": text for rel, text in files.items()})
    return write_ledger(tmp_path / "ledger", files={rel: text for rel, text in found.items() if text is not None})


def _check(cli, root: Path, *args: str):
    return cli("check", "-l", root, "--lang", "en", *args)


def test_records_are_loaded_into_the_ledger(tmp_path):
    from reformctl.pipeline.ledger import load_ledger

    ledger, problems = load_ledger(_ledger(tmp_path), cache=False)
    assert problems == []
    assert [i.id for i in ledger.inspections] == ["ZX-2026-1"]
    assert [f.id for f in ledger.inspections[0].findings] == ["F-1", "F-2"]
    assert [n.id for n in ledger.notices] == ["DB-2026-1"]
    assert [(f.path, f.kind) for f in ledger.files][-2:] == [("inspections/zx.yaml", "inspections"),
                                                              ("notices/db1.yaml", "notices")]
    assert ledger.inspections[0].findings[1].src == ("inspections/zx.yaml", ("findings", 1))


def test_a_clean_ledger_with_records_checks_clean(tmp_path, cli):
    result = _check(cli, _ledger(tmp_path), "--no-cache")
    assert (result.stdout, result.stderr) == ("", "5 files, 2 tasks: no errors, 0 warnings.\n")
    assert result.exit_code == 0


BAD_REFS = """\
id: ZX-2026-2
kind: routine
title: 常规督察
date: 2026-06-10
by: ofice
scope: {lists: [keys], tasks: [T-9]}
findings:
  - id: F-1
    unit: dev
    task: T-1
    milestone: m9
    text: 重复编号
    rectify_by: 2026-07-01
  - id: F-3
    unit: dev
    milestone: m1
    text: 未写任务
    rectify_by: 2026-07-01
"""

BAD_NOTICE = """\
id: DB-2026-1
date: 2026-06-16
to: devv
about: {milestones: [T-1], findings: [F-9]}
ask: 请报告
reply_by: 2026-06-30
"""


def test_unknown_references_and_duplicate_ids_are_reported_with_places(tmp_path, cli):
    root = _ledger(tmp_path, inspections__zx2=BAD_REFS, notices__db2=BAD_NOTICE)
    result = _check(cli, root, "--no-cache")
    assert result.stdout.splitlines() == [
        "inspections/zx2.yaml:5:5: R751 unknown unit 'ofice' (did you mean 'office'?); units are listed in units.yaml.",
        "inspections/zx2.yaml:6:17: R757 unknown list 'keys' (did you mean 'key'?); lists are declared under 'lists' in reformctl.yaml.",
        "inspections/zx2.yaml:6:32: R752 names task 'T-9', which is not on the ledger (did you mean 'T-2'?); write the id of a task under tasks/.",
        "inspections/zx2.yaml:8:9: R750 finding id 'F-1' is already used in inspections/zx.yaml; give every finding its own id.",
        "inspections/zx2.yaml:11:16: R753 task T-1 has no milestone 'm9'; write the id of one of its milestones.",
        "inspections/zx2.yaml:16:16: R755 the finding names milestone 'm1' but no task; add 'task:' with the task it belongs to.",
        "notices/db2.yaml:1:5: R750 notice id 'DB-2026-1' is already used in notices/db1.yaml; give every notice its own id.",
        "notices/db2.yaml:3:5: R751 unknown unit 'devv' (did you mean 'dev'?); units are listed in units.yaml.",
        "notices/db2.yaml:4:22: R754 'T-1' does not name a milestone; write it as TASK/MILESTONE, e.g. T-001/M1.",
        "notices/db2.yaml:4:39: R756 names finding 'F-9', which no inspection holds (did you mean 'F-3'?); write the id of a finding under inspections/.",
    ]
    assert result.exit_code == 1


def test_a_record_file_of_the_wrong_shape_or_with_unknown_keys(tmp_path, cli):
    root = _ledger(tmp_path, notices__db1="- id: x\n", inspections__zx=INSPECTION.replace("severity:", "severty:"))
    result = _check(cli, root, "--no-cache")
    lines = result.stdout.splitlines()
    assert lines[0] == ("inspections/zx.yaml:13:5: R101 unknown key 'severty' (did you mean 'severity'?). Keys allowed "
                        "here: id, unit, task, milestone, text, severity, rectify_by, rectification, progress, changes, closed.")
    assert lines[1] == ("notices/db1.yaml:1:1: R008 this file must hold one notice, a mapping of keys, "
                        "but it holds a list.")
    assert result.exit_code == 1


def test_a_missing_key_names_the_record(tmp_path, cli):
    root = _ledger(tmp_path, notices__db1=NOTICE.replace("reply_by: 2026-06-30\n", ""))
    result = _check(cli, root, "--no-cache")
    assert result.stdout == "notices/db1.yaml:1:1: R102 the required key 'reply_by' is missing from this notice; add it.\n"
    zh = cli("check", "-l", root, "--lang", "zh", "--no-cache")
    assert zh.stdout == "notices/db1.yaml:1:1: R102 此督办通知缺少必填键“reply_by”；请补上。\n"


def test_links_odd_files_tags_and_control_characters_are_refused_in_record_folders(tmp_path, cli):
    root = _ledger(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: x\n", encoding="utf-8")
    (root / "notices" / "link.yaml").symlink_to(secret)
    (root / "inspections" / "tagged.yaml").write_text("id: !!python/object x\n", encoding="utf-8")
    os.mkfifo(root / "notices" / "pipe.yaml")
    (root / "notices" / "ctl.yaml").write_text(NOTICE.replace("DB-2026-1", "DB-2") .replace("请于", "请\u202e于"),
                                               encoding="utf-8")
    result = _check(cli, root, "--no-cache")
    codes = [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()]
    places = [line.split(": ")[0] for line in result.stdout.splitlines()]
    assert ("notices/link.yaml:1:1", "R011") in list(zip(places, codes))
    assert list(zip(places, codes)) == [("inspections/tagged.yaml:1:5", "R014"), ("notices/ctl.yaml:6:7", "R016"),
                                        ("notices/link.yaml:1:1", "R011"), ("notices/pipe.yaml:1:1", "R012")]
    assert result.exit_code == 1


def test_the_record_folder_as_a_link_is_refused(tmp_path, cli):
    root = _ledger(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (root / "notices").rename(elsewhere)
    (root / "notices").symlink_to(elsewhere)
    result = _check(cli, root, "--no-cache")
    assert result.stdout.splitlines()[0].startswith("notices:1:1: R011 this is a symbolic link")


def test_the_cached_check_agrees_with_the_fresh_one_after_a_record_changes(tmp_path, cli):
    root = _ledger(tmp_path)
    first = _check(cli, root)
    again = _check(cli, root)
    assert first.stdout == again.stdout and first.exit_code == again.exit_code == 0
    (root / "notices" / "db1.yaml").write_text(NOTICE.replace("to: dev", "to: devv"), encoding="utf-8")
    changed = _check(cli, root)
    assert changed.stdout.splitlines()[0] == ("notices/db1.yaml:4:5: R751 unknown unit 'devv' (did you mean 'dev'?); "
                                              "units are listed in units.yaml.")
    assert _check(cli, root, "--no-cache").stdout == changed.stdout


def test_incremental_check_equals_the_whole_load(tmp_path):
    from reformctl.pipeline.incremental import check_ledger
    from reformctl.pipeline.ledger import load_ledger

    root = _ledger(tmp_path, notices__db1=BAD_NOTICE)
    _, whole = load_ledger(root, cache=False)
    _, by_file = check_ledger(root, cache=False)
    assert [p.format() for p in by_file] == [p.format() for p in whole]
    assert any(p.code == "R751" for p in whole)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


def test_records_are_read_from_a_git_revision(tmp_path):
    from reformctl.gitsource import GitFiles
    from reformctl.pipeline.ledger import load_ledger

    root = _ledger(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "one")
    (root / "notices" / "db1.yaml").unlink()
    files = GitFiles(root, "HEAD")
    assert [rel for rel, kind in files.ledger_files() if kind in ("inspections", "notices")] == [
        "inspections/zx.yaml", "notices/db1.yaml"]
    ledger, problems = load_ledger(root, files=files, cache=False)
    assert problems == [] and [n.id for n in ledger.notices] == ["DB-2026-1"]


def test_a_link_committed_in_a_record_folder_is_refused_from_git(tmp_path):
    from reformctl.gitsource import GitFiles
    from reformctl.pipeline.ledger import load_ledger

    root = _ledger(tmp_path)
    (root / "notices" / "link.yaml").symlink_to("/etc/passwd")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "one")
    _, problems = load_ledger(root, files=GitFiles(root, "HEAD"), cache=False)
    assert [(p.where(), p.code) for p in problems] == [("notices/link.yaml:1:1", "R011")]


def test_one_table_names_the_kinds():
    from reformctl.layout import RECORD_KIND, RECORD_KINDS
    from reformctl.load.stages import record_model

    assert RECORD_KIND["inspections"].holds("inspections/2026/zx.yaml")
    assert not RECORD_KIND["inspections"].holds("inspections/readme.txt")
    for kind in RECORD_KINDS:
        assert record_model(kind).RECORD_NAME[0] == kind.name_en


@pytest.mark.parametrize("missing", ["inspections", "notices"])
def test_a_ledger_without_the_folders_is_fine(tmp_path, missing, cli):
    root = _ledger(tmp_path, **({"inspections__zx": None} if missing == "inspections" else {"notices__db1": None}))
    result = _check(cli, root, "--no-cache")
    assert result.exit_code == (1 if missing == "inspections" else 0)
    if missing == "inspections":  # the notice names a finding no inspection holds
        assert "R756" in result.stdout


def test_a_record_that_fails_validation_does_not_pile_unknown_references_on(tmp_path, cli):
    root = _ledger(tmp_path, inspections__zx=INSPECTION.replace("severity: major", "severity: huge"))
    result = _check(cli, root, "--no-cache")
    # the notice names finding F-1 of the inspection that could not be built: no R756 piled on
    assert result.stdout == ("inspections/zx.yaml:13:15: R107 'huge' is not a valid severity; choose one of: "
                             "'serious', 'major' or 'general'.\n")


def test_every_supervision_code_is_in_the_catalogue_and_the_docs():
    from reformctl.problems import RULES

    docs = (Path(__file__).resolve().parent.parent / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    codes = [code for code in RULES if "R750" <= code <= "R769" or "R950" <= code <= "R959"]
    assert codes == [f"R{n}" for n in range(750, 767)] + ["R950", "R951", "R952", "R953", "R954", "R955", "R956"]
    for code in codes:
        assert RULES[code].en and RULES[code].zh and f"| {code} | `{RULES[code].name}` |" in docs
