"""The process a suite runs under: every descendant of the suite ends with it.

Run as ``python -I -S reaper.py STATUS_FD PARENT_PID CMD...`` by
``util.run_supervised`` (standard library only, and -I -S so nothing from
the checked tree or its PYTHONPATH is imported).  It makes itself a child
subreaper, so a process of the suite that daemonizes (``setsid``, a double
fork) is re-parented here instead of to init; starts CMD; and when CMD
exits, kills every process still below it, which is then every process
the suite started.  On SIGTERM (a timeout, a cancel) and when its parent
dies (PR_SET_PDEATHSIG: a SIGKILLed hook) it does the same at once.

STATUS_FD gets one line when CMD started ("started", or "error ENOENT"
and friends when it could not) and one when it ended ("exit N", N as
Popen.returncode gives it).
"""
from __future__ import annotations

import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
MEMORY_VAR = "COMMIT_GUARD_RLIMIT_AS"  # bytes; see limit_memory


def prctl(option: int, value: int) -> bool:
    try:
        import ctypes  # pylint: disable=import-outside-toplevel

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children_of(me: int) -> list[int]:
    """Every process below ``me`` (direct children and theirs), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [me]
    while frontier:
        parent = frontier.pop()
        kids = [pid for pid, ppid in parents.items() if ppid == parent]
        found += kids
        frontier += kids
    return found


def kill_everything() -> None:
    """SIGKILL every descendant until none is left.  As a subreaper, a process
    that has no children left has no descendants at all."""
    me = os.getpid()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for pid in children_of(me):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            return
        time.sleep(0.01)


def report(fd: int, line: str) -> None:
    try:
        os.write(fd, line.encode() + b"\n")
    except OSError:
        pass


def limit_memory() -> None:
    """The suite's ``memory_mb``, passed in MEMORY_VAR, as its address-space
    limit (ulimit -v); inherited by everything it starts.  The variable is
    the reaper's, not the command's."""
    value = os.environ.pop(MEMORY_VAR, "")
    if value.isdigit():
        import resource  # pylint: disable=import-outside-toplevel

        resource.setrlimit(resource.RLIMIT_AS, (int(value), int(value)))


def spawn(cmd: list[str]) -> int | str:
    """Fork and exec ``cmd`` (no subprocess module: it costs more to import
    than the rest of this program); its pid, or "error ERRNO"."""
    err_r, err_w = os.pipe()  # close-on-exec: EOF on a successful exec
    pid = os.fork()
    if pid == 0:
        try:
            os.close(err_r)
            # Python ignores SIGPIPE and SIGXFSZ; the command gets the defaults.
            for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGPIPE,
                        signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)
            limit_memory()
            os.execvp(cmd[0], cmd)
        except OSError as exc:
            os.write(err_w, str(exc.errno).encode())
        finally:
            os._exit(127)
    os.close(err_w)
    with os.fdopen(err_r, "rb") as fh:
        failed = fh.read()
    if failed:
        os.waitpid(pid, 0)
        return f"error {failed.decode()}"
    return pid


def main(argv: list[str]) -> int:
    status_fd, parent, cmd = int(argv[0]), int(argv[1]), argv[2:]
    os.set_inheritable(status_fd, False)
    subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    def stop(_signum: int, _frame: object) -> None:
        kill_everything()
        report(status_fd, "exit None")
        os._exit(128 + signal.SIGTERM)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    if os.getppid() != parent:  # the parent died before the death signal was armed
        return 128 + signal.SIGTERM
    pid = spawn(cmd)
    if isinstance(pid, str):
        report(status_fd, pid)
        return 127
    report(status_fd, "started" + ("" if subreaper else " nosubreaper"))
    _pid, status = os.waitpid(pid, 0)
    kill_everything()
    report(status_fd, f"exit {os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
