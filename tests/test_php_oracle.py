"""commit_guard.php.oracle: real ``php -l`` messages mapped into PhpProblems."""
from __future__ import annotations

import pytest

from commit_guard.errors import UserError
from commit_guard.php import CODES
from commit_guard.php.oracle import agreeing_lines, lint_files, translate
from tests.conftest import require_tool

# (source, code, line): one per row of the translation table.
COMPILE_ERRORS = [
    (b"<?php\nfunction f() {\n    $a = 1\n    return $a;\n}\n", "CG301", 4),
    (b"<?php\nbreak;\n", "CG311", 2),
    (b"<?php\nwhile (1) {\n    continue 3;\n}\n", "CG311", 3),
    (b"<?php\nf(a: 1, 2);\n", "CG312", 2),
    (b"<?php\nf(a: 1, ...$b);\n", "CG312", 2),
    (b"<?php\n$this = 1;\n", "CG313", 2),
    (b"<?php\nfunction f($this) {}\n", "CG313", 2),
    (b"<?php\nfunction f($a,\n    $a) {}\n", "CG314", 2),
    (b"<?php\nvar_dump(isset(f()));\n", "CG315", 2),
    (b"<?php\nabstract class A {\n    abstract function f() {}\n}\n", "CG316", 3),
    (b"<?php\nclass B {\n    function g();\n}\n", "CG316", 3),
    (b"<?php\n$a = [1, , 2];\n", "CG317", 2),
    (b"<?php\necho $s{0};\n", "CG303", 2),
    (b"<?php\n$a = (unset) $b;\n", "CG303", 2),
    (b"<?php\nclass C { const A = 1; const A = 2; }\n", "CG310", 2),
]


@pytest.fixture(name="php", scope="module")
def fixture_php() -> str:
    return require_tool("php")


@pytest.mark.parametrize("source,code,line", COMPILE_ERRORS,
                         ids=[f"{c}-{i}" for i, (_s, c, _l) in enumerate(COMPILE_ERRORS)])
def test_each_table_row_maps_php_message_to_code_and_line(php, source, code, line):
    [problem] = lint_files(php, [("x.php", source)], jobs=1)["x.php"]
    assert (problem.code, problem.symbol, problem.line) == (code, CODES[code], line)
    assert " on line " not in problem.message.replace("Unclosed", "")
    assert "x.php" not in problem.message


def test_valid_file_and_deprecation_only_file_are_accepted(php):
    result = lint_files(php, [
        ("ok.php", b"<?php\necho 1;\n"),
        # PHP prints a Deprecated notice for this but the file is valid.
        ("deprecated.php", b"<?php\nfunction f($a = 1, $b) {}\n"),
        ("html.php", b"<?xml version=\"1.0\"?>\n<p><?php echo 1; ?></p>\n"),
    ], jobs=2)
    assert result == {"ok.php": [], "deprecated.php": [], "html.php": []}


def test_with_php_ini_the_verdicts_are_the_same(php):
    items = [("ok.php", b"<?php\necho 1;\n"), ("bad.php", b"<?php\necho 1\n"),
             ("short.php", b"<? echo 1 }\n")]
    assert lint_files(php, items, jobs=2, ini=True) == lint_files(php, items, jobs=2)


def test_syntax_error_keeps_php_wording(php):
    [problem] = lint_files(php, [("a.php", b"<?php\n$a = 1 +;\n")], jobs=1)["a.php"]
    assert problem.message == 'syntax error, unexpected token ";"'
    assert problem.line == 2


def test_unclosed_brace_agrees_with_eof_and_brace_line(php):
    [problem] = lint_files(php, [("u.php", b"<?php\nclass A {\n    function f() {}\n")],
                           jobs=1)["u.php"]
    assert problem.line == 4
    assert agreeing_lines(problem) == {2, 4}


def test_many_files_in_parallel_keep_their_names_and_verdicts(php):
    items = [(f"d{i}/same.php", b"<?php\necho %d;\n" % i if i % 3 else b"<?php\necho;\n")
             for i in range(12)]
    result = lint_files(php, items, jobs=4)
    assert list(result) == [name for name, _ in items]
    for i, (name, _content) in enumerate(items):
        assert bool(result[name]) == (i % 3 == 0), name


def test_odd_file_names_still_map(php):
    names = ["a b.php", "x\ny.php", "é in file.php", "dir/"]
    result = lint_files(php, [(n, b"<?php\necho 1\n") for n in names], jobs=2)
    assert [p[0].line for p in result.values()] == [3, 3, 3, 3]
    assert {p[0].message for p in result.values()} == {
        'syntax error, unexpected end of file, expecting "," or ";"'}


def test_content_is_bytes_not_utf8(php):
    latin1 = "<?php\n$s = 'caf\xe9';\n".encode("latin-1")
    assert lint_files(php, [("l.php", latin1)], jobs=1) == {"l.php": []}
    assert lint_files(php, [("m.php", latin1 + b"$x = ;\n")], jobs=1)["m.php"][0].line == 3


def test_missing_binary_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="not found"):
        lint_files(str(tmp_path / "no-php"), [("a.php", b"<?php\n")], jobs=1)


def test_translate_reads_logged_and_displayed_forms_and_ignores_warnings():
    text = ("PHP Warning:  Unsupported declare 'x' in /t/a b.php on line 1\n"
            "PHP Parse error:  syntax error, unexpected end of file in /t/a b.php on line 9\n"
            "Errors parsing /t/a b.php\n")
    problems = translate(text, "/t/a b.php")
    assert problems == [(9, 0, "CG301", "php-syntax-error",
                         "syntax error, unexpected end of file")]
