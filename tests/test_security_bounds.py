"""Bounds on how long a check runs (issue 14, item 10).

- A ``timeout`` for the whole check: past it every checker is cancelled,
  every process of the run is killed, the workspace is removed and the
  check ends with exit 2 and one line.  Real suites, real pylint, real git
  and svn hooks.
- A glob from the committed tree cannot make matching hang: globs are
  matched without regex backtracking (same matches as pathspec, compared
  on generated globs and paths), and overlong globs are refused.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import NamedTuple

import pytest

from commit_guard import config as config_mod
from commit_guard import deadline, globmatch, globs
from commit_guard.runner import time_limit
from commit_guard.server import svn as server_svn
from tests.helpers import GIT_ENV, cli, git, snapshot, write
from tests.test_svn_support import CLEAN_PY, client_env, make_repo

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

# A suite that would run for a minute.
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
TIMEOUT = 2
# Interpreter start-up before the limit is armed, killing and reaping after it.
SLACK = 6.0
# The glob of the report: 14 stars; against a 60-character name pathspec's
# regex backtracks for hours (8 stars: 20 s; each star about 6x more).
HOSTILE_GLOB = "*a" * 13 + "*b"
LONG_NAME = "a" * 57 + ".py"


# Runs a command as a child subreaper (prctl PR_SET_CHILD_SUBREAPER): every
# process the command starts stays below it, even one that left its session
# (suites, pylint's worker) or double-forked.  It counts the command's live
# processes while it runs, and reports those still alive 5 s after it ended
# (or after LIMIT seconds), then kills them: a failing run leaves nothing.
REAPER = r"""
import ctypes, json, os, signal, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
def below():
    kids = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != b"Z":
            kids.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [os.getpid()]
    while todo:
        for pid in kids.get(todo.pop(), []):
            found.append(pid)
            todo.append(pid)
    return found
def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""
def reap():
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass
cmd, cwd = json.loads(sys.argv[1]), sys.argv[2]
with open(sys.argv[3], "wb") as out, open(sys.argv[4], "wb") as err:
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    most = 0
    while proc.poll() is None and time.monotonic() - started < float(sys.argv[5]):
        most = max(most, sum("commit_guard" in cmdline(p) for p in below()))
        time.sleep(0.05)
    elapsed = time.monotonic() - started
end = time.monotonic() + 5
while below() and time.monotonic() < end:
    reap()
    time.sleep(0.05)
left = [cmdline(p) for p in below()]
for pid in below():
    os.kill(pid, signal.SIGKILL)
proc.wait()
print(json.dumps({"returncode": proc.returncode, "elapsed": elapsed, "most": most,
                  "left": left}))
