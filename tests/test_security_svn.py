"""Committed content is data: a committed symlink is never read through, and
one commit's suite never changes the tree the next commit's suite sees.

Every attack here goes through the real hook of a real repository, over
file:// and over svnserve on 127.0.0.1, as a committer would send it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.helpers import git, init_repo, write
from tests.test_svn_support import CLEAN_PY, SvnRepo, make_repo, run_cli, svnserve

# Pylint's no-member hint spells out a near-miss name: the probe asks for
# SECRET_Kq8zW4, pylint answers "maybe 'SECRET_Kq8zW3'?" if it could read it.
SECRET_NAME = "SECRET_Kq8zW3"
SECRET_VALUE = "hunter2-db-password"
SECRET = f'{SECRET_NAME} = "{SECRET_VALUE}"\nDB_PASSWORD = "{SECRET_VALUE}"\n'
MODULES = 29  # with leak.py, 30 imports: more than SNAPSHOT_READ_THRESHOLD


def server_secret(tmp_path: Path) -> Path:
    path = tmp_path / "server-secret.conf"
    path.write_text(SECRET, encoding="utf-8")
    path.chmod(0o600)
    return path


def probe_module() -> str:
    imports = "".join(f"import m{i}\n" for i in range(MODULES))
    uses = "".join(f"print(m{i}.add(1, 2))\n" for i in range(MODULES))
    return ('"""Imports enough modules that dependencies come from the snapshot."""\n'
            f"{imports}import leak\n\n{uses}"
            "print(leak.SECRET_Kq8zW4)\nprint(leak.DB_PASSWORt)\n")


def default_install(repo: SvnRepo, sandbox: str) -> Iterator[None]:
    """`commit-guard install svn REPOS`, nothing else ("auto"), or with a server
    config that only turns the sandbox off; the snapshots it makes in the hook
    user's cache are removed afterwards."""
    if sandbox == "auto":
        run_cli("install", "svn", str(repo.root))
    else:
        config = repo.home / "server.toml"
        config.write_text(f'[svn]\nsandbox = "{sandbox}"\n', encoding="utf-8")
        run_cli("install", "svn", str(repo.root), "--config", str(config))
    uuid = subprocess.run(["svnlook", "uuid", str(repo.root)], capture_output=True, text=True,
                          check=True).stdout.strip()
    yield
    from commit_guard.cache.store import default_dir  # pylint: disable=import-outside-toplevel
    env_dir = os.environ.pop("COMMIT_GUARD_CACHE_DIR", None)
    try:
        shutil.rmtree(default_dir() / "svn-trees" / uuid, ignore_errors=True)
    finally:
        if env_dir is not None:
            os.environ["COMMIT_GUARD_CACHE_DIR"] = env_dir


def leak_attempt(repo: SvnRepo, wc: Path, secret: Path, sandbox: str
                 ) -> subprocess.CompletedProcess[str]:
    """Commit 1: leak.py, a symlink to the server file, with 29 clean modules;
    it is in the history from before the hook (a code file that is a link is
    refused now).  Commit 2, through the hook: app.py, importing all 30 and
    probing leak's names."""
    for i in range(MODULES):
        repo.write(f"m{i}.py", CLEAN_PY, wc=wc)
    os.symlink(secret, wc / "leak.py")
    repo.add("leak.py", *(f"m{i}.py" for i in range(MODULES)), wc=wc)
    assert repo.commit("symlink", wc=wc, check=True).returncode == 0
    installed = default_install(repo, sandbox)
    next(installed)
    try:
        repo.write("app.py", probe_module(), wc=wc)
        repo.add("app.py", wc=wc)
        return repo.commit("probe", wc=wc)
    finally:
        next(installed, None)


