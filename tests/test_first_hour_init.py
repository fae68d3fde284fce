"""`commit-guard init` (issue 17 item 14): a starter config from what the
repository holds, never overwriting one, and the git hook only when asked."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from commit_guard.compat import tomllib
from tests.helpers import GIT_ENV, cli, write

PHP_REQUIRE = '{"require": {"php": ">=7.2 <8.0"}, "require-dev": {"phpunit/phpunit": "^9"}}\n'


def team_repo(repo: Path) -> Path:
    write(repo, "app/main.py", '"""Main."""\n')
    write(repo, "tests/test_main.py", '"""Tests."""\n')
    write(repo, "web/index.php", "<?php\necho 1;\n")
    write(repo, "composer.json", PHP_REQUIRE)
    write(repo, "phpunit.xml.dist", "<phpunit/>\n")
    write(repo, "vendor/lib/ignored.py", "")  # dependencies are not the project's code
    return repo


def hook(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "pre-commit"


def test_init_detects_languages_target_and_suites(repo: Path) -> None:
    team_repo(repo)
    res = cli(repo, "init", "--no-install")
    assert res.returncode == 0, res.stderr
    assert "found: 2 Python files, 1 PHP file, PHP target 7.2 (composer.json)" in res.stdout
    data = tomllib.loads((repo / "commit-guard.toml").read_text())
    assert data["php"]["version"] == "7.2"
    suites = {s["name"]: s for s in data["tests"]}
    assert suites["pytest"]["command"] == ["{python}", "-m", "pytest", "-q"]
    assert suites["phpunit"]["command"] == ["{php}", "vendor/bin/phpunit"]
    assert suites["phpunit"]["link"] == ["vendor"]
    assert not hook(repo).exists()
    # It loads, and it passes its own style rules.
    assert cli(repo, "config").returncode == 0
    res = cli(repo, "check", "--strict", "commit-guard.toml")
    assert res.returncode == 0, res.stdout


def test_init_without_tests_or_php_writes_a_commented_example(repo: Path) -> None:
    write(repo, "tool.py", '"""Tool."""\n')
    assert cli(repo, "init", "--no-install").returncode == 0
    text = (repo / "commit-guard.toml").read_text()
    data = tomllib.loads(text)
    assert "tests" not in data and "php" not in data
    assert "# [[tests]]" in text


def test_init_goes_into_pyproject_and_never_overwrites(repo: Path) -> None:
    team_repo(repo)
    original = '[project]\nname = "app"\n\n[tool.black]\nline-length = 100\n'
    write(repo, "pyproject.toml", original)
    res = cli(repo, "init", "--no-install")
    assert res.returncode == 0 and "to pyproject.toml ([tool.commit-guard])" in res.stdout
    text = (repo / "pyproject.toml").read_text()
    assert text.startswith(original)
    data = tomllib.loads(text)
    assert data["tool"]["black"] == {"line-length": 100}
    assert data["tool"]["commit-guard"]["php"]["version"] == "7.2"
    assert not (repo / "commit-guard.toml").exists()
    res = cli(repo, "init", "--no-install")
    assert res.returncode == 2
    assert res.stderr.strip() == ("commit-guard: error: pyproject.toml already has "
                                  "[tool.commit-guard]: edit it, or replace it with "
                                  "`commit-guard init --force`")
    assert (repo / "pyproject.toml").read_text() == text
    write(repo, "composer.json", '{"require": {"php": "^8.1"}}\n')
    assert cli(repo, "init", "--no-install", "--force").returncode == 0
    again = (repo / "pyproject.toml").read_text()
    assert again.startswith(original) and again.count("[tool.commit-guard]") == 1
    assert again.count("Written by") == 1
    assert tomllib.loads(again)["tool"]["commit-guard"]["php"]["version"] == "8.1"


def test_init_keeps_an_existing_commit_guard_toml(repo: Path) -> None:
    write(repo, "commit-guard.toml", "strict = true\n")
    res = cli(repo, "init", "--yes")
    assert res.returncode == 2 and "commit-guard.toml already exists" in res.stderr
    assert (repo / "commit-guard.toml").read_text() == "strict = true\n"
    assert not hook(repo).exists()


def test_init_never_prompts_without_a_terminal(repo: Path) -> None:
    team_repo(repo)
    res = cli(repo, "init")  # stdin is a pipe: nobody to ask
    assert res.returncode == 0
    assert "no terminal to ask: hook not installed" in res.stdout
    assert not hook(repo).exists()
    (repo / "commit-guard.toml").unlink()
    res = cli(repo, "init", "--yes")
    assert res.returncode == 0 and f"installed {hook(repo)}" in res.stdout
    res = cli(repo, "init", "--yes", "--no-install")
    assert res.returncode == 2 and "contradict" in res.stderr


def answer_on_a_terminal(repo: Path, answer: bytes) -> str:
    """Run `init` with a pseudo-terminal as stdin and stdout, typing ``answer``."""
    main, side = pty.openpty()
    env = {**os.environ, **GIT_ENV}
    with subprocess.Popen([sys.executable, "-m", "commit_guard", "init"], cwd=repo,
                          stdin=side, stdout=side, stderr=side, env=env) as proc:
        os.close(side)
        os.write(main, answer)
        out = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the other side closed: the process is done
                break
            if not chunk:
                break
            out += chunk
        assert proc.wait(timeout=120) == 0, out
    os.close(main)
    return out.decode("utf-8", "replace")


def test_init_asks_on_a_terminal(repo: Path) -> None:
    team_repo(repo)
    out = answer_on_a_terminal(repo, b"n\n")
    assert "Install the git pre-commit hook now? [Y/n]" in out
    assert not hook(repo).exists()
    (repo / "commit-guard.toml").unlink()
    out = answer_on_a_terminal(repo, b"y\n")
    assert f"installed {hook(repo)}" in out
    assert hook(repo).exists()


def test_init_leaves_a_broken_pyproject_alone(repo: Path) -> None:
    write(repo, "pyproject.toml", "[project\nname = 'x'\n")
    res = cli(repo, "init", "--no-install")
    assert res.returncode == 2
    assert res.stderr.startswith("commit-guard: error: pyproject.toml: invalid TOML (")
    assert res.stderr.strip().endswith("; not changed") and res.stderr.count("\n") == 1
    assert (repo / "pyproject.toml").read_text() == "[project\nname = 'x'\n"
