"""The linters checker with real tools: ruff (SARIF), phpcs (checkstyle) and a
regex linter script; findings in the text, JSON and SARIF reports under the
linter's name; --only/--skip/SKIP=; the cache and the tool's version; a
linter that cannot run is exit 2 (issue 19)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from commit_guard.server.svn import filter_tree_table
from tests.conftest import require_tool
from tests.helpers import cli, git, write

# A regex "linter": reports every line with TODO; --version prints the
# content of VERSION beside it; each lint run appends a line to runs.log.
LINT_SCRIPT = '''\
import sys
from pathlib import Path
here = Path(__file__).parent
if sys.argv[1:] == ["--version"]:
    print((here / "VERSION").read_text().strip())
    sys.exit(0)
with open(here / "runs.log", "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
mode = (here / "MODE").read_text().strip() if (here / "MODE").exists() else "ok"
if mode == "crash":
    sys.exit(3)
for name in sys.argv[1:]:
    for number, line in enumerate(open(name, encoding="utf-8"), start=1):
        if "TODO" in line:
            print(f"{name}:{number}:{line.index('TODO') + 1}: T100 a TODO left: {line.strip()}")
sys.exit(1 if mode == "ok" else 0)
'''
PATTERN = r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>\w+) (?P<message>.*)$"


def regex_tool(tmp_path: Path) -> Path:
    tool = tmp_path / "tool"
    tool.mkdir()
    (tool / "lint.py").write_text(LINT_SCRIPT, encoding="utf-8")
    (tool / "VERSION").write_text("todo-lint 1.0\n", encoding="utf-8")
    return tool


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def linter_config(tool: Path, extra: str = "") -> str:
    script = str(tool / "lint.py")
    return (f'skip = ["pylint"]\n\n[[linters]]\nname = "todo"\n'
            f"command = {toml_list([sys.executable, script, '{files}'])}\n"
            f'globs = ["*.py", "*.txt"]\nformat = "regex"\npattern = {json.dumps(PATTERN)}\n'
            f"version_command = {toml_list([sys.executable, script, '--version'])}\n{extra}")


def runs(tool: Path) -> int:
    log = tool / "runs.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_regex_linter_checks_the_staged_content_not_the_work_tree(repo: Path,
                                                                  tmp_path: Path) -> None:
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "x = 1\n# TODO remove\n")
    git(repo, "add", ".")
    write(repo, "a.py", "x = 1\n")  # fixed only in the work tree
    res = cli(repo, "check", "--only", "todo")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "a.py:2:3: error T100 a TODO left: # TODO remove [todo]" in res.stdout


def test_tool_version_is_in_the_cache_key(repo: Path, tmp_path: Path) -> None:
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "# TODO one\n")
    git(repo, "add", ".")
    first = cli(repo, "check", "--only", "todo")
    assert first.returncode == 1 and runs(tool) == 1
    warm = cli(repo, "check", "--only", "todo")
    assert runs(tool) == 1, "a warm check runs the linter again"
    assert [x for x in warm.stdout.splitlines() if "T100" in x] == \
        [x for x in first.stdout.splitlines() if "T100" in x] != []
    (tool / "VERSION").write_text("todo-lint 2.0\n", encoding="utf-8")
    again = cli(repo, "check", "--only", "todo")
    assert runs(tool) == 2, "a new tool version must be checked afresh"
    assert "T100" in again.stdout


def test_command_change_is_a_cache_miss(repo: Path, tmp_path: Path) -> None:
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "# TODO one\n")
    git(repo, "add", ".")
    cli(repo, "check", "--only", "todo")
    write(repo, "commit-guard.toml", linter_config(tool, "batch = 5\n"))
    git(repo, "add", "commit-guard.toml")
    cli(repo, "check", "--only", "todo")
    assert runs(tool) == 2


def test_only_skip_and_env_skip_name_the_linter(repo: Path, tmp_path: Path) -> None:
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "# TODO one\n")
    git(repo, "add", ".")
    assert "[todo]" in cli(repo, "check", "--only", "linters").stdout
    skipped = cli(repo, "check", "--skip", "todo", "-v")
    assert "[todo]" not in skipped.stdout and "todo: skipped" in skipped.stdout
    by_env = cli(repo, "check", "-v", env={"SKIP": "todo"})
    assert by_env.returncode == 0, by_env.stdout
    assert "todo: skipped by SKIP" in by_env.stdout
    assert runs(tool) == 1
    unknown = cli(repo, "check", "--only", "nosuch")
    assert unknown.returncode == 2 and "unknown checker 'nosuch'" in unknown.stderr


@pytest.mark.parametrize("mode, why", [("crash", "exit status 3 and no findings")])
def test_a_linter_that_crashes_is_exit_2(repo: Path, tmp_path: Path, mode: str,
                                         why: str) -> None:
    tool = regex_tool(tmp_path)
    (tool / "MODE").write_text(mode)
    write(repo, "commit-guard.toml", linter_config(tool))
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2, res.stdout
    assert f"todo could not run: {why}" in res.stdout + res.stderr
    assert cli(repo, "check").returncode == 2, "a failure must never be cached as a pass"


def test_a_missing_executable_is_exit_2(repo: Path) -> None:
    write(repo, "commit-guard.toml", 'skip = ["pylint"]\n[[linters]]\nname = "gone"\n'
                                     'command = ["no-such-linter-xyz"]\nglobs = ["*.py"]\n')
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2
    assert "gone could not run: executable not found: no-such-linter-xyz" in res.stdout


def test_unreadable_output_is_exit_2(repo: Path) -> None:
    write(repo, "commit-guard.toml", 'skip = ["pylint"]\n[[linters]]\nname = "echo"\n'
                                     'command = ["echo", "hello"]\nglobs = ["*.py"]\n'
                                     'format = "sarif"\n')
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2
    assert "echo could not run: output is not sarif" in res.stdout


@pytest.mark.parametrize("body, message", [
    ('name = "style"\ncommand = ["x"]\nglobs = ["*"]', "'style' is already a checker's name"),
    ('name = "r"\ncommand = ["x"]\nglobs = ["*"]\nformat = "regex"\npattern = "(?P<line>1)"',
     "needs a pattern with a (?P<path>...) group"),
    ('name = "r"\ncommand = ["x"]', "'linters[0].globs' is required"),
    ('name = "r"\ncommand = ["x"]\nglobs = ["*"]\nformat = "pmd"', "must be one of"),
])
def test_bad_linter_config_is_one_line_and_exit_2(repo: Path, body: str, message: str) -> None:
    write(repo, "commit-guard.toml", f"[[linters]]\n{body}\n")
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_a_committed_tree_on_a_server_cannot_define_linters() -> None:
    kept, dropped = filter_tree_table({"linters": [{"name": "x", "command": ["rm"]}],
                                       "strict": True})
    assert kept == {"strict": True} and dropped == ["linters"]


def test_ruff_sarif_findings_in_text_json_and_sarif(repo: Path, tmp_path: Path) -> None:
    require_tool("ruff")
    write(repo, "ruff.toml", '[lint]\nselect = ["F401"]\n')
    write(repo, "commit-guard.toml",
          'skip = ["pylint"]\n[[linters]]\nname = "ruff"\n'
          'command = ["ruff", "check", "--no-cache", "--output-format=sarif", "{files}"]\n'
          'globs = ["*.py"]\nversion_command = ["ruff", "--version"]\n')
    write(repo, "pkg/mod.py", "import os\n")
    git(repo, "add", ".")
    text = cli(repo, "check", "--only", "ruff")
    assert text.returncode == 1, text.stdout + text.stderr
    assert "pkg/mod.py:1:8: error F401 `os` imported but unused [ruff]" in text.stdout
    doc = json.loads(cli(repo, "check", "--format", "json").stdout)
    ours = [f for f in doc["findings"] if f["checker"] == "ruff"]
    assert [(f["code"], f["path"], f["line"]) for f in ours] == [("F401", "pkg/mod.py", 1)]
    out = tmp_path / "r.sarif"
    cli(repo, "check", "--format", "sarif", "--output", str(out))
    results = json.loads(out.read_text())["runs"][0]["results"]
    uris = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for r in results}
    assert ("F401", "pkg/mod.py") in uris


def test_phpcs_checkstyle_findings(repo: Path) -> None:
    require_tool("phpcs")
    write(repo, "commit-guard.toml",
          '[[linters]]\nname = "phpcs"\n'
          'command = ["phpcs", "-q", "--standard=PSR12", "--report=checkstyle", "{files}"]\n'
          'globs = ["*.php"]\nformat = "checkstyle"\nversion_command = ["phpcs", "--version"]\n')
    write(repo, "src/A.php", "<?php\n\nnamespace App;\n\nclass A\n{\n    public $x = 1;   \n}\n")
    git(repo, "add", ".")
    res = cli(repo, "check", "--only", "phpcs", "--format", "json")
    assert res.returncode == 1, res.stdout + res.stderr
    found = {(f["checker"], f["path"], f["line"], f["code"])
             for f in json.loads(res.stdout)["findings"]}
    assert ("phpcs", "src/A.php", 7, "Squiz.WhiteSpace.SuperfluousWhitespace.EndLine") in found
    clean = "<?php\n\nnamespace App;\n\nclass A\n{\n    public $x = 1;\n}\n"
    write(repo, "src/A.php", clean)
    git(repo, "add", ".")
    assert cli(repo, "check", "--only", "phpcs").returncode == 0


def test_linters_and_pylint_share_a_run(repo: Path, tmp_path: Path) -> None:
    # Each linter has a tree of its own: pylint, which owns every path it
    # writes into the check's workspace, never finds a linter's copy there.
    tool = regex_tool(tmp_path)
    write(repo, "commit-guard.toml", linter_config(tool).replace('skip = ["pylint"]\n', ""))
    write(repo, "a.py", '"""Doc."""\n# TODO one\nimport os\n')
    git(repo, "add", ".")
    for _ in range(3):
        res = cli(repo, "check", "--no-cache", "--format", "json")
        assert res.returncode == 1, res.stdout + res.stderr
        found = {(f["checker"], f["code"]) for f in json.loads(res.stdout)["findings"]}
        assert {("todo", "T100"), ("pylint", "W0611")} <= found


def test_a_linter_past_its_timeout_is_exit_2(repo: Path) -> None:
    write(repo, "commit-guard.toml",
          f'skip = ["pylint"]\n[[linters]]\nname = "slow"\n'
          f"command = {toml_list([sys.executable, '-c', 'import time; time.sleep(30)'])}\n"
          'globs = ["*.py"]\nformat = "regex"\npattern = "(?P<path>x)"\ntimeout = 1\n')
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", ".")
    res = cli(repo, "check", timeout=25)
    assert res.returncode == 2
    assert "slow could not run: timed out after 1 s" in res.stdout


def test_editing_one_linter_keeps_the_others_results(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first, second = regex_tool(tmp_path / "one"), regex_tool(tmp_path / "two")
    other = linter_config(second).split("[[linters]]", 1)[1].replace('"todo"', '"todo2"')
    write(repo, "commit-guard.toml", linter_config(first) + "\n[[linters]]" + other)
    write(repo, "a.py", "# TODO one\n")
    git(repo, "add", ".")
    cli(repo, "check")
    assert (runs(first), runs(second)) == (1, 1)
    write(repo, "commit-guard.toml",
          linter_config(first) + "\n[[linters]]" + other + "batch = 3\n")
    git(repo, "add", "commit-guard.toml")
    res = cli(repo, "check")
    assert "[todo2]" in res.stdout and "[todo]" in res.stdout
    assert (runs(first), runs(second)) == (1, 2)
