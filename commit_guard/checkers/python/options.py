"""Which pylint options commit-guard passes on, as data, and their value checks.

pylint reads options from an rcfile and from ``pylint.args``.  Some tune
what it reports (message control, naming patterns, limits, formats), some
make it run or import code (init-hook, load-plugins), and some make it do
something other than lint (``--list-msgs``, ``--help-msg``...), which
used to end the run with exit 0 and pass the whole check.

- ``TUNING``: options that only tune linting, with the kind of value
  each takes.  The only options a configuration from a tree we do not
  trust (a committed pylintrc on the server) may set; their values are
  checked by kind, never matched against a list of bad values.
- ``TRUSTED_ARGS``: what ``pylint.args`` (always a trusted config) may add.
- ``ACTIONS``: options that make pylint do something else than lint;
  refused wherever they appear (exit 2).
Everything else in ``pylint.args`` is refused; everything else in an
untrusted rcfile is dropped and named in the report.
"""
from __future__ import annotations

import re
from typing import Callable

from commit_guard.errors import UserError

NAMING_STYLES = ("snake_case", "camelCase", "PascalCase", "UPPER_CASE", "any")
CONFIDENCE = ("HIGH", "CONTROL_FLOW", "INFERENCE", "INFERENCE_FAILURE", "UNDEFINED")

_NAMED = ("argument", "attr", "class", "class-attribute", "class-const", "const",
          "function", "inlinevar", "method", "module", "variable")

TUNING: dict[str, str] = {
    # message control
    "enable": "msgs", "disable": "msgs", "confidence": "confidence",
    # naming
    **{f"{n}-naming-style": "naming-style" for n in _NAMED},
    **{f"{n}-rgx": "regex" for n in (*_NAMED, "paramspec", "typealias", "typevar",
                                      "typevartuple")},
    "good-names": "csv", "good-names-rgxs": "regex-csv", "bad-names": "csv",
    "bad-names-rgxs": "regex-csv", "name-group": "csv", "include-naming-hint": "yn",
    "no-docstring-rgx": "regex", "docstring-min-length": "int", "property-classes": "csv",
    # limits
    **{name: "int" for name in (
        "max-args", "max-positional-arguments", "max-locals", "max-returns", "max-branches",
        "max-statements", "max-parents", "max-attributes", "min-public-methods",
        "max-public-methods", "max-bool-expr", "max-nested-blocks", "max-line-length",
        "max-module-lines", "min-similarity-lines", "indent-after-paren",
        "missing-member-hint-distance", "missing-member-max-choices",
        "limit-inference-results")},
    # format
    "ignore-long-lines": "regex", "ignore-pattern-in-long-lines": "regex",
    "single-line-if-stmt": "yn", "single-line-class-stmt": "yn", "indent-string": "indent",
    "expected-line-ending-format": "line-ending",
    # similarities, classes, design, exceptions
    "ignore-comments": "yn", "ignore-docstrings": "yn", "ignore-imports": "yn",
    "ignore-signatures": "yn", "defining-attr-methods": "csv",
    "valid-classmethod-first-arg": "csv", "valid-metaclass-classmethod-first-arg": "csv",
    "exclude-protected": "csv", "check-protected-access-in-special-methods": "yn",
    "ignored-parents": "csv", "exclude-too-few-public-methods": "regex-csv",
    "overgeneral-exceptions": "csv",
    # imports, logging, misc, refactoring, strings
    "deprecated-modules": "csv", "preferred-modules": "csv", "known-standard-library": "csv",
    "known-third-party": "csv", "known-first-party": "csv", "allow-any-import-level": "csv",
    "allow-wildcard-with-all": "yn", "allow-reexport-from-package": "yn",
    "logging-modules": "csv", "logging-format-style": "logging-style",
    "timeout-methods": "csv", "notes": "csv", "notes-rgx": "regex",
    "check-fixme-in-docstring": "yn", "never-returning-functions": "csv",
    "suggest-join-with-non-empty-separator": "yn", "check-str-concat-over-line-jumps": "yn",
    "check-quote-consistency": "yn",
    # typecheck and variables: names and patterns for inference
    "ignore-on-opaque-inference": "yn", "mixin-class-rgx": "regex",
    "ignore-mixin-members": "yn", "ignored-checks-for-mixins": "csv", "ignore-none": "yn",
    "ignored-classes": "csv", "ignored-modules": "csv", "generated-members": "regex-csv",
    "contextmanager-decorators": "csv", "missing-member-hint": "yn",
    "signature-mutators": "csv", "known-side-effects-only-functions": "csv",
    "init-import": "yn", "dummy-variables-rgx": "regex", "additional-builtins": "csv",
    "callbacks": "csv", "redefining-builtins-modules": "csv",
    "ignored-argument-names": "regex", "allow-global-unused-variables": "yn",
    "allowed-redefined-builtins": "csv",
    # the Python the code is for
    "py-version": "version", "analyse-fallback-blocks": "yn", "prefer-stubs": "yn",
}

