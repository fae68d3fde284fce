"""Silent passes (issue 14, items 6, 7 and 9): every file that should be
checked is checked, or is a blocking finding, or the run is exit 2.

- A code file that cannot be read as code (NUL bytes, UTF-16, svn:mime-type
  binary, a symlink: svn:special or git mode 120000) is CG002, not a skip.
- Syntax-level findings (E0001, F0010, the CG3xx PHP errors, CG001, CG002)
  cannot be switched off or downgraded by `rules`, on the server neither.
- php.binary must be PHP; PHP nested deeper than PHP's parser takes is
  PHP's "memory exhausted" parse error, at PHP's own limit and line.

Real git commits through the installed hook, real svn commits (file:// and
svnserve), the real php for the limits.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from commit_guard import config, ruledb
from commit_guard.finding import Finding
from commit_guard.php import check_source
from tests.conftest import require_tool
from tests.helpers import CLEAN_PY, cli, git, write
from tests.test_git_hook import commit, head_count
from tests.test_svn_support import make_repo, svnserve

SYNTAX_ERROR_PY = "def f(:\n    pass\n"
BAD_PHP = "<?php\nfunction f( {\n"


@pytest.fixture(name="hooked")
def hooked_fixture(repo: Path) -> Path:
    res = cli(repo, "install", "git")
    assert res.returncode == 0, res.stderr
    return repo


# --- item 6: code files that cannot be read are findings -------------------

def test_git_nul_byte_python_file_is_rejected(hooked: Path) -> None:
    # Python refuses it ("source code cannot contain null bytes"); it was skipped as binary.
    write(hooked, "packed.py", b"import os\x00\ndef f(:\n")
    git(hooked, "add", "packed.py")
    res = commit(hooked)
    assert res.returncode == 1, res.out
    assert "packed.py: error CG002 (uncheckable-code-file)" in res.out
    assert "NUL byte at offset 9" in res.out
    assert head_count(hooked) == 0


def test_git_utf16_php_file_is_rejected(hooked: Path) -> None:
    # php -l reads UTF-16 as inline HTML (no `<?php` in it) and passes it.
    write(hooked, "page.php", BAD_PHP.encode("utf-16"))
    git(hooked, "add", "page.php")
    res = commit(hooked)
    assert res.returncode == 1, res.out
    assert "page.php: error CG002 (uncheckable-code-file)" in res.out
    assert head_count(hooked) == 0


def test_git_symlink_under_a_code_name_is_rejected_unless_excluded(hooked: Path,
                                                                   tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(SYNTAX_ERROR_PY)
    (hooked / "leak.py").symlink_to(outside)
    write(hooked, "notes.txt", "a link under a text name is no code\n")
    (hooked / "notes-link.txt").symlink_to("notes.txt")
    git(hooked, "add", "leak.py", "notes.txt", "notes-link.txt")
    res = commit(hooked)
    assert res.returncode == 1, res.out
    assert "leak.py: error CG002 (uncheckable-code-file) code file not checked: a symbolic " \
           "link" in res.out
    assert "notes-link.txt: error" not in res.out and "outside" not in res.out
    write(hooked, "commit-guard.toml", 'exclude = ["leak.py"]\n')
    git(hooked, "add", "commit-guard.toml")
    res = commit(hooked)
    assert res.returncode == 0, res.out  # excluded explicitly: the owner's choice
    assert git(hooked, "cat-file", "-p", "HEAD:leak.py").stdout == str(outside).encode()


def test_excluded_binary_code_file_goes_in(hooked: Path) -> None:
    write(hooked, "commit-guard.toml", 'exclude = ["vendor/"]\n')
    write(hooked, "vendor/blob.py", b"\x00\x01\x02")
    git(hooked, "add", ".")
    res = commit(hooked)
    assert res.returncode == 0, res.out


def test_svn_octet_stream_python_and_special_php_are_rejected(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.write("blob.py", SYNTAX_ERROR_PY)  # looks like Python, declared binary
    repo.write("target.txt", BAD_PHP)
    os.symlink("target.txt", repo.wc / "link.php")  # committed with svn:special
    repo.add("blob.py", "target.txt", "link.php")
    repo.svn("propset", "-q", "svn:mime-type", "application/octet-stream", "blob.py")
    assert "svn:special" in repo.svn("proplist", "link.php").stdout
    proc = repo.commit()
    assert proc.returncode != 0, proc.stderr
    assert "blob.py: error CG002 (uncheckable-code-file) code file not checked: marked " \
           "binary (svn:mime-type)" in proc.stderr
    assert "link.php: error CG002 (uncheckable-code-file) code file not checked: a " \
           "symbolic link" in proc.stderr
    assert repo.youngest() == 0


def test_svnserve_nul_byte_php_is_rejected(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    served = tmp_path / "served"
    with svnserve(repo.root) as url:
        repo.svn("checkout", "-q", url, str(served), cwd=tmp_path)
        repo.write("nul.php", b"<?php\necho 1;\x00\n", wc=served)  # php -l: unexpected 0x00
        repo.add("nul.php", wc=served)
        # svn add saw the NUL byte and set svn:mime-type: without it, the content is read.
        repo.svn("propdel", "-q", "svn:mime-type", "nul.php", wc=served)
        proc = repo.commit(wc=served)
    assert proc.returncode != 0, proc.stderr
    assert "nul.php: error CG002 (uncheckable-code-file) code file not checked: binary " \
           "content (a NUL byte at offset 13)" in proc.stderr
    assert repo.youngest() == 0


# --- item 7: syntax-level findings cannot be switched off ----------------------

@pytest.mark.parametrize("key", ["E0001", "syntax-error", "F0010", "parse-error", "CG001",
                                 "file-too-large", "CG002", "CG301", "php-syntax-error",
                                 "CG310", "F0002"])
@pytest.mark.parametrize("setting", ["off", "warning"])
def test_rules_table_refuses_fixed_rules(key: str, setting: str) -> None:
    with pytest.raises(Exception) as info:
        config.from_table({"rules": {key: setting}}, "commit-guard.toml")
    message = str(info.value)
    assert f"commit-guard.toml: 'rules.{key}':" in message
    assert "cannot be switched off or downgraded: exclude the file instead" in message
    # Saying what it is anyway is allowed.
    config.from_table({"rules": {key: "error"}}, "commit-guard.toml")


def test_rules_off_for_e0001_is_exit_2_with_one_line(repo: Path) -> None:
    write(repo, "commit-guard.toml", '[rules]\nE0001 = "off"\n')
    write(repo, "bad.py", SYNTAX_ERROR_PY)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2, res.stdout + res.stderr
    assert res.stderr.strip() == (
        "commit-guard: error: commit-guard.toml: 'rules.E0001': E0001 syntax-error cannot be "
        "switched off or downgraded: exclude the file instead")


def test_apply_settings_never_downgrades_fixed_rules() -> None:
    cfg = config.from_table({}, "t")
    cfg.data["rules"] = {"E0001": "off", "CG301": "warning", "CG001": "off", "W0611": "off"}
    found = [Finding("pylint", "E0001", "syntax-error", "a.py", 1, 0, "x", "error"),
             Finding("php-syntax", "CG301", "php-syntax-error", "a.php", 1, 0, "x", "error"),
             Finding("style", "CG001", "file-too-large", "b.py", 0, 0, "x", "error"),
             Finding("pylint", "W0611", "unused-import", "a.py", 1, 0, "x", "error")]
    kept = ruledb.apply_settings(found, cfg)
    assert [(f.code, f.severity) for f in kept] == [("E0001", "error"), ("CG301", "error"),
                                                    ("CG001", "error")]


def test_svn_committed_config_cannot_switch_off_syntax_errors(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "[svn]\nallow_tree_config = true\n")
    repo.write("commit-guard.toml", '[rules]\nE0001 = "off"\nsyntax-error = "warning"\n')
    repo.write("bad.py", SYNTAX_ERROR_PY)
    repo.add("commit-guard.toml", "bad.py")
    proc = repo.commit()
    assert proc.returncode != 0, proc.stderr
    assert "commit-guard.toml (committed): 'rules.E0001': E0001 syntax-error cannot be " \
           "switched off" in proc.stderr
    assert repo.youngest() == 0
    # Without the key, the same commit is checked, and the syntax error blocks.
    repo.write("commit-guard.toml", '[rules]\nunused-import = "off"\n')
    proc = repo.commit()
    assert proc.returncode != 0
    assert "bad.py:1:8: error E0001 (syntax-error)" in proc.stderr
    assert repo.youngest() == 0


# --- item 9: checks that never really run ---------------------------------------

@pytest.mark.parametrize("no_cache", [False, True])
def test_php_binary_that_is_not_php_is_exit_2(repo: Path, no_cache: bool) -> None:
    write(repo, "commit-guard.toml", '[php]\nbinary = "/bin/true"\n')
    write(repo, "bad.php", BAD_PHP)
    git(repo, "add", ".")
    res = cli(repo, "check", *(["--no-cache"] if no_cache else []))
    assert res.returncode == 2, res.stdout + res.stderr
    line = res.stderr.strip()
    assert "\n" not in line and "php.binary '/bin/true'" in line and "is not PHP" in line


def test_php_binary_that_gives_no_verdict_is_exit_2(repo: Path, tmp_path: Path) -> None:
    php = require_tool("php")
    fake = tmp_path / "fake-php"
    # Answers the version question like PHP, then "lints" by saying nothing.
    fake.write_text(f'#!/bin/sh\ncase "$*" in *PHP_VERSION*) exec {php} "$@";; esac\nexit 0\n')
    fake.chmod(0o755)
    write(repo, "commit-guard.toml", f'[php]\nbinary = "{fake}"\n')
    write(repo, "bad.php", BAD_PHP)
    git(repo, "add", ".")
    res = cli(repo, "check")
    assert res.returncode == 2, res.stdout + res.stderr
    assert "-l gave no verdict on" in res.stderr and str(fake) in res.stderr


def _php_l(tmp_path: Path, text: str) -> tuple[bool, int]:
    """(php -l rejects it with "memory exhausted", the line it names)."""
    path = tmp_path / "deep.php"
    path.write_text(text)
    out = subprocess.run([require_tool("php"), "-n", "-l", str(path)], capture_output=True,
                         text=True, check=False).stdout
    match = re.search(r"memory exhausted in .* on line (\d+)", out)
    return bool(match), int(match.group(1)) if match else 0


# (construct, the first depth php 8.2 -l refuses as "memory exhausted")
NESTING = {
    "parentheses": (lambda n: "<?php\n$a = " + "(" * n + "1" + ")" * n + ";\n", 9994),
    "if": (lambda n: "<?php\n" + "if ($a) {\n" * n + "echo 1;\n" + "}\n" * n, 1666),
    "closures": (lambda n: "<?php\n$a = " + "function () { return " * n + "1;"
                 + " };" * n + "\n", 833),
    "arrow functions": (lambda n: "<?php\n$a = " + "fn() => " * n + "1;\n", 1000),
    "classes in functions": (lambda n: "<?php\n" + "function f() { class A { function g() {\n"
                             * n + "} } }\n" * n, 323),
    "anonymous classes": (lambda n: "<?php\n$a = " + "new class { function f() { return " * n
                          + "1;" + " } };" * n + "\n", 455),
}


@pytest.mark.parametrize("name", sorted(NESTING))
def test_nesting_beyond_phps_parser_is_memory_exhausted(name: str, tmp_path: Path) -> None:
    make, limit = NESTING[name]
    for depth in (limit - 1, limit):
        text = make(depth)
        rejected, line = _php_l(tmp_path, text)
        assert rejected == (depth == limit), (name, depth)  # the php here agrees
        found = [(p.line, p.code, p.message) for p in check_source(text.encode(), (8, 2))]
        assert found == ([(line, "CG301", "memory exhausted")] if rejected else []), (name, depth)


def test_deep_nesting_blocks_a_git_commit(hooked: Path) -> None:
    write(hooked, "deep.php", "<?php\n$a = " + "(" * 10000 + "1" + ")" * 10000 + ";\n")
    write(hooked, "ifs.php", "<?php\n" + "if ($a) {\n" * 2000 + "echo 1;\n" + "}\n" * 2000)
    write(hooked, "fine.py", CLEAN_PY)
    git(hooked, "add", ".")
    res = commit(hooked)
    assert res.returncode == 1, res.out
    assert "deep.php:2: error CG301 (php-syntax-error) memory exhausted" in res.out
    assert "ifs.php:1668: error CG301 (php-syntax-error) memory exhausted" in res.out
