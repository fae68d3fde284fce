"""Run the routed checkers concurrently and gather one result.

This is the "check" step of the pipeline (source -> route -> check ->
filter -> report).  It knows nothing of legacy code: commit_guard.legacy
filters the finished result, and may call back here for the old content.
"""
from __future__ import annotations

import os
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Callable, Sequence

from commit_guard import checkers as registry
from commit_guard import deadline, ruledb
from commit_guard.cache.run import cache_notes, run_cached, with_header
from commit_guard.checkers.base import ERROR, FAILED, PASSED, SKIPPED, CheckerResult, Context
from commit_guard.config import Config
from commit_guard.errors import UserError
from commit_guard.finding import ERROR as SEV_ERROR
from commit_guard.finding import Finding
from commit_guard.progress import Progress
from commit_guard.route import Plan, route
from commit_guard.sources.changeset import ChangedFile, Source
from commit_guard.util import kill_descendants
from commit_guard.workspace import Workspace

TOO_LARGE = ("CG001", "file-too-large")


class RunResult:
    """A whole check: the change, its routing and every checker's result."""

    def __init__(self, source_kind: str, root: str, changed: list[ChangedFile],  # pylint: disable=too-many-arguments,too-many-positional-arguments
                 plan: Plan, results: dict[str, CheckerResult], duration: float,
                 strict: bool = False, rerun: str = "commit-guard check",
                 extra: dict[str, object] | None = None) -> None:
        self.source_kind = source_kind
        self.root = root
        self.changed = changed
        self.plan = plan
        self.results = results
        self.duration = duration
        self.strict = strict
        self.rerun = rerun
        self.extra: dict[str, object] = {} if extra is None else extra  # e.g. legacy counts

    @property
    def findings(self) -> list[Finding]:
        out = [f for r in self.results.values() for f in r.findings]
        return sorted(out, key=Finding.sort_key)

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking or self.strict]

    @property
    def crashed(self) -> list[CheckerResult]:
        return [r for r in self.results.values() if r.status == ERROR]

    @property
    def rejected(self) -> bool:
        return bool(self.blocking())

    @property
    def exit_code(self) -> int:
        if self.crashed:
            return 2
        return 1 if self.rejected else 0


def effective_jobs(cli_jobs: int | None, config: Config) -> int:
    """--jobs, else the config's ``jobs``, else the CPU count."""
    jobs = cli_jobs if cli_jobs is not None else config["jobs"]
    return jobs or os.cpu_count() or 1


def time_limit(config: Config, default: int = 0, default_name: str = "the default"
               ) -> AbstractContextManager[deadline.Deadline | None]:
    """The whole check's time limit: config ``timeout``; -1 there means
    ``default`` (the svn hook's 300 s, or none for a local check)."""
    seconds = config["timeout"]
    if seconds == -1:
        return deadline.limit(default, f", {default_name}")
    return deadline.limit(seconds, f" in {config.origin}")


def run_checks(source: Source, config: Config, jobs: int,  # pylint: disable=too-many-arguments
               only: Sequence[str] = (), skip: Sequence[str] = (), *, cache: object = None,
               files: list[ChangedFile] | None = None,
               progress: Progress | None = None, stage: str = "pre-commit") -> RunResult:
    """Check ``source``; ``progress`` (shared with the checkers) shows what runs.

    Within the time limit the command set (see time_limit), else within
    the config's own ``timeout``.
    """
    started = time.monotonic()
    with nullcontext() if deadline.current() else time_limit(config):
        changed = files if files is not None else source.files()
        checkers = registry.instances(config)
        plan = route(changed, checkers, config, only, skip)
        results: dict[str, CheckerResult] = {}
        for name, reason in plan.skipped.items():
            results[name] = CheckerResult(name, status=SKIPPED, note=reason)
        with Workspace() as ws:
            ctx = Context(config, source, ws, jobs, changed, cache, threading.Event(),
                          progress, deadline=deadline.current(), stage=stage)
            work = {c.name: c for c in checkers if c.name in plan.assignments}
            results.update(_run_parallel(work, plan, ctx))
    ordered = {c.name: results[c.name] for c in checkers if c.name in results}
    _report_too_large_once(ordered)
    return RunResult(source.kind, str(source.root), changed, plan, ordered,
                     time.monotonic() - started, strict=config["strict"],
                     extra={**_headers(ordered), **cache_notes(cache, ordered.values())})


def _headers(results: dict[str, CheckerResult]) -> dict[str, str]:
    """A checker's ``detail["header"]``, what it ran with (for pylint, the
    project environment), for the top of the full report, and its
    ``detail["note:..."]`` and ``detail["detail:..."]`` lines for the bottom."""
    out = {f"header:{name}": res.detail.pop("header") for name, res in results.items()
           if res.detail.get("header")}
    for res in results.values():
        out.update({k: res.detail.pop(k) for k in list(res.detail)
                    if k.startswith(("note:", "detail:"))})
    return out


