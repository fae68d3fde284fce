"""Compile-time declaration errors php -l reports, checked without PHP
(second part): `use` imports whose name is taken, classes and functions
declared under an imported name, `extends self`, function
redeclaration, `assert()`; magic-method return types; a generator's
return type; `return;` in a function with a return type; `yield`
outside a function; promoted constructor parameters; a property
declared twice; a readonly property with a default; enum backing types;
self/parent/static without a class scope and `parent::` without a
parent.  Each rule has bad variants (message and line) and good ones;
the message-and-line and the real ``php -l`` tests of
test_php_compile.py run on these too."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from commit_guard.php.oracle import lint_files
from tests.conftest import require_tool

IN_USE = "because the name is already in use"
MUST_VALUE = "A function with return type must return a value"
GENERATOR = "Generator return type must be a supertype of Generator"
NO_SCOPE = 'Cannot use "{}" when no class scope is active'
NO_PARENT = 'Cannot use "parent" when current class scope has no parent'

# (id, code after "<?php\n", message, line)
BAD = [
    ("use-twice", "use A\\B;\nuse C\\B\n;", f"Cannot use C\\B as B {IN_USE}", 3),
    ("use-list-line", "use A\\B,\n  C\\B;", f"Cannot use C\\B as B {IN_USE}", 2),
    ("use-case", "use A\\B;\nuse a\\b;", f"Cannot use a\\b as b {IN_USE}", 3),
    ("use-group", "use X\\{\nA\\B,\n  C\\B};", f"Cannot use X\\C\\B as B {IN_USE}", 2),
    ("use-alias", "use A\\B;\nuse \\A as B;", f"Cannot use A as B {IN_USE}", 3),
    ("use-function", "use function A\\b;\nuse function a\\B;",
     f"Cannot use function a\\B as B {IN_USE}", 3),
    ("use-after-class", "class B {}\nuse\n C\\B;", f"Cannot use C\\B as B {IN_USE}", 4),
    ("use-after-class-namespace", "namespace N;\nclass B {}\nuse C\\B;",
     f"Cannot use C\\B as B {IN_USE}", 4),
    ("use-self", "use A as self;",
     "Cannot use A as self because 'self' is a special class name", 2),
    ("use-parent", "use B as PARENT;",
     "Cannot use B as PARENT because 'PARENT' is a special class name", 2),
    ("class-after-use", "use C\\B;\nclass\n B {}", f"Cannot declare class B {IN_USE}", 3),
    ("interface-after-use", "namespace N;\nuse C\\B;\ninterface B {}",
     f"Cannot declare class N\\B {IN_USE}", 4),
    ("function-after-use", "use function C\\f;\nfunction f() {}",
     f"Cannot declare function f {IN_USE}", 3),
    ("const-after-use", "use const C\\X;\nconst\n X = 1;",
     f"Cannot declare const X {IN_USE}", 4),
    ("const-null", "namespace foo;\nconst A = 1,\n  NULL = 2;",
     "Cannot redeclare constant 'NULL'", 3),
    ("assert", "namespace N;\nfunction assert() {}",
     "Defining a custom assert() function is not allowed, as the function has special "
     "semantics", 3),
    ("extends-self", "class A extends self {}",
     "Cannot use 'self' as class name, as it is reserved", 2),
    ("extends-parent", "class A extends PARENT {}",
     "Cannot use 'PARENT' as class name, as it is reserved", 2),
    ("implements-static", "class A implements I, static {}",
     "Cannot use 'static' as interface name, as it is reserved", 2),
    ("interface-extends-self", "interface A extends self {}",
     "Cannot use 'self' as interface name, as it is reserved", 2),
    ("enum-case-class", "enum E {\ncase class; }",
     "A class constant must not be called 'class'; it is reserved for class name fetching", 3),
    ("magic-clone-return", "class Foo {\n    function __clone() : Foo {}\n}",
     "Foo::__clone(): Return type must be void when declared", 3),
    ("magic-isset-union", "class Foo { function __isset($n) : \\stdClass|bool {} }",
     "Foo::__isset(): Return type must be bool when declared", 2),
    ("magic-tostring-mixed", "class Foo { function __toString(): mixed {} }",
     "Foo::__toString(): Return type must be string when declared", 2),
    ("magic-debuginfo", "class Foo { function __debugInfo(): ?object {} }",
     "Foo::__debugInfo(): Return type must be ?array when declared", 2),
    ("magic-set-state", "class Foo { static function __set_state($a): ?object {} }",
     "Foo::__set_state(): Return type must be object when declared", 2),
    ("generator-class", "function f() : StdClass {\n    yield 1;\n}",
     f"{GENERATOR}, StdClass given", 2),
    ("generator-line", "function g()\n:\nint\n{ yield; }", f"{GENERATOR}, int given", 2),
    ("generator-union", "function f() : StdClass|ArrayObject|array { yield 1; }",
     f"{GENERATOR}, StdClass|ArrayObject|array given", 2),
    ("generator-never", "function f(): never { yield 1; }", f"{GENERATOR}, never given", 2),
    ("generator-namespace", "namespace N;\nfunction f(): Iterator { yield 1; }",
     f"{GENERATOR}, N\\Iterator given", 3),
    ("generator-method", "class A { function f(): ?int { yield from []; } }",
     f"{GENERATOR}, ?int given", 2),
    ("return-nothing", "function g(): int\n{\n if (1) {\n return;\n }\n}", MUST_VALUE, 5),
    ("return-nothing-nullable", "function g(): ?int { return; }",
     f'{MUST_VALUE} (did you mean "return null;" instead of "return;"?)', 2),
    ("return-nothing-closure", "$f = function (): array { return; };", MUST_VALUE, 2),
    ("return-nothing-outer", "function g(): int { $f = function () { return; }; return; }",
     MUST_VALUE, 2),
    ("yield-outside", "$x = 1;\nyield 2;",
     'The "yield" expression can only be used inside a function', 3),
    ("promoted-outside", "class A {\npublic function f(\n$a,\npublic\n  int\n $x) {} }",
     "Cannot declare promoted property outside a constructor", 3),
    ("promoted-function", "function __construct(public $prop) {}",
     "Cannot declare promoted property outside a constructor", 2),
    ("promoted-abstract", "interface I { public function __construct(public int $x); }",
     "Cannot declare promoted property in an abstract constructor", 2),
    ("promoted-variadic", "class T { public function __construct(public string ...$s) {} }",
     "Cannot declare variadic promoted property", 2),
    ("promoted-callable", "class A {\npublic function __construct(\npublic\n  callable\n $x) {} }",
     "Property A::$x cannot have type callable", 3),
    ("promoted-readonly-untyped", "class F { function __construct(public readonly $b) {} }",
     "Readonly property F::$b must have type", 2),
    ("promoted-twice",
     "class T {\n    public $prop;\n    public function __construct(public $prop) {}\n}",
     "Cannot redeclare T::$prop", 4),
    ("property-twice", "class A { public $a, $b;\n public static $a; }",
     "Cannot redeclare A::$a", 3),
    ("readonly-default", "class T { public readonly int $prop = 1; }",
     "Readonly property T::$prop cannot have default value", 2),
    ("enum-backing-class", "enum Foo: Bar {}",
     "Enum backing type must be int or string, Bar given", 2),
    ("enum-backing-union", "enum Foo: int|string {}",
     "Enum backing type must be int or string, string|int given", 2),
    ("self-function-return", "function test(): self {}", NO_SCOPE.format("self"), 2),
    ("static-function-return", "function test(): static {}", NO_SCOPE.format("static"), 2),
    ("self-nested-function", "class A { function f() { function g(): self {} } }",
     NO_SCOPE.format("self"), 2),
    ("parent-call", "class A { function f() {\nparent::f(); } }", NO_PARENT, 3),
    ("parent-return", "class A { function f(): parent {} }", NO_PARENT, 2),
    ("parent-enum", "enum E { case A; function f() { parent::f(); } }", NO_PARENT, 2),
    ("trait-alias-static", "class Test {\n    use T {\n foo as static; }\n}",
     "Cannot use 'static' as method modifier", 3),
    ("trait-alias-readonly", "class Test { use T { foo as readonly bar; } }",
     "Cannot use 'readonly' as method modifier", 2),
    # Inheritance within one file: the parent declared before the child.
    ("extends-final", "final class A {}\nclass B\n extends A {}",
     "Class B cannot extend final class A", 3),
    ("extends-interface", "interface A {}\nclass B extends A {}",
     "Class B cannot extend interface A", 3),
    ("extends-trait", "trait A {}\nclass B extends A {}", "Class B cannot extend trait A", 3),
    ("final-method", "class A { final function f() {} }\nclass B extends A {\n\n function f() {} }",
     "Cannot override final method A::f()", 5),
    ("static-override",
     "class A { static function f() {} }\nclass B extends A {\n function f() {} }",
     "Cannot make static method A::f() non static in class B", 4),
    ("method-access", "class A { public function f() {} }\nclass B extends A {\n"
     " protected function f() {} }", "Access level to B::f() must be public (as in class A)", 4),
    ("abstract-left", "abstract class A { abstract function f(); abstract function g(); }\n"
     "class B extends A {\n }", "Class B contains 2 abstract methods and must therefore be "
     "declared abstract or implement the remaining methods (A::f, A::g)", 3),
    ("abstract-own", "class A implements I {\n abstract function f(); }",
     "Class A contains 1 abstract method and must therefore be declared abstract or implement "
     "the remaining methods (A::f)", 2),
    ("property-static", "class A { public $a; }\nclass B extends A {\n\n public static $a; }",
     "Cannot redeclare non static A::$a as static B::$a", 3),
    ("property-readonly", "class A { public int $p; }\nclass B extends A {\n"
     "public readonly int $p; }",
     "Cannot redeclare non-readonly property A::$p as readonly B::$p", 3),
    ("property-access", "class A { public $a; }\nclass B extends A { protected $a; }",
     "Access level to B::$a must be public (as in class A)", 3),
    ("signature-params", "class A { function f(int $a) {} }\nclass B extends A {\n"
     " function f(string $a, $b) {} }",
     "Declaration of B::f(string $a, $b) must be compatible with A::f(int $a)", 4),
    ("signature-return", "class A {\n\tfunction foo(): int {}\n}\nclass B extends A {\n"
     "\tfunction foo(): ?int {}\n}",
     "Declaration of B::foo(): ?int must be compatible with A::foo(): int", 6),
    ("signature-variadic", "class B { function f($a, ...$r): int {} }\n"
     "class C extends B { function f(mixed $a, int|string ...$r): never {} }",
     "Declaration of C::f(mixed $a, string|int ...$r): never must be compatible with "
     "B::f($a, ...$r): int", 3),
    ("signature-grandparent", "abstract class A { abstract function f(): never; }\n"
     "abstract class B extends A {}\nclass C extends B { function f(): string {} }",
     "Declaration of C::f(): string must be compatible with A::f(): never", 4),
]

GOOD = [
    "use A\\B;\nuse C\\D as B2, E;\nuse function A\\b;\nuse const A\\B as C;\nuse A\\{X, Y as Z};",
    "namespace A;\nuse B;\nnamespace C;\nuse D\\B;\nnamespace N;\nclass B {}\nuse N\\B;",
    "use Foo\\Bar;\nclass Bar2 {}\nfunction Bar() {}\nconst Bar = 1;",
    "use const A\\B;\nconst C = 1, B2 = 2;\nclass K { const NULL = 1; const TRUE = 2; }",
    "namespace N { function assert2() {} }",
    "class A extends B implements C, D {} interface I extends J, K {} "
    "enum E: string implements I {}",
    "class Foo { function __clone(): void {} function __isset($n): bool {} "
    "function __toString(): string {} function __debugInfo(): array|null {} "
    "static function __set_state($a): static {} function __get($n): int {} "
    "function __sleep(): never {} function __wakeup() {} }",
    "function a(): Generator { yield 1; } function b(): iterable { yield 1; } "
    "function c(): \\Traversable|int { yield 1; } function d(): mixed { yield; } "
    "function e(): object { yield; } $f = function (): Iterator { yield 1; return; };",
    "use Generator as G;\nfunction f(): G { yield 1; }",
    "namespace N;\nuse Iterator;\nfunction g(): Iterator { yield 1; }",
    "function g(): int { $f = function () { return; }; return 1; } "
    "function h(): void { return; } function i() { return; } $j = fn(): int => 1;",
    "function f(): int { $g = function () { yield 1; }; return 1; }",
    "class A { public function __construct(public int $x, protected ?string $y = null, "
    "private readonly int $z = 1) {} } trait T { function __construct(public $p) {} }",
    "class A { public $a; public $b; } class B extends A { public $a; }",
    "class T { public readonly int $prop; public int $x = 1; }",
    "enum A: int {} enum B: string {} enum C {}",
    "class A { function f(): self { return new self; } static function g(): static {} } "
    "$c = function (): self {}; $d = fn(): parent => 1; trait T { function f() { parent::f(); } }",
    "class A extends B { function f(): parent { return parent::f(); } } "
    "class C { function f() { $g = function () { return parent::f(); }; } }",
    "class C { function f() { return new class extends D { function g() { parent::g(); } }; } }",
    "if (1) { function f() {} } else { function f() {} }",
    "namespace { function a() {} function b() {} }\nnamespace N { function a() {} }",
    "class T { use A, B { A::f insteadof B; B::f as protected g; f as public; } }",
    # Inheritance php -l does not check: the parent declared later, in
    # another file or in a block; an interface or trait in the child.
    "class B extends A { function f(string $a) {} }\nclass A { function f(int $a) {} }",
    "class B extends Exception { function getMessage2() {} }",
    "class A { function f(int $a) {} }\n"
    "class B extends A implements I { function f(string $a) {} }",
    "class A { function f(int $a) {} }\nif (1) { class B extends A { function f(string $a) {} } }",
    "class A { private function f(int $a) {} }\nclass B extends A { function f(string $a) {} }",
    "class A { function f(): Foo {} }\nclass B extends A { function f(): Bar {} }\n"
    "class C extends B { static function f() {} }",
    "abstract class A { abstract function f(int $a, ...$r): ?int;\n"
    "function __construct(int $x) {} }\n"
    "class B extends A { function f($a, ...$r): int {} function __construct(string $y) {} }\n"
    "class C extends B { function f(mixed $a, mixed ...$r): never {} }",
    "class A { public function f(): void {} protected $p; }\n"
    "class B extends A { public function f(): void {} public $p; }",
]

# (code, the first target that refuses it): each rule tied to its version.
SINCE = [
    ("function f(): int { return; }", (7, 1)),
    ("class A { function __clone(): int {} }", (8, 0)),
    ("class A { function __construct(public callable $x) {} }", (8, 0)),
    ("class A { public readonly int $a = 1; }", (8, 1)),
    ("namespace N; function assert() {}", (8, 0)),
]


@pytest.mark.parametrize("code,since", SINCE, ids=[c for c, _s in SINCE])
def test_rule_applies_from_its_version(code, since):
    before = (since[0], since[1] - 1) if since[1] else {7: (5, 6), 8: (7, 4)}[since[0]]
    source = b"<?php\n" + code.encode()
    assert [p.code for p in check_source(source, target=before)
            if p.code not in ("CG302", "CG303")] == []
    assert [p.code for p in check_source(source, target=since)] == ["CG310"]


REDECLARED = [
    ("function a(&$b) {}\nfunction &a($b) {}", 3, 2),
    ("function a()\n{\n\n  echo 1;\n}\nfunction A() {}", 7, 2),
    ("namespace N {\nfunction f() {}\n}\nnamespace N {\nfunction F() {}\n}", 6, 3),
]


@pytest.mark.parametrize("code,line,first", REDECLARED)
def test_function_redeclared_in_one_file(code, line, first, tmp_path):
    source = b"<?php\n" + code.encode()
    [problem] = check_source(source, target=(8, 2), path="x.php")
    name = problem.message.split(" (previously")[0]
    assert (problem.line, problem.message) == (
        line, f"{name} (previously declared in x.php:{first})")
    php = require_tool("php")
    (tmp_path / "x.php").write_bytes(source)
    [theirs] = lint_files(php, [("x.php", source)], jobs=1)["x.php"]
    assert theirs.line == line
    assert theirs.message.startswith(name + " (previously declared in ")
    assert theirs.message.endswith(f"x.php:{first})")
