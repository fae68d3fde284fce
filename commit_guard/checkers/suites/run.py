"""Run one configured test suite in the checked tree and say how it went.

The tree is a snapshot of what is being committed (or the work tree for
PATHS/--all).  In a snapshot the package under test must be imported from
the snapshot: an editable install (``pip install -e``) of the same project
points into the work tree, so without care ``import pkg`` would test the
unstaged files.  Entries we put on PYTHONPATH come before site-packages and
before the .pth lines and meta-path finders of editable installs, so the
snapshot root and its src/ go first, and inherited PYTHONPATH entries that
point into the work tree are redirected to the snapshot.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from commit_guard.checkers.suites.select import is_pytest
from commit_guard.errors import UserError
from commit_guard.procs import RUN_ENV, owner_token
from commit_guard.util import run_supervised, tail_of

PASSED, FAILED, TIMED_OUT, ERROR, CANCELLED, SKIPPED = (
    "passed", "failed", "timed-out", "error", "cancelled", "skipped")
JUNIT = "{junit}"
PLACEHOLDER_MISSING = {
    "{python}": "no Python interpreter found",
    "{php}": "no php found (none on PATH at install time, nor now)",
}
TAIL_LINES = 20
TAIL_BYTES = 16 * 1024
# Git points hooks at the real repository through these; a suite that runs
# git (in temporary repos of its own, say) must not inherit them.
GIT_LOCATORS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_PREFIX", "GIT_COMMON_DIR",
                "GIT_NAMESPACE")


class Outcome:  # pylint: disable=too-many-instance-attributes
    """One suite's line in the report (CheckerResult.detail["suites"])."""

    FIELDS = ("name", "status", "reason", "message", "triggered_by", "duration", "returncode",
              "failed_tests", "failures", "tests", "output_tail", "selected", "limit")

    def __init__(self, name: str, status: str, **values: Any) -> None:
        """``values``: any of FIELDS but the first two (lists default to empty)."""
        unknown = set(values) - set(self.FIELDS[2:])
        if unknown:
            raise TypeError(f"Outcome: unknown field(s) {', '.join(sorted(unknown))}")
        self.name = name
        self.status = status
        self.reason: str = values.get("reason", "")  # why it ran (triggered by ...) or was skipped
        self.message: str = values.get("message", "")  # how it ended, when not a plain pass
        self.triggered_by: list[str] = values.get("triggered_by", [])
        self.duration: float = values.get("duration", 0.0)
        self.returncode: int | None = values.get("returncode")
        self.failed_tests: list[str] = values.get("failed_tests", [])
        # Each failed test where the report says: {"id", "path" (repository),
        # "line", "message"}; the report places its finding there.
        self.failures: list[dict[str, Any]] = values.get("failures", [])
        # Test cases in the JUnit report, when there is one.
        self.tests: int | None = values.get("tests")
        self.output_tail: list[str] = values.get("output_tail", [])  # the last lines of output
        # Test modules run under select = "affected".
        self.selected: list[str] | None = values.get("selected")
        # The limit it ran into ("over memory_mb = 300"), when it is known.
        self.limit: str = values.get("limit", "")

    def as_dict(self) -> dict[str, Any]:
        """Every field, lists and dicts copied (the report keeps it)."""
        out: dict[str, Any] = {}
        for name in self.FIELDS:
            value = getattr(self, name)
            if isinstance(value, list):
                value = [dict(v) if isinstance(v, dict) else v for v in value]
            out[name] = value
        return out


