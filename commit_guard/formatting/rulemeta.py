"""Help text for a rule code, whichever checker owns it (for SARIF and hints)."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple


class RuleHelp(NamedTuple):
    short: str
    full: str


@lru_cache(maxsize=None)
def _pylint_store() -> object | None:
    try:
        # pylint: disable=import-outside-toplevel
        from pylint.lint import PyLinter
    except ImportError:
        return None
    linter = PyLinter()
    linter.load_default_plugins()
    return linter.msgs_store


def describe(checker: str, code: str, symbol: str, fallback: str) -> RuleHelp:
    """Best available description; never fails (the finding's message at worst)."""
    if checker == "pylint":
        store = _pylint_store()
        if store is not None:
            try:
                definition = store.get_message_definitions(code)[0]  # type: ignore[attr-defined]
            except Exception:  # pylint: disable=broad-exception-caught
                definition = None
            if definition is not None:
                return RuleHelp(symbol or code, definition.description.strip() or fallback)
    try:
        # The rule database ships with the style checker; absent on a partial install.
        from commit_guard import ruledb  # pylint: disable=import-outside-toplevel
        rule = ruledb.find(code)
    except Exception:  # pylint: disable=broad-exception-caught
        rule = None
    if rule is not None:
        full = getattr(rule, "description", "").strip() or fallback
        # The rule's message has {placeholders}; the description's first
        # sentence reads as a title.
        short = " ".join(full.split()).split(". ", 1)[0].rstrip(".") or symbol or code
        return RuleHelp(short, full)
    return RuleHelp(symbol or code, fallback)
