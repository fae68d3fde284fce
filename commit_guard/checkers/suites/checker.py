"""The team's unit-test suites, run on the content being committed.

Each ``[[tool.commit-guard.tests]]`` entry is a suite.  A suite runs when a
changed file matches its triggers, in a directory holding the whole tree
as it is being checked (``source.tree()``: the staged snapshot, an svn
transaction's tree, or the work tree for PATHS/--all).  Suites run
concurrently up to ``ctx.jobs``, next to the linters.  Each failing suite
is one blocking finding; the per-suite story is in ``detail["suites"]``.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from commit_guard import globs
from commit_guard.checkers.base import CheckerResult, Context
from commit_guard.checkers.base import PASSED as CHECK_PASSED
from commit_guard.checkers.base import SKIPPED as CHECK_SKIPPED
from commit_guard.checkers.suites.run import (CANCELLED, ERROR, FAILED, SKIPPED, TIMED_OUT,
                                              Outcome, Where, execute, prepare)
from commit_guard.checkers.suites import php_select
from commit_guard.checkers.suites.select import AFFECTED, NONE, is_pytest, select_affected
from commit_guard.errors import UserError
from commit_guard.finding import Finding
from commit_guard.progress import Progress

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile

CODES = {FAILED: ("CG401", "test-suite-failed"), TIMED_OUT: ("CG402", "test-suite-timeout"),
         ERROR: ("CG403", "test-suite-error")}
MAX_NAMED = 5
MAX_TRIGGERS = 20


class Plan:
    """One suite's decision before anything runs."""

    def __init__(self, index: int, suite: dict[str, Any]) -> None:
        self.index = index
        self.suite = suite
        self.outcome = Outcome(suite["name"], SKIPPED)
        self.ignored: list[str] = []  # test modules pytest must skip (select = affected)
        self.options: list[str] = []  # added to the command (phpunit's --filter)

    @property
    def runs(self) -> bool:
        return self.outcome.status != SKIPPED


class TestsChecker:
    name = "tests"
    description = "the team's unit-test suites, run on the content being committed"

    def wants(self, file: ChangedFile, config: Config) -> bool:
        # Suites are triggered by the whole change (ctx.changed), not routed files.
        del file, config
        return False

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        del files  # always empty: see wants()
        suites = [s for s in ctx.config["tests"] if s["stage"] == ctx.stage]
        if not suites:
            other = len(ctx.config["tests"])
            note = ("no suites configured ([[tool.commit-guard.tests]])" if not other else
                    f"{other} suite{'s' * (other != 1)} run at git push (stage = \"pre-push\")"
                    if ctx.stage == "pre-commit" else f"no suite has stage = \"{ctx.stage}\"")
            return CheckerResult(self.name, status=CHECK_SKIPPED, note=note,
                                 detail={"suites": []})
        if not ctx.source.trusted and ctx.config.origin == "tree":
            return CheckerResult(self.name, status=CHECK_SKIPPED,
                                 note="suites from the committed tree's config never run")
        plans = [plan_suite(i, s, ctx) for i, s in enumerate(suites)]
        active = [p for p in plans if p.runs]
        if active:
            run_plans(active, ctx)
        outcomes = [p.outcome for p in plans]
        return CheckerResult(
            self.name, findings=[f for o in outcomes for f in findings(o, ctx.config)],
            status=CHECK_PASSED if active else CHECK_SKIPPED,
            note="; ".join(f"{o.name}: {o.status}" + (f" ({o.message or o.reason})"
                                                      if o.message or o.reason else "")
                           for o in outcomes),
            detail={"suites": [o.as_dict() for o in outcomes]})


def plan_suite(index: int, suite: dict[str, Any], ctx: Context) -> Plan:
    plan = Plan(index, suite)
    out = plan.outcome
    triggers = suite["triggers"]
    matching = [f for f in ctx.changed if not triggers or _matches(f, triggers)]
    if not matching:
        out.reason = ("no changed file matches its triggers" if ctx.changed
                      else "no changed files")
        return plan
    # The first few are enough to say why; --all would list every file.
    out.triggered_by = [f.path for f in matching[:MAX_TRIGGERS]]
    more = f" and {len(matching) - 1} more" if len(matching) > 1 else ""
    out.status, out.reason = "ran", f"triggered by {matching[0].path}{more}"
    if suite["select"] != "affected":
        return plan
    phpunit = php_select.is_phpunit(suite["command"])
    if not is_pytest(suite["command"]) and not phpunit:
        out.reason += "; whole suite: select = affected needs a pytest or phpunit command"
        return plan
    selector = php_select.select_affected if phpunit else select_affected
    selection = selector(ctx.source, matching, suite["cwd"])
    if selection.mode == NONE:
        out.status, out.reason = SKIPPED, f"{selection.reason} (select = affected)"
        return plan
    out.reason += f"; {selection.reason}"
    if selection.mode == AFFECTED:
        out.selected = selection.selected
        plan.ignored = selection.ignored
        if phpunit:
            plan.options = php_select.filter_option(selection.selected)
    return plan


def _matches(file: ChangedFile, triggers: list[str]) -> bool:
    return globs.matches(file.path, triggers) or bool(
        file.old_path and globs.matches(file.old_path, triggers))


