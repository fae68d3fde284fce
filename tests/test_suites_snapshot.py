"""The cached staged snapshot the suites run in: kept up to date, verified,
never shared."""
from __future__ import annotations

from pathlib import Path

import pytest

from commit_guard.sources.gitsnap import SnapshotCache
from tests.helpers import cli, git, init_repo, write
from tests.suite_helpers import PY, config

# The suite asserts the tree is exactly the index, then tampers with it the
# way a test run can: a new file, a tracked file rewritten with its mtime put
# back, a directory of its own.
SUITE = """
import os, pathlib, sys
want = pathlib.Path("expected.txt").read_text()
got = pathlib.Path("data.txt").read_text()
extra = sorted(str(p) for p in pathlib.Path(".").rglob("*") if p.is_file()
               and str(p) not in ("data.txt", "expected.txt", "suite.py", "pyproject.toml"))
print("data:", got, "extra:", extra)
assert got == want and not extra, (got, want, extra)
stat = os.stat("data.txt")
pathlib.Path("data.txt").write_text("tampered" + " " * (len(got) - 8))
os.utime("data.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
pathlib.Path("junk.txt").write_text("left behind")
os.makedirs("build/out", exist_ok=True)
pathlib.Path("build/out/x.o").write_text("object")
"""


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    write(repo, "suite.py", SUITE)
    write(repo, "pyproject.toml", config({"name": "tree", "command": [PY, "suite.py"]}))
    return repo


def stage(repo: Path, value: str) -> None:
    write(repo, "data.txt", value)
    write(repo, "expected.txt", value)
    git(repo, "add", "-A")


def test_warm_snapshot_is_the_index_whatever_a_suite_did(repo: Path, tmp_path: Path) -> None:
    env = {"COMMIT_GUARD_CACHE_DIR": str(tmp_path / "cache")}
    for value in ("first version", "second version", "second version", "third"):
        stage(repo, value)
        res = cli(repo, "check", "--only", "tests", "-v", env=env)
        assert res.returncode == 0, res.stdout + res.stderr
    assert list((tmp_path / "cache" / "git-trees").glob("*/tree"))  # it was kept


def test_deleted_file_leaves_the_snapshot(repo: Path, tmp_path: Path) -> None:
    env = {"COMMIT_GUARD_CACHE_DIR": str(tmp_path / "cache")}
    write(repo, "old.txt", "going")
    stage(repo, "v1")
    assert cli(repo, "check", "--only", "tests", env=env).returncode == 1  # old.txt is extra
    git(repo, "rm", "-q", "--cached", "old.txt")
    res = cli(repo, "check", "--only", "tests", "-v", env=env)
    assert res.returncode == 0, res.stdout


def test_a_claimed_snapshot_is_not_shared(repo: Path, tmp_path: Path) -> None:
    stage(repo, "v1")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    snaps = SnapshotCache(repo, cache)
    first = snaps.fresh()
    snaps.give_back(first)
    mine = snaps.claim()
    assert mine is not None and mine.written == 0
    assert snaps.claim() is None  # a concurrent check writes its own
    snaps.give_back(mine)
    assert snaps.claim() is not None


def test_no_cache_writes_a_private_snapshot(repo: Path, tmp_path: Path) -> None:
    env = {"COMMIT_GUARD_CACHE_DIR": str(tmp_path / "cache")}
    stage(repo, "v1")
    assert cli(repo, "check", "--only", "tests", "--no-cache", env=env).returncode == 0
    assert not (tmp_path / "cache" / "git-trees").exists()


def test_a_submodule_stays_an_empty_directory_in_a_warm_snapshot(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    write(repo, "suite.py", "import os, sys\nsys.exit(0 if os.path.isdir('sub') else 1)\n")
    write(repo, "pyproject.toml", config({"name": "sub", "command": [PY, "suite.py"]}))
    git(repo, "add", "-A")
    head = git(repo, "write-tree").stdout.decode().strip()  # any object id will do
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},sub")
    env = {"COMMIT_GUARD_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # cold, then warm
        res = cli(repo, "check", "--only", "tests", "-v", env=env)
        assert res.returncode == 0, res.stdout + res.stderr
