"""Every write to the ledger goes through here: round trip, validate-then-write, atomic, locked.

Each operation is a plain function of the ledger folder and a task id that returns a
:class:`Change` (the file, its bytes before and after, the unified diff, a summary and the
Chinese commit message), or raises :class:`EditRefused` saying why nothing was written::

    from datetime import date
    from reformctl import edit

    change = edit.add_progress("ledgers/demo", "JZ-2026-010", "平台上线试运行", today=date.today())
    print(change.diff)
    print(change.summary.message("zh"))

How every write behaves:

* only the task's own text is given to ruamel.yaml's round trip, and only the lines of the
  record touched change: comments, key order, quoting, flow or block style and blank lines stay;
  the new file is read back and compared with what was meant, or it is not written;
* the whole ledger is checked as it would be after the write (file by file: one file re-read);
  a write that would add an error is refused (`EditRefused.problems` lists them);
* the file is written to a temporary file in its folder, flushed, and renamed over the old one
  (its mode kept), under the ledger's lock (`.reformctl.lock`), and only if the file still holds
  the bytes that were read;
* dates: `day` defaults to the ledger's today (its pinned `as_of`, else `today`) and may not be
  after it; units (`by`) must be in units.yaml; evidence must lie inside the ledger (a missing
  file is a warning, in `Change.notices`).

Many writes at once (`edit_many`, batch.py: `returns import`) read and write each file once and
check the ledger once, with the same guarantees.

The command line (reformctl/cli/edit_*.py) is a thin face over these functions; the spreadsheet
import writes through the same ones. No typer, rich or jinja2 is imported here.
"""

from __future__ import annotations

from .add import add_task, propose_id
from .batch import Batch, Planned, edit_many
from .engine import Change
from .errors import EditRefused, Notice
from .gitcommit import commit_files
from .ops import (add_progress, carry_over, change_status, close_task, complete_milestone, completion_mutation,
                  postpone, progress_mutation, reassign, reword, set_status)
from .storage import DEFAULT_WAIT, LOCK_NAME, ledger_lock


def commit(change: Change) -> str:
    """A git commit of exactly the file `change` wrote, with its Chinese message; the commit id."""
    return commit_files(change.root, [change.file], change.commit_message)


__all__ = ["Change", "EditRefused", "Notice", "add_progress", "complete_milestone", "postpone", "reassign",
           "change_status", "set_status", "reword", "close_task", "carry_over", "add_task", "propose_id",
           "commit", "ledger_lock", "LOCK_NAME", "DEFAULT_WAIT", "edit_many", "Planned", "Batch",
           "progress_mutation", "completion_mutation"]
