"""Suites see what the commit records, in the project's environment:
sparse checkouts, and the {python} and {php} placeholders under env -i."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.helpers import cli, git, init_repo, write
from tests.suite_helpers import PY, config
from tests.test_python_environment import add_dist, make_venv


@pytest.fixture(name="repo")
def fixture_repo(tmp_path: Path) -> Path:
    return init_repo(tmp_path / "repo")


def suite_status(repo: Path) -> tuple[int, str]:
    res = cli(repo, "check", "--only", "tests", "-v")
    return res.returncode, res.stdout + res.stderr


def test_sparse_checkout_suite_sees_every_committed_file(repo: Path) -> None:
    """Files outside the sparse cone are not in the work tree, but the
    commit records them: the suite's tree has them."""
    reads = ("import pathlib, sys; sys.exit(0 if pathlib.Path('data/table.txt')"
             ".read_text() == 'rows' else 1)")
    write(repo, "data/table.txt", "rows")
    write(repo, "app/main.py", "X = 1\n")
    write(repo, "pyproject.toml", config({"name": "reads", "command": [PY, "-c", reads]}))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "base")
    git(repo, "sparse-checkout", "set", "--no-cone", "/app/", "/pyproject.toml")
    assert not (repo / "data" / "table.txt").exists()
    write(repo, "app/main.py", "X = 2\n")
    git(repo, "add", "app/main.py")
    code, out = suite_status(repo)
    assert code == 0, out


def _env_i_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/usr/bin/env", "-i", f"HOME={tmp_path}", shutil.which("git") or "git",
         "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "x"],
        cwd=repo, capture_output=True, text=True, check=False)


def test_python_placeholder_runs_in_the_project_environment_under_env_i(
        repo: Path, tmp_path: Path) -> None:
    site = make_venv(repo / ".venv")
    add_dist(site, "extlib", "1.0", {"extlib/__init__.py": "VALUE = 1\n"})
    write(repo, ".gitignore", ".venv/\n")
    write(repo, "pyproject.toml", config(
        {"name": "project-env", "command": ["{python}", "-c", "import extlib"]}))
    git(repo, "add", "-A")
    assert cli(repo, "install", "git").returncode == 0
    res = _env_i_commit(repo, tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    # The same suite on commit-guard's own interpreter has no extlib: it fails.
    write(repo, "pyproject.toml", config(
        {"name": "own-env", "command": [PY, "-c", "import extlib"]}))
    git(repo, "add", "pyproject.toml")
    res = _env_i_commit(repo, tmp_path)
    assert res.returncode != 0
    assert "suite 'own-env'" in res.stdout + res.stderr


def test_php_placeholder_is_the_php_of_install_time(repo: Path, tmp_path: Path) -> None:
    require_tool("php")
    write(repo, "pyproject.toml", config(
        {"name": "php-version",
         "command": ["{php}", "-r", "exit(PHP_MAJOR_VERSION > 4 ? 0 : 1);"]}))
    git(repo, "add", "-A")
    assert cli(repo, "install", "git").returncode == 0
    hook = (repo / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8")
    assert f"INSTALL_PHP={shutil.which('php')}" in hook
    res = _env_i_commit(repo, tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
