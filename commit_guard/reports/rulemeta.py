"""Help text for a rule code, whichever checker owns it (for SARIF and hints)."""
from __future__ import annotations

from typing import NamedTuple

from commit_guard import ruledb


class RuleHelp(NamedTuple):
    short: str
    full: str


def describe(checker: str, code: str, symbol: str, fallback: str) -> RuleHelp:
    """Best available description; never fails (the finding's message at worst)."""
    if checker == "pylint":
        definition = ruledb.pylint_message(code)
        if definition is not None:
            return RuleHelp(symbol or code, definition.description.strip() or fallback)
    rule = ruledb.find(code)
    if rule is not None:
        full = rule.description.strip() or fallback
        # The rule's message has {placeholders}; the description's first
        # sentence reads as a title.
        short = " ".join(full.split()).split(". ", 1)[0].rstrip(".") or symbol or code
        return RuleHelp(short, full)
    return RuleHelp(symbol or code, fallback)
