"""Compile-time declaration errors php -l reports, checked without PHP: a
standalone-only type (void, never, mixed) in a union, a property typed
callable, a readonly property without a type or static; magic-method
signatures (arguments, by reference, static); enum case values;
`__autoload()`; a declare(encoding=...) that is not a literal.  Each rule
has bad variants (message and line) and good ones.  The message-and-line
and the real ``php -l`` tests of test_php_compile.py run on these too."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source

NEVER = "never can only be used as a standalone type"
TWO = "must take exactly 2 arguments"
AUTOLOAD = "__autoload() is no longer supported, use spl_autoload_register() instead"
ENCODING = "Encoding must be a literal"

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
    ("construct-static", "class C { static function __construct() {} }",
     "Method C::__construct() cannot be static", 2),
    ("call-one", "class C {\nfunction\n__CALL\n(\n$a\n) {} }",
     f"Method C::__CALL() {TWO}", 3),
    ("call-variadic", "interface I { function __call($a, ...$b); }",
     f"Method I::__call() {TWO}", 2),
    ("call-abstract", "abstract class C { abstract function __call($a); }",
     f"Method C::__call() {TWO}", 2),
    ("set-one", "trait T { function __set($a) {} }", f"Method T::__set() {TWO}", 2),
    ("get-none", "namespace N; $x = new class { function __get() {} };",
     "Method class@anonymous::__get() must take exactly 1 argument", 2),
    ("isset-two", "enum E { function __isset($a, $b) {} }",
     "Method E::__isset() must take exactly 1 argument", 2),
    ("unset-variadic", "class C { function __unset(...$a) {} }",
     "Method C::__unset() must take exactly 1 argument", 2),
    ("set-state-none", "class C { function __set_state() {} }",
     "Method C::__set_state() must take exactly 1 argument", 2),
    ("tostring-argument", "class C { static function __toString($a) {} }",
     "Method C::__toString() cannot take arguments", 2),
    ("clone-argument", "class C { function __clone($a) {} }",
     "Method C::__clone() cannot take arguments", 2),
    ("set-reference", "class C { function __set(&$a, $b) {} }",
     "Method C::__set() cannot take arguments by reference", 2),
    ("get-reference-static", "class C { static function __get(&$a) {} }",
     "Method C::__get() cannot take arguments by reference", 2),
    ("callstatic-not-static", "class C { function __callStatic($a, $b) {} }",
     "Method C::__callStatic() must be static", 2),
    ("get-static", "class C { public static function __get($a) {} }",
     "Method C::__get() cannot be static", 2),
    ("invoke-static", "class C { static function __invoke() {} }",
     "Method C::__invoke() cannot be static", 2),
    ("construct-return-type", "interface I { function __construct($a)\n:\nstatic; }",
     "Method I::__construct() cannot declare a return type", 2),
    ("destruct-return-type", "class C { function __destruct(): void {} }",
     "Method C::__destruct() cannot declare a return type", 2),
    ("construct-static-and-typed", "class C { static function __construct(): void {} }",
     "Method C::__construct() cannot be static", 2),
    ("backed-case-no-value", "enum E: int {\ncase\nA\n;\n}",
     "Case A of backed enum E must have a value", 4),
    ("backed-case-second", "namespace N; enum E: string { case A = 'a'; case b; }",
     "Case b of backed enum N\\E must have a value", 2),
    ("pure-case-value", "enum E {\ncase\nA\n=\n1\n;\n}",
     "Case A of non-backed enum E must not have a value", 4),
    ("case-in-class", "class C {\ncase\nA\n;\n}", "Case can only be used in enums", 4),
    ("case-in-anonymous-class", "enum E: int { case A = 1; function f() { "
     "return new class { case X; }; } }", "Case can only be used in enums", 2),
    ("autoload", "function\n__AUTOLOAD\n($c)\n{\n}", AUTOLOAD, 2),
    ("autoload-nested", "namespace { if (1) { function __autoload($c) {} } }", AUTOLOAD, 2),
    ("encoding-constant", "declare(\nencoding\n=\nA\n);", ENCODING, 6),
    ("encoding-block-line", "declare(\nticks=1, encoding=-1\n)\n:\nenddeclare;", ENCODING, 4),
    ("encoding-interpolated", 'declare(encoding="UTF-$x" . "8");', ENCODING, 2),
    ("encoding-dim", "declare(encoding=('a')[0]);", ENCODING, 2),
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
    "class C { static function __callStatic($a, $b) {} function __call($a, $b) {} "
    "function __get($a) {} function __set($n, $v) {} function __isset($a) {} "
    "function __unset($a) {} function __toString(): string {} "
    "function __construct(&$a, ...$b) {} function __invoke(&$a) {} "
    "static function __set_state(array $a) {} function __serialize(): array {} "
    "function __unserialize(array $d): void {} function __sleep() {} function __wakeup() {} "
    "function __clone() {} function __destruct(...$a) {} function __debugInfo() {} "
    "function __foo($a) {} static function __bar() {} function __get2($a = 1) {} }",
    "function __call($a) {} function __get() {} class D { function __get($a = 1) {} "
    "function __clone(): void {} function __construct() {} function __destruct() {} }",
    "enum E: int { case A = 1; case B = 2 + 1; const C = 3; } enum F { case X; case Y; } "
    "enum G: string implements I { case Z = 'z'; public function f(): int { return 1; } } "
    "enum H { case default; case DEFAULT; }",
    "namespace N; function __autoload($c) {} class C { function __autoload($c) {} }",
    "declare(encoding='UTF-8'); declare(encoding=(\"a\") . 1 . <<<X\nb\nX, ticks=1);"
    "declare(encoding=1.5) { } declare(encoding=b'x'): enddeclare;",
]

# (code, the first target that refuses it)
SINCE = [
    ("function f(): mixed|int {}", (8, 0)),
    ("function f(): never|int {}", (8, 1)),
    ("class C { public readonly $x; }", (8, 1)),
    ("class C { public static readonly int $x; }", (8, 1)),
    ("class C { function __call($a) {} }", (8, 0)),
    ("class C { static function __construct() {} }", (8, 0)),
    ("enum E { case A = 1; }", (8, 1)),
    ("function __autoload($c) {}", (8, 0)),
]


@pytest.mark.parametrize("code,since", SINCE, ids=[c for c, _s in SINCE])
def test_rule_applies_from_its_version(code, since):
    before = (since[0], since[1] - 1) if since[1] else (7, 4)
    source = b"<?php\n" + code.encode()
    assert "CG310" not in [p.code for p in check_source(source, target=before)]
    assert [p.code for p in check_source(source, target=since)] == ["CG310"]
