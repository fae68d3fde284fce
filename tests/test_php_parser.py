"""The built-in PHP parser: features accepted, version gating, removed
syntax, compile-time errors, PHP-like messages and lines."""
from __future__ import annotations

import pytest

from commit_guard.php import SUPPORTED_VERSIONS, check_source, parse_version

# One small program per feature; every one must be valid PHP 8.5.
VALID = {
    "namespaces": "namespace A\\B; use C\\D as E; use function F\\g; use const H\\I;",
    "braced_namespace": "namespace A { function f() {} } namespace { f(); }",
    "group_use": "use A\\{B, C as D, function e, const F,};",
    "closure": "$f = function ($a) use ($b, &$c,) { return $a; };",
    "static_closure": "$f = static fn() => 1;",
    "traits": "trait T { abstract function f(); } class A { use T { f as protected g; } }",
    "generators": "function g() { yield; yield 1; yield 'k' => 2; yield from h(); }",
    "finally": "try { f(); } catch (A | B $e) { } catch (C) { } finally { g(); }",
    "variadics": "function f(int ...$a) { return g(...$a, ...[1, 2]); }",
    "operators": "$a = 2 ** 3; $b ??= $c ?? $d; $e = $f <=> $g; $h **= 2; $i = $j ?: $k;",
    "types": "class C { function f(?int $a, int|string $b, A&B $c, (A&B)|null $d): "
             "static|null {} }",
    "return_never": "function f(): never { exit(1); }",
    "anonymous_class": "$o = new class(1) extends A implements B { use T; };",
    "readonly_anonymous": "$o = new readonly class {};",
    "destructuring": "[$a, [$b, , $c]] = $x; ['k' => $k, 'l' => [$m]] = $y; list(, $n) = $z;",
    "foreach_destructuring": "foreach ($xs as [$a, $b]) {} foreach ($ys as $k => list($c)) {}",
    "heredoc": "$a = <<<EOT\n  x {$y} $z[1] ${w}\n  EOT . <<<'N'\nraw $x\nN;",
    "trailing_commas": "f(1, 2,); function g($a, $b,) {} $c = [1, 2,];",
    "numbers": "$a = 1_000 + 0o17 + 0b1_0 + 0x1F + 1.5e-3 + .5 + 017;",
    "typed_property": "class A { public ?int $a = null; private static array $b = []; }",
    "arrow_fn": "$f = fn(int $x): int => $x * 2;",
    "attributes": "#[A, B(1)] #[C] class D { #[E] public function f(#[F] $x) {} }",
    "named_args": "f(a: 1, b: 2); new A(x: 1); $o->m(...$args);",
    "match": "echo match ($x) { 1, 2 => 'a', default => 'b', };",
    "nullsafe": "$a = $b?->c?->d();",
    "throw_expression": "$a = $b ?? throw new E(); $f = fn() => throw new E();",
    "promotion": "class A { function __construct(private readonly int $a, public $b = 1) {} }",
    "enum": "enum S: string implements I { case A = 'a'; case B = 'b'; const C = self::A; }",
    "enum_as_name": "function enum() {} enum(); $enum = 1; class Enum {}",
    "readonly": "readonly class A { public function __construct(public int $a) {} }",
    "first_class_callable": "$f = strlen(...); $g = $o->m(...); $h = A::s(...);",
    "new_in_initializer": "function f($a = new A()) {} const X = new B;",
    "typed_class_constant": "class A { const int X = 1; final public const string Y = 'y'; }",
    "dynamic_class_constant": "echo A::{$name}; echo $o::class;",
    "semi_reserved": "class A { const LIST = 1; function list() {} function new() {} } "
                     "A::list(); $a->class; A::LIST; $a->default();",
    "property_hooks": "class A { public string $n { get => $this->n; set(string $v) "
                      "{ $this->n = $v; } } public int $x = 1 { get; } }",
    "hooked_promotion": "class A { function __construct(public int $x { get => 1; }) {} }",
    "asymmetric_visibility": "class A { public private(set) int $a; "
                             "protected(set) string $b; }",
    "new_without_parentheses": "$a = new A()->b(); $c = new B()::C; $d = new D()['x'];",
    "pipe": "$a = $b |> trim(...) |> strlen(...);",
    "void_cast": "(void) f();",
    "const_attribute": "#[Deprecated] const X = 1;",
    "closure_in_const": "const F = static function () { return 1; };",
    "alt_syntax": "if ($a): ?>x<?php elseif ($b): ?>y<?php else: ?>z<?php endif; "
                  "while ($a): endwhile; for (;;): endfor; foreach ($a as $b): endforeach; "
                  "switch ($a): case 1: break; endswitch; declare(ticks=1): enddeclare;",
    "inline_html": "?><p><?= $x ?></p><?php echo 1 ?>\n<?php",
    "halt_compiler": "echo 1; __halt_compiler(); this is { not parsed (",
    "interpolation": "echo \"$a $b[0] $c[k] $d[$e] $f->g $h?->i {$j['k']} ${l} ${m['n']}\";",
    "backticks": "echo `ls $dir`;",
    "casts": "$a = (int) (float) (string) (bool) (array) (object) (binary) $b;",
    "goto": "a: goto a;",
    "exit": "exit; die(); exit(1);",
    "static_vars": "function f() { static $a = 1, $b; global $c, $d; }",
    "list_reference": "[$a, &$b] = $c; foreach ($x as [&$y]) {}",
    "isset_empty": "isset($a, $b['c'], $d->e, F::$g,); empty(f());",
    "instanceof_clone": "$a = clone $b instanceof C;",
    "dnf_return": "function f(): (A&B)|C {}",
    "interface_consts": "interface I { const A = 1; public function f(): void; }",
    "abstract_class": "abstract class A { abstract protected function f(); }",
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_feature_is_accepted_by_newest(name: str) -> None:
    source = ("<?php\n" + VALID[name] + "\n").encode()
    assert check_source(source) == []


@pytest.mark.parametrize("source, line, message", [
    ("<?php\nfunction f() {\n  return 1\n}\n", 4,
     'syntax error, unexpected token "}", expecting ";"'),
    ("<?php\n$a = 1\n$b = 2;\n", 3, 'syntax error, unexpected variable "$b"'),
    ("<?php\n$a = [1, 2;\n", 2, 'syntax error, unexpected token ";", expecting "]"'),
    ("<?php\nfoo(\n$a\n$b);", 4, 'syntax error, unexpected variable "$b", expecting ")"'),
    ("<?php\nclass A { public function }", 2, 'syntax error, unexpected token "}"'),
    ("<?php\nif ($a) {\n  $b = 1;\n\n", 5, "Unclosed '{' on line 2"),
    ("<?php\nfoo(\n", 3, "Unclosed '(' on line 2"),
    ("<?php\nfoo(]);", 2, "Unclosed '(' does not match ']'"),
    ("<?php\n]", 2, "Unmatched ']'"),
    ("<?php\n$a = 09;", 2, "Invalid numeric literal"),
    ("<?php\n$a = 'abc\n", 2, 'syntax error, unexpected string content "abc"'),
    ("<?php\n$x = 'abc' 1;", 2, 'syntax error, unexpected integer "1"'),
    ("<?php\n$a = \"a\n$b\" \"c\";", 3, 'syntax error, unexpected double-quoted string "c"'),
    ("<?php\n$a = \x01;", 2, "syntax error, unexpected character 0x01"),
])
def test_syntax_errors_read_like_php(source: str, line: int, message: str) -> None:
    problems = check_source(source.encode("latin-1"))
    assert [(p.line, p.code, p.message) for p in problems] == [(line, "CG301", message)]


@pytest.mark.parametrize("source, target, message", [
    ("$x = match (1) { default => 2 };", "7.4", "match expression requires PHP 8.0"),
    ("$f = fn() => 1;", "7.3", "arrow functions (fn) requires PHP 7.4"),
    ("$a = $b ?? 1;", "5.6", "the ?? operator requires PHP 7.0"),
    ("$a = $b?->c;", "7.4", "the nullsafe operator ?-> requires PHP 8.0"),
    ("enum E {}", "8.0", "enumerations requires PHP 8.1"),
    ("readonly class A {}", "8.1", "readonly classes requires PHP 8.2"),
    ("class A { public int $a { get => 1; } }", "8.3", "property hooks requires PHP 8.4"),
    ("$a = new A()->b();", "8.3", "new without parentheses requires PHP 8.4"),
    ("$a = $b |> f(...);", "8.4", "the pipe operator |> requires PHP 8.5"),
    ("(void) f();", "8.4", "the (void) cast requires PHP 8.5"),
    ("#[A] const X = 1;", "8.4", "attributes on constants requires PHP 8.5"),
    ("$a = 1_000;", "7.3", "numeric literal separators requires PHP 7.4"),
    ("function f(): never {}", "8.0", "the never type requires PHP 8.1"),
    ("$a = [1];", "5.3", "short array syntax [] requires PHP 5.4"),
])
def test_newer_syntax_is_gated(source: str, target: str, message: str) -> None:
    code = f"<?php\n{source}\n".encode()
    assert check_source(code, parse_version(target)) != []
    problems = check_source(code, parse_version(target))
    assert [(p.line, p.code, p.message) for p in problems] == [
        (2, "CG302", f"{message} (target is {target})")]
    following = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.index(parse_version(target)) + 1]
    assert check_source(code, following) == []


