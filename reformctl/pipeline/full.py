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
        from ..load.stages import LoadState, build_tasks, has_right_shape

        sha = self.shas.get(rel)
        state = LoadState(self.root, hashes={rel: sha or ""}, kinds={rel: "tasks"})
        # the kept plain data of the content the ledger was read from, whatever the file holds now
        data = self.store.get("parse", sha) if self.store is not None and sha else None
        if data is None:
            data = self._parse(state, rel, sha)
        if data is None or not has_right_shape(state, rel, data):
            raise FileChanged(rel)
        return build_tasks(state, rel, data, set())

    def _parse(self, state: Any, rel: str, sha: Optional[str]) -> Any:
        """The file's plain data, read and parsed by load's own read and parse stages, when it
        still holds the content the ledger was read from (FileChanged otherwise)."""
        from ..load.files import DiskFiles
        from ..load.stages import parse_stage, read_source

        source, digest, _ = read_source(DiskFiles(self.root), rel)
        if source is None or digest != sha:
            raise FileChanged(rel)
        state.sources[rel] = source
        parse_stage(state, [rel])  # the state holds no cache: nothing is kept, as before
        return state.data.get(rel)
