"""The time limit of a whole check (the config key ``timeout``).

When the limit passes, TimedOut is raised in the main thread wherever it
is (a SIGALRM handler, as SIGTERM already becomes an exception in cli.py),
so every ``finally`` on the way out runs: the runner cancels the checkers
and kills their processes, the workspace is removed, and cli.main() prints
one line and leaves without waiting for a checker thread that cannot be
stopped (pylint runs in-process).  The runner also waits for its checker
threads only until the deadline, so the limit holds where no signal can
be used (a check started outside the main thread).
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

_active: list[Deadline] = []
# Set by cli.main(): this process is the command line, and past the deadline
# its only output is the one line (see _mute).  A library caller keeps its
# streams.
_mute_on_expiry: list[bool] = []


class TimedOut(BaseException):
    """The check ran past its time limit.

    A BaseException, as KeyboardInterrupt: no ``except Exception`` (a
    checker's own crash handler) may take it for a crash and carry on.
    ``stderr``: a descriptor of the real stderr when stdout and stderr
    have been muted, for the one line.
    """

    def __init__(self, message: str, stderr: int | None = None) -> None:
        super().__init__(message)
        self.stderr = stderr


def mute_on_expiry() -> None:
    """Past a deadline, mute this process's stdout and stderr (the CLI)."""
    _mute_on_expiry.append(True)


def _mute() -> int | None:
    """Point descriptors 1 and 2 at /dev/null for good; a duplicate of the
    real stderr, or None where that fails.  A checker thread that cannot be
    stopped (in-process pylint) writes on until the process exits: it read
    its rcfile from the workspace just removed, and said so on stderr."""
    try:
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return None
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
    finally:
        os.close(null)
    return saved


class Deadline:
    def __init__(self, seconds: int, where: str) -> None:
        self.seconds = seconds
        self.where = where  # " in FILE", or ", the ... default"
        self.at = time.monotonic() + seconds
        self.stderr: int | None = None  # the real stderr, once muted

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> TimedOut:
        """The exception to raise now that the deadline has passed."""
        if threading.current_thread() is threading.main_thread():
            # One exception: the timer must not fire again during the cleanup
            # when the runner saw the deadline first.
            signal.setitimer(signal.ITIMER_REAL, 0)
            if _mute_on_expiry and self.stderr is None:
                self.stderr = _mute()
        return TimedOut(f"commit-guard: check timed out after {self.seconds} s "
                        f"(timeout = {self.seconds}{self.where})", self.stderr)


def current() -> Deadline | None:
    """The deadline of the check under way, if it has one."""
    return _active[-1] if _active else None


@contextmanager
def limit(seconds: int, where: str) -> Iterator[Deadline | None]:
    """Raise TimedOut in the main thread once ``seconds`` have passed; 0: no limit."""
    if seconds <= 0:
        yield None
        return
    deadline = Deadline(seconds, where)
    armed = threading.current_thread() is threading.main_thread()
    previous = None
    if armed:
        def expire(_signum: int, _frame: object) -> None:
            raise deadline.expired()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    _active.append(deadline)
    try:
        yield deadline
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        _active.remove(deadline)
