"""Dependency content ids: a warm re-check of a staged change takes them from
the index instead of reading the modules, so they must be exactly the ids
the cold run recorded from the modules' bytes (else every re-check would
miss, silently)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from commit_guard.cache.store import Cache
from commit_guard.checkers.python.deps import blob_id
from tests.helpers import git, write
from tests.test_cache import USER, cache_root, check, entries, poison, symbols

HELPERS = '"""Helpers."""\n\n\ndef scale(value, factor):\n    return value * factor\n'


def recorded_deps() -> dict[str, str]:
    store = Cache(cache_root())
    found: dict[str, str] = {}
    for path in entries():
        entry = store.get_entry(path.parent.name + path.name)
        assert entry is not None
        found.update({k: v for k, v in entry.deps.items() if not k.endswith("?")})
    return found


def test_blob_id_is_gits_object_id(tmp_path: Path) -> None:
    for data in (b"", b"x = 1\n", bytes(range(256)) * 40):
        (tmp_path / "f").write_bytes(data)
        out = subprocess.run(["git", "hash-object", "--no-filters", str(tmp_path / "f")],
                             capture_output=True, text=True, check=True).stdout.strip()
        assert blob_id(data) == out


def committed_dependency(repo: Path) -> None:
    """pkg/helpers.py committed; only its importer is staged."""
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/helpers.py", HELPERS)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")
    write(repo, "pkg/user.py", USER + "\n\ndef unused(arg):\n    return 1\n")
    git(repo, "add", "pkg/user.py")


def test_staged_change_is_served_by_index_ids(repo: Path) -> None:
    committed_dependency(repo)
    _code, first = check(repo)
    assert symbols(first, "pkg/user.py") == {"unused-argument"}
    index_id = git(repo, "rev-parse", ":pkg/helpers.py").stdout.decode().strip()
    assert recorded_deps()["pkg/helpers.py"] == index_id
    assert poison() >= 1
    _code, second = check(repo)
    assert "poisoned" in symbols(second, "pkg/user.py")


def test_a_staged_dependency_change_is_seen_through_the_index(repo: Path) -> None:
    committed_dependency(repo)
    check(repo)
    poison()
    write(repo, "pkg/helpers.py", HELPERS.replace("value, factor", "value"))
    _code, unstaged = check(repo)  # the work tree is not what is committed
    assert "poisoned" in symbols(unstaged, "pkg/user.py")
    git(repo, "add", "pkg/helpers.py")
    _code, staged = check(repo)
    assert symbols(staged, "pkg/user.py") == {"unused-argument", "too-many-function-args"}


def test_paths_on_disk_are_served_by_hashed_ids(repo: Path) -> None:
    committed_dependency(repo)
    _code, first = check(repo, "pkg/user.py")
    assert symbols(first, "pkg/user.py") == {"unused-argument"}
    assert recorded_deps()["pkg/helpers.py"] == blob_id(HELPERS.encode())
    assert poison() >= 1
    _code, second = check(repo, "pkg/user.py")
    assert "poisoned" in symbols(second, "pkg/user.py")
