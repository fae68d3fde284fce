"""Text rules: per-type settings, overrides, deferral to pylint, edge cases."""
from __future__ import annotations

import pytest

from commit_guard import config
from commit_guard.checkers.style.checker import check_file
from commit_guard.sources.changeset import make_file


def codes(path: str, data: bytes | str, table: dict | None = None) -> list[tuple[str, int]]:
    raw = data.encode() if isinstance(data, str) else data
    cfg = config.from_table(table or {}, "t")
    return [(f.code, f.line) for f in check_file(make_file(path, "A", raw, 10**6), cfg)]


def test_makefile_may_indent_with_tabs() -> None:
    text = "all:\n\tcc -o app main.c\n"
    assert codes("Makefile", text) == []
    assert codes("sub/rules.mk", text) == []
    assert codes("build.sh", text) == [("CG102", 2)]


def test_tab_after_spaces_in_indentation() -> None:
    assert codes("a.sh", "  \techo\n") == [("CG102", 1)]
    assert codes("a.sh", "echo\tx\n") == []  # a tab inside the line is not indentation


def test_overrides_from_config_win_last() -> None:
    table = {"style": {"tabs": "forbid", "max_line_length": 20, "overrides": [
        {"globs": ["*.sh"], "tabs": "allow"},
        {"globs": ["legacy/"], "max_line_length": 0}]}}
    assert codes("a.sh", "\techo\n", table) == []
    assert codes("a.sh", "echo " + "x" * 30 + "\n", table) == [("CG106", 1)]
    assert codes("legacy/a.sh", "echo " + "x" * 30 + "\n", table) == []
    assert codes("Makefile", "all:\n\tx\n", {"style": {"overrides": [
        {"globs": ["Makefile"], "tabs": "forbid"}]}}) == [("CG102", 2)]


def test_prose_has_no_line_limit_by_default() -> None:
    assert codes("README.md", "word " * 60 + "end\n") == []
    assert codes("app.js", "x" * 121 + "\n") == [("CG106", 1)]
    assert codes("app.js", "x" * 120 + "\n") == []


def test_line_length_counts_characters_not_bytes() -> None:
    assert codes("a.js", "é" * 120 + "\n") == []


@pytest.mark.parametrize("policy,data,expected", [
    ("lf", b"a\nb\n", []),
    ("lf", b"a\nb\r\n", [("CG104", 2)]),
    ("crlf", b"a\r\nb\r\n", []),
    ("crlf", b"a\r\nb\n", [("CG104", 2)]),
    ("consistent", b"a\r\nb\r\n", []),
    ("consistent", b"a\nb\n", []),
    ("consistent", b"a\nb\r\nc\r\n", [("CG105", 2)]),
])
def test_line_ending_policies(policy: str, data: bytes, expected: list) -> None:
    assert codes("a.txt", data, {"style": {"line_endings": policy}}) == expected


def test_batch_files_default_to_consistent() -> None:
    assert codes("run.bat", b"@echo off\r\n") == []
    assert codes("run.bat", b"@echo off\n") == []
    assert codes("run.bat", b"@echo off\r\necho\n") == [("CG105", 2)]


def test_trailing_whitespace_before_crlf_is_still_trailing() -> None:
    assert codes("a.txt", b"a \r\n", {"style": {"line_endings": "crlf"}}) == [("CG101", 1)]


def test_conflict_markers_and_rst_underlines() -> None:
    assert codes("doc.rst", "Title\n=======\n") == []
    assert codes("a.py.orig", "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n") == [
        ("CG107", 1), ("CG107", 5), ("CG107", 3)]


def test_bom_and_invalid_utf8_lines() -> None:
    assert codes("a.txt", b"\xef\xbb\xbfx\n") == [("CG108", 1)]
    assert codes("a.txt", b"ok\nok\nbad \xff byte\n") == [("CG109", 3)]


def test_empty_file_is_clean() -> None:
    assert codes("a.txt", b"") == []


def test_debug_leftovers_are_allowed_in_tests() -> None:
    text = "<?php\n\nvar_dump($x);\n"
    assert codes("src/a.php", text) == [("CG110", 3)]
    assert codes("tests/Unit/ATest.php", text) == []
    assert codes("src/ATest.php", text) == []


def test_commented_out_debug_call_is_not_a_leftover() -> None:
    assert codes("a.php", "<?php\n\n// var_dump($x);\n") == []


def test_extra_debug_patterns_from_config() -> None:
    table = {"style": {"debug_patterns": [r"\bconsole\.log\("]}}
    assert codes("app.js", "console.log(x);\n", table) == [("CG110", 1)]
    assert codes("app.js", "console.log(x);\n") == []


def test_python_rules_left_to_pylint_unless_pylint_is_off() -> None:
    text = "import pdb\npdb.set_trace()   \nbreakpoint()"
    assert codes("a.py", text) == []  # pylint's W1515, C0303, C0304 cover these
    off = {"pylint": {"enabled": False}}
    assert codes("a.py", text, off) == [("CG103", 3), ("CG101", 2), ("CG110", 2), ("CG110", 3)]
    assert codes("a.py", text, {"skip": ["pylint"]}) != []
    assert codes("a.py", "if x:\n\tpass\n") == []  # pylint's bad-indentation
    assert codes("a.py", "if x:\n\tpass\n", off) == [("CG102", 2)]


def test_print_r_returning_a_string_is_not_a_leftover() -> None:
    assert codes("a.php", "<?php\n\n$s = print_r($x, true);\n") == []
    assert codes("a.php", "<?php\n\nprint_r($x);\n") == [("CG110", 3)]
