"""The LR parse loop over ply's tables, specialised for our grammar.

ply generates and loads the LALR tables (build.py); this module replaces
only ply's generic parse loop (``LRParser.parseopt_notrack``), which pays
for features the checker never uses: a ``YaccSymbol`` object and a Python
action call for every reduction, ``__getitem__`` in Python for every
``p[n]``, a token function call per token and error recovery.  It keeps
ply's observable behaviour exactly:

- a state whose only action is one reduction reduces without reading the
  next token (ply's "defaulted states"), so the token actions see as the
  lookahead (``ParseState.lookahead``) is the one ply would have read;
- ``p.lineno(n)`` / ``p.lexpos(n)`` give a token's line and position and 0
  for a nonterminal, as ply does without position tracking;
- the first syntax error ends the parse (our error hook always raised);
- nesting deeper than PHP's parser stack (bison's YYMAXDEPTH, 10000
  states) is PHP's "memory exhausted" parse error, not a pass
  (``StackExhausted``; see ``_php_depth``).

Rules whose action only passes a value on (the first symbol's, the
second's, or a constant tag) are done in the loop, without a call.
"""
from __future__ import annotations

from typing import Any, Callable

from commit_guard.php.compile_checks import CHAIN_TAGS
from commit_guard.php.lexdata import LexFailure, Tok, accel

# Action name -> how the loop does it without calling it.
FIRST = ("default", "first", "text")
CONSTANTS: dict[str, Any] = {"expr": "expr", "var": "var", "prop": "prop",
                             "nullsafe_prop": "nullsafe", "dim": "dim", "call": "call",
                             "false": False, "true": True,
                             "positional": "pos", "fcall": "fcall", "mcall": "mcall",
                             "nullsafe_call": "nsmcall"}
# A dereference (`X[...]`, `X->p`): its tag from its container's (compile_checks.chain_tag).
CHAINS = {"dim": "dim", "prop": "prop", "append": "append"}
_CALL, _FIRST, _SECOND, _CONST, _VARIABLE, _CHAIN, _READ = 0, 1, 2, 3, 4, 5, 6
_LIST, _APPEND, _EMPTY, _SET = 7, 8, 9, 10
MAX_DEPTH = 10000  # bison's YYMAXDEPTH, which PHP's parser keeps
# PHP's grammar keeps empty-rule states (backup_doc_comment, backup_fn_flags,
# backup_lex_pos, a mid-rule action) on its stack inside these constructs,
# where ours has none: how many, by the token that opens the construct
# (an anonymous class has one fewer).  Measured against php 8.2 -l.
HIDDEN = {"FUNCTION": 2, "FN": 3, "CLASS": 2, "TRAIT": 2, "INTERFACE": 2, "ENUM": 2}
# Below this our stack cannot be MAX_DEPTH deep in PHP's terms (an arrow
# function, the densest, is 7 entries here and 10 in PHP), so the exact
# count is only made above it: real code never gets there.
SOFT_DEPTH = 6900


# Actions the loops do themselves, by name: (kind, arg, fewest symbols).
_INLINE = {"second": (_SECOND, None, 2), "simple_variable": (_VARIABLE, None, 1),
           "read": (_READ, None, 1), "list_first": (_LIST, None, 1),
           "list_append": (_APPEND, 3, 3), "list_append2": (_APPEND, 2, 2),
           "empty_list": (_EMPTY, None, 0), "arguments_first": (_SET, None, 1),
           **{name: (_CHAIN, tag, 2) for name, tag in CHAINS.items()}}


def _inline(name: str, length: int) -> tuple[int, Any]:
    """How the loop does the action ``name`` of a rule of ``length``
    symbols: (kind, arg), or (_CALL, None) for a call."""
    if name in FIRST:
        return (_FIRST, None) if length else (_CONST, None)
    kind, arg, fewest = _INLINE.get(name, (_CALL, None, 0))
    if kind != _CALL and length >= fewest and (kind not in (_VARIABLE, _READ) or length == 1):
        return kind, arg
    if name in CONSTANTS:
        return _CONST, CONSTANTS[name]
    return _CALL, None


class _NonTerminal:
    """What ``p.lineno``/``p.lexpos`` see for a nonterminal: no position."""

    __slots__ = ()
    lineno = 0
    lexpos = 0
    type = ""


_NONTERMINAL = _NonTerminal()


class Production(list):  # type: ignore[type-arg]
    """``p`` as actions see it: p[0] the result, p[1..n] the symbols' values."""

    __slots__ = ("syms", "base")

    def lineno(self, n: int) -> int:
        return self.syms[self.base + n].lineno  # type: ignore[no-any-return]

    def lexpos(self, n: int) -> int:
        return self.syms[self.base + n].lexpos  # type: ignore[no-any-return]