@pytest.mark.parametrize("sandbox", ["auto", "off"])
@pytest.mark.parametrize("transport", ["file", "svnserve"])
def test_committed_symlink_never_leaks_a_server_file(tmp_path: Path, transport: str,
                                                     sandbox: str) -> None:
    repo = make_repo(tmp_path, install=False)
    secret = server_secret(tmp_path)
    if transport == "file":
        proc = leak_attempt(repo, repo.wc, secret, sandbox)
    else:
        with svnserve(repo.root) as url:
            wc = tmp_path / "served"
            repo.svn("checkout", "-q", url, str(wc), cwd=tmp_path)
            proc = leak_attempt(repo, wc, secret, sandbox)
    for needle in (SECRET_NAME, SECRET_VALUE):
        assert needle not in proc.stdout + proc.stderr
    # The check did run on app.py: leak.py reads as svn stores it ("link PATH").
    assert "app.py" in proc.stderr
    assert proc.returncode != 0


def test_git_symlink_is_never_read_through(tmp_path: Path) -> None:
    """The git side: `check PATH` and `check --all` read dependencies from disk;
    a tracked symlink (mode 120000) to a file outside is not read through."""
    secret = server_secret(tmp_path)
    repo = init_repo(tmp_path / "repo")
    write(repo, "app.py", '"""App."""\nimport leak\n\nprint(leak.SECRET_Kq8zW4)\n')
    os.symlink(secret, repo / "leak.py")
    git(repo, "add", "app.py", "leak.py")
    for args in (["check", "app.py"], ["check", "--all"]):
        proc = subprocess.run([sys.executable, "-m", "commit_guard", *args], cwd=repo,
                              capture_output=True, text=True, check=False, timeout=300)
        assert SECRET_NAME not in proc.stdout + proc.stderr, args
        assert proc.returncode in (0, 1), proc.stderr


def test_snapshot_reads_never_follow_links(tmp_path: Path) -> None:
    """The reader every snapshot read goes through: a symlink reads as svn stores
    it, a path through a symlinked directory is not a file, a FIFO is not read."""
    from commit_guard.sources import nofollow  # pylint: disable=import-outside-toplevel

    secret = server_secret(tmp_path)
    root = tmp_path / "snap"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "ok.py").write_bytes(b"x = 1\n")
    os.symlink(secret, root / "leak.py")
    os.symlink(tmp_path, root / "up")
    os.mkfifo(root / "fifo.py")
    assert nofollow.read_file(root, "pkg/ok.py") == b"x = 1\n"
    assert nofollow.read_file(root, "leak.py", link_form=True) == b"link " + bytes(secret)
    assert nofollow.read_file(root, "leak.py") is None
    assert nofollow.read_file(root, "up/server-secret.conf") is None
    assert nofollow.read_file(root, "fifo.py") is None
    assert nofollow.read_file(root, "missing.py") is None


def suite_config(tmp_path: Path, script: str) -> str:
    command = [sys.executable, str(tmp_path / "suite.py")]
    (tmp_path / "suite.py").write_text(script, encoding="utf-8")
    return f'[[tests]]\nname = "poison"\ncommand = {json.dumps(command)}\n'


# A server-side suite that writes through its tree into whatever the file is
# linked to, then puts size and mtime back; the next commit's suite reports
# what it sees (the suite's output tail is in the hook's report).
POISON_SUITE = '''\
import os, sys
path = os.path.join(os.environ["COMMIT_GUARD_TREE"], "data.txt")
with open(path, "rb") as fh:
    seen = fh.read()
print("SEEN:" + seen.decode())
if seen == b"original":
    info = os.stat(path)
    os.chmod(path, 0o644)
    with open(path, "r+b") as fh:
        fh.write(b"poisoned")
    os.chmod(path, info.st_mode & 0o7777)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
sys.exit(1)
'''


@pytest.mark.parametrize("tree", ["link", "copy"])
@pytest.mark.parametrize("sandbox", ["auto", "off"])
def test_a_suite_cannot_poison_the_next_commits_tree(tmp_path: Path, tree: str,
                                                     sandbox: str) -> None:
    repo = make_repo(tmp_path, f'[svn]\ntree = "{tree}"\nsandbox = "{sandbox}"\n'
                     + suite_config(tmp_path, POISON_SUITE))
    repo.server_config(f'[svn]\ntree = "{tree}"\nsandbox = "{sandbox}"\n'
                       'bypass_marker = "[skip]"\n' + suite_config(tmp_path, POISON_SUITE))
    repo.write("data.txt", "original")
    repo.add("data.txt")
    assert repo.commit("seed [skip]").returncode == 0
    for attempt in range(2):
        repo.write(f"other{attempt}.txt", "x\n")
        repo.add(f"other{attempt}.txt")
        proc = repo.commit(f"attempt {attempt}")
        assert "SEEN:original" in proc.stderr, proc.stderr
        assert "SEEN:poisoned" not in proc.stderr
    head = subprocess.run(["svnlook", "cat", str(repo.root), "data.txt"], capture_output=True,
                          check=True).stdout
    assert head == b"original"



