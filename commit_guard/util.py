"""Process and file helpers.  Every subprocess the tool starts goes through here."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Mapping, NamedTuple, Sequence

from commit_guard import procs
from commit_guard.errors import UserError
from commit_guard.procs import kill_descendants

__all__ = ["CalledProcessError", "cmd_output_b", "cmd_output", "kill_group", "run_supervised",
           "write_atomic", "replace_file", "kill_descendants"]

REAPER = Path(__file__).with_name("reaper.py")
# A command's output kept on disk (a test suite's, a pylint worker's): a
# suite that prints without end must not fill the disk; its tail is what a
# report shows.
OUTPUT_CAP = 32 * 1024 * 1024
KEPT_TAIL = 64 * 1024


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
    memory_mb: int = 0,
) -> Supervised:
    """Run ``cmd`` in its own process group, stdout+stderr to ``output``.

    For long-running children (test suites): the output goes to a file so
    it never fills a pipe or memory.  On Linux ``cmd`` runs under
    ``reaper.py``, a child subreaper: every process it starts, including
    one that calls setsid or double-forks, ends when ``cmd`` ends, on
    timeout, on ``cancel``, and when this process dies (even SIGKILLed).
    This process is a subreaper too, so what escapes a reaper that was
    killed comes here and ends with the check (``procs.reap_at_exit``).
    Elsewhere the process group is killed, as before.  The exit is
    detected with WNOWAIT, so the leader's pid (= the group id) cannot be
    reused before the group is killed.

    ``memory_mb``: the address-space limit of ``cmd`` and all it starts
    (set by the reaper; 0: none).  ``output`` is kept near OUTPUT_CAP bytes
    on disk: past it, all but its tail is freed (``_cap_output``; ``tail_of``
    reads the tail).
    """
    started = time.monotonic()
    reaper = REAPER if sys.platform.startswith("linux") and REAPER.is_file() else None
    status_r = status_w = -1
    argv = list(cmd)
    if reaper is not None:
        procs.reap_at_exit()
        status_r, status_w = os.pipe()
        argv = [sys.executable, "-I", "-S", str(reaper), str(status_w), str(os.getpid()), *cmd]
        if memory_mb:
            env = {**(os.environ if env is None else env),
                   "COMMIT_GUARD_RLIMIT_AS": str(memory_mb * 1024 * 1024)}
    try:
        with open(output, "wb") as out:
            # Entered below, once the output file is closed in the parent.
            proc = subprocess.Popen(
                argv, cwd=cwd, env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, pass_fds=(status_w,) if reaper else ())
    except FileNotFoundError as exc:
        raise UserError(f"executable not found: {argv[0]}") from exc
    except PermissionError as exc:
        raise UserError(f"executable not runnable: {argv[0]}") from exc
    finally:
        if status_w >= 0:
            os.close(status_w)
    with proc, _StatusPipe(status_r) as status:
        if reaper is not None:
            status.started(proc, cmd[0])
        timed_out, cancelled = _supervise(proc, started, timeout, cancel, poll, output)
        code = None if timed_out or cancelled else status.code(proc.returncode)
    return Supervised(code, timed_out, cancelled, time.monotonic() - started)


def _supervise(proc: subprocess.Popen[bytes], started: float, timeout: float | None,
               cancel: threading.Event | None, poll: float,
               output: str | os.PathLike[str]) -> tuple[bool, bool]:
    timed_out = cancelled = False
    try:
        while not _exited(proc.pid):
            _cap_output(output)
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            if timeout is not None and time.monotonic() - started >= timeout:
                timed_out = True
                break
            time.sleep(poll)
    finally:
        if not _exited(proc.pid):
            # The reaper kills the suite's whole tree on SIGTERM; the group
            # kill below is for a child that is not a reaper, or is stuck.
            _terminate(proc)
        kill_group(proc)
    return timed_out, cancelled


def _cap_output(output: str | os.PathLike[str]) -> None:
    """Past OUTPUT_CAP bytes on disk, free all but the last KEPT_TAIL bytes.

    A hole is punched (fallocate PUNCH_HOLE, size kept): the bytes before the
    tail read as zeros and take no disk, and nothing the command writes
    meanwhile is lost, as it would be by truncating.  Where the file system
    cannot punch holes, the output is left whole.
    """
    try:
        st = os.stat(output)
        if st.st_blocks * 512 <= OUTPUT_CAP:
            return
        end = st.st_size - KEPT_TAIL
        fd = os.open(output, os.O_WRONLY)
    except OSError:
        return
    try:
        if end > 0:
            _punch_hole(fd, end)
    finally:
        os.close(fd)


def _punch_hole(fd: int, length: int) -> None:
    import ctypes  # pylint: disable=import-outside-toplevel  # only for output past the cap

    libc = ctypes.CDLL(None, use_errno=True)
    keep_size_punch_hole = 0x01 | 0x02  # FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE
    try:
        libc.fallocate(fd, keep_size_punch_hole, ctypes.c_int64(0), ctypes.c_int64(length))
    except AttributeError:
        pass  # no fallocate (not Linux): the output stays whole


def tail_of(output: str | os.PathLike[str], size: int) -> bytes:
    """The last ``size`` bytes of a command's output, without the hole
    ``_cap_output`` leaves."""
    try:
        with open(output, "rb") as fh:
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - size))
            return fh.read().lstrip(b"\0")
    except OSError:
        return b""


def _terminate(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    try:
        proc.send_signal(signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while not _exited(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


class _StatusPipe:
    """The reaper's reports: "started" (or "error ERRNO"), then "exit CODE"."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.lines: list[str] = []

    def __enter__(self) -> _StatusPipe:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _read(self, until: int) -> None:
        data = b""
        while len(self.lines) + data.count(b"\n") < until:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                break
            data += chunk
        self.lines += data.decode("ascii", "replace").splitlines()

    def started(self, proc: subprocess.Popen[bytes], name: str) -> None:
        self._read(1)
        first = self.lines[0] if self.lines else ""
        if first.startswith("started"):
            return
        proc.wait()
        if first == f"error {errno.ENOENT}":
            raise UserError(f"executable not found: {name}")
        if first.startswith("error"):
            raise UserError(f"executable not runnable: {name}")
        raise UserError(f"could not start {name}: its supervisor exited {proc.returncode}")

    def code(self, fallback: int | None) -> int | None:
        if self.fd >= 0:
            os.set_blocking(self.fd, False)
            try:
                self._read(2)
            except BlockingIOError:
                pass
        for line in self.lines:
            if line.startswith("exit ") and line[5:].lstrip("-").isdigit():
                return int(line[5:])
        return fallback


def _exited(pid: int) -> bool:
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def write_atomic(path: Path, text: str, mode: int = 0o755, newline: str = "\n") -> None:
    """Replace ``path`` in one step: a reader (git, svnserve) never sees half a hook."""
    replace_file(path, text.replace("\n", newline).encode("utf-8"), mode)


def replace_file(path: Path, data: bytes, mode: int | None = None, prefix: str = "") -> None:
    """Write ``data`` to a temp file beside ``path`` (mode 0600 unless ``mode``),
    then rename it over ``path``: a reader sees the old file or the whole new
    one, never half of it.  The temp file goes on any failure (OSError raised)."""
    import tempfile  # pylint: disable=import-outside-toplevel  # not on a warm re-check's path

    fd, tmp = tempfile.mkstemp(prefix=prefix or f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
