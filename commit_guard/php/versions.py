"""PHP versions: which ones we know, and which syntax each one added or removed.

Every construct the grammar gates is named here once, with the version
that introduced it (or removed it), so messages and the README agree.
"""
from __future__ import annotations

import re

SUPPORTED_VERSIONS: tuple[tuple[int, int], ...] = (
    (5, 3), (5, 4), (5, 5), (5, 6),
    (7, 0), (7, 1), (7, 2), (7, 3), (7, 4),
    (8, 0), (8, 1), (8, 2), (8, 3), (8, 4), (8, 5),
)
NEWEST = SUPPORTED_VERSIONS[-1]

# key -> (version that introduced it, what the message calls it)
FEATURES: dict[str, tuple[tuple[int, int], str]] = {
    "short_array": ((5, 4), "short array syntax []"),
    "trait": ((5, 4), "traits"),
    "binary_number": ((5, 4), "binary number literals"),
    "call_dereference": ((5, 4), "function call array dereferencing"),
    "new_member_access": ((5, 4), "class member access on instantiation"),
    "callable_type": ((5, 4), "the callable type"),
    "dynamic_static_call": ((5, 4), "Class::{expr}() calls"),
    "finally": ((5, 5), "finally blocks"),
    "yield": ((5, 5), "generators (yield)"),
    "class_name_constant": ((5, 5), "::class"),
    "literal_dereference": ((5, 5), "array and string literal dereferencing"),
    "empty_expression": ((5, 5), "empty() on an expression"),
    "variadic": ((5, 6), "variadic parameters (...)"),
    "spread_call": ((5, 6), "argument unpacking (...)"),
    "pow": ((5, 6), "the ** operator"),
    "use_function": ((5, 6), "use function / use const"),
    "const_expression": ((5, 6), "constant scalar expressions"),
    "coalesce": ((7, 0), "the ?? operator"),
    "spaceship": ((7, 0), "the <=> operator"),
    "return_type": ((7, 0), "return type declarations"),
    "scalar_type": ((7, 0), "scalar type declarations"),
    "group_use": ((7, 0), "group use declarations"),
    "anonymous_class": ((7, 0), "anonymous classes"),
    "yield_from": ((7, 0), "yield from"),
    "uniform_variable": ((7, 0), "uniform variable syntax"),
    "reserved_member_name": ((7, 0), "a reserved word as a method name"),
    "nullable_type": ((7, 1), "nullable types"),
    "void_type": ((7, 1), "the void type"),
    "iterable_type": ((7, 1), "the iterable type"),
    "object_type": ((7, 2), "the object type"),
    "mixed_type": ((8, 0), "the mixed type"),
    "never_type": ((8, 1), "the never type"),
    "short_list": ((7, 1), "short list syntax [...] ="),
    "keyed_list": ((7, 1), "keys in list()"),
    "multi_catch": ((7, 1), "multi-catch (A | B)"),
    "const_visibility": ((7, 1), "class constant visibility"),
    "group_use_trailing_comma": ((7, 2), "a trailing comma in group use"),
    "flexible_heredoc": ((7, 3), "flexible heredoc/nowdoc syntax"),
    "call_trailing_comma": ((7, 3), "a trailing comma in calls"),
    "list_reference": ((7, 3), "references in list()"),
    "arrow_function": ((7, 4), "arrow functions (fn)"),
    "typed_property": ((7, 4), "typed properties"),
    "coalesce_assign": ((7, 4), "the ??= operator"),
    "array_spread": ((7, 4), "spread in array literals"),
    "numeric_separator": ((7, 4), "numeric literal separators"),
    "match": ((8, 0), "match expression"),
    "nullsafe": ((8, 0), "the nullsafe operator ?->"),
    "named_argument": ((8, 0), "named arguments"),
    "attribute": ((8, 0), "attributes"),
    "union_type": ((8, 0), "union types"),
    "static_return_type": ((8, 0), "the static return type"),
    "throw_expression": ((8, 0), "throw as an expression"),
    "constructor_promotion": ((8, 0), "constructor property promotion"),
    "param_trailing_comma": ((8, 0), "a trailing comma in parameter lists"),
    "closure_use_trailing_comma": ((8, 0), "a trailing comma in closure use lists"),
    "catch_without_variable": ((8, 0), "catch without a variable"),
    "class_on_object": ((8, 0), "::class on objects"),
    "enum": ((8, 1), "enumerations"),
    "readonly_property": ((8, 1), "readonly properties"),
    "first_class_callable": ((8, 1), "first-class callable syntax"),
    "new_in_initializer": ((8, 1), "new in initializers"),
    "intersection_type": ((8, 1), "intersection types"),
    "explicit_octal": ((8, 1), "explicit octal notation 0o"),
    "readonly_class": ((8, 2), "readonly classes"),
    "dnf_type": ((8, 2), "disjunctive normal form types"),
    "typed_class_constant": ((8, 3), "typed class constants"),
    "dynamic_class_constant": ((8, 3), "dynamic class constant fetch"),
    "readonly_anonymous_class": ((8, 3), "readonly anonymous classes"),
    "property_hooks": ((8, 4), "property hooks"),
    "asymmetric_visibility": ((8, 4), "asymmetric visibility"),
    "final_property": ((8, 4), "final properties"),
    "new_without_parentheses": ((8, 4), "new without parentheses"),
    "pipe": ((8, 5), "the pipe operator |>"),
    "void_cast": ((8, 5), "the (void) cast"),
    "const_attribute": ((8, 5), "attributes on constants"),
    "closure_in_const_expr": ((8, 5), "closures in constant expressions"),
    "fcc_in_const_expr": ((8, 5), "first-class callables in constant expressions"),
    "static_var_expression": ((8, 3), "arbitrary static variable initializers"),
    "final_promoted_property": ((8, 5), "final promoted properties"),
}

