"""The small interface every checker implements."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, Sequence

from commit_guard.finding import Finding

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile, Source
    from commit_guard.workspace import Workspace

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass
class Context:  # pylint: disable=too-many-instance-attributes  # one bag, read-only to checkers
    """What a checker may use besides its files.  VCS access goes through ``source``."""

    config: Config
    source: Source
    workspace: Workspace
    jobs: int
    changed: Sequence[ChangedFile] = ()  # the whole change, for triggers
    cache: Any = None  # commit_guard.cache.store.Cache when enabled
    cancel: Any = None  # threading.Event set when the run is being cancelled
    progress: Any = None  # commit_guard.progress.Progress shared by the whole check
    # commit_guard.deadline.Deadline of the whole check (config ``timeout``), or None.
    # Past it the runner sets ``cancel``, kills every child process and stops
    # waiting: a checker need not watch it, but may (a per-file budget).
    deadline: Any = None
    # What a checker computes once per check and needs at several points
    # (the Python search path: for the cache key, the run and the report).
    memo: dict[str, Any] = field(default_factory=dict)
    # Which git hook this check is for: unit-test suites run at "pre-commit"
    # or at "pre-push" (a suite's ``stage``).
    stage: str = "pre-commit"


@dataclass
class CheckerResult:
    checker: str
    findings: list[Finding] = field(default_factory=list)
    status: str = PASSED
    duration: float = 0.0
    files: int = 0
    note: str = ""  # why it was skipped, or what went wrong
    detail: dict[str, Any] = field(default_factory=dict)  # checker-specific (e.g. suites)


class Checker(Protocol):
    """A checker is routed files by ``wants`` and checks them all in ``run``.

    ``wants`` must be pure (path and content only): routing is tested
    without any VCS or process.
    """

    name: str
    description: str

    def wants(self, file: ChangedFile, config: Config) -> bool:
        """Whether this checker applies to ``file``."""

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        """Check ``files``; never raise for problems in the files themselves."""