def test_curly_offsets_parse_before_84_and_compile_errors_only_without_syntax_errors() -> None:
    code = b"<?php\n$a = $s{0} . FOO{1};\n"
    assert check_source(code, (7, 4)) == []
    assert [(p.line, p.code) for p in check_source(code, (8, 2))] == [(2, "CG303")]
    # PHP 8.0-8.3 read "$a {" as an offset: the error is where that stops.
    broken = b"<?php\nif ($a {\n    $b = 1;\n}\n"
    assert [(p.line, p.code) for p in check_source(broken, (8, 2))] == [(3, "CG301")]
    # From 8.4 the grammar has no such rule: "{" itself is unexpected.
    assert [(p.line, p.code) for p in check_source(code, (8, 4))] == [(2, "CG303")]


@pytest.mark.parametrize("source, removed_in, word", [
    ("$a = $s{0};", (8, 0), "curly braces"),
    ("$a = (unset) $b;", (8, 0), "(unset) cast"),
    ("?><% echo 1; %><?php", (7, 0), "ASP-style tags"),
])
def test_removed_syntax(source: str, removed_in: tuple[int, int], word: str) -> None:
    code = f"<?php\n{source}\n".encode()
    before = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.index(removed_in) - 1]
    assert check_source(code, before) == []
    problems = check_source(code, removed_in)
    assert [(p.line, p.code) for p in problems] == [(2, "CG303")]
    assert word in problems[0].message


