"""Build the ply parser from our grammar modules, or load its cached tables.

ply's yacc() would write parsetab files next to the grammar module (inside
the installed package) and read them back as pickles (which can run code),
so the table generation steps are driven here with ply's own classes
(Grammar, LRGeneratedTable), and lr.py parses with the tables.  tables.py
keeps them as JSON in a private cache directory, keyed by a hash of the
grammar; they are held in memory when that directory cannot be used.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, Callable

from commit_guard.php import (actions, actions_const, actions_decl, actions_expr, actions_types,
                              grammar_decl, grammar_expr, grammar_stmt, lr, tables)
from commit_guard.php.tokens import TOKENS

MODULES = (grammar_stmt, grammar_decl, grammar_expr)
# PHP 8.0-8.3 still parse $s{0} (then refuse it at compile time); 8.4 took
# the rule out to make room for property hooks after a default value
# (`public $x = null { get; }`), so the two cannot share one LALR grammar.
VARIANTS = ("curly", "hooks")


def variant_for(target: tuple[int, int]) -> str:
    return "curly" if target < (8, 4) else "hooks"


@functools.lru_cache(maxsize=2)
def productions(variant: str) -> list[tuple[str, list[str], str]]:
    """(lhs, symbols, action name) for every alternative of ``variant``."""
    out: list[tuple[str, list[str], str]] = []
    for module in MODULES:
        for lhs, words, action in _parse_rules(module.RULES):
            only = [w for w in words if w.startswith("!")]
            if only and only != ["!" + variant]:
                continue
            out.append((lhs, [w for w in words if not w.startswith("!")], action))
    return out


def _parse_rules(text: str) -> list[tuple[str, list[str], str]]:
    out = []
    lhs = ""
    for raw in text.splitlines():
        if not raw.strip():
            continue
        if raw[0] not in " \t":
            lhs, _, body = raw.strip().partition(" ")
        else:
            body = raw.strip()
        body = body.strip()
        if body[:1] in (":", "|"):
            body = body[1:]
        alternative: list[str] = []
        for word in body.split() + ["|"]:
            if word == "|":
                if alternative:
                    out.append(_alternative(lhs, alternative))
                alternative = []
            else:
                alternative.append(word)
    return out


def _alternative(lhs: str, words: list[str]) -> tuple[str, list[str], str]:
    action = "default"
    marks = [w for w in words if w.startswith("@")]
    if marks:
        action = marks[0][1:]
        words = [w for w in words if not w.startswith("@")]
    if words == ["%empty"]:
        words = []
    return lhs, words, action


@functools.lru_cache(maxsize=2)
def signature(variant: str) -> str:
    digest = hashlib.sha256()
    digest.update(repr((productions(variant), grammar_expr.PRECEDENCE, TOKENS)).encode())
    return digest.hexdigest()[:20]


def callables(variant: str) -> dict[str, Callable[..., Any]]:
    """p_<n> -> the alternative's action function."""
    return {f"p_{index}": _action(action)
            for index, (_lhs, _words, action) in enumerate(productions(variant))}


def action_names(variant: str) -> dict[str, str]:
    """p_<n> -> the alternative's action name (lr.Parser inlines some)."""
    return {f"p_{index}": action
            for index, (_lhs, _words, action) in enumerate(productions(variant))}


def _action(name: str) -> Callable[..., Any]:
    for module in (actions, actions_decl, actions_expr, actions_const, actions_types):
        func = getattr(module, "a_" + name, None)
        if func is not None:
            return func  # type: ignore[no-any-return]
    raise RuntimeError(f"grammar names an unknown action @{name}")


def generate(variant: str, log: Any = None) -> Any:
    """Generate the LALR tables (a ply LRGeneratedTable) from scratch."""
    from ply import yacc  # pylint: disable=import-outside-toplevel

    log = log or yacc.NullLogger()
    grammar = yacc.Grammar(list(TOKENS))
    for level, (assoc, *terms) in enumerate(grammar_expr.PRECEDENCE, start=1):
        for term in terms:
            grammar.set_precedence(term, assoc, level)
    here = Path(__file__).name
    for index, (lhs, words, _action) in enumerate(productions(variant)):
        grammar.add_production(lhs, list(words), f"p_{index}", here, index)
    grammar.set_start("start")
    undefined = grammar.undefined_symbols()
    if undefined:
        raise RuntimeError(f"undefined grammar symbols: {undefined}")
    grammar.build_lritems()
    grammar.compute_first()
    grammar.compute_follow()
    return yacc.LRGeneratedTable(grammar, "LALR", log)


def rules(variant: str) -> list[tables.Rule]:
    """The productions as ply numbers them: 0 is S' -> start, then ours in
    order (``%prec X`` names a precedence, not a symbol)."""
    out = [tables.Rule("S'", 1, None)]
    for index, (lhs, words, _action) in enumerate(productions(variant)):
        length = len(words) - 2 * words.count("%prec")
        out.append(tables.Rule(lhs, length, f"p_{index}"))
    return out


def load_parser(variant: str) -> lr.Parser:
    """Our LR parser over the grammar's tables, cached ones when possible."""
    sig = signature(variant)
    path = tables.path_for(variant, sig)
    table = tables.read(path, sig, rules(variant))
    if table is None:
        # Missing, damaged, for another grammar, or the directory is not ours.
        generated = generate(variant)
        table = tables.Tables(generated.lr_action, generated.lr_goto,
                              [tables.Rule(p.name, p.len, p.func)
                               for p in generated.lr_productions])
        tables.write(path, table, sig)
    return lr.Parser(table, action_names(variant), callables(variant))
