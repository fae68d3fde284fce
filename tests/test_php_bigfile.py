"""Big constant array literals take the scanner's fast path (datascan.py):
the same verdicts and lines as token by token, and as php -l."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from commit_guard.php.datascan import MIN_SIZE, data_array_end
from commit_guard.php.oracle import lint_files
from tests.conftest import require_tool

ROWS = 400  # about 60 bytes a row: well over MIN_SIZE
ROW = "    'key_{i}' => ['type' => \"string\", 'n' => {i}, 'f' => [1.5, -2, 0x1F, null]],\n"


def big(defect: str = "", at: int = 200, head: str = "return [\n", tail: str = "];\n",
        row: str = ROW) -> bytes:
    """A literal of ROWS rows; row ``at`` (file line at + 3) replaced by ``defect``."""
    rows = [row.format(i=i) for i in range(ROWS)]
    if defect:
        rows[at] = defect
    return ("<?php\n// data\n" + head + "".join(rows) + tail).encode()


LINE = 200 + 4  # the file line of row 200
CASES = {
    "valid": (big(), None),
    "valid-long-syntax": (big(head="$x = array(\n", tail=");\n",
                              row="  'k{i}' => array('a' => 1, 2 => 'b', array(TRUE)),\n"), None),
    "valid-comments": (big("    // a comment; /* another */ # and a third\n"), None),
    "valid-variable-element": (big("    $v => [$w],\n"), None),
    "valid-mixed-syntaxes": (big("    'm' => array(1, [2]),\n"), None),
    "assign-for-arrow": (big("    'x' = 1,\n"), LINE),
    "empty-element": (big("    'x' => [1, , 2],\n"), LINE),
    "missing-comma": (big("    'x' => 1 'y' => 2,\n"), LINE),
    "unclosed-string": (big("    'x' => \"abc,\n"), None),  # php names the line: see differential
    "close-tag-in-comment": (big("    // a ?> b\n"), None),
    "as-an-index": (big(head="$a[\n", tail="];\n"), None),
    "octal-invalid": (big("    'x' => 09,\n"), LINE),
    "bad-escape": (big("    'x' => \"\\u{zz}\",\n"), None),
}


def test_the_fast_path_takes_big_literals_only():
    text = big().decode()
    start = text.index("[")
    assert data_array_end(text, start) == text.rindex("]") + 1
    small = "<?php\nreturn [1, 2];\n" + " " * MIN_SIZE
    assert data_array_end(small, small.index("[")) == -1
    broken = big("    'x' = 1,\n").decode()
    assert data_array_end(broken, broken.index("[")) == -1


@pytest.mark.parametrize("name", [n for n, (_c, line) in CASES.items() if line or
                                  n.startswith("valid")])
def test_verdict_and_line(name):
    code, line = CASES[name]
    problems = check_source(code, target=(8, 2))
    assert [p.line for p in problems[:1]] == ([line] if line else [])


@pytest.mark.parametrize("literal,message,line", [
    ('"\\u{zz}"', "Invalid UTF-8 codepoint escape sequence", 2),
    ('"\\u{"', "Invalid UTF-8 codepoint escape sequence", 2),
    ('"a\n\\u{110000}"', "Invalid UTF-8 codepoint escape sequence: Codepoint too large", 3),
])
def test_unicode_escape_checked_from_70(literal, message, line):
    code = f"<?php\n$x = {literal};\n".encode()
    [problem] = check_source(code, target=(7, 0))
    assert (problem.message, problem.line) == (message, line)
    assert check_source(code, target=(5, 6)) == []  # a literal \u{ before 7.0
    assert check_source(code.replace(b"\\u", b"\\\\u"), target=(8, 2)) == []


def test_short_arrays_keep_their_version_finding_per_line():
    # Below 5.4 `[` is new syntax: no fast path, every row's finding stays.
    problems = check_source(big(), target=(5, 3))
    assert len({p.line for p in problems if p.code == "CG302"}) > ROWS


@pytest.fixture(name="php_verdicts", scope="module")
def fixture_php_verdicts():
    php = require_tool("php")
    return lint_files(php, [(name, code) for name, (code, _l) in CASES.items()], jobs=2)


@pytest.mark.parametrize("name", list(CASES))
def test_same_as_php_lint(name, php_verdicts):
    code, _line = CASES[name]
    ours = check_source(code, target=(8, 2))
    theirs = php_verdicts[name]
    assert bool(ours) == bool(theirs), (ours[:1], theirs[:1])
    if theirs:
        assert ours[0].line == theirs[0].line, (ours[0], theirs[0])
