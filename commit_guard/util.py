"""Process and file helpers.  Every subprocess the tool starts goes through here."""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence

from commit_guard.errors import UserError


class CalledProcessError(UserError):
    """A helper tool exited non-zero where the caller demanded success."""

    def __init__(self, cmd: Sequence[str], returncode: int, stdout: bytes, stderr: bytes) -> None:
        first = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
        detail = first[0] if first else "no output"
        super().__init__(f"command failed ({returncode}): {' '.join(cmd[:3])}: {detail}")
        self.cmd = tuple(cmd)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def cmd_output_b(
    *cmd: str,
    check: bool = True,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float | None = None,
) -> tuple[int, bytes, bytes]:
    """Run ``cmd`` and return (returncode, stdout, stderr) as bytes.

    A missing executable is a user error, not a traceback.  On timeout the
    whole process group is killed so no grandchild outlives us.
    """
    try:
        # Not a `with` block: on interrupt the child must be killed, not waited for.
        proc = subprocess.Popen(  # pylint: disable=consider-using-with
            cmd,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=timeout is not None,
        )
    except FileNotFoundError as exc:
        raise UserError(f"executable not found: {cmd[0]}") from exc
    except PermissionError as exc:
        raise UserError(f"executable not runnable: {cmd[0]}") from exc
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        raise
    except BaseException:
        # Ctrl-C or SIGTERM: never leave the child behind.
        if proc.poll() is None:
            if timeout is not None:
                kill_group(proc)
            else:
                proc.kill()
            proc.wait()
        raise
    if check and proc.returncode != 0:
        raise CalledProcessError(cmd, proc.returncode, out, err)
    return proc.returncode, out, err


def cmd_output(*cmd: str, **kwargs: object) -> tuple[int, str, str]:
    """Like cmd_output_b, decoded as UTF-8 (undecodable bytes replaced)."""
    code, out, err = cmd_output_b(*cmd, **kwargs)  # type: ignore[arg-type]
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill a child started with start_new_session, and all of its group."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


class Supervised(NamedTuple):
    """How a supervised child ended."""

    returncode: int | None  # None when we killed it
    timed_out: bool
    cancelled: bool
    duration: float


def run_supervised(
    cmd: Sequence[str],
    output: str | os.PathLike[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    cancel: threading.Event | None = None,
    poll: float = 0.05,
) -> Supervised:
    """Run ``cmd`` in its own process group, stdout+stderr to ``output``.

    For long-running children (test suites): the output goes to a file so
    it never fills a pipe or memory.  On timeout, on ``cancel`` and on any
    exception (Ctrl-C), the whole group is killed.  After a normal exit the
    group is killed too, so a straggler the child left behind (a test
    server, a sleep) does not outlive the check.  The exit is detected
    with WNOWAIT, so the leader's pid (= the group id) cannot be reused
    before the group is killed.
    """
    started = time.monotonic()
    with open(output, "wb") as out:
        try:
            # Entered below, once the output file is closed in the parent.
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        except FileNotFoundError as exc:
            raise UserError(f"executable not found: {cmd[0]}") from exc
        except PermissionError as exc:
            raise UserError(f"executable not runnable: {cmd[0]}") from exc
    timed_out = cancelled = False
    with proc:
        try:
            while not _exited(proc.pid):
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    break
                if timeout is not None and time.monotonic() - started >= timeout:
                    timed_out = True
                    break
                time.sleep(poll)
        finally:
            kill_group(proc)
    code = None if timed_out or cancelled else proc.returncode
    return Supervised(code, timed_out, cancelled, time.monotonic() - started)


def _exited(pid: int) -> bool:
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def write_atomic(path: Path, text: str, mode: int = 0o755, newline: str = "\n") -> None:
    """Replace ``path`` in one step: a reader (git, svnserve) never sees half a hook."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def kill_descendants() -> None:
    """Kill every process below this one, and the process groups they lead.

    Used on Ctrl-C/SIGTERM just before exiting without waiting for worker
    threads: pylint's -j workers, PHP parser workers and unit-test suites
    (which run in their own process groups) must not outlive the hook.
    Linux-only (/proc); elsewhere nothing is done and the normal waits apply.
    """
    me = os.getpid()
    parents: dict[int, int] = {}
    groups: dict[int, int] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        groups[int(entry)] = int(fields[2])
    doomed: list[int] = []
    frontier = [me]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        doomed += children
        frontier += children
    for pid in doomed:
        try:
            if groups.get(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    # SIGKILL is delivered asynchronously: wait (briefly) until every one is
    # gone or a zombie, so nothing of ours is still running when we exit.
    deadline = time.monotonic() + 2.0
    while doomed and time.monotonic() < deadline:
        doomed = [pid for pid in doomed if _running(pid)]
        if doomed:
            time.sleep(0.01)


def _running(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reaps our direct children
    except ChildProcessError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False
