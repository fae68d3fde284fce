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
- the first syntax error ends the parse (our error hook always raised).

Rules whose action only passes a value on (the first symbol's, the
second's, or a constant tag) are done in the loop, without a call.
"""
from __future__ import annotations

from typing import Any, Callable

from commit_guard.php.lexdata import LexFailure, Tok

# Action name -> how the loop does it without calling it.
FIRST = ("default", "first", "text")
CONSTANTS: dict[str, Any] = {"expr": "expr", "var": "var", "prop": "prop",
                             "nullsafe_prop": "nullsafe", "dim": "dim", "call": "call",
                             "false": False, "true": True, "nested_list": None,
                             "positional": "pos"}
_CALL, _FIRST, _SECOND, _CONST, _VARIABLE = 0, 1, 2, 3, 4


class _NonTerminal:
    """What ``p.lineno``/``p.lexpos`` see for a nonterminal: no position."""

    __slots__ = ()
    lineno = 0
    lexpos = 0


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
            name = action_names[prod.func]
            if name in FIRST:
                kind, arg = (_FIRST, None) if prod.len else (_CONST, None)
            elif name == "second" and prod.len >= 2:
                kind, arg = _SECOND, None
            elif name in CONSTANTS:
                kind, arg = _CONST, CONSTANTS[name]
            elif name == "simple_variable" and prod.len == 1:
                kind, arg = _VARIABLE, None
            else:
                kind, arg = _CALL, functions[prod.func]
            self.rules.append((gotos.get(prod.name, {}), prod.len, kind, arg))

    # One loop, kept flat on purpose: it runs for every token and reduction.
    def parse(self, tokens: list[Tok], failure: LexFailure | None,  # noqa: C901
              state_obj: Any, feeder: Any) -> None:
        # pylint: disable=too-many-locals,too-many-branches,too-many-statements
        """Parse ``tokens``; raise ``failure`` (the scanner's error) where the
        tokens end, ParseError at a syntax error.  Sets ``state_obj.lookahead``
        to each token read, and ``feeder.index`` to how many were read."""
        actions, rules, defaulted = self.actions, self.rules, self.defaulted
        statestack = [0]
        vals: list[Any] = [None]
        syms: list[Any] = [_NONTERMINAL]
        nonterminal = _NONTERMINAL
        state = 0
        index, count = 0, len(tokens)
        lookahead: Any = None
        ltype = ""
        push_state, push_val, push_sym = statestack.append, vals.append, syms.append
        while True:
            t = defaulted[state]
            if not t:
                if lookahead is None:
                    if index < count:
                        lookahead = tokens[index]
                        index += 1
                        state_obj.lookahead = lookahead
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
                    raise ParseError(None if lookahead is _END else lookahead, statestack)
                if t > 0:
                    push_state(t)
                    state = t
                    push_val(lookahead.value)
                    push_sym(lookahead)
                    lookahead = None
                    continue
                if t == 0:
                    return
            gotos, plen, kind, arg = rules[-t]
            if kind == _FIRST:
                if plen == 1:  # A : B, the commonest rule: only the top changes
                    syms[-1] = nonterminal
                    state = statestack[-1] = gotos[statestack[-2]]
                    continue
                value = vals[-plen]
            elif kind == _CONST:
                value = arg
            elif kind == _SECOND:
                value = vals[1 - plen]
            elif kind == _VARIABLE:  # actions.a_simple_variable: $this is tracked
                if vals[-1] == "$this":
                    value = ("this", syms[-1].lexpos, syms[-1].lineno)
                else:
                    value = "var"
            else:
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


class _End:
    __slots__ = ()
    type = "$end"
    value = None


_END = _End()
