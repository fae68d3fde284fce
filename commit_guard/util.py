"""Process helpers.  Every subprocess the tool starts goes through here."""
from __future__ import annotations

import os
import signal
import subprocess
from typing import Mapping, Sequence

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
        proc = subprocess.Popen(
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
            kill_group(proc) if timeout is not None else proc.kill()
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
