"""pylint configuration that comes from a checked tree, and pylint options
that are not linting (issue 14, items 2 and 8).

Item 2: a committed rcfile on the server used to go through a blocklist
that three tricks got past: ``[DEFAULT] init-hook`` (configparser copies
DEFAULT into every section), a quoted TOML key holding a quote and a
newline (written back unescaped as an ``init-hook`` line), and a relative
``pylint.rcfile`` in the server config (read from the commit).  Now only
allowed options survive, rewritten by us; a relative rcfile is a server
path.  Item 8: options that make pylint do something other than lint are
refused, and any pylint exit that is not a lint result is one line, exit 2.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, git, merge_conflict, write
from tests.test_security_pylint import unsandboxed
from tests.test_svn_support import make_repo
from tests.test_svn_trust import UNDEFINED_PY

BAD_PY = '"""A module."""\n\nimport os\n'  # W0611 on line 3
BAD_PHP = "<?php\nfunction (\n"  # a syntax error


def touch(markers: Path, name: str) -> str:
    return f"open({str(markers / name)!r}, 'w').write('ran')"


def toml_smuggle(markers: Path, table: str) -> str:
    # A quoted key "a\" = 1\ninit-hook = '...'\n\"b": written back between
    # plain quotes it became three lines, the middle one an init-hook.
    code = touch(markers, "toml-key").replace("'", "\\u0027")
    return (f"[{table}]\n"
            f'"a\\" = 1\\ninit-hook = \\"{code}\\"\\n\\"b" = "c"\n'
            f'disable = ["unused-import"]\n')


def ini_default(markers: Path, main: str, control: str) -> str:
    return (f"[DEFAULT]\ninit-hook = {touch(markers, 'ini-default')}\n"
            f"load-plugins = evil_plugin\n[{main}]\n[{control}]\ndisable = unused-import\n")


CASES = {
    "pylintrc": lambda m: ini_default(m, "MAIN", "MESSAGES CONTROL"),
    ".pylintrc": lambda m: ini_default(m, "MAIN", "MESSAGES CONTROL"),
    "setup.cfg": lambda m: ini_default(m, "pylint.main", "pylint.messages_control"),
    "tox.ini": lambda m: ini_default(m, "pylint.main", "pylint.messages_control"),
    "pylintrc.toml": lambda m: toml_smuggle(m, "tool.pylint.main"),
    "pyproject.toml": lambda m: toml_smuggle(m, "tool.pylint.main"),
}


def commit_svn(tmp_path: Path, server: str, files: dict[str, str]):
    repo = make_repo(tmp_path, unsandboxed(server))
    for rel, text in files.items():
        repo.write(rel, text)
    repo.add(*files)
    return repo, repo.commit()


@pytest.mark.parametrize("name", list(CASES))
def test_committed_rcfile_runs_nothing_but_tunes_rules(tmp_path: Path, name: str) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    files = {name: CASES[name](markers), "unused.py": BAD_PY, "undefined.py": UNDEFINED_PY,
             "evil_plugin.py": f'"""Plugin."""\n{touch(markers, "plugin")}\n'}
    repo, proc = commit_svn(tmp_path, "[svn]\nallow_tree_config = true\n", files)
    assert sorted(p.name for p in markers.iterdir()) == []
    assert repo.youngest() == 0
    # The allowed option of the committed rcfile is used; the rest is named.
    assert "undefined.py:3:7: error E0602 (undefined-variable)" in proc.stderr
    assert "W0611" not in proc.stderr, proc.stderr
    assert "ignored in the committed config" in proc.stderr
    assert f"{name}: init-hook" in proc.stderr or f"{name}: 'a" in proc.stderr


def test_relative_server_rcfile_is_a_server_file(tmp_path: Path) -> None:
    markers = tmp_path / "markers"
    markers.mkdir()
    committed = ini_default(markers, "MAIN", "MESSAGES CONTROL").replace(
        "disable = unused-import", "disable = undefined-variable")
    repo = make_repo(tmp_path, unsandboxed('[pylint]\nrcfile = "tools/pylintrc"\n'))
    server_rc = repo.root / "hooks" / "tools" / "pylintrc"
    server_rc.parent.mkdir()
    server_rc.write_text("[MESSAGES CONTROL]\ndisable = unused-import\n", encoding="utf-8")
    for rel, text in {"tools/pylintrc": committed, "unused.py": BAD_PY,
                      "undefined.py": UNDEFINED_PY}.items():
        repo.write(rel, text)
    repo.add("tools/pylintrc", "unused.py", "undefined.py")
    proc = repo.commit()
    assert sorted(p.name for p in markers.iterdir()) == []
    assert "E0602" in proc.stderr and "W0611" not in proc.stderr  # the server's file
    server_rc.unlink()
    proc = repo.commit()
    assert proc.returncode != 0 and repo.youngest() == 0
    assert f"pylint.rcfile {str(server_rc)!r} not found" in proc.stderr


@pytest.mark.parametrize("text,where", [
    ("[MAIN]\nmax-line-length = lots\n", "'max-line-length': 'lots' is not an integer"),
    ("[BASIC]\nfunction-rgx = ([a-z\n", "'function-rgx': bad regular expression"),
    ("[MAIN]\nmax-line-length = %(nope)s\n", "pylint cannot read this file: Bad value"),
])
def test_committed_rcfile_values_are_checked(tmp_path: Path, text: str, where: str) -> None:
    repo, proc = commit_svn(tmp_path, "[svn]\nallow_tree_config = true\n",
                            {"pylintrc": text, "unused.py": BAD_PY})
    assert repo.youngest() == 0
    assert "pylintrc (committed): " in proc.stderr and where in proc.stderr, proc.stderr


def test_git_repository_rcfile_is_trusted(repo: Path, tmp_path: Path) -> None:
    # git: the tree is the developer's own; its pylintrc is used as written.
    write(repo, "pylintrc", f"[MAIN]\ninit-hook = {touch(tmp_path, 'own-hook')}\n"
                            "[MESSAGES CONTROL]\ndisable = unused-import\n")
    write(repo, "unused.py", BAD_PY)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert (tmp_path / "own-hook").is_file()


# ---- item 8: pylint never passes everything, never exits its own way ----

def git_check(repo: Path, files: dict[str, str]):
    files = {"bad.py": BAD_PY, "bad.php": BAD_PHP, **files}
    for rel, text in files.items():
        write(repo, rel, text)
    git(repo, "add", ".")
    return cli(repo, "check")


def one_error_line(res) -> str:
    assert res.returncode == 2, res.stdout + res.stderr
    lines = (res.stdout + res.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("arg", ["--list-msgs-enabled", "--help-msg=W0611", "--list-msgs",
                                 "--generate-rcfile", "--generate-toml-config", "--version",
                                 "--long-help", "--full-documentation", "-h",
                                 "--list-conf-levels", "--list-ext"])
def test_action_options_in_args_are_refused(repo: Path, arg: str) -> None:
    res = git_check(repo, {"commit-guard.toml": f'[pylint]\nargs = ["{arg}"]\n'})
    line = one_error_line(res)
    assert f"commit-guard.toml: pylint.args: '{arg}' makes pylint do something other " \
           "than lint" in line


@pytest.mark.parametrize("arg,says", [
    ("--no-such-option", "is not an option commit-guard passes to pylint"),
    ("--output-format=json", "is not an option commit-guard passes to pylint"),
    ("--jobs=4", "is not an option commit-guard passes to pylint"),
    ("--max-line-length=wide", "'wide' is not an integer"),
])
def test_other_args_that_are_not_tuning_are_refused(repo: Path, arg: str, says: str) -> None:
    line = one_error_line(git_check(repo, {"commit-guard.toml":
                                           f'[pylint]\nargs = ["{arg}"]\n'}))
    assert line.startswith("commit-guard: error: commit-guard.toml: pylint.args: ")
    assert says in line


def test_tuning_args_still_work(repo: Path) -> None:
    res = git_check(repo, {"commit-guard.toml": '[pylint]\nargs = ["-d", "W0611"]\n'})
    assert res.returncode == 1 and "W0611" not in res.stdout and "bad.php" in res.stdout


@pytest.mark.parametrize("rc,option", [
    ("[MAIN]\nlist-msgs = y\n", "list-msgs"),
    ("[DEFAULT]\nlist-msgs-enabled = y\n[MAIN]\n", "list-msgs-enabled"),
    ("[MAIN]\nhelp-m = W0611\n", "help-m"),
    ("[tool.pylint.main]\ngenerate-rcfile = true\n", "generate-rcfile"),
])
def test_action_options_in_rcfiles_are_refused(repo: Path, rc: str, option: str) -> None:
    name = "pyproject.toml" if rc.startswith("[tool") else "pylintrc"
    line = one_error_line(git_check(repo, {name: rc}))
    assert f"{name}: pylint option {option} makes pylint do something other than lint" in line


def test_disable_all_is_a_lint_result_not_an_exit(repo: Path) -> None:
    res = git_check(repo, {"pylintrc": "[MESSAGES CONTROL]\ndisable = all\n",
                           "broken.py": "def f(:\n"})
    assert res.returncode == 1, res.stdout + res.stderr
    assert "broken.py:1:8: error E0001 (syntax-error)" in res.stdout
    assert "W0611" not in res.stdout


@pytest.mark.parametrize("rc,says", [
    ("[MAIN]\nmax-line-length = %(nope)s\n", "pylintrc: pylint cannot read this file: Bad "
                                             "value substitution"),
    ("[MAIN\n", "pylintrc: pylint cannot read this file:"),
    ("[MAIN]\npy-version = abc\n", "pylint stopped without linting (exit 32): pylint: error: "
                                   "argument --py-version"),
])
def test_rcfile_pylint_cannot_use_is_one_line(repo: Path, rc: str, says: str) -> None:
    assert says in one_error_line(git_check(repo, {"pylintrc": rc}))


def test_merge_conflict_is_one_line_not_no_files_to_lint(repo: Path) -> None:
    merge_conflict(repo, "a.py", '"""A."""\nX = 1\n', '"""A."""\nX = 2\n', '"""A."""\nX = 3\n')
    line = one_error_line(cli(repo, "check"))
    assert line == "commit-guard: error: a.py: no content to check in this state (unmerged?)"


def test_svn_hook_refuses_action_args_with_one_line(tmp_path: Path) -> None:
    repo, proc = commit_svn(tmp_path, '[pylint]\nargs = ["--list-msgs-enabled"]\n',
                            {"bad.py": BAD_PY, "bad.php": BAD_PHP})
    assert repo.youngest() == 0
    assert "pylint.args: '--list-msgs-enabled' makes pylint do something other than lint" \
        in proc.stderr