"""


class Reaped(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    elapsed: float  # LIMIT or more: it was still running, and was killed
    most: int  # the most commit-guard processes alive at once
    left: list[str]  # command lines of processes alive 5 s after the command ended


LIMIT = 120


def run_reaped(cmd: list[str], cwd: Path, env: dict[str, str], tmp_path: Path) -> Reaped:
    out, err = tmp_path / "reaped.out", tmp_path / "reaped.err"
    proc = subprocess.run([sys.executable, "-c", REAPER, json.dumps(cmd), str(cwd), str(out),
                           str(err), str(LIMIT)], env=env, capture_output=True, text=True,
                          timeout=LIMIT + 60, check=False)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    return Reaped(report["returncode"], out.read_text(encoding="utf-8"),
                  err.read_text(encoding="utf-8"), report["elapsed"], report["most"],
                  report["left"])


def slow_module(functions: int) -> str:
    """Functions each calling the two before: pylint infers through the
    chain, about 20 s of CPU for 400 functions (40 KB) here."""
    body = ['"""Generated to keep pylint busy."""\n',
            "\n\ndef func_0(a, b):\n    return a + b\n",
            "\n\ndef func_1(a, b):\n    return a - b\n"]
    for i in range(2, functions):
        body.append(f"\n\ndef func_{i}(a, b):\n    x = func_{i - 1}(a, b)\n"
                    f"    y = x + func_{i - 2}(b, a)\n    return y if a else x.real\n")
    return "".join(body)


def sleeper_config(tables: str = "", **top: object) -> str:
    lines = [f"{k} = {v}" for k, v in {"timeout": TIMEOUT, **top}.items()]
    command = ", ".join(f'"{a}"' for a in SLEEPER)
    return ("\n".join(lines) + f"\n{tables}\n"
            f'[[tests]]\nname = "sleeper"\ncommand = [{command}]\n')


def timed_out_line(seconds: int, where: str) -> str:
    return f"commit-guard: check timed out after {seconds} s (timeout = {seconds}{where})"


def private_tmp(tmp_path: Path) -> Path:
    path = tmp_path / "tmp"
    path.mkdir()
    return path


# --- the whole check's timeout -------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_timeout_ends_a_sleeping_suite_with_one_line(repo: Path, tmp_path: Path,
                                                     jobs: str) -> None:
    write(repo, "commit-guard.toml", sleeper_config())
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "-A")
    tmp = private_tmp(tmp_path)
    before = snapshot(repo)
    run = run_reaped([sys.executable, "-m", "commit_guard", "check", "--jobs", jobs], repo,
                     {**os.environ, **GIT_ENV, "TMPDIR": str(tmp)}, tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr == timed_out_line(TIMEOUT, " in commit-guard.toml") + "\n"
    assert run.stdout == ""
    assert run.elapsed < TIMEOUT + SLACK
    assert run.left == []  # the suite (in a session of its own) was killed
    assert not list(tmp.iterdir())  # the workspace is removed
    assert snapshot(repo) == before  # work tree and index as they were


# pylint needs about 20 s of CPU for each of these files; the limit is long
# enough for its worker processes to start on a loaded machine.
@pytest.mark.parametrize("files,jobs,limit", [(1, 1, 6), (4, 2, 8)],
                         ids=["in-process", "workers"])
def test_timeout_stops_slow_pylint_in_a_real_commit(repo: Path, tmp_path: Path, files: int,
                                                    jobs: int, limit: int) -> None:
    """pylint busy for 20 s a file: in the hook's own thread (which
    nothing can stop: the hook must not wait for it), or in worker processes
    (which must not outlive the hook)."""
    assert cli(repo, "install", "git").returncode == 0
    write(repo, "commit-guard.toml", f"timeout = {limit}\njobs = {jobs}\n")
    for number in range(files):
        write(repo, f"slow_{number}.py", slow_module(400))
    git(repo, "add", "-A")
    git(repo, "update-index", "--refresh")
    git(repo, "write-tree")
    tmp = private_tmp(tmp_path)
    before = snapshot(repo)
    env = {**os.environ, **GIT_ENV, "TMPDIR": str(tmp),
           "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1"}  # pylint's own workers, even under load
    run = run_reaped(["git", "commit", "-m", "slow"], repo, env, tmp_path)
    assert run.returncode != 0
    assert timed_out_line(limit, " in commit-guard.toml") in run.stderr.splitlines()
    assert run.elapsed < limit + SLACK
    assert run.most >= min(files, 2), "pylint never ran beside the hook"
    assert run.left == []
    assert git(repo, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode != 0
    assert snapshot(repo) == before
    assert not list(tmp.iterdir())


def test_timeout_in_the_svn_hook_cannot_be_lifted_by_the_commit(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    # Written here: make_repo's config starts with a table, and timeout is a top-level key.
    (repo.root / "hooks" / "commit-guard.toml").write_text(sleeper_config(
        f'[cache]\ndir = "{repo.home / "cache"}"\n[svn]\nallow_tree_config = true\n'),
        encoding="utf-8")
    hook_tmp = tmp_path / "hook-tmp"
    hook_tmp.mkdir()
    (repo.root / "conf" / "hooks-env").write_text(f"[default]\nTMPDIR = {hook_tmp}\n",
                                                  encoding="utf-8")
    repo.write("ok.py", CLEAN_PY)
    repo.write("commit-guard.toml", "timeout = 0\n")  # not the committer's to set
    repo.add("ok.py", "commit-guard.toml")
    cmd = ["svn", "--non-interactive", "--config-dir", str(repo.home / "svnconf"), "commit",
           "-m", "sleep"]
    run = run_reaped(cmd, repo.wc, client_env(repo.home), tmp_path)
    assert run.returncode != 0
    where = f" in {repo.root / 'hooks' / 'commit-guard.toml'}"
    assert timed_out_line(TIMEOUT, where) in run.stderr
    assert "Traceback" not in run.stderr
    assert run.elapsed < TIMEOUT + SLACK + 3  # svn's own commit round trip
    assert run.left == []
    assert repo.youngest() == 0
    assert not list(hook_tmp.iterdir())


THREAD_SCRIPT = """
import sys, threading, time
from pathlib import Path
from commit_guard import config, deadline
from commit_guard.runner import run_checks
from commit_guard.sources.disk import source_for
root = Path(sys.argv[1])
cfg = config.load(None, root)
outcome = []
def check():
    started = time.monotonic()
    try:
        run_checks(source_for([], True, cwd=root), cfg, 2)
        outcome.append("finished")
    except deadline.TimedOut as exc:
        outcome.append(str(exc))
    outcome.append(time.monotonic() - started)
