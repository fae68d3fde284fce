"""Cache poisoning (issue 14, item 5): nothing read back from a cache is
code, and a cache directory anyone else can write to is not used at all.

- The PHP parser tables are JSON: a pickle planted where they are kept
  (the old name, or the new one) never runs.
- The result cache and the tables directory must be ours and not writable
  by group or others (as ssh checks ~/.ssh), every parent too (owned by us
  or root, not writable by others unless sticky like /tmp).  Otherwise the
  run neither reads nor writes it, and the report says why in one note.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from commit_guard.cache.store import FORMAT, Cache, cache_key
from commit_guard.finding import Finding
from commit_guard.php import build, tables
from commit_guard.php.tokens import TOKENS
from commit_guard.safedir import dir_problem, make_private
from tests.helpers import cli, git, write

SYNTAX_ERROR_PY = "def f(:\n    pass\n"
BAD_PHP = "<?php\nfunction f( {\n"
OTHER_UID = 65534  # nobody: "another user" on this machine

CHECK_PHP = ("import sys\nfrom commit_guard.php import check_source\n"
             "print([p.code for p in check_source(sys.stdin.buffer.read())])\n")


def php_check(cache: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COMMIT_GUARD_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", CHECK_PHP], input=data.decode(), env=env,
                          capture_output=True, text=True, check=True, timeout=300)


class _Plant:
    """Unpickling this creates ``marker``: what an attacker's pickle could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (str(self.marker), "w"))


def test_planted_pickle_tables_never_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    make_private(cache)
    marker = tmp_path / "ran"
    sig = build.signature("hooks")
    payload = pickle.dumps(_Plant(marker))
    # Where ply's pickles used to be read from, and where the JSON tables are now.
    (cache / f"php-parser-hooks-{sig}.pickle").write_bytes(payload)
    (cache / f"php-parser-hooks-{sig}.json").write_bytes(payload)
    out = php_check(cache, BAD_PHP.encode())
    assert not marker.exists(), "a planted pickle ran"
    assert out.stdout.strip() == "['CG301']"
    assert php_check(cache, b"<?php echo 1;\n").stdout.strip() == "[]"
    assert not marker.exists()
    written = json.loads((cache / f"php-parser-hooks-{sig}.json").read_bytes().split(b"\n", 1)[1])
    assert set(written) == {"signature", "action", "goto"}  # numbers and names only


def test_package_reads_nothing_back_with_pickle_marshal_or_shelve() -> None:
    package = Path(build.__file__).parent.parent
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("import pickle", "import marshal", "import shelve", "cPickle",
                     "read_pickle", "pickle.load", "marshal.load"):
            assert word not in text, f"{path}: {word}"


def _accept_everything(cache: Path) -> None:
    """Plant well-formed tables (valid digest, this grammar) that accept any file."""
    sig = build.signature("hooks")
    accept = {tok: 0 for tok in [*TOKENS, *"()[]{};,~@=+-*/%.<>?:!$|^`&\"\\", "$end"]}
    body = json.dumps({"signature": sig, "action": [accept, {}], "goto": [{}, {}]}).encode()
    data = f"{tables.FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode() + body
    (cache / f"php-parser-hooks-{sig}.json").write_bytes(data)


def test_tables_in_a_world_writable_directory_are_not_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    make_private(cache)
    _accept_everything(cache)
    assert php_check(cache, BAD_PHP.encode()).stdout.strip() == "[]"  # ours: trusted
    cache.chmod(0o777)  # anyone could have planted them
    assert php_check(cache, BAD_PHP.encode()).stdout.strip() == "['CG301']"


def _poison_every_entry(cache: Path, owner: int | None = None) -> int:
    """Rewrite every result-cache entry to say "no findings", with a valid
    SHA-256 header: what another user with write access can do."""
    count = 0
    for path in (cache / "v1").rglob("*"):
        if not path.is_file():
            continue
        body = json.loads(path.read_bytes().split(b"\n", 1)[1])
        body["findings"] = []
        raw = json.dumps(body, separators=(",", ":")).encode()
        path.write_bytes(f"{FORMAT} {hashlib.sha256(raw).hexdigest()}\n".encode() + raw)
        if owner is not None:
            os.chown(path, owner, owner)
        count += 1
    return count


def _check(repo: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return cli(repo, "check", "--only", "pylint", env={"COMMIT_GUARD_CACHE_DIR": str(cache)})


@pytest.mark.parametrize("how", ["mode 0777", "owned by another user", "entries of another user"])
def test_poisoned_result_cache_is_not_used(repo: Path, tmp_path: Path, how: str) -> None:
    cache = tmp_path / "cache"
    write(repo, "bad.py", SYNTAX_ERROR_PY)
    git(repo, "add", "bad.py")
    first = _check(repo, cache)
    assert first.returncode == 1 and "E0001" in first.stdout, first.stdout + first.stderr
    if how == "mode 0777":
        assert _poison_every_entry(cache)
        cache.chmod(0o777)
        why = "is writable by group or others (mode 0777)"
    elif how == "owned by another user":
        assert _poison_every_entry(cache, OTHER_UID)
        for path in [cache, *cache.rglob("*")]:
            os.chown(path, OTHER_UID, OTHER_UID)
        why = f"is owned by uid {OTHER_UID}, not by this user"
    else:
        # Planted while the directory was open, left after it was closed again.
        assert _poison_every_entry(cache, OTHER_UID)
        why = f"is owned by uid {OTHER_UID}, not by this user"
    res = _check(repo, cache)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "bad.py:1:8: error E0001 (syntax-error)" in res.stdout
    notes = [line for line in res.stdout.splitlines() if line.startswith("note: cache")]
    assert len(notes) == 1 and f"note: cache directory {cache} not used: " in notes[0]
    assert why in notes[0]


def test_refused_cache_is_neither_read_nor_written(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    make_private(root)
    key = cache_key("k")
    Cache(root).put(key, [])
    root.chmod(0o775)
    store = Cache(root)
    assert store.get(key) is None and "writable by group or others" in store.refused
    store.put(cache_key("other"), [Finding("pylint", "E0001", "syntax-error", "a.py", 1, 0,
                                           "x", "error")])
    root.chmod(0o700)
    assert Cache(root).get(cache_key("other")) is None  # nothing was written


def test_parents_are_checked_sticky_ones_allowed(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert "its parent" in dir_problem(shared / "cache") and "(mode 0777)" in dir_problem(
        shared / "cache")
    shared.chmod(0o1777)  # like /tmp: nobody else can rename what we own there
    assert dir_problem(shared / "cache") == ""
    make_private(shared / "cache" / "v1")
    assert (shared / "cache").stat().st_mode & 0o777 == 0o700
    os.chown(shared, OTHER_UID, OTHER_UID)
    assert f"owned by uid {OTHER_UID}" in dir_problem(shared / "cache")


def test_links_in_the_cache_are_never_followed(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    make_private(root / "v1")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious").write_text("keep")
    key = cache_key("k")
    (root / "v1" / key[:2]).symlink_to(elsewhere)  # a planted bucket
    store = Cache(root)
    assert store.get(key) is None and "is not a directory" in store.refused
    assert Cache(root).clear() == 1  # the link itself goes, not what it points to
    assert (elsewhere / "precious").read_text() == "keep"