# key -> (version that removed it, message)
REMOVED: dict[str, tuple[tuple[int, int], str]] = {
    "curly_offset": ((8, 0), "array and string offset access with curly braces ($s{0}) "
                             "was removed in PHP 8.0"),
    "unset_cast": ((8, 0), "the (unset) cast was removed in PHP 8.0"),
    "real_cast": ((8, 0), "the (real) cast was removed in PHP 8.0, use (float)"),
    "asp_tag": ((7, 0), "ASP-style tags <% %> were removed in PHP 7.0"),
}

_VERSION = re.compile(r"^\s*(\d+)\.(\d+)(?:\.\d+)?\s*$")


def parse_version(text: str) -> tuple[int, int]:
    """'7.4' or '7.4.3' -> (7, 4); ValueError for anything else."""
    match = _VERSION.match(text)
    if not match:
        raise ValueError(f"not a PHP version: {text!r} (expected e.g. '7.4')")
    return int(match.group(1)), int(match.group(2))


def format_version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def clamp(version: tuple[int, int]) -> tuple[int, int]:
    """The supported version closest to ``version``."""
    if version <= SUPPORTED_VERSIONS[0]:
        return SUPPORTED_VERSIONS[0]
    if version >= NEWEST:
        return NEWEST
    return max(v for v in SUPPORTED_VERSIONS if v <= version)


_CONSTRAINT = re.compile(r"^(\^|~|>=|>|==|=|v)?\s*v?(\d+)(?:\.(\d+|\*|x))?")


def lowest_allowed(constraint: str) -> tuple[int, int] | None:
    """The lowest PHP version a composer ``require.php`` constraint allows.

    Handles the forms composer documents: ``^7.4 || ^8.0``, ``>=7.2 <8.0``,
    ``~7.1``, ``7.4.*``, ``8.1 - 8.3``, exact versions.  Upper bounds are
    irrelevant to a lowest version and ignored.  None if nothing parses.
    """
    lows = []
    for alternative in re.split(r"\s*\|\|?\s*", constraint.strip()):
        alternative = re.sub(r"\s+-\s+.*$", "", alternative)  # "a - b" range
        bound: tuple[int, int] | None = None
        for part in re.split(r"[\s,]+", alternative):
            match = _CONSTRAINT.match(part)
            if not match or part.startswith("<") or part.startswith("!"):
                continue
            minor = match.group(3)
            version = (int(match.group(2)), int(minor) if minor and minor.isdigit() else 0)
            bound = version if bound is None else max(bound, version)
        if bound is None and alternative.strip().startswith("<"):
            bound = SUPPORTED_VERSIONS[0]
        if bound is not None:
            lows.append(bound)
    return clamp(min(lows)) if lows else None
