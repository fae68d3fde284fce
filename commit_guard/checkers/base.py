"""The small interface every checker implements."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, Sequence

from commit_guard.finding import Finding

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile, Source
    from commit_guard.workspace import Workspace

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


class Context:  # pylint: disable=too-many-instance-attributes  # one bag, read-only to checkers
    """What a checker may use besides its files.  VCS access goes through ``source``.

    (A plain class, as CheckerResult: a dataclass would import inspect on
    every warm re-check; see cli.py.)
    """

    def __init__(self, config: Config, source: Source, workspace: Workspace,  # pylint: disable=too-many-arguments,too-many-positional-arguments
                 jobs: int, changed: Sequence[ChangedFile] = (), cache: Any = None,
                 cancel: Any = None, progress: Any = None, deadline: Any = None,
                 memo: dict[str, Any] | None = None, stage: str = "pre-commit") -> None:
        self.config = config
        self.source = source
        self.workspace = workspace
        self.jobs = jobs
        self.changed = changed  # the whole change, for triggers
        self.cache = cache  # commit_guard.cache.store.Cache when enabled
        self.cancel = cancel  # threading.Event set when the run is being cancelled
        self.progress = progress  # commit_guard.progress.Progress shared by the whole check
        # commit_guard.deadline.Deadline of the whole check (config ``timeout``), or None.
        # Past it the runner sets ``cancel``, kills every child process and stops
        # waiting: a checker need not watch it, but may (a per-file budget).
        self.deadline = deadline
        # What a checker computes once per check and needs at several points
        # (the Python search path: for the cache key, the run and the report).
        self.memo: dict[str, Any] = {} if memo is None else memo
        # Which git hook this check is for: unit-test suites run at "pre-commit"
        # or at "pre-push" (a suite's ``stage``).
        self.stage = stage


class CheckerResult:
    """One checker's outcome in a run."""

    __slots__ = ("checker", "findings", "status", "duration", "files", "note", "detail")

    def __init__(self, checker: str, findings: list[Finding] | None = None,
                 status: str = PASSED, duration: float = 0.0, files: int = 0, note: str = "",
                 detail: dict[str, Any] | None = None) -> None:
        self.checker = checker
        self.findings: list[Finding] = [] if findings is None else findings
        self.status = status
        self.duration = duration
        self.files = files
        self.note = note  # why it was skipped, or what went wrong
        # checker-specific (e.g. suites)
        self.detail: dict[str, Any] = {} if detail is None else detail

    def __repr__(self) -> str:
        return (f"CheckerResult({self.checker!r}, {len(self.findings)} findings, "
                f"{self.status!r}, note={self.note!r})")


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
