"""The php-syntax checker end to end: real git repositories, the real CLI."""
from __future__ import annotations

import os
import sys
import subprocess
from pathlib import Path

from tests.conftest import require_tool
from tests.helpers import cli, git, snapshot, write

BROKEN = "<?php\nfunction f() {\n  return 1\n}\n"
MODERN = "<?php\n$x = match (1) { default => 2 };\n"


def _findings(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if "[php-syntax]" in line]


def test_staged_php_findings_have_path_line_and_code(repo: Path) -> None:
    write(repo, "src/bad.php", BROKEN)
    write(repo, "src/good.php", "<?php\necho 'ok';\n")
    git(repo, "add", ".")
    before = snapshot(repo)
    result = cli(repo, "check", "--only", "php-syntax")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _findings(result.stdout) == [
        'src/bad.php:4:1: error CG301 (php-syntax-error) syntax error, unexpected token "}", '
        'expecting ";" [php-syntax]']
    assert snapshot(repo) == before


def test_target_comes_from_composer_json(repo: Path) -> None:
    write(repo, "m.php", MODERN)
    write(repo, "composer.json", '{"require": {"php": ">=7.2 <9"}}')
    git(repo, "add", ".")
    result = cli(repo, "check", "--only", "php-syntax")
    assert result.returncode == 1
    assert "match expression requires PHP 8.0 (target is 7.2)" in result.stdout
    write(repo, "composer.json", '{"require": {"php": "^8.0"}}')
    git(repo, "add", ".")
    assert cli(repo, "check", "--only", "php-syntax").returncode == 0


def test_config_version_wins_and_bad_version_is_a_usage_error(repo: Path) -> None:
    write(repo, "m.php", MODERN)
    write(repo, "composer.json", '{"require": {"php": "^8.1"}}')
    write(repo, "commit-guard.toml", '[php]\nversion = "7.4"\n')
    git(repo, "add", ".")
    result = cli(repo, "check", "--only", "php-syntax")
    assert "(target is 7.4)" in result.stdout
    write(repo, "commit-guard.toml", '[php]\nversion = "seven"\n')
    git(repo, "add", ".")
    result = cli(repo, "check", "--only", "php-syntax")
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert "'php.version': not a PHP version: 'seven'" in output and "Traceback" not in output


def test_many_files_run_in_worker_processes(repo: Path) -> None:
    for index in range(60):
        write(repo, f"f{index:02}.php", "<?php\n" + "$a = [1, 2, 3];\n" * 50)
    write(repo, "f07.php", BROKEN)
    git(repo, "add", ".")
    result = cli(repo, "check", "--only", "php-syntax", "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert [f.split(":")[0] for f in _findings(result.stdout)] == ["f07.php"]


def test_php_binary_uses_php_lint(repo: Path) -> None:
    php = require_tool("php")
    write(repo, "bad.php", BROKEN)
    write(repo, "commit-guard.toml", f'[php]\nbinary = "{php}"\n')
    git(repo, "add", ".")
    result = cli(repo, "check", "--only", "php-syntax")
    assert result.returncode == 1
    assert "bad.php:4:" in result.stdout and "CG301" in result.stdout


def test_check_without_php_does_not_import_the_parser(repo: Path) -> None:
    write(repo, "a.txt", "hello\n")
    git(repo, "add", ".")
    code = ("import sys, commit_guard.cli as c\n"
            "try:\n    c.main(['check', '--only', 'php-syntax'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'ply', 'ply.yacc', 'ply.lex', 'phply.phplex', 'commit_guard.php.check',"
            " 'commit_guard.php.build'}\n"
            "print(sorted(heavy & set(sys.modules)) or 'CLEAN')\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True,
                         text=True, env={**os.environ}, check=False)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN", out.stdout + out.stderr


def test_parser_tables_are_cached_outside_the_package(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    code = ("from commit_guard.php import check_source\n"
            "assert check_source(b'<?php echo 1;') == []\n")
    env = {**os.environ, "COMMIT_GUARD_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    tables = list(cache.glob("php-parser-*.json"))
    assert len(tables) == 1
    import commit_guard  # pylint: disable=import-outside-toplevel

    package = Path(commit_guard.__file__).parent
    assert not list(package.rglob("*.pickle")) and not list(package.rglob("parser.out"))
    assert not list(package.rglob("parsetab*"))
    # A second run reads them instead of regenerating.
    mtime = tables[0].stat().st_mtime_ns
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert tables[0].stat().st_mtime_ns == mtime


def test_unwritable_cache_still_checks(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = ("from commit_guard.php import check_source\n"
            "print(check_source(b'<?php echo 1'))\n")
    env = {**os.environ, "COMMIT_GUARD_CACHE_DIR": str(blocker / "sub")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert "CG301" in out.stdout


def test_php_binary_results_are_cached_per_binary_version(repo: Path, tmp_path: Path) -> None:
    """With php.binary, the result cache is keyed by what that php says its
    version is: the same version hits, another one (an upgrade in place)
    runs php -l again.  The binary is a wrapper around the real php that
    logs each lint and reports the version written in a file."""
    php = require_tool("php")
    log, version = tmp_path / "lints.log", tmp_path / "version"
    version.write_text("8.2.1")
    wrapper = tmp_path / "php-wrapper"
    wrapper.write_text(f'#!/bin/sh\nif [ "$2" = "-r" ]; then cat "{version}"; exit 0; fi\n'
                       f'echo lint >> "{log}"\nexec "{php}" "$@"\n')
    wrapper.chmod(0o755)
    write(repo, "bad.php", BROKEN)
    write(repo, "commit-guard.toml", f'[php]\nbinary = "{wrapper}"\n')
    git(repo, "add", ".")

    def lints_after_a_check() -> int:
        result = cli(repo, "check", "--only", "php-syntax")
        assert result.returncode == 1 and "bad.php:4:" in result.stdout, result.stderr
        return len(log.read_text().splitlines())

    assert lints_after_a_check() == 1
    assert lints_after_a_check() == 1  # cached
    version.write_text("8.2.2")
    assert lints_after_a_check() == 2  # another php: checked again
    assert lints_after_a_check() == 2