class ParseError(Exception):
    """The parser met a token no action allows: ``tok`` (None at the end
    of the file) and the state stack at that moment."""

    def __init__(self, tok: Tok | None, statestack: list[int]) -> None:
        super().__init__("syntax error")
        self.tok = tok
        self.statestack = statestack


class StackExhausted(Exception):
    """The state stack reached MAX_DEPTH (PHP: "memory exhausted") while
    ``tok`` was the lookahead."""

    def __init__(self, tok: Tok | None) -> None:
        super().__init__("memory exhausted")
        self.tok = tok


class Parser:
    """ply's tables (action, goto, productions) with our parse loop."""

    def __init__(self, table: Any, action_names: dict[str, str],
                 functions: dict[str, Callable[..., Any]]) -> None:
        """``table``: a ply LRTable; ``action_names``: p_<n> -> action name;
        ``functions``: p_<n> -> the action function."""
        self.action = table.lr_action
        self.goto = table.lr_goto
        self.productions = table.lr_productions
        # Indexed by state (ply numbers them 0..n-1): a list beats a dict.
        states = range(max(self.action) + 1)
        self.actions = [self.action.get(state, {}) for state in states]
        # A state's only action, a reduction: done without reading a token.
        self.defaulted = [0] * len(states)
        for state, acts in self.action.items():
            only = list(acts.values())
            if len(only) == 1 and only[0] < 0:
                self.defaulted[state] = only[0]
        gotos: dict[str, dict[int, int]] = {}
        for state, row in self.goto.items():
            for name, target in row.items():
                gotos.setdefault(name, {})[state] = target
        self.rules: list[tuple[dict[int, int], int, int, Any]] = [({}, 0, _CALL, None)]
        for prod in self.productions[1:]:
            kind, arg = _inline(action_names[prod.func], prod.len)
            if kind == _CALL:
                arg = functions[prod.func]
            self.rules.append((gotos.get(prod.name, {}), prod.len, kind, arg))
        # The same loop in C where it is built (_accel.c), over the same tables.
        self.accel = None if accel is None else accel.Parser(
            self.actions, self.defaulted, self.rules, _NONTERMINAL, _END, CHAIN_TAGS,
            Production, ParseError, _php_depth, SOFT_DEPTH)

    def parse(self, tokens: list[Tok], failure: LexFailure | None,
              state_obj: Any, feeder: Any) -> None:
        """Parse ``tokens``; raise ``failure`` (the scanner's error) where the
        tokens end, ParseError at a syntax error.  ``state_obj.lookahead``
        is the token last read whenever an action runs (and when this
        returns or raises), and ``feeder.index`` how many were read."""
        if self.accel is not None:
            self.accel.parse(tokens, failure, state_obj, feeder)
        else:
            self.parse_python(tokens, failure, state_obj, feeder)

    # One loop, kept flat on purpose: it runs for every token and reduction.
    def parse_python(self, tokens: list[Tok], failure: LexFailure | None,  # noqa: C901
                     state_obj: Any, feeder: Any) -> None:
        # pylint: disable=too-many-locals,too-many-branches,too-many-statements
        """``parse`` in Python: what runs where the C loop is not built."""
        actions, defaulted = self.actions, self.defaulted
        # Indexed by the (negative) reduce action itself: rules[-1] is rule 1.
        rules = self.rules[:0:-1]
        statestack = [0]
        vals: list[Any] = [None]
        syms: list[Any] = [_NONTERMINAL]
        nonterminal = _NONTERMINAL
        state = 0
        index, count = 0, len(tokens)
        lookahead: Any = None
        ltype = ""
        push_state, push_val, push_sym = statestack.append, vals.append, syms.append
        anchors: list[tuple[int, Any, int]] = []  # see _php_depth
        while True:
            t = defaulted[state]
            if not t:
                if lookahead is None:
                    if index < count:
                        lookahead = tokens[index]
                        index += 1
                        ltype = lookahead.type
                    else:
                        state_obj.lookahead = None
                        if failure is not None:
                            feeder.index = index
                            raise failure
                        lookahead = _END
                        ltype = "$end"
                t = actions[state].get(ltype)
                if t is None:
                    feeder.index = index
                    state_obj.lookahead = None if lookahead is _END else lookahead
                    raise ParseError(None if lookahead is _END else lookahead, statestack)
                if t > 0:
                    push_state(t)
                    state = t
                    push_val(lookahead.value)
                    push_sym(lookahead)
                    if len(statestack) >= SOFT_DEPTH:
                        _php_depth(syms, anchors, tokens[index - 1])
                    lookahead = None
                    continue
                if t == 0:
                    state_obj.lookahead = None
                    return
            gotos, plen, kind, arg = rules[t]
            # Kinds by how often real code meets them.
            if kind == _FIRST:
                if plen == 1:  # A : B, the commonest rule: only the top changes
                    syms[-1] = nonterminal
                    state = statestack[-1] = gotos[statestack[-2]]
                    continue
                value = vals[-plen]
            elif kind == _CONST:
                value = arg
            elif kind == _LIST:  # p[0] = [p[1]]
                value = [vals[-plen]]
            elif kind == _APPEND:  # p[1].append(p[n]); p[0] = p[1]
                value = vals[-plen]
                value.append(vals[arg - 1 - plen])
            elif kind == _CALL:
                # The token last read: the lookahead, else the one just shifted.
                state_obj.lookahead = (lookahead if lookahead is not None else
                                       tokens[index - 1] if index else None)
                if lookahead is _END:
                    state_obj.lookahead = None
                if plen:
                    p = Production(vals[-plen - 1:])
                    p[0] = None
                else:
                    p = Production((None,))
                # (set here: a list subclass with an __init__ would cost a call)
                p.syms = syms  # pylint: disable=attribute-defined-outside-init
                p.base = len(syms) - plen - 1  # pylint: disable=attribute-defined-outside-init
                arg(p)
                value = p[0]
            elif kind == _READ:  # expr : variable; `$a[]` read (compile_checks.reads)
                if vals[-1] == "append":
                    # The token last read (as state_obj.lookahead would be):
                    # the one after the variable.
                    tok = (lookahead if lookahead is not None else
                           tokens[index - 1] if index else None)
                    state_obj.reads.append(tok.lexpos if tok is not None and tok is not _END
                                           else 1 << 60)
                syms[-1] = nonterminal
                state = statestack[-1] = gotos[statestack[-2]]
                continue
            elif kind == _VARIABLE:  # actions.a_simple_variable: $this is tracked
                if vals[-1] == "$this":
                    value = ("this", syms[-1].lexpos, syms[-1].lineno)
                else:
                    value = "var"
            elif kind == _CHAIN:  # X[...], X->p: the container's kind carries on
                value = vals[-plen]
                value = arg if value.__class__ is tuple else CHAIN_TAGS.get(value, arg)
            elif kind == _EMPTY:
                value = []
            elif kind == _SET:  # a_arguments_first
                value = {vals[-plen]}
            else:  # _SECOND
                value = vals[1 - plen]
                if value in ("ternary", "short_ternary"):
                    value = "expr"  # `(a ? b : c)`: parenthesised (actions_expr._ternary)
            if plen:
                if plen > 1:
                    del statestack[1 - plen:]
                    del vals[1 - plen:]
                    del syms[1 - plen:]
                vals[-1] = value
                syms[-1] = nonterminal
                state = statestack[-1] = gotos[statestack[-2]]
            else:
                state = gotos[state]
                push_state(state)
                push_val(value)
                push_sym(nonterminal)
                if len(statestack) >= SOFT_DEPTH:
                    # bison makes such a reduction before it reads the next
                    # token (a default reduction): PHP names the last one read.
                    last = index - 1 - (lookahead is not None and lookahead is not _END)
                    _php_depth(syms, anchors, tokens[last] if last >= 0 else None)