# A server-side suite that prints every file of its tree (as a linter or a
# packaging step would read them): a committed link out of the tree must
# not hand it the server file.
PRINT_TREE_SUITE = '''\
import os
top = os.environ["COMMIT_GUARD_TREE"]
for dirpath, dirs, files in os.walk(top):
    for name in files:
        with open(os.path.join(dirpath, name), "rb") as fh:
            print(name, fh.read()[:200])
'''


def test_a_suites_tree_has_no_link_out_of_it(tmp_path: Path) -> None:
    secret = server_secret(tmp_path)
    repo = make_repo(tmp_path, '[svn]\nsandbox = "off"\n'
                     + suite_config(tmp_path, PRINT_TREE_SUITE + "raise SystemExit(1)\n"))
    repo.write("ok.txt", "fine\n")
    os.symlink(secret, repo.wc / "leak.py")
    os.symlink("ok.txt", repo.wc / "inside.txt")
    repo.add("ok.txt", "leak.py", "inside.txt")
    proc = repo.commit("links")
    assert proc.returncode != 0
    assert SECRET_NAME not in proc.stderr
    assert f"leak.py b'link {secret}'" in proc.stderr
    assert "inside.txt b'fine\\n'" in proc.stderr  # a link inside the tree stays a link


def test_dependency_reads_check_the_snapshot_by_content(tmp_path: Path) -> None:
    """pylint's dependencies come from the snapshot past SNAPSHOT_READ_THRESHOLD:
    a file rewritten in place there (size and mtime restored) is not used."""
    from commit_guard.sources.svn import SvnSource  # pylint: disable=import-outside-toplevel

    repo = make_repo(tmp_path, install=False)
    for i in range(MODULES + 1):
        repo.write(f"m{i}.py", CLEAN_PY)
    repo.add(*(f"m{i}.py" for i in range(MODULES + 1)))
    assert repo.commit("modules").returncode == 0
    repo.write("other.py", CLEAN_PY)
    repo.add("other.py")
    assert repo.commit("another").returncode == 0
    paths = [f"m{i}.py" for i in range(MODULES + 1)]
    # The svnlook reader takes the snapshot detour (the bindings read the
    # repository itself, never a snapshot).
    source = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache", reader="svnlook")
    assert source.read_many(paths)["m3.py"] == CLEAN_PY.encode()
    target = source.snapshots.path(1) / "m3.py"
    info = target.stat()
    target.chmod(0o644)
    target.write_bytes(CLEAN_PY.encode().replace(b"a + b", b"a - b"))
    target.chmod(info.st_mode & 0o7777)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    again = SvnSource(repo.root, rev=2, cache_root=tmp_path / "cache", reader="svnlook")
    assert again.read_many(paths)["m3.py"] == CLEAN_PY.encode()


def test_a_snapshot_cache_others_can_write_is_refused(tmp_path: Path) -> None:
    # The suites' trees come from the snapshot cache: in a directory another
    # user can write, a planted snapshot (and manifest) would be what they run
    # on.  Such a cache is never used; the commit is refused with one line.
    repo = make_repo(tmp_path, '[svn]\nsandbox = "off"\n' + suite_config(tmp_path, POISON_SUITE))
    repo.write("data.txt", "original")
    repo.add("data.txt")
    cache = repo.home / "cache"
    cache.mkdir(exist_ok=True)
    cache.chmod(0o777)
    proc = repo.commit("with a shared cache")
    assert proc.returncode != 0 and repo.youngest() == 0
    assert f"cache directory {cache} not used for svn snapshots: " in proc.stderr
    assert "writable by group or others" in proc.stderr
    assert "SEEN:" not in proc.stderr  # the suite never ran
    assert "Traceback" not in proc.stderr
