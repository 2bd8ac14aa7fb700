"""Ledger repositories for CI tests: a real git repository in a temporary folder.

A test commits the base ledger, makes a pull request's edit as another author, and runs
`reformctl check --base` on it, as CI does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Optional

from helpers import CONFIG, TASKS, dedent, write_ledger

OFFICE = "office@jz.gov.cn"
DEV = "dev@jz.gov.cn"
GULOU = "gulou@jz.gov.cn"
HITECH = "hitech@jz.gov.cn"

# The units of helpers.UNITS, with the git emails and forge teams of their staff.
UNITS_WITH_MEMBERS = """\
leaders:
  - {id: li, name: 李明, title: 副市长}
  - {id: wang, name: 王芳, title: 市委常委}
units:
  - {id: office, name: 市委改革办, kind: office, members: [office@jz.gov.cn], teams: ['@jz/office']}
  - {id: dev, name: 市发展改革委, kind: department, members: [dev@jz.gov.cn], teams: ['@jz/dev']}
  - {id: gulou, name: 鼓楼区, kind: district, members: [gulou@jz.gov.cn], teams: ['@jz/gulou']}
  - {id: hitech, name: 高新区, kind: park, members: [hitech@jz.gov.cn]}
"""


# Commits are dated on the ledgers' as-of day, so that what depends on the day a pull request
# began (late reports) does not depend on the day the tests run.
DAY = "2026-06-20"


def git(root: Path, *args: str, email: str = OFFICE, day: str = DAY, config: tuple[str, ...] = ()) -> str:
    stamp = f"{day}T10:00:00+08:00"
    options = [item for pair in (("-c", c) for c in config) for item in pair]
    result = subprocess.run(["git", "-c", "user.name=台账测试", "-c", f"user.email={email}",
                             "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *options, *args],
                            cwd=root, capture_output=True, text=True, check=True,
                            env={**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    return result.stdout.strip()


class LedgerRepo:
    """A ledger in a git repository; `root` is the ledger folder (maybe below the repository's top)."""

    def __init__(self, top: Path, sub: str = "", tasks: Optional[dict[str, str]] = None,
                 units: str = UNITS_WITH_MEMBERS, config: str = CONFIG):
        self.top = top
        self.root = top / sub if sub else top
        write_ledger(self.root, config=config, units=units, tasks=tasks if tasks is not None else {"main.yaml": TASKS})
        git(top, "init", "-q")
        self.base = self.commit("base ledger")

    def commit(self, message: str, email: str = OFFICE, day: str = DAY, config: tuple[str, ...] = ()) -> str:
        git(self.top, "add", "-A")
        git(self.top, "commit", "-q", "--allow-empty", "-m", message, email=email, day=day, config=config)
        return git(self.top, "rev-parse", "HEAD")

    def confirm(self, message: str = "改革办确认") -> str:
        """The office's confirmation of what the pull request asks: an empty commit of its own."""
        return self.commit(message, email=OFFICE)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def edit(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new` in a ledger file; `old` must be there (a typo in a test fails loudly)."""
        text = self.path(rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        self.path(rel).write_text(text.replace(old, new, count), encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        self.path(rel).parent.mkdir(parents=True, exist_ok=True)
        self.path(rel).write_text(dedent(text), encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line holding `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")
