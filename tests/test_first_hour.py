"""What a new user hit in their first hour (issue 17), each through the real
CLI on a real git repository: legacy mode and the CI recipe, skipping pylint,
bad php.version values, the rejection message and the quiet accepted commit."""
from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import pytest

from commit_guard.config.schema import SCHEMA
from commit_guard.php.versions import SUPPORTED_VERSIONS, format_version
from tests.helpers import CLEAN_PY, cli, git, write

LEGACY = '''"""Legacy module."""


def area(width, height):
    """Area."""
    unused = 1
    return width * height
'''
BAD_PY = "import os\n"  # unused-import: a blocking pylint finding
RANGE = f"{format_version(SUPPORTED_VERSIONS[0])} to {format_version(SUPPORTED_VERSIONS[-1])}"
LONG = "x" * 125  # over the style limit (120), under nothing pylint would skip


def commit_all(repo: Path, *args: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c", *args)


def legacy_repo_in_new_mode(repo: Path) -> Path:
    """Legacy code, mode = "new" in the config, and a committed baseline."""
    write(repo, "legacy.py", LEGACY)
    write(repo, "commit-guard.toml", 'mode = "new"\n')
    commit_all(repo)
    made = cli(repo, "baseline", "--only", "pylint")
    assert made.returncode == 0 and "wrote 1 entry" in made.stdout, made.stderr
    commit_all(repo)
    return repo


# -- item 2: --mode, and one meaning for `check --all --baseline` ------------

def test_ci_recipe_catches_a_problem_committed_with_no_verify(repo: Path) -> None:
    legacy_repo_in_new_mode(repo)
    ci = ("check", "--all", "--only", "pylint", "--baseline", "commit-guard.baseline")
    res = cli(repo, *ci)
    assert res.returncode == 0, res.stdout + res.stderr
    # The baseline is matched against every finding: no entry looks stale.
    assert "no longer found" not in res.stdout
    assert "1 existing problem in the baseline" in res.stdout
    write(repo, "new.py", '"""New."""\n' + BAD_PY)
    commit_all(repo, "--no-verify")
    res = cli(repo, *ci)
    assert res.returncode == 1, res.stdout
    assert "new.py:2:1: error W0611" in res.stdout
    assert "legacy.py" not in res.stdout.split("summary:")[0]
    # Without a baseline a whole-tree check reports everything: mode "new"
    # from the config compares a change, and after the commit there is none.
    res = cli(repo, "check", "--all", "--only", "pylint")
    assert res.returncode == 1 and "new.py:2:1" in res.stdout and "legacy.py:6:5" in res.stdout
    # Asked for on the command line, --mode new compares the tree with HEAD,
    # where the committed problem already is: documented, and not the CI recipe.
    res = cli(repo, *ci, "--mode", "new")
    assert res.returncode == 0, res.stdout


def test_mode_option_overrides_the_config(repo: Path) -> None:
    legacy_repo_in_new_mode(repo)
    write(repo, "legacy.py", LEGACY + '\n\ndef twice(value):\n    """Twice."""\n'
                                      '    return value * 2\n')
    git(repo, "add", "legacy.py")
    assert cli(repo, "check", "--only", "pylint").returncode == 0
    res = cli(repo, "check", "--only", "pylint", "--mode", "all")
    assert res.returncode == 1 and "legacy.py:6:5: error W0612" in res.stdout
    write(repo, "commit-guard.toml", "")
    git(repo, "add", "commit-guard.toml")
    assert cli(repo, "check", "--only", "pylint").returncode == 1
    assert cli(repo, "check", "--only", "pylint", "--mode", "new").returncode == 0
    res = cli(repo, "check", "--new-only", "--mode", "all")
    assert res.returncode == 2 and "--new-only contradicts --mode all" in res.stderr
    assert "Traceback" not in res.stderr
    res = cli(repo, "check", "--mode", "newest")
    assert res.returncode == 2 and "--mode" in res.stderr


# -- item 3: skipping pylint keeps the style rules for Python -----------------

@pytest.mark.parametrize("how", [("--skip", "pylint"), ("--only", "style"), ("SKIP",)])
def test_skipping_pylint_keeps_style_for_python(repo: Path, how: tuple[str, ...]) -> None:
    write(repo, "long.py", f'"""Long."""\nVALUE = "{LONG}"\n')
    git(repo, "add", "long.py")
    # pylint runs: the long line is its C0301, and style leaves it alone.
    res = cli(repo, "check")
    assert "C0301" in res.stdout and "CG106" not in res.stdout, res.stdout
    env = {"SKIP": "pylint"} if how == ("SKIP",) else None
    res = cli(repo, "check", *(() if env else how), env=env)
    assert res.returncode == 0, res.stdout  # CG106 is a warning
    assert "long.py:2:121: warning CG106 (long-line)" in res.stdout, res.stdout
    assert "C0301" not in res.stdout
    assert cli(repo, "check", "--strict", *(() if env else how), env=env).returncode == 1


def test_baseline_only_style_matches_check_only_style(repo: Path) -> None:
    write(repo, "long.py", f'"""Long."""\nVALUE = "{LONG}"\n')
    commit_all(repo)
    made = cli(repo, "baseline", "--only", "style")
    assert "wrote 1 entry" in made.stdout, made.stdout + made.stderr
    res = cli(repo, "check", "--all", "--only", "style", "--strict", "--baseline",
              "commit-guard.baseline")
    assert res.returncode == 0 and "1 existing problem in the baseline" in res.stdout


# -- item 8: php.version outside the supported range is exit 2 ----------------

@pytest.mark.parametrize("version", ["9.9", "5.2", "8.99", "seven"])
def test_unsupported_php_version_is_exit_2_naming_the_range(repo: Path, version: str) -> None:
    write(repo, "commit-guard.toml", f'[php]\nversion = "{version}"\n')
    write(repo, "a.php", "<?php\necho 1;\n")
    res = cli(repo, "check", "a.php")
    assert res.returncode == 2, res.stdout
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "commit-guard.toml" in lines[0] and "'php.version'" in lines[0]
    assert f"supported: {RANGE}" in lines[0]


def test_php_version_doc_names_the_supported_range() -> None:
    # The schema's text is static (importing the PHP parser costs start-up); it must not drift.
    assert f"({RANGE})" in SCHEMA["php"]["version"].doc


def test_supported_php_versions_load(repo: Path) -> None:
    for version in ("5.3", "7.4", "8.5", "8.1.2"):
        write(repo, "commit-guard.toml", f'[php]\nversion = "{version}"\n')
        res = cli(repo, "config")
        assert res.returncode == 0, res.stderr
        assert f'version = "{version}"' in res.stdout


# -- items 11, 12: the rejection says how to go on; an accepted commit is one line

def test_rejection_names_a_rerun_that_works_and_how_to_skip(repo: Path) -> None:
    assert cli(repo, "install", "git").returncode == 0
    write(repo, "bad.py", BAD_PY)
    git(repo, "add", "bad.py")
    res = git(repo, "commit", "-m", "bad", check=False)
    out = (res.stdout + res.stderr).decode()
    assert res.returncode == 1, out
    verdict = out.strip().splitlines()[-1]
    assert verdict.startswith("commit-guard: commit rejected (1 blocking problem); re-run: ")
    rerun = verdict.split("re-run: ", 1)[1]
    # The hook calls an interpreter by absolute path; so does its re-run command.
    assert rerun.endswith(" -m commit_guard check") and rerun.startswith("/")
    ran = subprocess.run(shlex.split(rerun), cwd=repo, capture_output=True, text=True,
                         check=False)
    assert ran.returncode == 1 and "bad.py:1:1: error W0611" in ran.stdout
    assert "to commit anyway: SKIP=pylint git commit" in out
    assert "git commit --no-verify" in out
    res = git(repo, "commit", "-m", "skip", check=False, env={"SKIP": "pylint"})
    out = (res.stdout + res.stderr).decode()
    assert res.returncode == 0, out
    assert out.count("commit-guard") == 1, out
    assert "commit-guard: commit accepted (1 file checked in " in out
    assert "pylint skipped by SKIP" in out


def test_accepted_commit_is_one_line_and_verbose_gives_the_summary(repo: Path) -> None:
    write(repo, "ok.py", CLEAN_PY)
    write(repo, "commit-guard.toml", "")
    git(repo, "add", "-A")
    res = cli(repo, "check")
    assert res.returncode == 0
    assert res.stdout.splitlines() == [res.stdout.strip()], res.stdout
    assert res.stdout.startswith("commit-guard: commit accepted (2 files checked in ")
    res = cli(repo, "check", "-v")
    summary = [line for line in res.stdout.splitlines() if line.startswith("summary: ")]
    assert summary and "tests: no suites configured" in summary[0], res.stdout
    assert "([[tool.commit-guard.tests]])" not in res.stdout
    assert res.stdout.splitlines()[-1] == "commit-guard: commit accepted"


def test_suite_wording_in_the_summary(repo: Path) -> None:
    write(repo, "ok.py", CLEAN_PY)
    write(repo, "commit-guard.toml",
          '[[tests]]\nname = "unit"\ncommand = ["true"]\n'
          '[[tests]]\nname = "php"\ncommand = ["true"]\ntriggers = ["*.php"]\n')
    git(repo, "add", "-A")
    quiet = cli(repo, "check")
    assert quiet.stdout.startswith("commit-guard: commit accepted (") and \
        quiet.stdout.endswith("; 1 suite passed)\n"), quiet.stdout
    res = cli(repo, "check", "-v")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "tests: 1 suite passed (" in res.stdout
    assert "problems in 0 files" not in res.stdout and "php-syntax: no files" in res.stdout
    write(repo, "commit-guard.toml",
          '[[tests]]\nname = "php"\ncommand = ["true"]\ntriggers = ["*.php"]\n')
    git(repo, "add", "-A")
    res = cli(repo, "check", "-v")
    assert "tests: skipped (php: no changed file matches its triggers)" in res.stdout
    assert "skipped (skipped" not in res.stdout and "(php: skipped (" not in res.stdout


# -- item 7: the baseline file passes the style rules it records --------------

def test_the_baseline_file_passes_its_own_style_rules(repo: Path) -> None:
    long_name = "a_rather_long_function_name_that_pushes_the_line_" + "x" * 60
    write(repo, "wide.py", f'"""Wide."""\n\n\ndef {long_name}(value):\n'
                           f'    """Doc."""\n    unused_local_value = value\n')
    commit_all(repo)
    assert cli(repo, "baseline").returncode == 0
    text = (repo / "commit-guard.baseline").read_text()
    assert max(len(line) for line in text.splitlines()) > 120  # records are long
    git(repo, "add", "commit-guard.baseline")
    res = cli(repo, "check", "--strict")  # what the hook does when it is committed
    assert res.returncode == 0, res.stdout
    # The exemption is for the baseline's records, not for every file.
    write(repo, "notes.cfg", "x" * 130 + "\n")
    assert cli(repo, "check", "--strict", "notes.cfg").returncode == 1


# -- item 4: doctor is not "ready" when the GUI-like run could not run a suite -

def test_doctor_is_not_ready_when_a_suite_cannot_start_without_the_terminal_path(
        repo: Path, tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    write(tools, "run-unit-tests", "#!/bin/sh\nexit 0\n").chmod(0o755)
    write(repo, "commit-guard.toml", '[[tests]]\nname = "unit"\ncommand = ["run-unit-tests"]\n')
    write(repo, "ok.py", CLEAN_PY)
    git(repo, "add", "-A")
    env = {"PATH": f"{tools}:{os.environ['PATH']}"}
    assert cli(repo, "check", env=env).returncode == 0  # the terminal finds the command
    assert cli(repo, "install", "git").returncode == 0
    res = cli(repo, "doctor", env=env)
    assert res.returncode == 1, res.stdout
    assert "is ready" not in res.stdout
    problem = [line for line in res.stdout.splitlines() if line.startswith("problem: ")]
    assert len(problem) == 1, res.stdout
    assert "under a minimal environment (env -i HOME=" in problem[0]
    assert ("suite 'unit' could not run: could not start: executable not found: "
            "run-unit-tests") in problem[0]
    assert "fix: call the suite's command by absolute path" in problem[0]
    # By absolute path it runs in a GUI client too, and doctor says so.
    write(repo, "commit-guard.toml",
          f'[[tests]]\nname = "unit"\ncommand = ["{tools / "run-unit-tests"}"]\n')
    git(repo, "add", "-A")
    res = cli(repo, "doctor", env=env)
    assert res.returncode == 0 and "is ready" in res.stdout, res.stdout
