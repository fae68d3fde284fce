"""Compile-time type-declaration errors php -l reports, checked without
PHP: a standalone-only type (void, never, mixed) in a union, a property
typed callable, a readonly property without a type or static.  Each rule
has bad variants (message and line) and good ones; with php installed,
the same programs are judged by the real ``php -l`` too."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from commit_guard.php.oracle import lint_files
from tests.conftest import require_tool

NEVER = "never can only be used as a standalone type"

# (id, code after "<?php\n", message, line)
BAD = [
    ("never-union-return", "function f(): never|int {}", NEVER, 2),
    ("never-union-line", "function f(\n): int\n|\nnever {}", NEVER, 2),
    ("never-union-parameter", "function f(int|never $a) {}", NEVER, 2),
    ("void-union", "function f(): void|int {}", "Void can only be used as a standalone type", 2),
    ("mixed-union", "class A { function f(): mixed|null {} }",
     "Type mixed can only be used as a standalone type", 2),
    ("callable-property", "class C {\npublic\ncallable\n$c\n;\n}",
     "Property C::$c cannot have type callable", 4),
    ("nullable-callable-property", "class C {\npublic\n?\ncallable\n$c; }",
     "Property C::$c cannot have type ?callable", 5),
    ("callable-var-trait", "trait T { var callable $c; }",
     "Property T::$c cannot have type callable", 2),
    ("readonly-untyped", "class C { public readonly int $a; public readonly $b, $c; }",
     "Readonly property C::$b must have type", 2),
    ("readonly-untyped-line", "class C {\npublic\nreadonly\n$b; }",
     "Readonly property C::$b must have type", 5),
    ("readonly-untyped-namespace", "namespace N; class C { public readonly $b; }",
     "Readonly property N\\C::$b must have type", 2),
    ("readonly-untyped-anonymous", "$a = new class { public readonly $b; };",
     "Readonly property class@anonymous::$b must have type", 2),
    ("static-readonly-untyped", "class C { public static readonly $x; }",
     "Readonly property C::$x must have type", 2),
    ("static-readonly", "class C {\npublic readonly\nint $a,\n$b; public static\nreadonly\n"
     "int\n$x; }", "Static property C::$x cannot be readonly", 7),
    ("readonly-static", "class C { public readonly static int $x; }",
     "Static property C::$x cannot be readonly", 2),
    ("static-readonly-nullable-line", "class C {\npublic\nstatic\nreadonly\n?\nint\n$c; }",
     "Static property C::$c cannot be readonly", 7),
    ("nested-anonymous-class", "class C { public int $a; function f() {\n"
     "return new class { public readonly $b; }; } public readonly $c; }",
     "Readonly property class@anonymous::$b must have type", 3),
]

GOOD = [
    "function f(): never { throw new E; } function g(): void {} function h(): mixed {} "
    "function i(int|string|null $a): int|false { return 1; }",
    "function f(callable $x): callable|int { return 1; } $f = function (?callable $c) {};",
    "class A { public static $x; public int|null $y; public readonly int $z; "
    "public readonly ?A $a; public static int $s; public ?int $n = null; var $v; }",
    "function g(Nevermind|int $a): Voids|null {} function h(): int|A\\Mixed2 {}",
    "class A { public function __construct(public readonly int $x) {} }",
    "final class B { public function __construct(private readonly array $a = []) {} "
    "public readonly \\Closure $c; protected readonly int|string $u; }",
]

# (code, the first target that refuses it)
SINCE = [
    ("function f(): mixed|int {}", (8, 0)),
    ("function f(): never|int {}", (8, 1)),
    ("class C { public readonly $x; }", (8, 1)),
    ("class C { public static readonly int $x; }", (8, 1)),
]


@pytest.mark.parametrize("code,since", SINCE, ids=[c for c, _s in SINCE])
def test_rule_applies_from_its_version(code, since):
    before = (since[0], since[1] - 1) if since[1] else (7, 4)
    source = b"<?php\n" + code.encode()
    assert "CG310" not in [p.code for p in check_source(source, target=before)]
    assert [p.code for p in check_source(source, target=since)] == ["CG310"]


CASES = [pytest.param(b"<?php\n" + code.encode(), message, line, id=ident)
         for ident, code, message, line in BAD]
GOOD_CASES = [pytest.param(b"<?php\n" + code.encode(), id=f"good-{index}")
              for index, code in enumerate(GOOD)]


@pytest.mark.parametrize("code,message,line", CASES)
def test_type_error_has_php_message_and_line(code, message, line):
    [problem] = check_source(code, target=(8, 2))
    assert (problem.code, problem.message, problem.line) == ("CG310", message, line)


@pytest.mark.parametrize("code", GOOD_CASES)
def test_good_variant_is_accepted(code):
    assert check_source(code, target=(8, 2)) == []


@pytest.fixture(name="php_verdicts", scope="module")
def fixture_php_verdicts():
    php = require_tool("php")
    items = [(p.id, p.values[0]) for p in CASES + GOOD_CASES]
    return lint_files(php, items, jobs=2)


@pytest.mark.parametrize("code,message,line", CASES)
def test_php_lint_says_the_same(code, message, line, php_verdicts, request):
    [theirs] = php_verdicts[request.node.callspec.id]
    assert (theirs.message, theirs.line) == (message, line), code


@pytest.mark.parametrize("code", GOOD_CASES)
def test_php_lint_accepts_good_variant(code, php_verdicts, request):
    assert php_verdicts[request.node.callspec.id] == [], code