def run_plans(plans: list[Plan], ctx: Context) -> None:
    # Imported here: every check loads this module, few run suites.
    from concurrent.futures import ThreadPoolExecutor  # pylint: disable=import-outside-toplevel

    cancel = ctx.cancel if ctx.cancel is not None else threading.Event()
    scratch = ctx.workspace.subdir("tests")
    # The check's own progress line when there is one; else one for the suites.
    shared = ctx.progress is not None
    with suite_tree(ctx, scratch / "tree") as tree, \
            (nullcontext(ctx.progress) if shared else Progress("tests")) as progress, \
            ThreadPoolExecutor(max_workers=max(1, min(ctx.jobs, len(plans)))) as pool:
        where = Where(tree, ctx.source.root, scratch, placeholders(ctx))
        for plan in plans:
            pool.submit(_run_plan, plan, where, cancel, progress)


@contextmanager
def suite_tree(ctx: Context, dest: Path) -> Iterator[Path]:
    """The tree the suites run in.  A staged change with the cache on: the
    cached snapshot of the index, brought up to date (sources/gitsnap.py);
    else a fresh one at ``dest``."""
    cache = ctx.cache
    if cache is None or cache.refused or ctx.source.kind != "staged":
        yield ctx.source.tree(dest)
        return
    from commit_guard.sources.gitsnap import SnapshotCache  # pylint: disable=import-outside-toplevel

    snapshots = SnapshotCache(ctx.source.root, cache.root)
    snap = snapshots.claim() or snapshots.fresh(None if not snapshots.refused else dest)
    try:
        yield snap.tree
    finally:
        snapshots.give_back(snap)


def placeholders(ctx: Context) -> dict[str, str]:
    """``{python}``: the project's environment (found as the pylint checker
    finds it), else the interpreter running commit-guard (the one the hook
    names); ``{php}``: the php on PATH at install time (the hook records
    it), else the one on PATH now.  So one config works in a terminal, in
    a GUI client and under ``env -i``."""
    import os  # pylint: disable=import-outside-toplevel
    import shutil  # pylint: disable=import-outside-toplevel
    import sys  # pylint: disable=import-outside-toplevel

    from commit_guard.checkers.python import environment  # pylint: disable=import-outside-toplevel

    env = environment.for_source(ctx.source, ctx.config)
    php = os.environ.get("COMMIT_GUARD_INSTALL_PHP") or shutil.which("php") or ""
    return {"{python}": env.python if env else sys.executable, "{php}": php}


def _run_plan(plan: Plan, where: Where, cancel: threading.Event, progress: Progress) -> None:
    out = plan.outcome
    if cancel.is_set():
        out.status, out.message = CANCELLED, "cancelled before it started"
        return
    extra = [f"--ignore={where.tree / p}" for p in plan.ignored] + plan.options
    task = f"suite {out.name}"
    progress.start(task)
    try:
        launch = prepare(plan.suite, plan.index, where, extra)
        result = execute(plan.suite, launch, where.scratch / f"output-{plan.index}.txt", cancel,
                         where.tree)
    except UserError as exc:
        result = Outcome(out.name, ERROR, message=str(exc))
    except Exception as exc:  # pylint: disable=broad-exception-caught
        result = Outcome(out.name, ERROR, message=f"{type(exc).__name__}: {exc}")
    progress.finish(task, result.status)
    result.reason, result.triggered_by, result.selected = out.reason, out.triggered_by, \
        out.selected
    plan.outcome = result


def findings(outcome: Outcome, config: Config) -> list[Finding]:
    """A failed test whose file the report names is a finding at its file
    and line; anything else is one finding for the suite."""
    code = CODES.get(outcome.status)
    placed = [f for f in outcome.failures if f["path"]]
    if code is None or outcome.status != FAILED or not placed:
        one = finding(outcome, config)
        return [one] if one else []
    out = []
    for failure in placed:
        why = f": {failure['message']}" if failure["message"] else ""
        out.append(Finding("tests", code[0], code[1], failure["path"], failure["line"], 0,
                           f"suite '{outcome.name}': {failure['id']} failed{why}"))
    rest = len(outcome.failures) - len(placed)
    if rest:
        out.append(Finding("tests", code[0], code[1], "", 0, 0,
                           f"suite '{outcome.name}': {rest} more failed test"
                           f"{'s' * (rest != 1)} the report places in no file: "
                           + ", ".join(f["id"] for f in outcome.failures if not f["path"])))
    return out


def finding(outcome: Outcome, config: Config) -> Finding | None:
    code = CODES.get(outcome.status)
    if code is None:
        return None
    origin = config.origin if config.origin.endswith(".toml") else ""
    return Finding("tests", code[0], code[1], origin, 0, 0, describe(outcome))


def describe(outcome: Outcome) -> str:
    head = f"suite '{outcome.name}'"
    if outcome.status == TIMED_OUT:
        return f"{head} {outcome.message}"
    if outcome.status == ERROR:
        return f"{head} could not run: {outcome.message}"
    text = f"{head} failed ({outcome.duration:.1f}s"
    text += f", exit {outcome.returncode}" if outcome.returncode is not None else ""
    text += f", {outcome.limit})" if outcome.limit else ")"
    names = outcome.failed_tests
    if names:
        shown = ", ".join(names[:MAX_NAMED])
        more = f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else ""
        return f"{text}: {len(names)} failed test{'s' * (len(names) != 1)}: {shown}{more}"
    last = [line.strip() for line in outcome.output_tail if line.strip()][-1:]
    return f"{text}: {last[0]}" if last else text
