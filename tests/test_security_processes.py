"""No process of a suite outlives it, and a killed hook's leftovers go with the next run.

Processes are looked up in /proc.  Suites run through the real svn hook
(file://), with the sandbox off: these hold without it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_svn_support import make_repo

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")

# Writes the pids of everything it starts to PIDS (one JSON list per line):
# a child in a new session (setsid sleep), and a classic double-forked
# daemon that also calls setsid, then optionally waits.
DAEMONIZING_SUITE = '''\
import json, os, subprocess, sys, time
pids = os.environ["PIDS_FILE"]
setsid = subprocess.Popen(["setsid", "sleep", "300"])
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        with open(pids, "a") as fh:
            fh.write(json.dumps({"daemon": os.getpid()}) + "\\n")
        time.sleep(300)
    os._exit(0)
time.sleep(0.5)
with open(pids, "a") as fh:
    fh.write(json.dumps({"setsid": setsid.pid, "suite": os.getpid(),
                         "tree": os.environ["COMMIT_GUARD_TREE"]}) + "\\n")
if os.environ.get("WAIT"):
    time.sleep(300)
sys.exit(0)
'''


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def recorded(path: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            found.update(json.loads(line))
    return found


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def suite_config(tmp_path: Path, wait: bool) -> str:
    script = tmp_path / "suite.py"
    script.write_text(DAEMONIZING_SUITE, encoding="utf-8")
    env = {"PIDS_FILE": str(tmp_path / "pids"), **({"WAIT": "1"} if wait else {})}
    return ('[svn]\nsandbox = "off"\n[[tests]]\nname = "daemons"\n'
            f"command = {json.dumps([sys.executable, str(script)])}\n"
            f"env = {{ {', '.join(f'{k} = {json.dumps(v)}' for k, v in env.items())} }}\n")


def suite_repo(tmp_path: Path, wait: bool):
    return make_repo(tmp_path, suite_config(tmp_path, wait))


def test_a_daemonizing_suite_leaves_no_process(tmp_path: Path) -> None:
    repo = suite_repo(tmp_path, wait=False)
    repo.write("a.txt", "a\n")
    repo.add("a.txt")
    proc = repo.commit("go")
    assert proc.returncode == 0, proc.stderr
    pids = recorded(tmp_path / "pids")
    assert {"daemon", "setsid", "suite"} <= set(pids), pids
    # The hook has exited: nothing the suite started may still run.
    left = [name for name in ("daemon", "setsid", "suite") if alive(int(pids[name]))]
    for name in left:
        os.kill(int(pids[name]), signal.SIGKILL)
    assert left == []


def hook_processes(repo_root: Path) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                args = fh.read().split(b"\0")
        except OSError:
            continue
        if b"svn-hook" in args and os.fsencode(repo_root) in args:
            found.append(int(entry))
    return found


def test_a_killed_hook_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    repo = suite_repo(tmp_path, wait=True)
    repo.write("a.txt", "a\n")
    repo.add("a.txt")
    client = subprocess.Popen(  # pylint: disable=consider-using-with
        ["svn", "--non-interactive", "--config-dir", str(repo.home / "svnconf"), "commit",
         "-m", "killed", str(repo.wc)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pids_file = tmp_path / "pids"
    assert wait_for(lambda: {"daemon", "suite"} <= set(recorded(pids_file)))
    hooks = hook_processes(repo.root)
    assert hooks
    for pid in hooks:
        os.kill(pid, signal.SIGKILL)
    client.communicate(timeout=60)
    assert client.returncode != 0
    pids = recorded(pids_file)
    workspace = Path(str(pids["tree"])).parents[2]
    assert workspace.name.startswith("commit-guard-")
    # The suite's processes end with the hook that started them (its reaper
    # gets SIGTERM when the hook dies) ...
    started = [int(pids[name]) for name in ("daemon", "setsid", "suite")]
    gone = wait_for(lambda: not any(alive(pid) for pid in started), timeout=10)
    assert workspace.exists()  # SIGKILL: nothing of the hook ran after it
    # ... and the next run removes the killed run's workspace.
    repo.server_config(suite_config(tmp_path, wait=False))
    nxt = repo.commit("next")
    survivors = [pid for pid in started if alive(pid)]
    later = recorded(pids_file)  # the next run's suite: killed here if it escaped
    for pid in survivors + [int(later[k]) for k in ("daemon", "setsid") if alive(int(later[k]))]:
        os.kill(pid, signal.SIGKILL)
    assert nxt.returncode == 0, nxt.stderr
    assert gone and survivors == []
    assert not workspace.exists()


def test_the_next_run_kills_what_a_dead_run_left_running(tmp_path: Path) -> None:
    """A process that escaped its reaper (killed it) and outlived a SIGKILLed
    run carries the run's token: the next run kills it with the dead run's
    directory."""
    dead = subprocess.Popen(["true"])  # pylint: disable=consider-using-with
    dead.wait()
    token = f"{dead.pid}.12345"  # a pid that has exited: the run is gone
    tmp = tmp_path / "tmp"
    leftover = tmp / f"commit-guard-{token}-abc"
    (leftover / "tree").mkdir(parents=True)
    escaped = subprocess.Popen(  # pylint: disable=consider-using-with
        ["sleep", "300"], start_new_session=True,
        env={**os.environ, "COMMIT_GUARD_RUN": token})
    try:
        repo = tmp_path / "work"
        repo.mkdir()
        (repo / "a.py").write_text('"""A."""\n', encoding="utf-8")
        proc = subprocess.run([sys.executable, "-m", "commit_guard", "check", "a.py"], cwd=repo,
                              capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "TMPDIR": str(tmp)})
        assert proc.returncode == 0, proc.stderr
        assert wait_for(lambda: escaped.poll() is not None, timeout=10)
        assert not leftover.exists()
    finally:
        if escaped.poll() is None:
            escaped.kill()
        escaped.wait()


def test_snapshot_build_dirs_of_dead_runs_are_pruned(tmp_path: Path) -> None:
    """A hook killed while building a revision snapshot leaves ``.rN-TOKEN-*``
    behind: the next prune removes it, and never a live run's."""
    from commit_guard.procs import owner_token  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.svntree import SnapshotCache  # pylint: disable=import-outside-toplevel

    repo = make_repo(tmp_path, install=False)
    cache = SnapshotCache(repo.root, tmp_path / "cache")
    dead = subprocess.Popen(["true"])  # pylint: disable=consider-using-with
    dead.wait()
    abandoned = cache.base / f".r7-{dead.pid}.999-abc"
    building = cache.base / f".r8-{owner_token()}-def"
    for path in (abandoned, building):
        (path / "pkg").mkdir(parents=True)
    cache.prune()
    assert not abandoned.exists()
    assert building.exists()
