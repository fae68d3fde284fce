"""`commit-guard rules`, `commit-guard explain`, and the rules table, through the real CLI."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, git, write


def test_rules_lists_every_kind(repo: Path) -> None:
    res = cli(repo, "rules")
    assert res.returncode == 0, res.stderr
    codes = {line.split()[0] for line in res.stdout.splitlines()}
    assert {"CG001", "CG004", "CG101", "CG210"} <= codes
    assert "CG301" in codes  # the PHP syntax checker's codes
    assert {"C0301", "W0611", "E0602"} <= codes  # pylint's active messages
    assert "C0114" not in codes  # disabled by the house rules/pylintrc


def test_rules_follow_the_repository_rcfile(repo: Path) -> None:
    write(repo, "pylintrc", "[MESSAGES CONTROL]\ndisable=line-too-long\n")
    codes = {line.split()[0] for line in cli(repo, "rules", "--checker", "pylint")
             .stdout.splitlines()}
    assert "C0301" not in codes and "W0611" in codes


def test_rules_filter_and_checker(repo: Path) -> None:
    res = cli(repo, "rules", "--filter", "WHITESPACE", "--checker", "style")
    assert [line.split()[0] for line in res.stdout.splitlines()] == ["CG101"]
    res = cli(repo, "rules", "--checker", "php-syntax")
    assert res.stdout and all(line.split()[2] == "php-syntax" for line in res.stdout.splitlines())


def test_rules_show_configured_severity(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\nCG101 = "off"\nlong-line = "error"\n')
    rows = {line.split()[0]: line.split()[3]
            for line in cli(repo, "rules", "--checker", "style").stdout.splitlines()}
    assert rows["CG101"] == "off" and rows["CG106"] == "error" and rows["CG102"] == "error"


def test_explain_our_rule_with_examples(repo: Path) -> None:
    res = cli(repo, "explain", "CG101")
    assert res.returncode == 0
    assert "whitespace-at-line-end" in res.stdout and "Bad example" in res.stdout
    assert "hello<SP><SP><SP>" in res.stdout  # the invisible made visible
    assert "Good example" in res.stdout


def test_explain_php_style_rule_by_symbol(repo: Path) -> None:
    res = cli(repo, "explain", "php-closing-tag")
    assert res.returncode == 0 and res.stdout.startswith("CG201 php-closing-tag")
    assert "?>" in res.stdout and "good.phtml" in res.stdout


def test_explain_php_syntax_code(repo: Path) -> None:
    res = cli(repo, "explain", "CG301")
    assert res.returncode == 0 and "php-syntax" in res.stdout
    assert "cannot be switched off" in res.stdout


def test_explain_pylint_id_and_symbol(repo: Path) -> None:
    by_id = cli(repo, "explain", "C0301")
    by_symbol = cli(repo, "explain", "line-too-long")
    assert by_id.returncode == 0 and by_symbol.returncode == 0
    assert ":line-too-long (C0301)" in by_id.stdout
    assert "Used when a line is longer than a given number of characters" in by_id.stdout
    assert by_id.stdout == by_symbol.stdout


def test_explain_unknown(repo: Path) -> None:
    res = cli(repo, "explain", "no-such-rule")
    assert res.returncode == 2 and "unknown rule 'no-such-rule'" in res.stderr


def test_unknown_rule_in_config_is_exit_2_naming_the_key(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\nCG101 = "off"\nno-such-rule = "off"\n')
    res = cli(repo, "check", "--all")
    assert res.returncode == 2
    assert "'rules.no-such-rule'" in res.stderr and "commit-guard.toml" in res.stderr
    assert "Traceback" not in res.stderr


def test_bad_rule_value_and_php_syntax_key(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\nCG101 = "disabled"\n')
    res = cli(repo, "check", "--all")
    assert res.returncode == 2 and "'rules.CG101' must be one of" in res.stderr
    write(repo, "commit-guard.toml", '[rules]\nCG301 = "off"\n')
    res = cli(repo, "check", "--all")
    assert res.returncode == 2 and "cannot be switched off" in res.stderr


def test_pylint_rule_in_config_is_accepted_and_applied(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\nunused-import = "off"\n')
    write(repo, "mod.py", '"""Doc."""\nimport os\n')
    git(repo, "add", "mod.py", "commit-guard.toml")
    res = cli(repo, "check", "--only", "pylint")
    assert res.returncode == 0, res.stdout
    assert "W0611" not in res.stdout


def test_staged_check_warning_and_strict(repo: Path) -> None:
    write(repo, "notes.php", "<?php\n\n$x = '" + "a" * 130 + "';\n")
    git(repo, "add", "notes.php")
    res = cli(repo, "check", "--only", "style")
    assert res.returncode == 0, res.stdout  # long-line is a warning
    assert "CG106" in res.stdout
    strict = cli(repo, "check", "--only", "style", "--strict")
    assert strict.returncode == 1 and "CG106" in strict.stdout


def test_staged_check_error_blocks(repo: Path) -> None:
    write(repo, "app.php", "<?php\n\n$x = 1;   \n")
    git(repo, "add", "app.php")
    res = cli(repo, "check", "--only", "style")
    assert res.returncode == 1
    assert "app.php:3:8: error CG101 (whitespace-at-line-end)" in res.stdout


def test_pylint_own_suppressions_work_and_dead_ones_are_warnings(repo: Path) -> None:
    write(repo, "mod.py", '"""Doc."""\nimport os  # pylint: disable=unused-import\n'
                          'X = 1  # pylint: disable=unused-variable\n')
    git(repo, "add", "mod.py")
    res = cli(repo, "check", "--only", "pylint")
    assert "W0611" not in res.stdout  # pylint's own disable= honoured
    assert "mod.py:3:1: warning I0021 (useless-suppression)" in res.stdout, res.stdout
    assert res.returncode == 0
    assert cli(repo, "check", "--only", "pylint", "--strict").returncode == 1


def test_suite_and_budget_rules_are_listed_and_explained(repo: Path) -> None:
    # They appear in reports, so `rules` lists them and `explain` knows them (issue 17 item 5).
    rows = {line.split()[0]: line.split()[2] for line in cli(repo, "rules").stdout.splitlines()
            if line.startswith("CG")}
    assert rows["CG401"] == rows["CG402"] == rows["CG403"] == "tests"
    assert rows["CG005"] == "pylint"
    listed = cli(repo, "rules", "--checker", "tests").stdout.split()
    assert {"CG401", "CG402", "CG403"} <= set(listed) and "CG101" not in listed
    for name in ("CG401", "test-suite-timeout", "CG403", "pylint-timeout"):
        res = cli(repo, "explain", name)
        assert res.returncode == 0, res.stderr
        assert "Cannot be switched off" in res.stdout
    assert "SKIP=tests" in cli(repo, "explain", "CG403").stdout
    assert "executable not found" in cli(repo, "explain", "CG403").stdout


def test_suite_rules_cannot_be_switched_off(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\ntest-suite-failed = "off"\n')
    res = cli(repo, "check", "--all")
    assert res.returncode == 2
    assert "CG401 test-suite-failed cannot be switched off" in res.stderr
