"""Rules as data: every commit-guard rule is a TOML file under rules/catalog/.

A rule file holds the code, symbol, message, description (what it checks
and why), default severity and what it applies to; its bad and good
examples are files under rules/examples/CODE/, so that whitespace, line
endings and bytes that are not UTF-8 stay exactly as they are.

This module also resolves the per-rule config table
``rules = {CODE_OR_SYMBOL = "off"|"warning"|"error"}`` and applies it to
findings of every checker (pylint's ids and symbols included).

Findings that say a file was not checked at all (it does not parse, is
too large, or cannot be read as code) are fixed errors: the table may not
switch them off or downgrade them, and ``apply_settings`` never does,
however a setting arrived.  Whoever wants such a file in excludes it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Mapping, NamedTuple

from commit_guard.errors import UserError
from commit_guard.finding import ERROR, SEVERITIES, Finding
from commit_guard.resources import rules_dir

if TYPE_CHECKING:
    from commit_guard.config import Config

OFF = "off"
SETTINGS = (OFF, *SEVERITIES)
APPLIES_TO = ("any", "text", "php")
# A rule without example_config: one shared, read-only empty mapping.
NO_CONFIG: Mapping[str, Any] = MappingProxyType({})
_REQUIRED = ("code", "symbol", "checker", "message", "description", "severity", "applies_to")
# pylint's: the file did not parse (E0001, F0010), astroid failed on it
# (F0002), or pylint could not process it (F0001).
FIXED_PYLINT = {"E0001": "syntax-error", "F0010": "parse-error", "F0002": "astroid-error",
                "F0001": "fatal"}


class Rule(NamedTuple):
    """One rule file's fields (rules/<code>.toml)."""

    code: str
    symbol: str
    checker: str
    message: str
    description: str
    severity: str
    applies_to: str
    defer_to_pylint: str = ""  # for Python files pylint's own message covers this
    suppressible: bool = True
    configurable: bool = True  # false: `rules` may not switch it off or downgrade it
    example_config: Mapping[str, Any] = NO_CONFIG  # the config the examples are checked with

    def examples(self, kind: str = "") -> list[Path]:
        """The example files (``bad.*``, ``good.*``), or those of one ``kind``."""
        folder = rules_dir() / "examples" / self.code
        found = sorted(folder.iterdir()) if folder.is_dir() else []
        return [p for p in found if p.is_file() and (not kind or p.stem == kind)]


def _load_one(path: Path) -> Rule:
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: broken rule file: {exc}") from exc
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise UserError(f"{path}: rule file lacks {', '.join(missing)}")
    if data["severity"] not in SEVERITIES or data["applies_to"] not in APPLIES_TO:
        raise UserError(f"{path}: bad severity or applies_to")
    known = set(_REQUIRED) | {"defer_to_pylint", "suppressible", "configurable",
                              "example_config"}
    extra = set(data) - known
    if extra:
        raise UserError(f"{path}: unknown rule field(s) {', '.join(sorted(extra))}")
    return Rule(**data)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every commit-guard rule, sorted by code."""
    catalog = rules_dir() / "catalog"
    rules = [_load_one(p) for p in sorted(catalog.glob("*.toml"))]
    return tuple(sorted(rules, key=lambda r: r.code))


@lru_cache(maxsize=1)
def _index() -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for rule in all_rules():
        out[rule.code.upper()] = rule
        out[rule.symbol.lower()] = rule
    return out


def find(key: str) -> Rule | None:
    """A rule by code (any case) or symbol."""
    return _index().get(key.upper()) or _index().get(key.lower())


def get(code: str) -> Rule:
    rule = find(code)
    if rule is None:
        raise KeyError(code)
    return rule


def php_syntax_codes() -> dict[str, str]:
    """The PHP syntax checker's codes (code -> symbol), from its table in commit_guard.php."""
    try:
        from commit_guard import php  # pylint: disable=import-outside-toplevel
    except ImportError:
        return {}
    table = getattr(php, "CODES", {})
    return {str(code): str(symbol) for code, symbol in table.items()}


def pylint_message(key: str) -> Any:
    """pylint's MessageDefinition for an id or symbol, or None."""
    from pylint.exceptions import UnknownMessageError  # pylint: disable=import-outside-toplevel
    try:
        return _pylint_store().get_message_definitions(key)[0]
    except UnknownMessageError:
        return None


@lru_cache(maxsize=1)
def _pylint_store() -> Any:
    # Loading pylint's checkers registers every message; it takes ~0.1 s and
    # happens only when a config names a rule that is not ours.
    from pylint.lint import PyLinter  # pylint: disable=import-outside-toplevel

    linter = PyLinter()
    linter.load_default_plugins()
    return linter.msgs_store


@lru_cache(maxsize=1)
def _fixed() -> dict[str, tuple[str, str]]:
    """Every name (code upper-case, symbol lower-case) of a fixed rule -> (code, symbol)."""
    pairs = [*FIXED_PYLINT.items(), *php_syntax_codes().items(),
             *((r.code, r.symbol) for r in all_rules() if not r.configurable)]
    out: dict[str, tuple[str, str]] = {}
    for code, symbol in pairs:
        out[code.upper()] = out[symbol.lower()] = (code, symbol)
    return out


def fixed(key: str) -> tuple[str, str] | None:
    """(code, symbol) if ``key`` names a rule no setting may switch off or
    downgrade: the file was not checked (see the module docstring)."""
    return _fixed().get(key.upper()) or _fixed().get(key.lower())


def check_rules_table(value: Mapping[str, Any], origin: str, name: str) -> dict[str, str]:
    """Validate ``rules = {...}`` at config load time (a config_schema check hook)."""
    for key, setting in value.items():
        where = f"{origin}: '{name}.{key}'"
        if not isinstance(setting, str) or setting not in SETTINGS:
            raise UserError(f"{where} must be one of {', '.join(SETTINGS)}, got {setting!r}")
        pinned = fixed(key)
        if pinned is not None:
            if setting == ERROR:
                continue  # what it is anyway
            raise UserError(f"{where}: {pinned[0]} {pinned[1]} cannot be switched off or "
                            "downgraded: exclude the file instead")
        if find(key) is not None:
            continue
        if pylint_message(key) is None:
            raise UserError(f"{where}: unknown rule (see `commit-guard rules`)")
    return dict(value)


def settings(config: Config) -> dict[str, str]:
    """Per-rule settings keyed by code and by symbol (ours resolved to both)."""
    out: dict[str, str] = {}
    for key, value in config["rules"].items():
        rule = find(key)
        if rule is not None:
            out[rule.code] = out[rule.symbol] = value
        else:
            out[key] = value
    return out


def effective(rule: Rule, config: Config) -> str:
    """A rule's severity under ``config``, or "off"."""
    if not rule.configurable:
        return rule.severity
    return settings(config).get(rule.code, rule.severity)


def apply_settings(findings: Iterable[Finding], config: Config) -> list[Finding]:
    """Drop findings of rules switched off; give the others their configured
    severity.  Fixed rules keep theirs, whatever the table says."""
    table = settings(config)
    if not table:
        return list(findings)
    out = []
    for f in findings:
        setting = table.get(f.code) or table.get(f.symbol)
        if setting and (fixed(f.code) or fixed(f.symbol)):
            setting = None
        if setting == OFF:
            continue
        out.append(f._replace(severity=setting) if setting else f)
    return out
