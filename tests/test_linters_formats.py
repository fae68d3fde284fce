"""The linter output readers on the documented shapes; output in another
shape is Unreadable, never an empty list (issue 19)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from commit_guard.checkers.linters import formats
from commit_guard.checkers.linters.formats import Raw
from commit_guard.checkers.linters.run import argv, repo_path


def test_ruff_json() -> None:
    out = json.dumps([{"code": "F401", "message": "`os` imported but unused",
                       "filename": "/w/a.py", "location": {"row": 1, "column": 8}}])
    assert formats.parse("json", out.encode(), b"") == [
        Raw("/w/a.py", 1, 8, "F401", "`os` imported but unused", "")]


def test_phpstan_json() -> None:
    out = {"totals": {"errors": 0, "file_errors": 1},
           "files": {"/w/src/A.php": {"errors": 1, "messages": [
               {"message": "Undefined variable: $x", "line": 4, "ignorable": True,
                "identifier": "variable.undefined"}]}}, "errors": []}
    assert formats.parse("json", json.dumps(out).encode(), b"") == [
        Raw("/w/src/A.php", 4, 0, "variable.undefined", "Undefined variable: $x", "")]


def test_phpstan_general_error_is_unreadable() -> None:
    out = {"totals": {}, "files": [], "errors": ["Invalid configuration"]}
    with pytest.raises(formats.Unreadable, match="Invalid configuration"):
        formats.parse("json", json.dumps(out).encode(), b"")


def test_mypy_json_lines() -> None:
    lines = [{"file": "a.py", "line": 3, "column": 4, "message": "Incompatible types",
              "hint": None, "code": "assignment", "severity": "error"},
             {"file": "a.py", "line": 5, "column": 0, "message": "See docs", "hint": None,
              "code": None, "severity": "note"}]
    text = "\n".join(json.dumps(x) for x in lines).encode()
    assert formats.parse("json", text, b"") == [
        Raw("a.py", 3, 4, "assignment", "Incompatible types", "error"),
        Raw("a.py", 5, 0, "", "See docs", "warning")]


@pytest.mark.parametrize("fmt, out", [
    ("sarif", b""), ("sarif", b"{}"), ("sarif", b"Traceback (most recent call last):"),
    ("checkstyle", b"<html/>"), ("checkstyle", b"oops"),
    ("checkstyle", b'<!DOCTYPE x [<!ENTITY a "b">]><checkstyle/>'),
    ("json", b"{\"x\": 1}"), ("json", b"not json"), ("json", b'[{"message": "no file"}]'),
])
def test_other_output_is_unreadable(fmt: str, out: bytes) -> None:
    with pytest.raises(formats.Unreadable):
        formats.parse(fmt, out, b"")


def test_regex_reads_stdout_and_stderr_and_a_severity_group() -> None:
    pattern = r"(?P<path>\S+):(?P<line>\d+): (?P<severity>\w+): (?P<message>.*)"
    raw = formats.parse("regex", b"a.py:2: warning: w\nnoise\n", b"b.py:3: error: e\n",
                        pattern)
    assert raw == [Raw("a.py", 2, 0, "", "w", "warning"), Raw("b.py", 3, 0, "", "e", "error")]
    assert re.compile(pattern)


def test_paths_map_back_to_repository_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    assert repo_path((tmp_path / "sub/a b.py").as_uri(), tmp_path, tmp_path) == "sub/a b.py"
    assert repo_path("a.py", tmp_path / "sub", tmp_path) == "sub/a.py"
    assert repo_path("/elsewhere/a.py", tmp_path, tmp_path) is None


def test_files_expand_in_place_or_go_last(tmp_path: Path) -> None:
    assert argv(["t", "{files}", "-x"], ["a", "b"], tmp_path) == ["t", "a", "b", "-x"]
    assert argv(["t", "-x"], ["a"], tmp_path) == ["t", "-x", "a"]
    assert argv(["vendor/bin/t"], [], tmp_path) == [str(tmp_path / "vendor/bin/t")]