def _php_depth(syms: list[Any], anchors: list[tuple[int, Any, int]], tok: Tok | None) -> None:
    """Raise StackExhausted if PHP's stack would now be MAX_DEPTH deep: ours
    plus the HIDDEN entries of the constructs open on it.

    ``anchors`` remembers (position, token, hidden entries up to it) for
    tokens on the stack.  A token is never pushed twice, so while it is
    still at its position nothing below it changed: each entry is counted
    about once, however often this runs (a file nested 9,000 deep, many
    times over, stays linear).
    """
    size = len(syms)
    while anchors:
        at, anchor, _hidden = anchors[-1]
        if at < size and syms[at] is anchor:
            break
        anchors.pop()
    start, hidden = (anchors[-1][0] + 1, anchors[-1][2]) if anchors else (0, 0)
    for at in range(start, size):
        sym = syms[at]
        if sym is _NONTERMINAL:
            continue
        extra = HIDDEN.get(sym.type, 0)
        if sym.type == "CLASS":
            if at + 1 == size:  # declared or anonymous: known with the next symbol
                hidden += 1  # (PHP's mid-rule action after T_CLASS, in both)
                break
            if syms[at + 1].type != "STRING":  # `new class (...)`: no name
                extra = 1
        hidden += extra
        anchors.append((at, sym, hidden))
    if size + hidden >= MAX_DEPTH:
        raise StackExhausted(tok)


class _End:
    __slots__ = ()
    type = "$end"
    value = None


_END = _End()
