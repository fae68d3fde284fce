"""A one-line progress display on stderr for long runs on a terminal.

Silent unless stderr is a TTY (hooks under IDEs and servers are not), and
nothing is drawn before ``delay`` seconds so quick checks stay quiet.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import IO


class ProgressLine:
    def __init__(self, stream: IO[str] | None = None, delay: float = 1.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay = delay
        self.running: dict[str, int] = {}
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> ProgressLine:
        if self.enabled:
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
        if self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def event(self, checker: str, kind: str, nfiles: int) -> None:
        with self._lock:
            if kind == "start":
                self.running[checker] = nfiles
            else:
                self.running.pop(checker, None)

    def text(self) -> str:
        with self._lock:
            parts = [f"{name} on {n} file{'s' * (n != 1)}" for name, n in self.running.items()]
        elapsed = time.monotonic() - self.started
        return f"commit-guard: running {', '.join(parts) or 'checks'} ({elapsed:.0f}s)"

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.is_set():
            self.stream.write("\r\033[K" + self.text())
            self.stream.flush()
            self._drawn = True
            self._stop.wait(0.5)
