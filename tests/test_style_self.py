"""The project passes its own house style, and so do the rules' good examples."""
from __future__ import annotations

from pathlib import Path

from commit_guard import config, ruledb
from commit_guard.resources import rules_dir
from commit_guard.runner import run_checks
from commit_guard.sources import git
from commit_guard.sources.disk import DiskSource
from commit_guard.util import cmd_output
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent


def test_project_passes_its_own_style_rules() -> None:
    cfg = config.load(None, ROOT)
    in_git = git.toplevel(ROOT) is not None
    source = DiskSource(ROOT, [], in_git, cfg["max_file_size"], kind="all")
    result = run_checks(source, cfg, 1, only=["style"])
    assert result.results["style"].files > 50
    # Warnings (long-line) are reported but do not block, as in a commit.
    assert [f for f in result.findings if f.blocking] == []


def test_bad_examples_are_excluded_by_the_project_config() -> None:
    cfg = config.load(None, ROOT)
    assert "rules/examples/**/bad*" in cfg["exclude"]


def test_good_examples_pass_the_whole_house_style() -> None:
    # Every checker (pylint, php-syntax, style) on every good example, default config.
    paths = [p for rule in ruledb.all_rules() for p in rule.examples("good")]
    source = DiskSource(rules_dir(), [str(p) for p in paths], False, kind="paths")
    result = run_checks(source, config.from_table({}, "defaults"), 2, skip=["tests"])
    assert not result.crashed
    assert result.findings == []


def test_php_examples_are_valid_php() -> None:
    # Style rules judge valid code: every PHP example, bad ones included, must pass php -l.
    php = require_tool("php")
    examples = [p for rule in ruledb.all_rules() for p in rule.examples()
                if p.suffix in (".php", ".phtml")]
    assert len(examples) > 20
    for path in examples:
        code, out, err = cmd_output(php, "-d", "short_open_tag=0", "-l", str(path), check=False)
        assert code == 0, (path, out, err)
