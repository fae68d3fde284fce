"""The scanner's and parser's loops in C (commit_guard/php/_accel.c) against
the same loops in Python: the same tokens, the same verdicts and messages,
on every snippet of the PHP matrix, every prefix of rich samples (each
token cut short, where a C scanner would read past the end) and seeded
random token soup.  The C module reads committed content, so these
inputs are also its memory-safety tests: a read past the text or a bad
reference count crashes the run instead of passing."""
from __future__ import annotations

import contextlib
import os
import random
import sys
from typing import Iterator

import pytest

from commit_guard.php import check_source, datascan, fastscan, lexdata
from commit_guard.php.check import parser
from commit_guard.php.lexer import tokenize
from tests.php_snippets import snippets, vtuple

ACCEL = lexdata.accel
TARGETS = [(5, 6), (7, 4), (8, 2), (8, 4)]


@pytest.fixture(autouse=True)
def built() -> None:
    if ACCEL is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the C accelerator (commit_guard/php/_accel.c) was not built")
        pytest.skip("the C accelerator is not built here (no C compiler at install)")


@contextlib.contextmanager
def python_loops(target: tuple[int, int]) -> Iterator[None]:
    """Scan and parse with the Python loops only."""
    lr = parser(target)
    saved = fastscan.ACCEL, lr.accel
    fastscan.ACCEL, lr.accel = None, None
    try:
        yield
    finally:
        fastscan.ACCEL, lr.accel = saved


def scanned(text: str, target: tuple[int, int]) -> tuple[object, ...]:
    lx = tokenize(text, target)
    failure = (lx.failure.message, lx.failure.line) if lx.failure else None
    return ([(t.type, t.value, t.lineno, t.lexpos) for t in lx.tokens], failure,
            list(lx.features), list(lx.removed), list(lx.nest), lx.line)


def verdict(source: bytes, target: tuple[int, int]) -> str:
    return repr(check_source(source, target, "x.php"))


def assert_same(text: str, target: tuple[int, int]) -> None:
    fast_tokens, fast_verdict = scanned(text, target), verdict(text.encode("latin-1"), target)
    with python_loops(target):
        slow_tokens, slow_verdict = scanned(text, target), verdict(text.encode("latin-1"), target)
    assert fast_tokens == slow_tokens, text
    assert fast_verdict == slow_verdict, text


SNIPPETS = snippets()


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s.ident for s in SNIPPETS])
def test_matrix_snippets_agree(snippet) -> None:
    for target in sorted({vtuple(snippet.version), (5, 6), (8, 4)}):
        code = snippet.code
        assert_same(code.decode("latin-1") if isinstance(code, bytes) else code, target)


# Every token kind the C loop takes or hands back, and the places it stops.
SAMPLE = r"""<?php
namespace App\Http;
use Foo\{Bar, Baz as Qux};
#[Attr(1, \Other\Name::class)]
final class A extends \Base implements B {
    public private(set) string $s = 'it\'s';
    private array $m = ['a' => 1, "b\n" => 0x1F, 'c' => [1_000, .5, 1e3, 017, 0b11, 0o7],
                        'long' => array(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)];
    public function f(int &$x, ...$rest): iterable {
        $y = $this?->a->list /* c */ ->b ?? $x <=> 2 ** 3;
        $y <<= 1; $y **= 2; $y ??= [];
        $z = "a $y {$y->b} ${y}" . "\u{1F600}" . b'bin' . `ls` . (int) $x . (  string  )$x;
        $h = <<<EOT
        x $y
        EOT;
        $n = <<<'N'
        raw
        N;
        yield from $gen; namespace\sub(); $$v; $r = &$ref; f(...$r); \strlen($s);
        # comment ?> html <?php // other
        $q = ($a ? $b : $c) ? 1 : 2; $q = ($a ?: $b) ? 1 : 2; $q .= 1; $q |= $q >> 2;
        $q = (!$q != $q) && ($q !== $q) || ($q === ($q <> @$q)) && ~$q || $q % 2 ^ 1;
        return [$a, $b] + [] + (fn() => $this)();
    }
}
enum Suit: string { case Hearts = 'H'; }
__halt_compiler(); tail ) ] }
"""


def test_every_prefix_agrees() -> None:
    """Each token cut short at the end of the text: unterminated strings,
    comments, names and operators, where a scanner could read too far."""
    for end in range(len(SAMPLE) + 1):
        assert_same(SAMPLE[:end], (8, 4))


def test_every_prefix_agrees_at_php_5() -> None:
    for end in range(0, len(SAMPLE) + 1, 3):
        assert_same(SAMPLE[:end], (5, 6))


