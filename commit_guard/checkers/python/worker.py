"""pylint in a process of its own, which the per-file budget can kill.

Used for a tree we do not trust (the svn server), for a change large
enough for several pylint processes, and for what is left after an
in-process run went over the budget.  The worker is a fresh interpreter
(never a fork of this multi-threaded process) started in an empty
directory of its own, so no file of the checked tree is on its path when
it starts (``sitecustomize``, ``usercustomize``); it runs the same
``check_batch`` as an in-process run, under the same import guard, and
pylint's own ``--jobs`` forks from it safely (it has one thread).

Protocol, through files in that directory: ``job.json`` in; one line per
file pylint turns to in ``progress``; ``result.json`` out, holding the
findings or the one-line error that stopped pylint.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Sequence

from commit_guard.checkers.python.budget import Watch
from commit_guard.errors import UserError
from commit_guard.finding import Finding
from commit_guard.util import run_supervised

if TYPE_CHECKING:
    from commit_guard.checkers.python.lint import Paths

# The worker drops '' (its cwd, empty anyway) before importing anything of ours.
BOOT = ("import sys\n"
        "sys.path[:] = [p for p in sys.path if p not in ('', '.')]\n"
        "from commit_guard.checkers.python.worker import serve\n"
        "serve(sys.argv[1])\n")
POLL = 0.01  # how often the parent looks at the worker; the wait for its end


class Outcome(NamedTuple):
    findings: list[Finding]
    over: str | None  # the file (workspace path) that went over the budget
    tripped: bool  # killed on the budget (over names the file if it is known)


class _Budget:
    """``cancel`` for run_supervised: set once the file being checked is over
    the budget (read from the worker's progress file at every poll)."""

    def __init__(self, progress: Path, watch: Watch, budget: float) -> None:
        self.progress = progress
        self.watch = watch
        self.budget = budget
        self.offset = 0
        self.over: str | None = None

    def is_set(self) -> bool:
        try:
            with open(self.progress, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except OSError:
            data = b""
        end = data.rfind(b"\n") + 1
        for line in data[:end].splitlines():
            item = json.loads(line)  # a path, or [process, path or None]
            if isinstance(item, list):
                self.watch.started(item[1], item[0])
            else:
                self.watch.started(item)
        self.offset += end
        if self.budget > 0:
            self.over = self.watch.over(self.budget)
        return self.over is not None


def run_in_worker(args: list[str], targets: Sequence[Path], root: Path, budget: float,
                  ordered: bool, paths: Paths | None = None, forks: int = 1) -> Outcome:
    """Check ``targets`` in a worker; ``ordered``: pylint runs several processes
    there (its --jobs: files are reported when done, in order); ``forks``:
    the worker splits the work over that many processes (forked.py)."""
    scratch = Path(tempfile.mkdtemp(prefix="commit-guard-pylint-"))
    try:
        job = scratch / "job.json"
        job.write_text(json.dumps({"args": args, "targets": [str(t) for t in targets],
                                   "root": str(root), "paths": paths, "forks": forks}),
                       encoding="utf-8")
        progress, result = scratch / "progress", scratch / "result.json"
        progress.touch()
        watch = Watch([str(t) for t in targets], ordered)
        stop = _Budget(progress, watch, budget)
        ended = run_supervised([sys.executable, "-c", BOOT, str(job)], scratch / "output",
                               cwd=scratch, cancel=stop,  # type: ignore[arg-type]
                               poll=POLL)
        if ended.cancelled:
            return Outcome([], stop.over if not ordered else None, True)
        return Outcome(_read_result(result, scratch / "output", ended.returncode), None, False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_result(result: Path, output: Path, code: int | None) -> list[Finding]:
    try:
        data = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        lines = output.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        last = lines[-1] if lines else "no output"
        raise RuntimeError(f"pylint worker ended without a result (exit {code}): "
                           f"{last}") from exc
    if "error" in data:
        raise UserError(data["error"])
    return [Finding(*f) for f in data["findings"]]


def serve(job_path: str) -> None:
    """The worker's side: run the job, write the result."""
    from commit_guard.checkers.python.forked import (  # pylint: disable=import-outside-toplevel
        check_forked)
    from commit_guard.checkers.python.lint import (  # pylint: disable=import-outside-toplevel
        Paths, check_batch)

    import multiprocessing  # pylint: disable=import-outside-toplevel

    # pylint's --jobs processes must be forks of this one (one thread here),
    # so they inherit the import guard; a fresh interpreter (the default
    # from Python 3.14) would not have it.
    if "fork" in multiprocessing.get_all_start_methods():
        multiprocessing.set_start_method("fork", force=True)
    scratch = Path(job_path).parent
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    lock = threading.Lock()
    with open(scratch / "progress", "a", encoding="utf-8") as progress:
        def tell(path: str | None) -> None:
            # Tagged with the process: forked processes lint side by side.
            with lock:
                progress.write(json.dumps([os.getpid(), path]) + "\n")
                progress.flush()

        try:
            paths = Paths(*job["paths"]) if job["paths"] else None
            targets = [Path(t) for t in job["targets"]]
            if job.get("forks", 1) > 1:
                findings = check_forked(job["args"], targets, Path(job["root"]), job["forks"],
                                        scratch / "parts", tell, paths)
            else:
                findings = check_batch(job["args"], targets, Path(job["root"]), tell, paths)
            out = {"findings": [list(f) for f in findings]}
        except UserError as exc:
            out = {"error": str(exc)}
    tmp = scratch / "result.tmp"
    tmp.write_text(json.dumps(out), encoding="utf-8")
    tmp.replace(scratch / "result.json")  # whole or absent, never half