class _Job(threading.Thread):
    """One checker on its own thread.  A thread per checker rather than a
    concurrent.futures pool: importing that (and logging with it) was
    about 4 % of a warm re-check."""

    def __init__(self, name: str, fn: Callable[..., CheckerResult], *args: Any) -> None:
        super().__init__(name=f"checker-{name}")
        self._call = (fn, args)
        self._result: CheckerResult | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        fn, args = self._call
        try:
            self._result = fn(*args)
        except BaseException as exc:  # pylint: disable=broad-exception-caught  # re-raised in outcome()
            self._error = exc

    def outcome(self) -> CheckerResult:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def _run_parallel(work: dict[str, object], plan: Plan, ctx: Context
                  ) -> dict[str, CheckerResult]:
    results: dict[str, CheckerResult] = {}
    jobs = {}
    for name, checker in work.items():
        # A checker with nothing to check, or whose every file is served from
        # the cache, is done here in a millisecond; threads would cost more
        # than that (a warm re-check is mostly such checkers).
        done = _run_checker(checker, plan.assignments[name], ctx, cached_only=True)
        if done is not None:
            results[name] = done
            if ctx.config["fail_fast"] and done.findings:
                ctx.cancel.set()
        else:
            jobs[name] = _Job(name, _run_one, checker, plan.assignments[name], ctx)
    try:
        for job in jobs.values():
            job.start()
        for name, job in jobs.items():
            _wait(job, ctx.deadline)
            results[name] = job.outcome()
            if ctx.config["fail_fast"] and results[name].findings:
                ctx.cancel.set()
    except BaseException:
        # Ctrl-C/SIGTERM/timeout: do not wait for an in-process pylint to
        # finish; the workspace is removed on the way out and cli.main()
        # kills what is left of our children before exiting.
        ctx.cancel.set()
        # Children (pylint workers, suites, git) die before the workspace is
        # removed, so none of them writes into it afterwards.
        kill_descendants()
        raise
    return results


def _wait(job: _Job, limit: deadline.Deadline | None) -> None:
    """Wait for ``job``, never past the deadline.  In the main thread the
    deadline's signal comes first; this holds where there is none."""
    if limit is None:
        return
    while job.is_alive():
        left = limit.remaining()
        if left <= 0:
            raise limit.expired()
        job.join(left)


def _report_too_large_once(results: dict[str, CheckerResult]) -> None:
    """A file over the size limit is one problem, not one per checker that wanted it."""
    seen: set[str] = set()
    for res in results.values():
        kept = []
        for f in res.findings:
            if f.code == TOO_LARGE[0]:
                if f.path in seen:
                    continue
                seen.add(f.path)
            kept.append(f)
        res.findings = kept


def _run_one(checker: object, files: list[ChangedFile], ctx: Context) -> CheckerResult:
    task = f"{checker.name} on {len(files)} file{'s' * (len(files) != 1)}"  # type: ignore[attr-defined]
    if ctx.progress:
        ctx.progress.start(task)
    try:
        result = _run_checker(checker, files, ctx)
        assert result is not None
        return result
    finally:
        if ctx.progress:
            ctx.progress.done(task)


def _run_checker(checker: object, files: list[ChangedFile], ctx: Context,
                 cached_only: bool = False) -> CheckerResult | None:
    """The checker's result; with ``cached_only``, None unless that needs no checking."""
    name = checker.name  # type: ignore[attr-defined]
    started = time.monotonic()
    big = [f for f in files if f.too_large]
    small = [f for f in files if not f.too_large]
    limit = ctx.config["max_file_size"]
    oversize = [Finding(name, TOO_LARGE[0], TOO_LARGE[1], f.path, 0, 0,
                        f"too large to check ({f.size} bytes > max_file_size {limit})", SEV_ERROR)
                for f in big]
    # [rules] in the config: rules switched off, and severities, for every checker.
    oversize = ruledb.apply_settings(oversize, ctx.config)
    if not small and name != "tests":
        status = FAILED if oversize else PASSED
        note = "" if files else "no matching files"
        return CheckerResult(name, oversize, status, time.monotonic() - started, len(files), note)
    try:
        result = run_cached(checker, small, ctx, cached_only)
        if result is None:
            return None
        with_header(checker, ctx, result)
    except UserError:
        raise  # a configuration problem: one line and exit 2, not a "crash"
    except Exception as exc:  # pylint: disable=broad-exception-caught
        # A crash must never look like a pass: it is reported, and exits 2.
        return CheckerResult(name, oversize, ERROR, time.monotonic() - started, len(files),
                             f"{name} crashed: {type(exc).__name__}: {exc}")
    result.findings = oversize + ruledb.apply_settings(result.findings, ctx.config)
    if result.status == PASSED and result.findings and any(f.blocking for f in result.findings):
        result.status = FAILED
    result.duration = time.monotonic() - started
    result.files = len(files)
    return result
