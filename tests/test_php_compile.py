"""Compile-time errors php -l reports, checked without PHP: duplicated and
conflicting modifiers (raised while PHP parses, so they win over a later
syntax error), writes to what is not a variable, `[]` read.  Each rule has
bad variants (message and line) and good ones; with php installed, the
same programs are judged by the real ``php -l`` too (message and line)."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from commit_guard.php.oracle import lint_files
from tests import test_php_compile_decls as decls
from tests import test_php_compile_types as types
from tests.conftest import require_tool

MULTIPLE_ACCESS = "Multiple access type modifiers are not allowed"
TEMPORARY = "Cannot use temporary expression in write context"
FUNCTION_VALUE = "Can't use function return value in write context"
METHOD_VALUE = "Can't use method return value in write context"
NULLSAFE = "Can't use nullsafe operator in write context"
WRITABLE = "Assignments can only happen to writable values"
READING = "Cannot use [] for reading"
FIRST_STATEMENT = ("Namespace declaration statement has to be the very first statement or "
                   "after any declare call in the script")
OUTSIDE = "No code may exist outside of namespace {}"
MIX_NAMESPACES = ("Cannot mix bracketed namespace declarations with unbracketed namespace "
                  "declarations")
MIXED = "Cannot mix keyed and unkeyed array entries in assignments"
EMPTY_LIST = "Cannot use empty list"
TERNARY = ("Unparenthesized `a ? b : c ? d : e` is not supported. "
           "Use either `(a ? b : c) ? d : e` or `a ? b : (c ? d : e)`")

# (id, code after "<?php\n", message, line)
BAD = [
    ("public-public", "class A { public public function f() {} }", MULTIPLE_ACCESS, 2),
    ("public-private", "class A { public private $a; }", MULTIPLE_ACCESS, 2),
    ("static-static", "class A { static static function f() {} }",
     "Multiple static modifiers are not allowed", 2),
    ("final-final-class", "final final class A {}", "Multiple final modifiers are not allowed", 2),
    ("readonly-readonly", "class A { readonly readonly int $a; }",
     "Multiple readonly modifiers are not allowed", 2),
    ("abstract-abstract-class", "abstract abstract class A {}",
     "Multiple abstract modifiers are not allowed", 2),
    ("abstract-abstract-method", "abstract class A { abstract abstract function f(); }",
     "Multiple abstract modifiers are not allowed", 2),
    ("final-abstract-member", "abstract class A {\nfinal\n\nabstract function f(); }",
     "Cannot use the final modifier on an abstract class member", 5),
    ("abstract-final-class", "abstract\n\nfinal class A {}",
     "Cannot use the final modifier on an abstract class", 4),
    # The line of the repeated modifier; promoted parameters too.
    ("modifier-line", "class A {\npublic\npublic\n\nfunction f() {} }", MULTIPLE_ACCESS, 4),
    ("promoted", "class A {\npublic function __construct(\nprivate\nprivate $a) {} }",
     MULTIPLE_ACCESS, 5),
    # Raised while parsing: it wins over the syntax error after it.
    ("before-syntax-error", "class A { public public function f() {} }\n$x = ;",
     MULTIPLE_ACCESS, 2),
    ("constant-dim", "lang['x'] = 1;", TEMPORARY, 2),
    ("constant-prop", "this->a = 1;", TEMPORARY, 2),
    ("constant-append", "temp[] = $key;", TEMPORARY, 2),
    ("constant-chain-line", "$x = 1;\nlang['x']\n['y']\n= 1;", TEMPORARY, 3),
    ("class-constant-dim", "A::B['x'] = 1;", TEMPORARY, 2),
    ("literal-dim", "'abc'[0] = 1;", TEMPORARY, 2),
    ("parenthesised-literal", "(1)->a = 2;", TEMPORARY, 2),
    ("new", "(new A)->x = 1;", TEMPORARY, 2),
    ("unset-constant", "unset(a[0]);", TEMPORARY, 2),
    ("foreach-constant", "foreach ($a as A::B['x']) {}", TEMPORARY, 2),
    ("reference-source", "$x = &A::B['x'];", TEMPORARY, 2),
    ("function-incdec", "f()++;", FUNCTION_VALUE, 2),
    ("function-pre-incdec", "++f();", FUNCTION_VALUE, 2),
    ("function-compound", "f() .= 1;", FUNCTION_VALUE, 2),
    ("function-coalesce", "f() ??= 1;", FUNCTION_VALUE, 2),
    ("variable-function", "$f() = 1;", FUNCTION_VALUE, 2),
    ("function-foreach-line", "foreach ($a as\n$k =>\nf()) {}", FUNCTION_VALUE, 4),
    ("function-unset", "unset(f());", FUNCTION_VALUE, 2),
    ("function-target-line", "f\n(\n)\n= 1;", FUNCTION_VALUE, 2),
    ("method", "$a->f() = 1;", METHOD_VALUE, 2),
    ("static-method", "A::f() = 1;", METHOD_VALUE, 2),
    ("method-unset", "unset($a->f());", METHOD_VALUE, 2),
    ("nullsafe", "$a?->b = 1;", NULLSAFE, 2),
    ("nullsafe-chain", "$a?->b->c = 1;", NULLSAFE, 2),
    ("nullsafe-call-chain", "$a?->b()->c = 1;", NULLSAFE, 2),
    ("nullsafe-parenthesised", "($a?->b)->c = 1;", NULLSAFE, 2),
    ("nullsafe-dim-incdec", "$a?->b['c']++;", NULLSAFE, 2),
    ("nullsafe-coalesce", "$a?->b ??= 1;", NULLSAFE, 2),
    ("nullsafe-foreach", "foreach ($x as $a?->b) {}", NULLSAFE, 2),
    ("nullsafe-unset-line", "unset(\n$a\n?->b);", NULLSAFE, 3),
    ("nullsafe-line", "$a\n?->b\n= 1;", NULLSAFE, 2),
    ("nullsafe-reference", "$x = &$a?->b;", "Cannot take reference of a nullsafe chain", 2),
    ("list-constant", "list(a, $b) = $c;", WRITABLE, 2),
    ("list-constant-line", "list(\na,\n$b) =\n$c;", WRITABLE, 3),
    ("short-list-literal", "[$a, 'x'] = $c;", WRITABLE, 2),
    ("nested-list", "[$a, [b]] = $c;", WRITABLE, 2),
    ("list-nullsafe", "[$a, $b?->c] = $c;", WRITABLE, 2),
    ("list-temporary", "[$a, A::B['x']] = $c;", WRITABLE, 2),
    ("list-function", "[$a, f()] = $c;", FUNCTION_VALUE, 2),
    ("list-long-array", "list($a, array($b)) = $c;", "Cannot assign to array(), use [] instead",
     2),
    ("foreach-list", "foreach ($x as [a, $b]) {}", WRITABLE, 2),
    ("read-append", "$a = $b[];", READING, 2),
    ("read-append-line", "$a\n=\n$b\n[\n];", READING, 4),
    ("read-append-dim", "echo $b[][0];", READING, 2),
    ("isset-append", "$x = isset($b[]);", READING, 2),
    ("coalesce-append", "$x = $b[] ?? 1;", READING, 2),
    ("array-append", "$x = [$b[]];", READING, 2),
    ("static-append", "$x = A::$b[];", READING, 2),
    ("unset-append", "unset($b[]);", "Cannot use [] for unsetting", 2),
    ("append-in-closure-argument", "$x->map(function () { $x = $b[]; });", READING, 2),
    ("append-in-array-argument", "f(g($b[]), [$c[]]);", READING, 2),
    # A bad first element: PHP names the right-hand side's last line.
    ("list-first-element-call", "list(a, $b) = f(\n  1,\n  2);", WRITABLE, 4),
    ("list-first-element-array", "[table, $c] = [\n  $d['t'], $d['c'],\n];", WRITABLE, 3),
    ("try-alone", "try {\n}\n$x = 1;", "Cannot use try without catch or finally", 2),
    ("second-default", "switch ($a) {\ndefault:\ncase 1:\ndefault:\n}",
     "Switch statements may only contain one default clause", 5),
    ("keyed-then-unkeyed", "[\n'a' => $a,\n$b] = $c;", MIXED, 3),
    ("unkeyed-then-keyed", "[\n$b,\n'a' => $a] = $c;", MIXED, 3),
    ("empty-list", "list() = $a;", EMPTY_LIST, 2),
    ("empty-short-list", "[] = $a;", EMPTY_LIST, 2),
    ("only-empty-elements", "[, ] = $a;", EMPTY_LIST, 2),
    ("nested-empty-list", "[$a, []] = $c;", EMPTY_LIST, 2),
    ("nested-ternary", "$x = 1 ? 2 : 3 ? 4 : 5;", TERNARY, 2),
    ("short-then-ternary", "$x = 1 ?: 2 ? 4 : 5;",
     "Unparenthesized `a ?: b ? c : d` is not supported. "
     "Use either `(a ?: b) ? c : d` or `a ?: (b ? c : d)`", 2),
    ("ternary-then-short", "$x = 1 ? 2 : 3 ?: 5;",
     "Unparenthesized `a ? b : c ?: d` is not supported. "
     "Use either `(a ? b : c) ?: d` or `a ? b : (c ?: d)`", 2),
    ("variadic-default", "function f(\n...$a = []\n) {}",
     "Variadic parameter cannot have a default value", 2),
    ("void-parameter", "function f(\nvoid $a\n) {}", "void cannot be used as a parameter type", 2),
    ("never-parameter", "function f(never $a) {}", "never cannot be used as a parameter type", 2),
    ("class-int", "class\nint\n{}", "Cannot use 'int' as class name as it is reserved", 2),
    ("interface-self", "interface self {}", "Cannot use 'self' as class name as it is reserved", 2),
    ("trait-mixed", "trait Mixed {}", "Cannot use 'Mixed' as class name as it is reserved", 2),
    ("enum-never", "enum Never {}", "Cannot use 'Never' as class name as it is reserved", 2),
    ("final-class-bool", "final class Bool {}",
     "Cannot use 'Bool' as class name as it is reserved", 2),
    ("readonly-method", "class A {\nreadonly\nfunction f() {} }",
     "Cannot use 'readonly' as method modifier", 4),
    ("static-constant", "class A {\nstatic\nconst X = 1; }",
     "Cannot use 'static' as constant modifier", 4),
    ("abstract-constant", "class A {\nabstract const X = 1; }",
     "Cannot use 'abstract' as constant modifier", 3),
    ("abstract-property", "abstract class A {\nabstract $x; }",
     "Properties cannot be declared abstract", 3),
    ("constant-named-class", "class A {\nconst class = 1; }",
     "A class constant must not be called 'class'; it is reserved for class name fetching", 3),
    ("void-returns-value", "function f(): void {\nif (1) {\nreturn\n1;\n}\n}",
     "A void function must not return a value", 5),
    ("void-returns-null", "class A { function f(): VOID { return NULL; } }",
     'A void function must not return a value (did you mean "return;" instead of '
     '"return null;"?)', 2),
    ("void-closure", "$f = function (): void { return 1; };",
     "A void function must not return a value", 2),
    ("never-returns", "function f(): never {\nreturn;\n}",
     "A never-returning function must not return", 3),
    ("nullable-void-parameter", "function f(\n?void $a) {}",
     "Void can only be used as a standalone type", 2),
    ("nullable-never-return", "function f()\n: ?never {}",
     "never can only be used as a standalone type", 2),
    ("nullable-mixed-property", "class A { public ?mixed $a; }",
     "Type mixed cannot be marked as nullable since mixed already includes null", 2),
    ("namespace-not-first", "echo 1;\nnamespace A;", FIRST_STATEMENT, 3),
    ("code-after-bracketed", "namespace A {\n}\necho 1;", OUTSIDE, 4),
    ("html-after-bracketed", "namespace A {\n}\n?>\nhtml", OUTSIDE, 5),
    ("mixed-namespaces", "namespace A;\necho 1;\nnamespace B {\n}", MIX_NAMESPACES, 4),
    ("plain-in-bracketed", "namespace A {\nnamespace B;\n}", MIX_NAMESPACES, 3),
    ("strict-types-not-first", "echo 1;\ndeclare(strict_types=1);",
     "strict_types declaration must be the very first statement in the script", 3),
    ("strict-types-two", "declare(strict_types=2);",
     "strict_types declaration must have 0 or 1 as its value", 2),
    ("method-twice", "class A { function f() {}\nfunction F() {} }", "Cannot redeclare A::F()", 3),
    ("interface-method-twice", "namespace N;\ninterface I { function f();\nfunction f(); }",
     "Cannot redeclare N\\I::f()", 4),
]

GOOD = [
    "abstract class A { final public static function f() {} "
    "abstract protected function g(); private static $x; public readonly int $y; }",
    "final class A { public function __construct(private readonly int $a) {} }",
    "f()->a = 1; f()[0] = 1; A::f()->b[] = 1; $a->b()['c'] = 2;",
    "($a)[0] = 1; $x = &f(); $x = &$b[]; $x = &$a->b;",
    "foo($b[]); new A($b[]); $b[][0] = 1; $b[]++; $b[] .= 1; $b[]->x = 1;",
    "[$a[], $b[]] = [1, 2]; list($a[]) = [1]; foreach ($x as [$a[], $b]) {}",
    "[$a, ($b)] = $c; [$a, $$b, ${'x'}, A::$c, $d->e, $f[1], [$g, [$h]]] = $c;",
    "$x = [1, 2, f(), [3]]; $y = array(1, [2]); [$a, [, $b]] = $c; list($a, list(, $b)) = $c;",
    "$this->a[] = 1; self::$x[] = 2; A::b()->c = 5; $x = $a?->b; $y = $a?->b();",
    "$x = [...$a]; ['x' => $a, 'y' => [$b]] = $c; $x = isset(A::B['x'], $a?->b->c);",
    "$x = A::B['x']; $y = LANG['x']['y']; echo 'abc'[0], (new A)->x, [1, 2][0];",
    "try { } catch (E $e) { } try { } finally { } try { } catch (E) { } finally { }",
    "switch ($a) { case 1: default: } switch ($b): default: endswitch;",
    "$x = [[], []]; ['a' => $a, 'b' => [$c, , $d]] = $e; list('a' => list($b)) = $c; [, $b] = $c;",
    "$x = 1 ?: 2 ?: 5; $y = (1 ? 2 : 3) ? 4 : 5; $z = 1 ? 2 : (3 ? 4 : 5); $w = 1 ? 2 ? 3 : 4 : 5;",
    "$f = function(...$a) {}; function g(int ...$b) {} "
    "class C { function __construct(public int $x = 1, int ...$r) {} }",
    "class A { const CLASS_NAME = 1; const X = A::class; public static $y; "
    "final public const Z = 1; public function readonly() {} }",
    ";\nnamespace A;\nnamespace B;",
    "class A { public function f(?int $a, mixed $b): ?static { return $this; } "
    "public ?string $s; public mixed $m; }",
    "function f(): void { $g = function () { return 1; }; return; } "
    "function g(): int { return 1; } class B { function v(): void { $x = fn() => 1; return; } }",
    "interface I { function f(): void; } abstract class C { abstract function g(): never; "
    "function h(): never { throw new E; } }",
    "declare(ticks=1);\ndeclare(strict_types=1);\nnamespace A\\B;\nuse C;\nnamespace\\f();",
    "namespace A {\n}\nnamespace B {\n}\n;\n__halt_compiler();",
    "?>\n<?php\nnamespace A;",
    "namespace fn;\nnamespace fn\\use;\nnamespace self;\nfn\\use();",
    "class Ints { function int() {} function self() {} } "
    "class A { function f() {} } class B { function f() {} }",
]

# (code, the first target that refuses it): each rule tied to its version.
SINCE = [
    ("$x = 1 ? 2 : 3 ? 4 : 5;", (8, 0)),  # a deprecation in 7.4
    ("class object {}", (7, 2)),
    ("class mixed {}", (8, 0)),
    ("class iterable {}", (7, 1)),
    ("class int {}", (7, 0)),
    ("function f(void $a) {}", (7, 1)),  # a class named void before
    ("function f(): void { return 1; }", (7, 1)),
]


@pytest.mark.parametrize("code,since", SINCE, ids=[c for c, _s in SINCE])
def test_rule_applies_from_its_version(code, since):
    before = (since[0], since[1] - 1) if since[1] else {7: (5, 6), 8: (7, 4)}[since[0]]
    source = b"<?php\n" + code.encode()
    # (`void` before 7.1 is a class name; the type itself gets its CG302.)
    assert [p.code for p in check_source(source, target=before) if p.code != "CG302"] == []
    assert [p.code for p in check_source(source, target=since)] == ["CG310"]

# The declaration rules of test_php_compile_types.py and _decls.py go through the same
# message-and-line and php -l tests.
CASES = [pytest.param(b"<?php\n" + code.encode(), message, line, id=ident)
         for ident, code, message, line in [*BAD, *types.BAD, *decls.BAD]]
GOOD_CASES = [pytest.param(b"<?php\n" + code.encode(), id=f"good-{index}")
              for index, code in enumerate([*GOOD, *types.GOOD, *decls.GOOD])]


@pytest.mark.parametrize("code,message,line", CASES)
def test_compile_error_has_php_message_and_line(code, message, line):
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
    ident = request.node.callspec.id
    [theirs] = php_verdicts[ident]
    assert (theirs.message, theirs.line) == (message, line), code


@pytest.mark.parametrize("code", GOOD_CASES)
def test_php_lint_accepts_good_variant(code, php_verdicts, request):
    assert php_verdicts[request.node.callspec.id] == [], code