@pytest.mark.parametrize("source, line, code, message", [
    ("while (1) {}\nbreak;", 3, "CG311", "'break' not in the 'loop' or 'switch' context"),
    ("while (1) { function f() { continue; } }", 2, "CG311",
     "'continue' not in the 'loop' or 'switch' context"),
    ("foreach ($a as $b) { break 2; }", 2, "CG311", "Cannot 'break' 2 levels"),
    ("f(a: 1,\n 2);", 2, "CG312", "Cannot use positional argument after named argument"),
    ("$x = 1;\n$this\n = 2;", 3, "CG313", "Cannot re-assign $this"),
    ("foreach ($a as $this) {}", 2, "CG313", "Cannot re-assign $this"),
    ("function f($a,\n $a) {}", 2, "CG314", "Redefinition of parameter $a"),
    ("function f(...$a, $b) {}", 2, "CG310", "Only the last parameter can be variadic"),
    ("$x = isset(\n1+2);", 3, "CG315",
     "Cannot use isset() on the result of an expression "
     "(you can use \"null !== expression\" instead)"),
    ("class A {\n  function f();\n}", 3, "CG316", "Non-abstract method A::f() must contain body"),
    ("namespace X;\nclass A {\n  abstract function f() {\n}\n}", 4, "CG316",
     "Abstract function X\\A::f() cannot contain body"),
    ("interface I { function f() {} }", 2, "CG316",
     "Interface function I::f() cannot contain body"),
    ("$a = array(1,2,,3);", 2, "CG317", "Cannot use empty array elements in arrays"),
])
def test_compile_time_errors(source: str, line: int, code: str, message: str) -> None:
    problems = check_source(f"<?php\n{source}\n".encode())
    assert [(p.line, p.code, p.message) for p in problems] == [(line, code, message)]


def test_loops_and_scopes_that_are_fine() -> None:
    ok = ("<?php\nswitch ($a) { case 1: break; } while (1) { switch ($b) { default: break 2; } }"
          "\nforeach ($a as $b) { $f = function () { while (1) { continue; } }; continue; }"
          "\nclass A { function f() { do { break; } while (0); } }\n")
    assert check_source(ok.encode()) == []


def test_non_utf8_source_is_checked() -> None:
    latin1 = "<?php\n// caf\xe9\n$s = 'na\xefve';\n$\xe9t\xe9 = 1;\n".encode("latin-1")
    assert check_source(latin1) == []
    broken = "<?php\n$s = 'na\xefve'\n$t = 1;\n".encode("latin-1")
    assert [(p.line, p.code) for p in check_source(broken)] == [(3, "CG301")]


def test_short_tags_are_inline_html() -> None:
    assert check_source(b"<? this is not { php\n") == []
    assert check_source(b"no php at all <html>") == []
