"""The per-file time budget of pylint (``pylint.file_timeout``).

A few lines of Python can keep astroid busy for minutes (a diamond of
classes doubles the work of every ancestor walk per level: 31 lines took
over 12 s here, each two more lines double it).  A file over the budget
becomes a blocking finding naming it, and the other files are still
checked.

Where pylint runs matters for how it is stopped:

- in a worker process (worker.py: a tree we do not trust, or a change
  large enough for several processes): the process is killed, which
  stops anything, a regular expression running in C included;
- in this process (the common case, one trusted process): the watchdog
  raises ``OverBudget`` in the pylint thread.  That stops Python code
  (inference) at its next instruction; it cannot stop C code holding the
  interpreter lock, which only a pattern of the trusted configuration
  could make run long.  pylint is not made to be stopped halfway, so the
  process never runs pylint in-process again (``tainted``); the rest is
  checked by a worker.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import Callable, Sequence, TypeVar

from commit_guard.finding import ERROR, Finding

CODE, SYMBOL = "CG005", "pylint-timeout"
POLL = 0.1  # how often the watchdog looks

T = TypeVar("T")


class OverBudget(BaseException):
    """Raised in the pylint thread by the watchdog (a BaseException, so pylint's
    own ``except Exception`` handlers do not take it for a crash of a file)."""


class Watch:
    """Which file pylint is on, since when; fed by the reporter.

    ``ordered``: pylint reports a file when it is done (its ``--jobs``
    workers), not when it starts, so the file being waited for is the next
    one of ``targets`` in order.  ``stream``: which of several processes
    linting side by side (forked.py) turned to the file; a process that is
    done says so with the path None.
    """

    def __init__(self, targets: Sequence[str], ordered: bool = False) -> None:
        self.targets = list(targets)
        self.known = set(self.targets)
        self.ordered = ordered
        self.lock = threading.Lock()
        self.current: dict[object, tuple[str | None, float]] = {}
        if ordered and self.targets:
            self.current[None] = (self.targets[0], time.monotonic())
        self.seen: set[str] = set()

    def started(self, path: str | None, stream: object = None) -> None:
        """pylint's reporter was told of ``path`` (started, or done when ordered)."""
        if path is not None and path not in self.known:
            return
        with self.lock:
            if path is not None:
                self.seen.add(path)
            if self.ordered:
                rest = [t for t in self.targets if t not in self.seen]
                path = rest[0] if rest else None
            self.current[stream] = (path, time.monotonic())

    def over(self, budget: float) -> str | None:
        """The file that has taken longer than ``budget`` seconds, if one has."""
        now = time.monotonic()
        with self.lock:
            for path, since in self.current.values():
                if path is not None and now - since > budget:
                    return path
        return None


def timeout_finding(rel: str, budget: float) -> Finding:
    return Finding("pylint", CODE, SYMBOL, rel, 0, 0,
                   f"pylint took longer than {budget:g} s on this file; it is not checked "
                   "(pylint.file_timeout)", ERROR)


_TAINTED: list[bool] = []  # pylint was stopped halfway in this process


def tainted() -> bool:
    return bool(_TAINTED)


def run_watched(call: Callable[[], T], watch: Watch, budget: float) -> T | str:
    """``call()`` in this thread; the path of the file that went over
    ``budget`` if the watchdog had to stop it."""
    if budget <= 0:
        return call()
    target = threading.get_ident()
    stop = threading.Event()
    fired: list[str] = []

    def watchdog() -> None:
        while not stop.wait(POLL):
            path = watch.over(budget)
            if path is not None:
                fired.append(path)
                _raise_in(target, OverBudget)
                return

    saved = (list(sys.path), sys.stdout, sys.stderr)
    thread = threading.Thread(target=watchdog, name="pylint-budget", daemon=True)
    thread.start()
    try:
        try:
            return call()
        finally:
            stop.set()
            thread.join()
            if fired:  # raised, or still pending: never let it out of here
                _raise_in(target, None)
    except OverBudget:
        # pylint's own clean-up may have been cut short: put back what it
        # changes for the whole process.
        sys.path, sys.stdout, sys.stderr = saved
        _TAINTED.append(True)
        return fired[0]


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next instruction; None
    withdraws one not yet raised."""
    import ctypes  # pylint: disable=import-outside-toplevel  # 10 ms; only when over budget

    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None)
