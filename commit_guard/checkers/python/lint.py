"""One pylint run in this process, its messages collected as findings.

Used by an in-process run and inside a worker process alike (run.py,
worker.py): the same import guard, the same handling of a pylint that
stops without linting.
"""
from __future__ import annotations

import gc
import io
import os
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple

from commit_guard.checkers.python.isolation import guarded, map_work_tree
from commit_guard.errors import UserError
from commit_guard.finding import ERROR, WARNING, Finding

CATEGORY_SEVERITY = {"info": WARNING}
# Messages pylint gives once for the whole run, from every file's data:
# a run split over processes computes them from all parts (forked.py).
RUN_WIDE = {"R0401": "imports", "R0801": "similarities"}  # code: the checker giving it
# astroid builds millions of objects that live for the whole run; at the
# default thresholds (700, 10, 10) the cyclic collector walks them again
# and again.  Measured on pre_commit's 67 files with rules/pylintrc: 15-19 %
# less CPU time for the same peak memory.
GC_THRESHOLDS = (50_000, 20, 100)


class Paths(NamedTuple):
    """Where pylint looks for modules (searchpath.py)."""

    sys_path: list[str]  # sys.path while pylint runs, before its own base directories
    tree_root: str | None  # the work tree, whose directories must never be read (git)


MapData = dict  # checker name -> the data its get_map_data() gave, one per part


def check_batch(args: list[str], targets: list[Path], root: Path,
                on_file: Callable[[str], None] | None = None,
                paths: Paths | None = None, *,
                part: Callable[[MapData], list[MapData]] | None = None) -> list[Finding]:
    """One pylint run in this process; module look-ups see the workspace
    instead of the work tree, and nothing of it is ever imported
    (isolation.py).  ``on_file(path)``: pylint turns to that file.

    ``part``: this run is one part of a run split over processes
    (forked.py).  Its run-wide messages are dropped; ``part`` is given its
    map data and returns what is to be reduced here (every part's, or
    none), and pylint's reducers give the run-wide messages of the whole.
    """
    # pylint is imported here, not at module level, so start-up stays cheap.
    from pylint.lint import Run  # pylint: disable=import-outside-toplevel

    def starting(path: str) -> None:
        if paths is not None and paths.tree_root and not started:
            # pylint has run the init-hook by now: a directory it added in
            # the work tree becomes its image holding the committed content.
            map_work_tree(paths.tree_root, root, paths.sys_path)
            started.append(path)
        if on_file is not None:
            on_file(path)

    started: list[str] = []
    collector = _collector_class()(root, starting)
    said = io.StringIO()
    with guarded(root, paths.sys_path if paths else None), redirect_stdout(said), \
            redirect_stderr(said), _fewer_collections():
        try:
            linter = Run([*args, *map(str, targets)], reporter=collector, exit=False).linter
        except SystemExit as exc:
            # pylint stopped without linting (an option it rejects, nothing
            # enabled, a file it cannot read): never a result, and never
            # pylint's exit code or its usage text.
            raise UserError(_stopped(exc, said.getvalue())) from None
        if part is not None:
            data = _map_data(linter)
            # A run-wide message is dropped only where its checker gives the
            # data to find it among all parts (cyclic-import: pylint 4+).
            carried = {code for code, name in RUN_WIDE.items() if name in data}
            collector.findings = [(p, f) for p, f in collector.findings
                                  if f.code not in carried]
            _reduce(linter, part(data))
    wanted = {str(t) for t in targets}
    return [f for p, f in collector.findings if p in wanted]


def _map_data(linter: Any) -> MapData:
    data: MapData = {}
    for checker in linter.get_checkers():
        value = checker.get_map_data()
        if value is not None:
            data.setdefault(checker.name, []).append(value)
    return data


def _reduce(linter: Any, parts: list[MapData]) -> None:
    """pylint's own reduction, as its --jobs does it: each checker gets
    the data of every part and reports its run-wide messages."""
    if not parts:
        return
    collated: dict[str, list[Any]] = {}
    for data in parts:
        for name, values in data.items():
            collated.setdefault(name, []).extend(values)
    for checker in linter.get_checkers():
        if checker.name in collated:
            checker.reduce_map_data(linter, collated.pop(checker.name))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    saved = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _stopped(exc: SystemExit, said: str) -> str:
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    last = lines[-1] if lines else "no message"
    return f"pylint stopped without linting (exit {exc.code}): {last[:300]}"


def _collector_class() -> type:
    from pylint.reporters import BaseReporter  # pylint: disable=import-outside-toplevel

    class Collector(BaseReporter):  # type: ignore[misc]
        name = "commit-guard"

        def __init__(self, root: Path, on_file: Callable[[str], None] | None) -> None:
            super().__init__(output=io.StringIO())
            self.root = root
            self.on_file = on_file
            self.findings: list[tuple[str, Finding]] = []

        def on_set_current_module(self, module: str, filepath: str | None) -> None:
            if self.on_file is not None and filepath:
                self.on_file(filepath)

        def handle_message(self, msg: Any) -> None:
            try:
                rel = Path(msg.abspath).relative_to(self.root).as_posix()
            except ValueError:
                rel = msg.path
            severity = CATEGORY_SEVERITY.get(msg.category, ERROR)
            self.findings.append((msg.abspath, Finding(
                "pylint", msg.msg_id, msg.symbol, rel, msg.line or 0,
                (msg.column or 0) + 1 if msg.line else 0, self.repo_paths(msg.msg or ""),
                severity)))

        def repo_paths(self, text: str) -> str:
            """A message naming a file (F0010, R0801) names it by its repository
            path, never by the private workspace's."""
            for prefix in dict.fromkeys((str(self.root), os.path.realpath(self.root))):
                text = text.replace(prefix + os.sep, "")
            return text

        def _display(self, layout: Any) -> None:
            pass

        def display_messages(self, layout: Any) -> None:
            pass

    return Collector