thread = threading.Thread(target=check)
thread.start()
thread.join()
# The real stdout: pylint, in a thread of its own, may still hold sys.stdout.
print(outcome[0], outcome[1], sep="\\n", file=sys.__stdout__, flush=True)
"""


def test_timeout_holds_without_a_signal(repo: Path, tmp_path: Path) -> None:
    """A check run outside the main thread gets no SIGALRM: the runner stops
    waiting for its checkers at the deadline all the same."""
    write(repo, "commit-guard.toml", sleeper_config())
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "-A")
    run = run_reaped([sys.executable, "-c", THREAD_SCRIPT, str(repo)], repo,
                     {**os.environ, **GIT_ENV, "TMPDIR": str(private_tmp(tmp_path))},
                     tmp_path)
    message, seconds = run.stdout.splitlines()
    assert message == timed_out_line(TIMEOUT, " in commit-guard.toml")
    assert float(seconds) < TIMEOUT + 2
    assert run.left == []


def test_default_timeout_is_300_in_the_svn_hook_and_none_locally() -> None:
    cfg = config_mod.from_table({}, "defaults")
    assert cfg["timeout"] == -1
    with time_limit(cfg) as local:
        assert local is None and deadline.current() is None
    with server_svn.time_limit(cfg) as hook:
        assert hook is not None and hook.seconds == 300
        assert str(hook.expired()) == timed_out_line(300, ", the svn hook's default")
    assert deadline.current() is None
    assert server_svn.filter_tree_table({"timeout": 0})[1] == ["timeout"]


def test_fail_fast_still_ends_early_under_a_timeout(repo: Path, tmp_path: Path) -> None:
    """fail_fast cancels the suite when pylint fails, long before the timeout."""
    write(repo, "commit-guard.toml", sleeper_config(timeout=60, fail_fast="true"))
    write(repo, "bad.py", '"""A module."""\n\nimport os\n')
    git(repo, "add", "-A")
    run = run_reaped([sys.executable, "-m", "commit_guard", "check", "--jobs", "1"], repo,
                     {**os.environ, **GIT_ENV}, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "W0611" in run.stdout and "timed out" not in run.stderr
    assert "cancelled" in run.stdout
    assert run.elapsed < 40
    assert run.left == []


def test_negative_timeout_below_minus_one_is_refused(repo: Path) -> None:
    write(repo, "commit-guard.toml", "timeout = -5\n")
    proc = cli(repo, "check", "--all")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("commit-guard: error: commit-guard.toml: 'timeout' must be "
                                   "at least -1")


# --- globs from the tree -------------------------------------------------------------

MATCH_SCRIPT = """
import sys, time
from commit_guard import globs
started = time.monotonic()
found = globs.matches(sys.argv[1], [sys.argv[2]])
print(found, time.monotonic() - started)
"""


def test_hostile_glob_matches_at_once() -> None:
    # In a subprocess with a time limit: without the fix it would not end.
    try:
        proc = subprocess.run([sys.executable, "-c", MATCH_SCRIPT, LONG_NAME, HOSTILE_GLOB],
                              capture_output=True, text=True, timeout=10, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("matching one glob against one name took over 10 s")
    found, seconds = proc.stdout.split()
    assert found == "False"
    assert float(seconds) < 0.5


def test_hostile_committed_glob_through_the_svn_hook(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[svn]\nallow_tree_config = true\n")
    repo.write(LONG_NAME, CLEAN_PY)
    repo.write("commit-guard.toml", f'exclude = ["{HOSTILE_GLOB}"]\n')
    repo.add(LONG_NAME, "commit-guard.toml")
    cmd = ["svn", "--non-interactive", "--config-dir", str(repo.home / "svnconf"),
           "commit", "-m", "glob"]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=repo.wc, capture_output=True, text=True,
                              env=client_env(repo.home), timeout=60, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the hook was still matching the committed glob after 60 s")
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 30
    assert repo.youngest() == 1


def test_overlong_committed_glob_is_refused_naming_key_and_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[svn]\nallow_tree_config = true\n")
    repo.write("ok.py", CLEAN_PY)
    repo.write("commit-guard.toml", f'exclude = ["{"*a" * 600}"]\n')
    repo.add("ok.py", "commit-guard.toml")
    proc = repo.commit()
    assert proc.returncode != 0
    assert ("commit-guard: error: commit-guard.toml (committed): 'exclude': glob too long "
            "(1200 characters; at most 1000)") in proc.stderr
    assert "Traceback" not in proc.stderr
    assert repo.youngest() == 0


@pytest.mark.parametrize("pattern", ["[]", "/", "!", "a\\"])
def test_glob_that_matches_nothing_or_is_broken_is_refused(pattern: str) -> None:
    with pytest.raises(globs.GlobError):
        globs.validate(pattern)


# Pieces of generated globs and paths: literals, wildcards, brackets, escapes
# ("broad"), and few letters so that most globs match something ("narrow").
CORPORA = {
    "broad": (["a", "b", "ab", ".", "*", "*", "**", "**", "?", "/", "/", "[ab]", "[a-c]",
               "\\*", "x", "[]a]"], ["a", "b", ".", "x", "*", "ab"]),
    "narrow": (["a", "b", "*", "**", "**", "/", "/", "?"], ["a", "b"]),
}
NEGATED = ["[!a]", "[^b]"]


def _glob(rng: random.Random, pieces: list[str], negated: bool) -> str:
    text = "".join(rng.choice(pieces + (NEGATED if negated else []))
                   for _ in range(rng.randint(1, 7)))
    if rng.random() < 0.15:
        text = "/" + text
    if rng.random() < 0.2:
        text += "/"
    if rng.random() < 0.15:
        text = "!" + text
    if rng.random() < 0.03:
        text += "  "
    return text


def _path(rng: random.Random, letters: list[str], flat: bool) -> str:
    return "/".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
                    for _ in range(1 if flat else rng.randint(1, 5)))


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_matches_as_pathspec_on_generated_globs_and_paths(corpus: str) -> None:
    """Lists of generated globs (with "!" negation, anchoring, directory
    globs, "**") against generated paths: same answer as pathspec's
    GitIgnoreSpec, and the same globs refused.  Negated brackets are only
    tried on paths without "/": pathspec's regex lets [!a] match the "/"
    between segments, git and commit-guard do not."""
    import pathspec  # pylint: disable=import-outside-toplevel

    pieces, letters = CORPORA[corpus]
    rng = random.Random(14)
    compared = matched = 0
    for _ in range(2000):
        negated = corpus == "broad" and rng.random() < 0.2
        patterns = [_glob(rng, pieces, negated) for _ in range(rng.randint(1, 3))]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        except Exception:  # pylint: disable=broad-exception-caught
            spec = None
        try:
            ours = [g for g in map(globmatch.compile_glob, patterns) if g is not None]
        except globmatch.BadGlob:
            ours = None
        assert (spec is None) == (ours is None), patterns
        if spec is None or ours is None:
            continue
        for _ in range(8):
            path = _path(rng, letters, negated)
            expected = spec.match_file(path)
            assert globmatch.match(ours, path) == expected, (patterns, path)
            compared += 1
            matched += expected
    assert compared > 12000 and compared * 0.1 < matched < compared * 0.9
