"""Check one PHP source: scan, parse, then report syntax, version and
compile-time problems the way `php -l` words them."""
from __future__ import annotations

import gc
import re
from typing import Any

from commit_guard.php.problems import PhpProblem, problem
from commit_guard.php import actions
from commit_guard.php.lexdata import LexFailure, Tok
from commit_guard.php.lexer import Lexer, tokenize
from commit_guard.php.lr import ParseError, StackExhausted
from commit_guard.php.namespaces import placement_errors
from commit_guard.php.tokens import describe, expected_text, rank
from commit_guard.php.versions import FEATURES, NEWEST, REMOVED, format_version

_PARSERS: dict[str, Any] = {}
_FEEDER: Feeder | None = None
HOOKS_SINCE = (8, 4)
KEYWORDS_SINCE = (8, 0)  # the youngest keyword (tokens.keywords_for)
_YOUNG_WORD = re.compile(r"\b(?i:match|fn)\b")
# Tokens that can span lines (a heredoc start ends with its line break).
_SPANNING = frozenset({"CONSTANT_ENCAPSED_STRING", "START_HEREDOC"})


class SyntaxFailure(Exception):
    def __init__(self, tok: Tok | None, expected: list[str]) -> None:
        super().__init__("syntax error")
        self.tok = tok
        self.expected = expected


class Feeder:
    """The scanned tokens and how many of them the parser read (set when
    it stops at an error): what the messages look back at."""

    def __init__(self, lexer: Lexer) -> None:
        self.tokens = lexer.tokens
        self.failure = lexer.failure
        self.index = 0


def parser(target: tuple[int, int]) -> Any:
    from commit_guard.php import build  # pylint: disable=import-outside-toplevel

    variant = build.variant_for(target)
    if variant not in _PARSERS:
        _PARSERS[variant] = build.load_parser(variant)
    return _PARSERS[variant]


def expected_tokens(lr: Any, statestack: list[int]) -> list[str]:
    """The tokens bison would list after "expecting".

    Bison reduces by a state's most common rule whatever the lookahead
    (its default reduction), so it notices an error only in a state that
    shifts; ply notices it earlier.  Replay those reductions on a copy of
    the stack, then list what the state reached can shift.
    """
    action, goto, rules = lr.action, lr.goto, lr.productions
    stack = list(statestack)
    for _ in range(100):
        counts: dict[int, int] = {}
        for act in action[stack[-1]].values():
            # None: an error entry (a nonassoc operator met its own level).
            if act is not None and act < 0:
                counts[-act] = counts.get(-act, 0) + 1
        if not counts:
            break
        rule = max(sorted(counts), key=counts.__getitem__)
        length = rules[rule].len
        if length:
            del stack[-length:]
        nxt = goto[stack[-1]].get(rules[rule].name)
        if nxt is None:
            break
        stack.append(nxt)
    tokens = [t for t, act in action[stack[-1]].items() if t != "error" and act is not None]
    return sorted(tokens, key=rank)


def check(data: bytes, target: tuple[int, int], path: str = "") -> list[PhpProblem]:
    actions.STATE.path = path  # named by "Cannot redeclare f() (previously declared in ...)"
    # A parse allocates several objects per token, none of them in a
    # reference cycle: the collector running meanwhile (every 700
    # allocations) only costs time, about a tenth of it on big files.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _check_both(data, target)
    finally:
        if enabled:
            gc.enable()


def _check_both(data: bytes, target: tuple[int, int]) -> list[PhpProblem]:
    text = data.decode("latin-1")
    lexer = tokenize(text, target)  # parsing leaves it as it was: both parses read it
    found, failed = _check(text, target, target, lexer)
    # A scanner error fails every parse of those tokens: no retry helps.
    if failed and target < HOOKS_SINCE and lexer.failure is None:
        # Below 8.4 the grammar still reads `$x {` as a curly offset, so
        # 8.4 syntax that needs the hooks grammar (a hook list after a
        # default value or on a promoted parameter) fails to parse.  If
        # the 8.4 grammar accepts the file, the finding that helps is
        # the version one, on the "{" where PHP < 8.4 stops.
        newer, newer_failed = _check(text, target, NEWEST, lexer)
        # (What only the 8.4 grammar parses is a hook list, gated at 8.4.)
        if not newer_failed and any(p.code == "CG302" for p in newer):
            return newer
    if failed and target < KEYWORDS_SINCE and _YOUNG_WORD.search(text):
        # `match`/`fn` are names before 8.0/7.4; a file that parses with
        # them as keywords gets the version finding, as it did before.
        newer, _failed = _check(text, target, target, tokenize(text, target, NEWEST))
        # The newer syntax is what stopped the parse if its finding is on
        # or before the line the parse stopped at.
        stop = min(p.line for p in found if p.code == "CG301")
        if any(p.code == "CG302" and p.line <= stop for p in newer):
            return newer
    return found


