"""A lean ledger's tasks in full, one task file at a time, when a page needs all of a task.

`reformctl site` reads a sound ledger lean (reformctl.pipeline.lean) and makes again only the
pages whose content changed: usually those of the tasks of one file. A task's own page shows
what a lean task does not carry (the task book, the reasons and approvals of its changes), so
the tasks of that file alone are built in full: from the plain data kept for its content (cache
kind ``parse``), else from the file itself when it still holds the content the lean ledger was
read from. When it does not (the file was changed while the pages were being made), nothing is
built from it: FileChanged says which file, and nothing of it is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional


class FileChanged(Exception):
    """A task file no longer holds the content the ledger was read from."""

    def __init__(self, rel: str):
        super().__init__(rel)
        self.rel = rel


class FullTasks:
    """task -> the same task built in full (a pydantic Task), each task file built once."""

    def __init__(self, ledger: Any, store: Any):
        self.root = Path(ledger.root)
        self.store = store
        self.shas = {f.path: f.sha256 for f in ledger.files}
        self.built: dict[str, list] = {}
        self.places: dict[int, tuple[str, int]] = {}
        counts: dict[str, int] = {}
        for task in ledger.tasks:
            rel = task.src.file
            self.places[id(task)] = (rel, counts.get(rel, 0))
            counts[rel] = counts.get(rel, 0) + 1

    def __call__(self, task: Any) -> Any:
        from ..load.lean import LeanTask

        if not isinstance(task, LeanTask):  # built in full already
            return task
        rel, index = self.places[id(task)]
        tasks = self.built.get(rel)
        if tasks is None:
            tasks = self.built[rel] = self._build(rel)
        if index >= len(tasks) or tasks[index].id != task.id:
            raise FileChanged(rel)
        return tasks[index]

    def _build(self, rel: str) -> list:
        from ..load.fastread import quiet_stderr, read_fast
        from ..load.files import DiskFiles
        from ..load.stages import LoadState, build_tasks, has_right_shape, sha256
        from ..load.yamlread import Source, decode, parse

        sha = self.shas.get(rel)
        data = self.store.get("parse", sha) if self.store is not None and sha else None
        state = LoadState(self.root, hashes={rel: sha or ""}, kinds={rel: "tasks"})
        if data is None:
            try:
                raw: Optional[bytes] = DiskFiles(self.root).read_bytes(rel)
            except (OSError, ValueError):
                raise FileChanged(rel) from None
            text = decode(raw, rel)[0] if raw is not None else None
            if text is None or sha256(text if raw.startswith(b"\xef\xbb\xbf") else raw) != sha:
                raise FileChanged(rel)
            with quiet_stderr():  # rapidyaml's own messages, as the parse stage silences them
                data = read_fast(text)
            if data is None:
                data = parse(Source(rel, text))[0]
        if data is None or not has_right_shape(state, rel, data):
            raise FileChanged(rel)
        return build_tasks(state, rel, data, set())
