"""A one-line "what is running, for how long" display on a terminal's stderr.

Silent when stderr is not a terminal (hooks run by IDEs, CI logs, the svn
server): nothing is written at all, so machine output is never polluted.
One instance serves a whole check (the checkers and the unit-test suites
share it through the checker Context), so there is only ever one line.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

CLEAR = "\r\x1b[K"


class Progress:
    """Tracks named tasks; on a TTY redraws one status line every ``interval``.

    Thread-safe: tasks start and finish from worker threads.
    """

    def __init__(self, label: str, stream: TextIO | None = None,
                 interval: float = 0.5, delay: float = 0.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream)
        self.interval = interval
        # Nothing is drawn before ``delay`` seconds, so quick checks stay quiet.
        self._quiet_until = time.monotonic() + delay
        self._running: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._write(CLEAR)

    def start(self, name: str) -> None:
        with self._lock:
            self._running[name] = time.monotonic()
        self._redraw()

    def done(self, name: str) -> None:
        """Take a task off the status line without a line of its own."""
        with self._lock:
            self._running.pop(name, None)
        self._redraw()

    def finish(self, name: str, outcome: str) -> None:
        """Replace the status line by a permanent "label: name outcome" line."""
        with self._lock:
            started = self._running.pop(name, None)
        if started is not None:
            self._write(f"{CLEAR}{self.label}: {name} {outcome} "
                        f"({time.monotonic() - started:.1f}s)\n")
        self._redraw()

    def status_line(self) -> str:
        now = time.monotonic()
        with self._lock:
            items = [f"{n} {now - t:.0f}s" for n, t in self._running.items()]
        return f"{self.label}: running " + ", ".join(items) if items else ""

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self._redraw()

    def _redraw(self) -> None:
        self._write(CLEAR + self.status_line())

    def _write(self, text: str) -> None:
        if not self.enabled or time.monotonic() < self._quiet_until:
            return
        with self._lock:
            try:
                self.stream.write(text)
                self.stream.flush()
            except (OSError, ValueError):
                self.enabled = False  # terminal gone: carry on silently


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
