"""Legacy code with the team's own linters: mode = "new" and the baseline
treat a configured linter's findings as they treat pylint's."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import cli, git, init_repo, write
from tests.test_linters import linter_config, regex_tool


def test_mode_new_blocks_only_the_linter_findings_a_change_introduces(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", 'mode = "new"\n' + linter_config(tool))
    write(repo, "a.py", "x = 1\n# TODO old\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "legacy")
    write(repo, "a.py", "y = 0\nx = 1\n# TODO old\n")
    git(repo, "add", "a.py")
    res = cli(repo, "check", "--only", "todo")
    assert res.returncode == 0, res.stdout + res.stderr
    write(repo, "a.py", "y = 0\nx = 1\n# TODO old\n# TODO new\n")
    git(repo, "add", "a.py")
    res = cli(repo, "check", "--only", "todo")
    assert res.returncode == 1
    assert "a.py:4:3: error T100 a TODO left: # TODO new [todo]" in res.stdout
    assert "# TODO old [todo]" not in res.stdout


def test_baseline_takes_a_linter_by_name(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "x = 1\n# TODO old\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--no-verify", "-m", "legacy")
    res = cli(repo, "baseline", "--only", "todo")
    assert res.returncode == 0, res.stdout + res.stderr
    text = (repo / "commit-guard.baseline").read_text(encoding="utf-8")
    assert "T100" in text
    res = cli(repo, "check", "--all", "--only", "todo", "--baseline", "commit-guard.baseline")
    assert res.returncode == 0, res.stdout + res.stderr
