"""Start-up: `commit-guard check` with nothing to check imports nothing heavy.

Which modules load is asserted, not how long it takes (timings live in
bench/); the heavy ones are what made start-up slow.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import GIT_ENV, git, write

HEAVY = ("pylint", "astroid", "phply", "ply", "pathspec", "jsonschema", "multiprocessing",
         "asyncio", "isort")


def imported_modules(cwd: Path, *args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "commit_guard", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, **GIT_ENV})
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert "commit_guard.cli" in names  # the measurement itself worked
    return names


def heavy(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] in HEAVY}


def test_nothing_staged_imports_no_linter(repo: Path) -> None:
    assert heavy(imported_modules(repo, "check")) == set()


def test_warm_recheck_imports_no_linter(repo: Path) -> None:
    write(repo, "mod.py", '"""A module."""\n\n\ndef add(a, b):\n    return a + b\n')
    git(repo, "add", "mod.py")
    first = imported_modules(repo, "check")
    assert "pylint.lint" in first  # the cold run did lint
    second = imported_modules(repo, "check")
    assert heavy(second) == set()
    # Nor what only linting or a file to parse needs (bench/speed_targets.py);
    # shutil and tempfile are not asserted: an editable install's finder
    # imports them.
    assert {"commit_guard.checkers.python.run", "commit_guard.checkers.python.lint",
            "tomllib"} & second == set()


def test_plain_suffix_globs_match_as_pathspec_does() -> None:
    # The default python/php globs are matched without importing pathspec;
    # the answers must be pathspec's.
    import pathspec  # pylint: disable=import-outside-toplevel

    from commit_guard import globs  # pylint: disable=import-outside-toplevel

    paths = ["a.py", "x/a.py", "a.py/b.txt", ".py", "a.pyc", "x/.py", "apy", "a.PY", "d/e.pyi",
             "x.php", "a/b.phtml", "a.inc.bak", "a/.inc", "b.py.orig", "a.tar.gz", "tar.gz"]
    for patterns in (["*.py", "*.pyi"], ["*.php", "*.phtml", "*.inc"], ["*.tar.gz"]):
        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        assert globs._suffixes(tuple(patterns)) is not None  # pylint: disable=protected-access
        for path in paths:
            assert globs.matches(path, patterns) == spec.match_file(path), (path, patterns)


def test_workspace_temp_dir_is_tempfile_s(tmp_path: Path) -> None:
    """The workspace's directory (found without importing tempfile) is
    where tempfile puts temporary files, for each way it can be chosen."""
    usable = tmp_path / "usable"
    usable.mkdir()
    code = ("import tempfile\nfrom commit_guard.workspace import temp_dir\n"
            "print(temp_dir() == tempfile.gettempdir(), temp_dir())")
    base = {k: v for k, v in os.environ.items() if k not in ("TMPDIR", "TEMP", "TMP")}
    for extra in ({}, {"TMPDIR": str(usable)}, {"TMPDIR": str(tmp_path / "missing")},
                  {"TEMP": str(usable)}, {"TMPDIR": "relative-dir"}):
        (tmp_path / "relative-dir").mkdir(exist_ok=True)
        proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60, check=True, env={**base, **extra})
        assert proc.stdout.startswith("True "), (extra, proc.stdout)


def test_user_cache_dir_is_platformdirs_s(tmp_path: Path) -> None:
    """The cache directory (found without importing platformdirs on Linux)
    is platformdirs' answer, for each way it can be chosen."""
    code = ("import platformdirs\nfrom commit_guard.cache.store import user_cache_dir\n"
            "ours, theirs = user_cache_dir(), platformdirs.user_cache_dir('commit-guard', "
            "appauthor=False)\nprint(ours == theirs, ours, theirs)")
    base = {k: v for k, v in os.environ.items() if k not in ("XDG_CACHE_HOME", "HOME")}
    home = str(tmp_path / "home")
    for extra in ({"HOME": home}, {"HOME": home + "/"}, {"HOME": "/"},
                  {"HOME": home, "XDG_CACHE_HOME": str(tmp_path / "xdg")},
                  {"HOME": home, "XDG_CACHE_HOME": str(tmp_path / "xdg") + "/"},
                  {"HOME": home, "XDG_CACHE_HOME": "relative/cache"},
                  {"HOME": home, "XDG_CACHE_HOME": ""},
                  {"HOME": "relative-home"}, {}):
        proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60, check=True, env={**base, **extra})
        assert proc.stdout.startswith("True "), (extra, proc.stdout)


def test_warm_recheck_imports_neither_click_nor_dataclasses(repo: Path) -> None:
    """The git hook's bare `check` is parsed without click, and nothing on a
    warm re-check's path imports dataclasses (it imports inspect), hashlib's
    OpenSSL binding or platformdirs: together they were half of a warm
    1-file re-check's instructions (bench/speed_targets.py)."""
    write(repo, "mod.py", '"""A module."""\n\n\ndef add(a, b):\n    return a + b\n')
    git(repo, "add", "mod.py")
    imported_modules(repo, "check")
    second = imported_modules(repo, "check")
    assert {"click", "dataclasses", "inspect", "platformdirs", "_hashlib",
            "tokenize"} & second == set()
    # Any other command line still goes through click.
    assert "click" in imported_modules(repo, "check", "--verbose")
