"""The result cache end to end: real git repositories, real pylint, the real CLI.

Every test that shows an invalidation first shows (``poison``) that an
unchanged run really is served from the cache, so "the finding changed"
cannot be explained by "the cache was never used".
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from commit_guard.cache.store import Cache
from commit_guard.finding import Finding
from tests.helpers import GIT_ENV, cli, git, write

MOD = '"""Helpers."""\n\n\ndef scale(value, factor):\n    return value * factor\n'
MOD_NARROW = '"""Helpers."""\n\n\ndef scale(value):\n    return value * 2\n'
USER = ('"""Uses helpers."""\nfrom pkg.helpers import scale\n\n\n'
        'def double(value):\n    return scale(value, 2)\n')
POISON = Finding("pylint", "X9999", "poisoned", "", 1, 1, "served from the cache", "error")


def cache_root() -> Path:
    return Path(os.environ["COMMIT_GUARD_CACHE_DIR"])


def check(repo: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    proc = cli(repo, "check", "--format", "json", "--only", "pylint", *args)
    assert proc.returncode in (0, 1), proc.stderr + proc.stdout
    return proc.returncode, json.loads(proc.stdout)["findings"]


def symbols(findings: list[dict[str, object]], path: str) -> set[object]:
    return {f["symbol"] for f in findings if f["path"] == path}


def entries() -> list[Path]:
    return [p for p in (cache_root() / "v1").rglob("*") if p.is_file()]


def poison() -> int:
    """Add a fake finding to every cached entry (validly written).  A run
    that reports it was served from the cache."""
    store = Cache(cache_root())
    count = 0
    for path in entries():
        key = path.parent.name + path.name
        entry = store.get_entry(key)
        assert entry is not None, f"unreadable entry {path}"
        target = entry.findings[0].path if entry.findings else None
        if target is None:
            continue
        store.put(key, [*entry.findings, POISON._replace(path=target)], entry.deps)
        count += 1
    return count


def package_repo(repo: Path) -> Path:
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/helpers.py", MOD)
    # A finding of its own, so its entry can be poisoned.
    write(repo, "pkg/user.py", USER + "\n\ndef unused(arg):\n    return 1\n")
    git(repo, "add", ".")
    return repo


def test_unchanged_content_is_served_from_the_cache(repo: Path) -> None:
    package_repo(repo)
    code, first = check(repo)
    assert code == 1 and symbols(first, "pkg/user.py") == {"unused-argument"}
    assert poison() >= 1
    _code, second = check(repo)
    assert "poisoned" in symbols(second, "pkg/user.py")
    _code, fresh = check(repo, "--no-cache")
    assert "poisoned" not in symbols(fresh, "pkg/user.py")


def test_signature_change_rechecks_the_importer(repo: Path) -> None:
    package_repo(repo)
    code, before = check(repo)
    assert symbols(before, "pkg/user.py") == {"unused-argument"}
    poison()
    write(repo, "pkg/helpers.py", MOD_NARROW)  # user.py itself is unchanged
    git(repo, "add", "pkg/helpers.py")
    code, after = check(repo)
    assert code == 1
    assert symbols(after, "pkg/user.py") == {"unused-argument", "too-many-function-args"}


def test_signature_change_reaches_a_transitive_importer(repo: Path) -> None:
    package_repo(repo)
    write(repo, "pkg/middle.py", '"""Re-exports."""\nfrom pkg.helpers import scale\n\n'
                                 '__all__ = ["scale"]\n')
    write(repo, "pkg/user.py", USER.replace("pkg.helpers", "pkg.middle"))
    git(repo, "add", ".")
    _code, before = check(repo)
    assert not symbols(before, "pkg/user.py")
    write(repo, "pkg/helpers.py", MOD_NARROW)
    git(repo, "add", "pkg/helpers.py")
    _code, after = check(repo)
    assert symbols(after, "pkg/user.py") == {"too-many-function-args"}


def test_a_module_appearing_resolves_a_cached_import_error(repo: Path) -> None:
    write(repo, "app.py", '"""App."""\nimport helper_mod\n\nprint(helper_mod.VALUE)\n')
    git(repo, "add", "app.py")
    _code, before = check(repo)
    assert "import-error" in symbols(before, "app.py")
    write(repo, "helper_mod.py", '"""Helper."""\nVALUE = 1\n')
    git(repo, "add", "helper_mod.py")
    _code, after = check(repo)
    assert "import-error" not in symbols(after, "app.py")


def test_changing_the_rcfile_invalidates(repo: Path) -> None:
    write(repo, "pylintrc", "[FORMAT]\nmax-line-length=100\n")
    write(repo, "wide.py", '"""Wide."""\nVALUE = "' + "x" * 120 + '"\n')
    git(repo, "add", ".")
    _code, first = check(repo)
    assert symbols(first, "wide.py") == {"line-too-long"}
    poison()
    _code, cached = check(repo)
    assert "poisoned" in symbols(cached, "wide.py")
    write(repo, "pylintrc", "[FORMAT]\nmax-line-length=200\n")
    git(repo, "add", "pylintrc")
    code, after = check(repo)
    assert code == 0 and not symbols(after, "wide.py")


def test_changing_pylint_args_invalidates(repo: Path) -> None:
    write(repo, "wide.py", '"""Wide."""\nVALUE = "' + "x" * 120 + '"\n')
    git(repo, "add", ".")
    _code, first = check(repo)
    assert symbols(first, "wide.py") == {"line-too-long"}
    write(repo, "commit-guard.toml", '[pylint]\nargs = ["--disable=line-too-long"]\n')
    git(repo, "add", "commit-guard.toml")
    code, after = check(repo)
    assert code == 0 and not symbols(after, "wide.py")


def test_truncated_and_garbage_entries_are_survived_and_rewritten(repo: Path) -> None:
    package_repo(repo)
    code, first = check(repo)
    files = entries()
    assert files
    for i, path in enumerate(files):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if i % 2 else b"\x00garbage{")
    code2, second = check(repo)
    assert (code2, second) == (code, first)
    store = Cache(cache_root())
    assert all(store.get_entry(p.parent.name + p.name) is not None for p in entries())


def test_two_concurrent_checks_share_one_cache(tmp_path: Path) -> None:
    repos = []
    for name in ("one", "two"):
        repo = tmp_path / name
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        repos.append(package_repo(repo))
    env = {**os.environ, **GIT_ENV}
    command = [sys.executable, "-m", "commit_guard", "check", "--format", "json",
               "--only", "pylint"]
    # Both started before either waits: the two checks overlap.
    procs = [subprocess.Popen(command, cwd=r, env=env,  # pylint: disable=consider-using-with
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for r in repos]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outs):
        assert proc.returncode == 1, err
        assert symbols(json.loads(out)["findings"], "pkg/user.py") == {"unused-argument"}
    store = Cache(cache_root())
    assert all(store.get_entry(p.parent.name + p.name) is not None for p in entries())


def test_no_cache_writes_nothing_and_clear_empties(repo: Path) -> None:
    package_repo(repo)
    check(repo, "--no-cache")
    assert not entries()
    check(repo)
    assert entries()
    proc = cli(repo, "cache", "clear")
    assert proc.returncode == 0 and "removed" in proc.stdout
    assert not entries()


def test_parallel_forms_report_what_one_process_reports(repo: Path) -> None:
    package_repo(repo)
    for i in range(4):
        write(repo, f"pkg/extra{i}.py", f'"""Extra."""\nfrom pkg.helpers import scale\n\n\n'
                                        f'def use{i}(arg):\n    return scale(1)\n')
    git(repo, "add", ".")
    _code, single = check(repo, "--no-cache", "--jobs", "1")
    assert symbols(single, "pkg/extra0.py") == {"unused-argument", "no-value-for-parameter"}
    force = {"COMMIT_GUARD_PYLINT_MIN_BATCH": "1", "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1"}
    for strategy in ("fork", "pylint", "split"):
        proc = cli(repo, "check", "--format", "json", "--only", "pylint", "--no-cache",
                   "--jobs", "2", env={**force, "COMMIT_GUARD_PYLINT_PARALLEL": strategy})
        assert proc.returncode == 1, proc.stderr
        found = json.loads(proc.stdout)["findings"]
        assert sorted(map(str, found)) == sorted(map(str, single)), strategy


def test_style_stores_no_entries_for_a_change_bigger_than_its_limit(tmp_path: Path) -> None:
    """A legacy import is checked again faster than 10,000 entries are
    written (StyleChecker.cache_store_limit); a commit's worth is stored."""
    from commit_guard.checkers.style.checker import StyleChecker  # pylint: disable=import-outside-toplevel

    limit = StyleChecker.cache_store_limit
    for count, stored in ((limit, limit), (limit + 1, 0)):
        tree = tmp_path / f"import{count}"
        for index in range(count):
            write(tree, f"d{index // 100}/note{index}.txt", f"note {index} of {count}\n")
        before = len(entries())
        proc = cli(tmp_path, "check", "--only", "style", tree.name)
        assert proc.returncode == 0, proc.stderr + proc.stdout
        assert f"{count} files checked" in proc.stdout
        assert len(entries()) - before == stored
