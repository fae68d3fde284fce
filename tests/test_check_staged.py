"""`commit-guard check` end to end on real git repositories (issue 2)."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import CLEAN_PY, cli, git, snapshot, write

BAD_SYNTAX = "def broken(:\n    return 1\n"
STYLE_BAD = '"""Module."""\nimport os\n\n\ndef add(a, b):\n    return a + b\n'


def test_clean_file_passes(repo: Path) -> None:
    write(repo, "clean.py", CLEAN_PY)
    git(repo, "add", "clean.py")
    res = cli(repo, "check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "commit accepted" in res.stdout.splitlines()[-1]


def test_syntax_error_reported_with_path_line_symbol(repo: Path) -> None:
    write(repo, "bad.py", '"""Doc."""\n\n' + BAD_SYNTAX)
    git(repo, "add", "bad.py")
    res = cli(repo, "check")
    assert res.returncode == 1
    assert "bad.py:3:" in res.stdout
    assert "E0001 (syntax-error)" in res.stdout
    assert "commit rejected" in res.stdout.splitlines()[-1]


def test_style_violation_reported_with_symbol(repo: Path) -> None:
    write(repo, "style.py", STYLE_BAD)
    git(repo, "add", "style.py")
    res = cli(repo, "check")
    assert res.returncode == 1
    assert "style.py:2:1: error W0611 (unused-import)" in res.stdout


def test_staged_bad_worktree_fixed_is_rejected(repo: Path) -> None:
    write(repo, "mod.py", STYLE_BAD)
    git(repo, "add", "mod.py")
    write(repo, "mod.py", CLEAN_PY)
    before = snapshot(repo)
    res = cli(repo, "check")
    assert res.returncode == 1, res.stdout
    assert "unused-import" in res.stdout
    assert snapshot(repo) == before


def test_staged_good_worktree_broken_is_accepted(repo: Path) -> None:
    write(repo, "mod.py", CLEAN_PY)
    git(repo, "add", "mod.py")
    write(repo, "mod.py", BAD_SYNTAX)
    before = snapshot(repo)
    res = cli(repo, "check")
    assert res.returncode == 0, res.stdout
    assert snapshot(repo) == before


def test_sibling_import_is_not_import_error(repo: Path) -> None:
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/helpers.py", '"""Helpers."""\n\n\ndef helper():\n    return 1\n')
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    write(repo, "pkg/main.py", '"""Main."""\nfrom pkg.helpers import helper\nfrom . import helpers'
          '\n\nprint(helper(), helpers.helper())\n')
    git(repo, "add", "pkg/main.py")
    res = cli(repo, "check")
    assert "import-error" not in res.stdout
    assert "no-name-in-module" not in res.stdout
    assert res.returncode == 0, res.stdout


def test_staged_sibling_is_what_imports_resolve_to(repo: Path) -> None:
    # The index has helper(a); the working tree's helper() takes no argument.
    write(repo, "pkg/__init__.py", '"""Package."""\n')
    write(repo, "pkg/helpers.py", '"""Helpers."""\n\n\ndef helper(a):\n    return a\n')
    write(repo, "pkg/main.py", '"""Main."""\nfrom pkg.helpers import helper\n\nprint(helper(1))\n')
    git(repo, "add", ".")
    write(repo, "pkg/helpers.py", '"""Helpers."""\n\n\ndef helper():\n    return 1\n')
    res = cli(repo, "check")
    assert "too-many-function-args" not in res.stdout
    assert res.returncode == 0, res.stdout


def test_bad_config_key_exits_2_naming_key(repo: Path) -> None:
    write(repo, "commit-guard.toml", "jobz = 3\n")
    write(repo, "a.py", CLEAN_PY)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2
    assert "jobz" in res.stderr and "commit-guard.toml" in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_odd_file_names(repo: Path) -> None:
    names = ["with space.py", "ünïcødé.py", "dir with space/ß.py"]
    for name in names:
        write(repo, name, STYLE_BAD)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 1
    for name in names:
        assert f"{name}:2:1: error W0611" in res.stdout, res.stdout


def test_first_commit_without_head(repo: Path) -> None:
    write(repo, "first.py", CLEAN_PY)
    git(repo, "add", "first.py")
    assert git(repo, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode != 0
    res = cli(repo, "check", "-v")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "pylint: 0 problems in 1 file" in res.stdout


def test_nothing_staged(repo: Path) -> None:
    write(repo, "a.py", CLEAN_PY)
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    write(repo, "a.py", BAD_SYNTAX)  # modified but not staged
    res = cli(repo, "check")
    assert res.returncode == 0
    assert "nothing staged" in res.stdout


def test_paths_mode_reads_disk_and_respects_gitignore(repo: Path) -> None:
    write(repo, ".gitignore", "ignored/\n")
    write(repo, "src/ok.py", CLEAN_PY)
    write(repo, "src/bad.py", STYLE_BAD)
    write(repo, "ignored/bad.py", STYLE_BAD)
    res = cli(repo, "check", "src", "ignored")
    assert res.returncode == 1
    assert "src/bad.py:2:1" in res.stdout
    assert "ignored/bad.py" not in res.stdout


def test_all_outside_git(tmp_path: Path) -> None:
    write(tmp_path, "x/bad.py", STYLE_BAD)
    res = cli(tmp_path, "check", "--all")
    assert res.returncode == 1
    assert "x/bad.py:2:1" in res.stdout


def test_only_and_skip(repo: Path) -> None:
    write(repo, "bad.py", STYLE_BAD)
    git(repo, "add", ".")
    res = cli(repo, "check", "--skip", "pylint", "-v")
    assert res.returncode == 0
    assert "pylint: skipped" in res.stdout
    res = cli(repo, "check", "--only", "nosuch")
    assert res.returncode == 2
    assert "--only" in res.stderr and "nosuch" in res.stderr


def test_repository_rcfile_is_used(repo: Path) -> None:
    write(repo, ".pylintrc",
          "[MESSAGES CONTROL]\ndisable=unused-import,missing-function-docstring\n")
    write(repo, "mod.py", STYLE_BAD)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 0, res.stdout
    # Without the repository rcfile the house rules apply and fire.
    git(repo, "rm", "-q", "--cached", ".pylintrc")
    res = cli(repo, "check")
    assert res.returncode == 1
    assert "unused-import" in res.stdout