def _check(text: str, target: tuple[int, int], grammar: tuple[int, int],
           lexer: Lexer) -> tuple[list[PhpProblem], bool]:
    """Problems at ``target`` using the grammar of ``grammar``; and
    whether the parse failed."""
    state = actions.STATE
    state.reset(target)
    state.tokens = lexer.tokens
    state.text = text
    found: list[PhpProblem] = []
    global _FEEDER  # pylint: disable=global-statement
    _FEEDER = Feeder(lexer)
    features = lexer.features
    lr = parser(grammar)
    try:
        lr.parse(lexer.tokens, lexer.failure, state, _FEEDER)
    except (ParseError, LexFailure, StackExhausted) as failure:
        if state.early:
            # PHP stopped at an error it raises while parsing, before this one.
            _pos, line, code, message = min(state.early)
            return [problem(line, 0, code, message)], True
        if isinstance(failure, ParseError):
            syntax = SyntaxFailure(failure.tok, expected_tokens(lr, failure.statestack))
            found.append(_syntax_problem(syntax, text, target))
        elif isinstance(failure, StackExhausted):
            # Nested deeper than PHP's parser stack: PHP's own words and line.
            line = failure.tok.lineno if failure.tok is not None else 1
            found.append(problem(line, 0, "CG301", "memory exhausted"))
        else:
            found.append(problem(failure.line, 0, "CG301", failure.message))
        # What the parser met on the way to the error may be an artefact of
        # it (`new Foo() {` read as new-without-parentheses): keep the
        # version findings of the lines before the error only.
        line = found[0].line
        features = [f for f in features + state.features if f[1] < line]
        removed = [r for r in lexer.removed if r[1] < line]
        return sorted(set(found + _gated(features, removed, target))), True
    state.finish()
    if "amespace" in text or "eclare" in text:  # (cheap: most files have neither)
        state.errors.extend(placement_errors(lexer.tokens, text))
    if state.early:
        state.errors = state.early
    if state.errors:
        _pos, line, code, message = min(state.errors)
        found.append(problem(line, 0, code, message))
    # PHP refuses removed syntax the parser accepted only when compiling.
    lexer.removed.extend(state.removed)
    found.extend(_gated(features + state.features, lexer.removed, target))
    return sorted(set(found)), False


def _syntax_problem(failure: SyntaxFailure, text: str,
                    target: tuple[int, int]) -> PhpProblem:
    tok = failure.tok
    if tok is None:
        line = text.count("\n") + 1
        unexpected = describe("$end")
    else:
        line = tok.lineno
        if tok.type in _SPANNING:  # PHP names the line the token ends on
            line += tok.value.count("\n")
        unexpected = describe(tok.type, tok.value)
        if tok.type == "{" and target >= (8, 4) and _after_variable(tok):
            message = REMOVED["curly_offset"][1]
            return problem(tok.lineno, 0, "CG303", message[0].upper() + message[1:])
    message = f"syntax error, unexpected {unexpected}"
    if 1 <= len(failure.expected) <= 4:
        message += ", expecting " + " or ".join(expected_text(t) for t in failure.expected)
    column = 0
    if tok is not None:
        column = tok.lexpos - text.rfind("\n", 0, tok.lexpos)
    return problem(line, column, "CG301", message)


def _after_variable(tok: Tok) -> bool:
    """Is this "{" PHP 7's string offset ($s{0}), removed in PHP 8?"""
    toks = _FEEDER.tokens if _FEEDER else []
    index = _FEEDER.index - 2 if _FEEDER else -1
    if index < 0 or toks[index + 1] is not tok:
        return False
    last = toks[index].type
    return last in ("VARIABLE", "]") or (last == "STRING" and index > 0 and toks[
        index - 1].type in ("OBJECT_OPERATOR", "NULLSAFE_OBJECT_OPERATOR"))


def _gated(features: list[tuple[str, int]], removed: list[tuple[str, int]],
           target: tuple[int, int]) -> list[PhpProblem]:
    """Version findings: one per line, naming the newest feature it needs."""
    by_line: dict[int, tuple[tuple[int, int], str]] = {}
    for key, line in features:
        since, name = FEATURES[key]
        if since > target and (line not in by_line or since > by_line[line][0]):
            by_line[line] = (since, name)
    out = [problem(line, 0, "CG302", f"{name} requires PHP {format_version(since)} "
                                     f"(target is {format_version(target)})")
           for line, (since, name) in by_line.items()]
    for key, line in removed:
        until, message = REMOVED[key]
        if target >= until:
            text = f"{message[0].upper()}{message[1:]} (target is {format_version(target)})"
            out.append(problem(line, 0, "CG303", text))
    return out
