"""Facts tied to the PHP version that introduced or removed them (old
targets), and scanner details: binary string prefixes, `$s{0}` in
isset()/empty() at 8.0-8.3, the line of a multi-line unexpected string."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from commit_guard.php.oracle import lint_files
from tests.conftest import require_tool


def _codes(code: str, target: tuple[int, int]) -> list[str]:
    return [p.code for p in check_source(b"<?php\n" + code.encode(), target=target)]


# (code, last version that accepts it, first that refuses it, code there)
VERSION_FACTS = [
    ("class A { function f() { unset($this); } }", (7, 0), (7, 1), "CG313"),
    ("function f($this) {}", (7, 0), (7, 1), "CG313"),
    ("try {} catch (E $this) {}", (7, 0), (7, 1), "CG313"),
    ("class A { function f() { $this .= 'x'; } }", (7, 0), (7, 1), "CG313"),
    ("function match() {}", (7, 4), (8, 0), "CG301"),
    ("$x = match($a);", (7, 4), (8, 0), "CG301"),
    ("function fn() {}", (7, 3), (7, 4), "CG301"),
    # PHP 5 syntax that 7.0 made a syntax error (uniform variable syntax).
    ("$a = &new Foo;", (5, 6), (7, 0), "CG301"),
    ("$a = &new Foo(1, 2);", (5, 6), (7, 0), "CG301"),
    ("function f() { global $$a->b, $c; }", (5, 6), (7, 0), "CG301"),
]
# (code, the version that introduced it): a version finding one version earlier.
NEWER = [
    ("(function () {})();", (7, 0), (5, 6)),
    ("class A { function list() {} }", (7, 0), (5, 6)),
    ("list('a' => $x) = $y;", (7, 1), (7, 0)),
]


@pytest.mark.parametrize("code,accepted,refused,code_there", VERSION_FACTS,
                         ids=[c for c, *_r in VERSION_FACTS])
def test_rule_changes_at_its_version(code, accepted, refused, code_there):
    assert _codes(code, accepted) == []
    assert _codes(code, (5, 6)) == []
    assert _codes(code, refused) == [code_there]


def test_plain_this_assignment_is_an_error_in_every_version():
    for target in ((5, 3), (5, 6), (7, 0), (8, 2)):
        assert _codes("class A { function f() { $this = 1; } }", target) == ["CG313"]


@pytest.mark.parametrize("code,since,before", NEWER, ids=[c for c, *_r in NEWER])
def test_newer_syntax_gets_a_version_finding(code, since, before):
    problems = check_source(b"<?php\n" + code.encode(), target=before)
    assert [(p.code, p.line) for p in problems] == [("CG302", 2)]
    assert f"requires PHP {since[0]}.{since[1]}" in problems[0].message
    assert _codes(code, since) == []


def test_keywords_still_flag_their_feature_below_their_version():
    # match/fn are names before 8.0/7.4, but a match expression or an
    # arrow function still gets its version finding.
    assert "requires PHP 8.0" in check_source(
        b"<?php\n$x = match ($a) { 1 => 2 };\n", target=(7, 4))[0].message
    assert "requires PHP 7.4" in check_source(
        b"<?php\n$f = fn ($a) => 1;\n", target=(7, 3))[0].message


# Judged by the installed php -l too: (code after "<?php\n", line or None).
SCANNER = {
    "assign-ref-new": ("$x = 1;\n$a = &new Foo;", 3),
    "global-property": ("function f() {\n global $$a->b; }", 3),
    "binary-strings": ("$a = b'abc'; $b = B\"x$y\";\n$c = b<<<EOT\nhi\nEOT;\n$d = b\"plain\";",
                       None),
    "binary-nowdoc": ("$a = B<<<'EOT'\nnow\nEOT;", None),
    "curly-in-isset": ("var_dump(isset($s{0}), empty($s{0}), isset($s{0}{1}), isset($a->b{0}));",
                       None),
    "curly-in-isset-index": ("$x = isset($a[$s{0}]);", 2),
    "curly-in-empty-expression": ("$x = empty($s{0} . 'x');", 2),
    "curly-read": ("echo $s{0};", 2),
    "string-spanning-lines": ("$x = 1\n\"abc\ndef\";", 4),
    "single-quoted-spanning-lines": ("$x = 1\n'abc\ndef';", 4),
    "heredoc-start": ("$x = 1\n<<<EOT\nabc\nEOT;", 4),
}


@pytest.mark.parametrize("name", list(SCANNER))
def test_scanner_cases_at_82(name):
    code, line = SCANNER[name]
    problems = check_source(b"<?php\n" + code.encode(), target=(8, 2))
    assert [p.line for p in problems[:1]] == ([line] if line else [])


def test_unexpected_heredoc_start_is_named_like_php():
    [problem] = check_source(b"<?php\n$x = 1\n<<<\"EOT\"\nabc\nEOT;\n", target=(8, 2))
    assert problem.message == 'syntax error, unexpected heredoc start "<<<"EOT"'


@pytest.mark.parametrize("name", list(SCANNER))
def test_scanner_cases_as_php_lint(name):
    php = require_tool("php")
    code, _line = SCANNER[name]
    source = b"<?php\n" + code.encode()
    theirs = lint_files(php, [(name, source)], jobs=1)[name]
    ours = check_source(source, target=(8, 2))
    assert [p.line for p in ours[:1]] == [p.line for p in theirs[:1]], (ours, theirs)
    if theirs and theirs[0].code == "CG301":
        assert ours[0].message == theirs[0].message
