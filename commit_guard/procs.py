"""Who owns what: run tokens, the process tree, and what a dead run left behind.

A run (one commit-guard process) is named by a token, ``PID.START``: its
pid and its start time in clock ticks since boot (/proc/PID/stat field
22), so a recycled pid is never mistaken for the run.  The token is
written into the names or markers of the temporary directories a run
makes, and into the environment of every suite it starts
(``COMMIT_GUARD_RUN``).  A later run that finds a directory whose owner is
gone removes it, after killing whatever still carries the dead run's
token: what a SIGKILLed hook left behind goes with the next run.

Linux-only parts (/proc, prctl) do nothing elsewhere.
"""
from __future__ import annotations

import atexit
import os
import signal
import time
from functools import lru_cache

RUN_ENV = "COMMIT_GUARD_RUN"
PR_SET_CHILD_SUBREAPER = 36


def _stat(pid: int | str) -> list[bytes] | None:
    """The fields of /proc/PID/stat after the command name, from field 3 (the
    state) on; None if the process is gone or there is no /proc.  The name is
    skipped by its last ")": it may hold spaces and parentheses itself."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields or None


def start_time(pid: int) -> str | None:
    """Field 22 of /proc/PID/stat (None if the process is gone or there is no /proc)."""
    fields = _stat(pid)
    return fields[19].decode("ascii") if fields and len(fields) > 19 else None


@lru_cache(maxsize=None)
def _token_of(pid: int) -> str:
    return f"{pid}.{start_time(pid) or 0}"


def owner_token() -> str:
    """This process's token (cached per pid: a forked child gets its own)."""
    return _token_of(os.getpid())


def token_alive(token: str) -> bool:
    """Whether the run named by ``token`` is still running.  Unparsable: alive
    (never remove what we cannot attribute)."""
    pid_text, _, start = token.partition(".")
    if not pid_text.isdigit() or not start.isdigit():
        return True
    pid = int(pid_text)
    now = start_time(pid)
    if now is not None:
        return start in (now, "0")
    if os.path.isdir("/proc/self"):
        return False  # /proc exists and the pid does not
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def process_table() -> dict[int, int]:
    """{pid: parent pid} of every process we can see (empty without /proc)."""
    parents: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return parents
    for entry in entries:
        fields = _stat(entry) if entry.isdigit() else None
        if fields and fields[0] != b"Z":
            parents[int(entry)] = int(fields[1])
    return parents


def descendants(root: int, parents: dict[int, int] | None = None) -> list[int]:
    table = process_table() if parents is None else parents
    children: dict[int, list[int]] = {}
    for pid, ppid in table.items():
        children.setdefault(ppid, []).append(pid)
    found, frontier = [], [root]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child)
    return found


def tagged(token: str) -> list[int]:
    """Processes whose environment names the run ``token`` (ours: same user)."""
    needle = f"{RUN_ENV}={token}".encode()
    found = []
    for pid in process_table():
        try:
            with open(f"/proc/{pid}/environ", "rb") as fh:
                env = fh.read()
        except OSError:
            continue
        if needle in env.split(b"\0"):
            found.append(pid)
    return found


def kill_all(pids: list[int], wait: float = 2.0) -> None:
    """SIGKILL each of ``pids`` and wait (briefly) until none is running."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + wait
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if running(pid)]
        if pids:
            time.sleep(0.01)


def running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (our zombies are reaped)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    fields = _stat(pid)
    return fields is not None and fields[0] != b"Z"


def kill_run(token: str) -> None:
    """Kill what a dead run left running (never our own token)."""
    if token != owner_token() and not token_alive(token):
        kill_all(tagged(token))


@lru_cache(maxsize=None)
def become_subreaper() -> bool:
    """Make this process a child subreaper: a descendant that daemonizes
    (setsid, double fork) is re-parented here instead of to init, so it
    can still be found and killed.  True if the kernel agreed."""
    try:
        import ctypes  # pylint: disable=import-outside-toplevel

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def kill_descendants() -> None:
    """Kill every process below this one, and the process groups they lead.

    Used on Ctrl-C/SIGTERM just before exiting without waiting for worker
    threads (pylint's -j workers, PHP parser workers and unit-test suites,
    which run in their own process groups, must not outlive the hook), and
    at exit once this process is a subreaper.  Repeated until nothing is
    left, since a subreaper inherits the orphans of what it kills.
    Linux-only (/proc); elsewhere nothing is done and the normal waits apply.
    """
    me = os.getpid()
    for _round in range(5):
        doomed = descendants(me)
        if not doomed:
            return
        for pid in doomed:
            try:
                if os.getpgid(pid) == pid:
                    os.killpg(pid, signal.SIGKILL)
                else:
                    os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        # SIGKILL is delivered asynchronously: wait (briefly) until every one
        # is gone or a zombie, so nothing of ours runs when we exit.
        kill_all(doomed)


@lru_cache(maxsize=None)
def reap_at_exit() -> bool:
    """Become a subreaper, and kill whatever is still below us at exit: a
    suite process that escaped its reaper (by killing it) ends with the check."""
    if not become_subreaper():
        return False
    atexit.register(kill_descendants)
    return True