PIECES = ["$a", "$", "$$b", "\\Foo\\Bar", "Foo\\", "namespace\\x", "'s\\'x'", "'", '"d"', '"',
          '"$v"', '"{$v}"', '"\\u{41}"', '"\\\\u{"', "/* c */", "/*", "# c", "#[", "// d", "?>",
          "<?php ", "<?= ", "{", "}", "(", ")", "[", "]", "(int)", "( array )", "->", "?->",
          "::", "=>", "...", "array", "ARRAY", "fn", "function", "class", "enum", "yield",
          "public(set)", "PRIVATE(set)", "0", "0x1", "1_0", ".5", "1e3", "12", "017", "b'x'",
          "B\"y\"", "<<<EOT\n", "EOT", "\n", "\r\n", "\r", "\t", " ", "\0", "\x80", "\xff\xfe",
          "&", "&&", "&$x", "& ...", ";", ",", "=", "==", "===", "!", "<", "<<<", "<=>", "**=",
          "??", "??=", "|>", "@", "~", "`", "\\", "%", "^", "__halt_compiler", "isset", "list"]


def test_random_token_soup_agrees() -> None:
    rng = random.Random(20261202)
    for _ in range(1500):
        body = "".join(rng.choice(PIECES) + rng.choice(("", " ", "\n"))
                       for _ in range(rng.randrange(1, 40)))
        assert_same("<?php " + body, rng.choice(TARGETS))


def test_big_constant_arrays_agree() -> None:
    """Literals of at least datascan.MIN_SIZE bytes: the C loop hands `[` and
    `array` after an expression start to the Python loop's data scan."""
    rows = ",\n".join(f"    'k{i}' => [{i}, 'v{i}', true, null, -{i}.5]" for i in range(60))
    for text in (f"<?php\n$t = [\n{rows}\n];\n$u = array({rows.replace('[', 'array(')});",
                 f"<?php\nreturn [\n{rows}, $not_constant\n];\n"):
        for target in TARGETS:
            assert_same(text, target)


def test_deep_nesting_agrees() -> None:
    """PHP's parser stack limit (lr._php_depth) is reached from the C loop too."""
    for depth in (100, 7000, 9990, 10050):
        assert_same("<?php $a = " + "[" * depth + "]" * depth + ";", (8, 2))
        assert_same("<?php " + "function f() {" * (depth // 4), (8, 2))


def test_tok_is_the_python_record() -> None:
    tok = lexdata.Tok("VARIABLE", "$a", 3, 10)
    python = lexdata._Tok("VARIABLE", "$a", 3, 10)  # pylint: disable=protected-access
    assert repr(tok) == repr(python) == "Tok(VARIABLE, '$a', 3)"
    tok.type = "STRING"
    assert (tok.type, tok.value, tok.lineno, tok.lexpos) == ("STRING", "$a", 3, 10)
    assert lexdata.Tok(ttype="T", value="v", lineno=1, lexpos=0).value == "v"
    with pytest.raises(TypeError):
        lexdata.Tok("T", "v", 1)


def test_parser_refuses_tables_it_cannot_hold() -> None:
    """Tables not shaped as lr.Parser builds them are a ValueError, not a crash."""
    lr = parser((8, 2))
    args = [lr.actions, lr.defaulted, lr.rules, object(), object(), {}, list, Exception,
            print, 10]
    bad_rules = [lr.rules[0], ("not", "a", "rule", None)]
    with pytest.raises(ValueError):
        ACCEL.Parser(*args[:2], bad_rules, *args[3:])
    with pytest.raises(ValueError):
        ACCEL.Parser([{"$end": 99999}], [0], [lr.rules[0]], *args[3:])
    with pytest.raises(TypeError):
        ACCEL.run("text")


ELEMENTS = ["1", "-1", "+1.5", "0", "01", "0x1F", "0X", "1.", ".5", ".5e3", "1e", "1e+5", "1E-2",
            "1_0", "1a", "true", "TRUE", "nulls", "null\\", "False", "'a'", "'a\\'b'", "'",
            '"a"', '"a\\u{41}"', '"a\\U"', '"$a"', '"a\\"b"', "$x", "f()", "[]", "array()",
            "ARRAY ( 1 )", "[1, [2, [3]]]", "array(1, array(2))", "[1, array(2)]"]
GLUE = [", ", ",", " , ", " => ", "=>", "\n", " /* c */ ", " // c\n", " # c\n", " #[", ",,", " ",
        "/* open", "?>"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the patterns need Python 3.11")
def test_data_array_matcher_is_the_pattern() -> None:
    """datascan's C matcher against its regex, at every `[` and `array` of
    random literals (nested beyond DEPTH, broken in every way above)."""
    rng = random.Random(1202)
    checked = 0
    for _ in range(1500):
        parts = []
        for _ in range(rng.randrange(1, 30)):
            parts.append(rng.choice(ELEMENTS))
            parts.append(rng.choice(GLUE[:6]) if rng.random() < 0.8 else rng.choice(GLUE))
            if rng.random() < 0.15:
                parts.append(rng.choice(("[", "array(", "]", ")")))
        body = "".join(parts) + " 'pad'," * rng.randrange(0, 30)
        text = rng.choice(("[", "array(", "Array (", "[[[[[[[[")) + body + rng.choice(
            ("]", ")", "]]]]]]]]", "", "];"))
        for at in [i for i, ch in enumerate(text) if ch in "[aA"]:
            assert ACCEL.data_array_end(text, at) == datascan.python_data_array_end(text, at), \
                (text, at)
            checked += 1
    assert checked > 3000