# pylint.args only (a trusted config): these load or run code on purpose.
TRUSTED_ARGS: dict[str, str] = {
    "load-plugins": "csv", "init-hook": "text", "extension-pkg-allow-list": "csv",
    "extension-pkg-whitelist": "csv", "errors-only": "flag", "enable-all-extensions": "flag",
}
SHORT = {"d": "disable", "e": "enable", "E": "errors-only"}

ACTIONS = frozenset({
    "help", "help-msg", "list-msgs", "list-msgs-enabled", "list-groups", "list-conf-levels",
    "list-extensions", "full-documentation", "generate-rcfile", "generate-toml-config",
    "long-help", "version",
})
ACTION_SHORT = frozenset({"h"})

# Syntax-level messages: a file pylint cannot parse must never pass, so these
# are enabled after every rcfile and argument.
ALWAYS_ENABLED = ("syntax-error", "parse-error", "fatal", "astroid-error")

_MSG = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_action(name: str) -> bool:
    """Whether ``--name`` is an action: pylint's parser takes unique prefixes."""
    if name in TUNING or name in TRUSTED_ARGS:
        return False
    return any(action.startswith(name) for action in ACTIONS) or name in ACTION_SHORT


def split_regex_csv(value: str) -> list[str]:
    """pylint's split of a list of regexes: commas inside ``{m,n}`` do not split."""
    parts, current, braces = [], "", False
    for char in value:
        if char == "{":
            braces = True
        elif char == "}" and braces:
            braces = False
        if char == "," and not braces:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _one_line(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("a control character or line break in the value")
    return value


def _compile(pattern: str) -> str:
    try:
        re.compile(_one_line(pattern))
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
    return pattern


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            shown = ", ".join(c or "(empty)" for c in choices)
            raise ValueError(f"{value!r} is not one of {shown}")
        return value
    return check


def _items(value: str, each: Callable[[str], str]) -> str:
    return ",".join(each(item) for item in (p.strip() for p in value.split(",")) if item)


def _msg(item: str) -> str:
    if not _MSG.match(item):
        raise ValueError(f"{item!r} is not a message, symbol or category")
    return item


def _int(value: str) -> str:
    if not re.fullmatch(r"-?[0-9]{1,9}", value):
        raise ValueError(f"{value!r} is not an integer")
    return value


def _yn(value: str) -> str:
    low = value.lower()
    if low in ("y", "yes", "true"):
        return "y"
    if low in ("n", "no", "false"):
        return "n"
    raise ValueError(f"{value!r} is not y or n")


def _version(value: str) -> str:
    if not re.fullmatch(r"[0-9]{1,2}(\.[0-9]{1,3}){0,2}", value):
        raise ValueError(f"{value!r} is not a Python version such as 3.11")
    return value


def _indent(value: str) -> str:
    bare = value[1:-1] if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"" \
        else value
    if not re.fullmatch(r"( +|\t+|\\t)", bare):
        raise ValueError(f"{value!r} is not spaces or a tab")
    return bare


CHECKS: dict[str, Callable[[str], str]] = {
    "int": _int, "yn": _yn, "indent": _indent, "text": _one_line,
    "msgs": lambda v: _items(v, _msg),
    "confidence": lambda v: _items(v, _choice(CONFIDENCE)),
    "csv": lambda v: _items(v, _one_line),
    "regex": lambda v: _compile(v.strip()),
    "regex-csv": lambda v: ",".join(_compile(p) for p in split_regex_csv(v)),
    "naming-style": _choice(NAMING_STYLES),
    "logging-style": _choice(("old", "new")),
    "line-ending": _choice(("", "LF", "CRLF")),
    "version": _version,
}


def checked(name: str, kind: str, value: str, where: str) -> str:
    """``value`` of option ``name`` in pylint's string form, or a UserError."""
    try:
        return CHECKS[kind](value if kind == "indent" else value.strip())
    except ValueError as exc:
        raise UserError(f"{where}: pylint option {name!r}: {exc}") from exc


def check_args(args: list[str], where: str) -> list[str]:
    """``pylint.args`` as pylint will get them, or a UserError naming the first
    argument commit-guard does not pass on."""
    out: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
        elif arg.startswith("-") and len(arg) > 1:
            name, value = arg[1], arg[2:].removeprefix("=")
            eq = "=" if value else ""
            name = SHORT.get(name, name)
        else:
            raise UserError(f"{where}: pylint.args: {arg!r} is not an option (commit-guard "
                            "names the files)")
        if is_action(name):
            raise UserError(f"{where}: pylint.args: {arg!r} makes pylint do something other "
                            "than lint; refused")
        kind = TUNING.get(name) or TRUSTED_ARGS.get(name)
        if kind is None:
            raise UserError(f"{where}: pylint.args: {arg!r} is not an option commit-guard "
                            "passes to pylint (output, jobs, files and rcfile are its own)")
        if kind == "flag":
            if eq:
                raise UserError(f"{where}: pylint.args: {arg!r} takes no value")
            out.append(f"--{name}")
            continue
        if not eq:
            if not rest:
                raise UserError(f"{where}: pylint.args: {arg!r} needs a value")
            value = rest.pop(0)
        out.append(f"--{name}={checked(name, kind, value, where + ': pylint.args')}")
    return out