class Launch:  # pylint: disable=too-few-public-methods
    """How a suite's command is started."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str],
                 junit: Path | None, junit_is_ours: bool) -> None:
        self.argv = argv
        self.cwd = cwd
        self.env = env
        self.junit = junit
        # A fresh temporary path (else: only trust a file newer than start).
        self.junit_is_ours = junit_is_ours


class Where:
    """Where the suite runs: the tree, the real root it mirrors, scratch space,
    and what ``{python}`` and ``{php}`` in a command stand for (placeholders)."""

    def __init__(self, tree: Path, root: Path, scratch: Path,
                 placeholders: dict[str, str] | None = None) -> None:
        self.tree = tree
        self.root = root
        self.scratch = scratch
        self.placeholders: dict[str, str] = {} if placeholders is None else placeholders

    @property
    def snapshot(self) -> bool:
        return self.tree.resolve() != self.root.resolve()


def prepare(suite: dict[str, Any], index: int, where: Where,
            extra_args: Sequence[str] = ()) -> Launch:
    """The argv, cwd and environment for ``suite``; UserError if it cannot run."""
    cwd = _inside(where.tree, suite["cwd"] or ".", "cwd")
    if not cwd.is_dir():
        raise UserError(f"cwd '{suite['cwd']}' is not a directory in the checked tree")
    if where.snapshot:
        link_untracked(suite["link"], where)
    temp_junit = where.scratch / f"junit-{index}.xml"
    argv = [a.replace(JUNIT, str(temp_junit)) for a in suite["command"]]
    for key, value in where.placeholders.items():
        if any(key in a for a in argv) and not value:
            raise UserError(f"{key} in the command: {PLACEHOLDER_MISSING[key]}")
        argv = [a.replace(key, value) for a in argv]
    junit_path: Path | None = None
    if any(JUNIT in a for a in suite["command"]):
        junit_path = temp_junit
    elif suite["junit"]:
        junit_path = _inside(cwd, suite["junit"], "junit")
    elif is_pytest(argv) and not any(a.startswith(("--junitxml", "--junit-xml")) for a in argv):
        # xunit1: the report names each test's file and line (xunit2 does not).
        extra_args = [f"--junitxml={temp_junit}", "-o", "junit_family=xunit1", *extra_args]
        junit_path = temp_junit
    argv = _insert_options(argv, extra_args)
    env = suite_env(suite["env"], where, temp_junit)
    return Launch(argv, cwd, env, junit_path, junit_path == temp_junit)


def _insert_options(argv: list[str], options: Sequence[str]) -> list[str]:
    # Options must come before a "--" that ends option parsing.
    at = argv.index("--") if "--" in argv else len(argv)
    return argv[:at] + list(options) + argv[at:]


def _inside(base: Path, rel: str, key: str) -> Path:
    if PurePosixPath(rel).is_absolute() or ".." in PurePosixPath(rel).parts:
        raise UserError(f"{key} '{rel}' must be a relative path inside the tree")
    return base / rel


def suite_env(extra: dict[str, str], where: Where, temp_junit: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in GIT_LOCATORS}
    env.update({k: v.replace(JUNIT, str(temp_junit)) for k, v in extra.items()})
    env["COMMIT_GUARD_TREE"] = str(where.tree)
    # Names this run: what a killed run leaves running is found by it (procs).
    env[RUN_ENV] = owner_token()
    env["PYTHONPATH"] = tree_pythonpath(env.get("PYTHONPATH", ""), where)
    return env


def tree_pythonpath(inherited: str, where: Where) -> str:
    """The tree (and its src/) first; in a snapshot, inherited entries inside
    the work tree are moved to the snapshot.  The same in every mode, so a
    suite imports the same way for a staged check and for --all."""
    first = [where.tree / "src"] if (where.tree / "src").is_dir() else []
    first.append(where.tree)
    root = where.root.resolve()
    rest = []
    for entry in filter(None, inherited.split(os.pathsep)):
        path = Path(entry)
        if path.is_absolute() and where.snapshot:
            try:
                path = where.tree / path.resolve().relative_to(root)
            except ValueError:
                pass
        rest.append(str(path))
    return os.pathsep.join(dict.fromkeys([*map(str, first), *rest]))


def link_untracked(paths: Sequence[str], where: Where) -> None:
    """Make untracked work-tree paths (vendor/, node_modules/) visible in the snapshot."""
    for rel in paths:
        target = _inside(where.tree, rel, "link")
        real = where.root / rel
        if not (real.exists() and not target.exists() and not target.is_symlink()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.symlink_to(real.resolve(), target_is_directory=real.is_dir())
        except FileExistsError:
            pass  # another suite linked it first


def execute(suite: dict[str, Any], launch: Launch, output: Path,
            cancel: threading.Event | None, tree: Path | None = None) -> Outcome:
    """Run the suite; ``tree``: the checked tree, which test files in its
    JUnit report are placed in."""
    name = suite["name"]
    started = time.time()
    try:
        run = run_supervised(launch.argv, output, cwd=launch.cwd, env=launch.env,
                             timeout=suite["timeout"], cancel=cancel,
                             memory_mb=suite["memory_mb"])
    except UserError as exc:
        return Outcome(name, ERROR, message=f"could not start: {exc}")
    outcome = Outcome(name, PASSED, duration=run.duration, returncode=run.returncode,
                      output_tail=tail(output))
    if run.timed_out:
        outcome.status, outcome.message = TIMED_OUT, f"timed out after {suite['timeout']} s"
    elif run.cancelled:
        outcome.status, outcome.message = CANCELLED, "cancelled (fail_fast: a linter failed)"
    elif run.returncode != 0:
        outcome.status, outcome.message = FAILED, f"exit status {run.returncode}"
        if suite["memory_mb"] and _out_of_memory(outcome.output_tail):
            outcome.limit = f"over memory_mb = {suite['memory_mb']}"
    _read_junit(launch, started, outcome, tree or launch.cwd)
    return outcome


def _read_junit(launch: Launch, started: float, outcome: Outcome, tree: Path) -> None:
    # Imported here (xml.etree, 2 ms): every check loads this module, few run suites.
    from commit_guard.checkers.suites import junit  # pylint: disable=import-outside-toplevel

    path = launch.junit
    if path is None or not path.is_file():
        return
    if not launch.junit_is_ours and path.stat().st_mtime < started - 1:
        return  # a stale report from an earlier run in the work tree
    try:
        report = junit.parse(path)
    except junit.JUnitError:
        return
    outcome.tests = report.tests
    outcome.failed_tests = report.failed
    outcome.failures = [{"id": f.test_id, "path": _in_tree(f.file, launch.cwd, tree),
                         "line": f.line, "message": f.message} for f in report.failures]


def _in_tree(file: str, cwd: Path, tree: Path) -> str:
    """A test file of the report as a repository path ("" outside the tree)."""
    if not file:
        return ""
    path = Path(file) if Path(file).is_absolute() else cwd / file
    try:
        return path.resolve().relative_to(tree.resolve()).as_posix()
    except (ValueError, OSError):
        return ""


def tail(output: Path, lines: int = TAIL_LINES) -> list[str]:
    data = tail_of(output, TAIL_BYTES)
    return data.decode("utf-8", "replace").rstrip().splitlines()[-lines:]


# How interpreters say an allocation failed (Python, PHP, C/C++ runtimes).
OOM_MARKERS = ("MemoryError", "Allowed memory size", "Cannot allocate memory",
               "out of memory", "std::bad_alloc")


def _out_of_memory(lines: Sequence[str]) -> bool:
    return any(marker in line for line in lines for marker in OOM_MARKERS)
