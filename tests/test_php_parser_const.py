"""Constant expressions, destructuring into $this, property hooks below 8.4
and other compile-time rules, each on the line php -l names (lines taken
from php 8.2 -l on the same programs)."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source, parse_version

CLOSURES = "closures in constant expressions requires PHP 8.5"


def _found(source: str, target: str = "8.5") -> list[tuple[int, str, str]]:
    return [(p.line, p.code, p.message)
            for p in check_source(source.encode(), parse_version(target))]


@pytest.mark.parametrize("source,line", [
    # class constant: the `const` keyword's line, not the closure's
    ("class C\n{\n    const A = 1,\n      F =\n        static function () {\n"
     "        return 1;\n    };\n}", 4),
    # parameter default: the `function` keyword's line
    ("class C {\n    public function\n      f(\n        $a = 1,\n"
     "        $c = static fn() => 1,\n      ) {}\n}", 3),
    # attribute on a class: the `class` keyword's line
    ("#[A(\n  static function () {}\n)]\nfinal\n class\n C {}", 6),
    # attribute on a parameter: its function's line
    ("class C {\n    public function f(\n        #[A(static function () {})]\n"
     "        $c = 1,\n      ) {}\n}", 3),
    # property list: its first variable's line
    ("class C {\n    public $a = 1,\n      $x = [\n       static function () {}];\n}", 3),
    ("class C {\n    #[A(static function () {})]\n    public\n      $a = 1;\n}", 5),
    # global constant; attributed closure; method with an attribute
    ("const A = 1,\n   B = [\n   static function () {}];", 2),
    ("$f = #[A(\n  static function () {})]\n  function () {};", 4),
    ("class C {\n    #[A(static function () {})]\n    public function\n      f() {}\n}", 4),
])
def test_closures_in_constant_expressions_are_85_on_phps_line(source: str, line: int) -> None:
    source = "<?php\n" + source + "\n"
    assert _found(source, "8.5") == []
    found = _found(source, "8.4")
    assert found == [(line, "CG302", f"{CLOSURES} (target is 8.4)")]


def test_first_class_callables_in_constant_expressions_are_85() -> None:
    assert _found("<?php\nconst X = strlen(...);\n", "8.4") == [
        (2, "CG302", "first-class callables in constant expressions requires PHP 8.5 "
                     "(target is 8.4)")]


def test_new_in_initializers_is_81_where_allowed() -> None:
    source = "<?php\nconst X = new Foo;\nfunction f() { static $x = new Foo; }\n" \
             "function g(\n $x = new Foo(1, 2)) {}\n"
    assert _found(source, "8.1") == []
    assert [f[0] for f in _found(source, "8.0")] == [2, 3, 4]
    assert all("new in initializers requires PHP 8.1 (target is 8.0)" in f[2]
               for f in _found(source, "8.0"))


@pytest.mark.parametrize("source,line", [
    ("class C {\n    public\n      $a = 1,\n      $x =\n        new Foo;\n}", 4),
    ("class C {\n    const X = new Foo;\n}", 3),
])
def test_new_in_property_defaults_and_class_constants_is_an_error(source: str,
                                                                  line: int) -> None:
    assert _found("<?php\n" + source + "\n") == [
        (line, "CG310", "New expressions are not supported in this context")]


def test_code_inside_bodies_is_not_a_constant_expression() -> None:
    # new / closures in function, method and closure bodies, and inside a
    # closure that is itself the constant expression.
    source = ("<?php\nfunction f($x = 1) { return new Foo(static fn() => 1); }\n"
              "class C { public $x = [1]; function f($a = 2) { $x = new Foo; }\n"
              "  const F = static function () { return new Foo(fn() => 1); }; }\n")
    assert _found(source, "8.5") == []
    assert _found(source, "8.4") == [(4, "CG302", f"{CLOSURES} (target is 8.4)")]
    assert _found(source, "8.0") == [(4, "CG302", f"{CLOSURES} (target is 8.0)")]


def test_static_variable_initializers_are_arbitrary_from_83() -> None:
    source = ("<?php\nfunction f() {\n    static $a = 1,\n      $b = [\n"
              "      static function () {}];\n}\n")
    assert _found(source, "8.3") == []
    assert _found(source, "8.2") == [
        (4, "CG302", "arbitrary static variable initializers requires PHP 8.3 (target is 8.2)")]


@pytest.mark.parametrize("source,line", [
    ("$a = 1;\n[$a,\n $this] = [1, 2];", 4),
    ("list($a, $this) = $pair;", 2),
    ("foreach ($x as [$a, $this]) {}", 2),
    ("[$a, [$b, &$this]] = $x;", 2),
    ("['k' => $a, 'l' => $this] = $x;", 2),
])
def test_destructuring_into_this_is_an_error(source: str, line: int) -> None:
    assert _found("<?php\n" + source + "\n") == [(line, "CG313", "Cannot re-assign $this")]


def test_this_as_an_array_element_or_source_is_fine() -> None:
    assert _found("<?php\n$x = [$a, $this, 'k' => $this];\n[$a, $b] = [$this, 1];\n") == []


def test_property_hooks_below_84_are_flagged_on_the_hook_lists_brace() -> None:
    source = ("<?php\ninterface I\n{\n    public string $name { get; }\n"
              "    public bool $enabled {\n        get;\n        set;\n    }\n}\n"
              "class A {\n  public function __construct(\n    public string $x {\n"
              "      get => 1;\n    }\n  ) {}\n  public ?string $y = null\n  {\n"
              "      get => 1;\n  }\n}\n")
    assert _found(source, "8.4") == []
    message = "property hooks requires PHP 8.4 (target is 8.2)"
    # The last two need the 8.4 grammar (a hook list after a default value
    # or on a promoted parameter): the 8.2 grammar stops at the "{".
    assert _found(source, "8.2") == [(4, "CG302", message), (5, "CG302", message),
                                     (12, "CG302", message), (17, "CG302", message)]


def test_version_findings_stop_at_a_syntax_error() -> None:
    # `new Foo(1, 2) {` parses as far as the "{" as new without parentheses;
    # that is an artefact of the error, not syntax the file uses.
    found = _found("<?php\n$m = match ($x) { default => 1 };\nfunction f($x = new Foo(1, 2) {}\n",
                   "7.4")
    assert [f[1] for f in found] == ["CG302", "CG301"]
    assert "match" in found[0][2] and found[1][0] == 3


@pytest.mark.parametrize("source", ["if ($a > 0 {\n    f();\n}", "if (X < 5 {\n    f();\n}"])
def test_nonassoc_operator_before_a_brace_is_a_syntax_error(source: str) -> None:
    for target in ("8.2", "8.5"):
        assert _found("<?php\n" + source + "\n", target) == [
            (2, "CG301", 'syntax error, unexpected token "{"')]


@pytest.mark.parametrize("source,problem", [
    ("declare(strict_types=1)\necho 1;", True),
    ("declare(strict_types=1) {\n}", True),
    ("declare(strict_types=1):\nenddeclare;", True),
    ("declare(strict_types=1);\necho 1;", False),
    ("declare(strict_types=1) ?>\nx", False),
    ("declare(ticks=1) { echo 1; }", False),
])
def test_strict_types_must_not_use_block_mode(source: str, problem: bool) -> None:
    expected = [(2, "CG310", "strict_types declaration must not use block mode")]
    assert _found("<?php\n" + source + "\n") == (expected if problem else [])


def test_final_properties_are_84_and_final_promotion_85() -> None:
    source = "<?php\nclass A\n{\n    final public string $p = '';\n" \
             "    function __construct(final public int $q = 1) {}\n}\n"
    assert _found(source, "8.5") == []
    assert _found(source, "8.4") == [
        (5, "CG302", "final promoted properties requires PHP 8.5 (target is 8.4)")]
    assert _found(source, "8.3")[0] == (
        4, "CG302", "final properties requires PHP 8.4 (target is 8.3)")
