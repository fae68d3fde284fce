"""Real signals sent to a real hook run: nothing changes, nothing is left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import GIT_ENV, cli, git, snapshot, write

# Enough code that pylint is still busy when the signal arrives (seconds, not
# milliseconds), yet well under the 1 MiB size limit.
FUNCS = 2000


def big_module() -> str:
    body = ['"""Generated to keep pylint busy."""\n']
    for i in range(FUNCS):
        body.append(f"\n\ndef func_{i}(a, b):\n    if a > b:\n        return a - b + {i}\n"
                    f"    return [x * {i} for x in range(b)]\n")
    return "".join(body)


def session_processes(sid: int) -> dict[int, str]:
    """pid -> command line of every live process in session ``sid``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if fields[0] != "Z" and int(fields[3]) == sid:
            found[int(entry.name)] = cmdline
    return found


def wait_until(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signum,target", [
    (signal.SIGINT, "group"),    # Ctrl-C in a terminal: the whole foreground group
    (signal.SIGTERM, "group"),   # an IDE killing the job
    (signal.SIGTERM, "hook"),    # the hook process alone
])
def test_interrupted_hook_changes_nothing_and_leaves_nothing(
        repo: Path, tmp_path: Path, signum: int, target: str) -> None:
    assert cli(repo, "install", "git").returncode == 0
    write(repo, "slow.py", big_module())
    write(repo, "unstaged.py", "print('not staged')\n")
    git(repo, "add", "slow.py")
    # What git commit itself writes before it runs the hook (fresh stat info, the
    # cache-tree and its tree objects), done up front so only the hook is measured.
    git(repo, "update-index", "--refresh")
    git(repo, "write-tree")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    before = snapshot(repo)
    env = {**os.environ, **GIT_ENV, "TMPDIR": str(private_tmp)}
    with subprocess.Popen(["git", "commit", "-m", "slow"], cwd=repo, env=env,
                          start_new_session=True, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        try:
            err = interrupt(proc, private_tmp, signum, target)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    assert proc.returncode != 0
    assert b"commit accepted" not in err
    assert git(repo, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode != 0
    assert snapshot(repo) == before
    leftovers = list(private_tmp.iterdir())
    assert not leftovers


def interrupt(proc: subprocess.Popen[bytes], private_tmp: Path, signum: int,
              target: str) -> bytes:
    """Signal the hook while it checks; return git's stderr once all have exited."""
    wait_until(lambda: any(private_tmp.glob("commit-guard-*")) or proc.poll() is not None,
               120, "the hook to start checking")
    assert proc.poll() is None, "the hook finished before it could be interrupted"
    time.sleep(0.5)  # let pylint get going
    hooks = [pid for pid, cmd in session_processes(proc.pid).items()
             if "commit_guard.cli" in cmd]
    assert len(hooks) == 1, session_processes(proc.pid)
    if target == "group":
        os.killpg(proc.pid, signum)
    else:
        os.kill(hooks[0], signum)
    _, err = proc.communicate(timeout=120)
    wait_until(lambda: not session_processes(proc.pid), 120, "every process to exit")
    return err
