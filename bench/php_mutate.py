"""Mutants for bench/php_accuracy.py: copies of real files with one ``;``,
``}`` or ``)`` deleted (syntax errors), or with one edit that php -l
refuses when compiling (compile_mutants), chosen by a seeded random
generator (same seed and files, same mutants)."""
from __future__ import annotations

import random
import re
from typing import Any, NamedTuple, Sequence

TARGETS = frozenset(b";})")


class Mutant(NamedTuple):
    name: str  # "<file>#<index>:<line>:<char>"
    data: bytes
    line: int  # line of the deleted character
    char: str


def candidates(data: bytes) -> list[int]:
    """Offsets of deletable characters after the first ``<?php`` (deleting
    one in the inline HTML before it could not break anything)."""
    start = data.find(b"<?")
    if start < 0:
        return []
    return [i for i in range(start, len(data)) if data[i] in TARGETS]


def mutate(name: str, data: bytes, index: int, rng: random.Random) -> Mutant | None:
    offsets = candidates(data)
    if not offsets:
        return None
    at = rng.choice(offsets)
    line = data.count(b"\n", 0, at) + 1
    char = chr(data[at])
    return Mutant(f"{name}#{index}:{line}:{char}", data[:at] + data[at + 1:], line, char)


def make_mutants(files: Sequence[tuple[str, bytes]], count: int, seed: int) -> list[Mutant]:
    """``count`` mutants of ``files`` (each file at most once while files last)."""
    rng = random.Random(seed)
    pool = sorted((name, data) for name, data in files if candidates(data))
    if not pool or count <= 0:
        return []
    mutants: list[Mutant] = []
    while len(mutants) < count:
        order = rng.sample(pool, min(len(pool), count - len(mutants)))
        for name, data in order:
            mutant = mutate(name, data, len(mutants), rng)
            if mutant is not None:
                mutants.append(mutant)
    return mutants


# Compile-error mutants: edits that keep the file parseable but make php -l
# fail when compiling it (the edits the issue measured).  Each pattern's
# first group is replaced by the text next to it; sites are found on the
# raw text (a site inside a string or comment just gives a valid file,
# which both sides then accept).
_MODIFIER = re.compile(rb"\b(public|protected|private|static|final|abstract|readonly)\s+"
                       rb"(?=(?:public|protected|private|static|final|abstract|readonly|function"
                       rb"|const|class|\??[A-Za-z_\\]+\s+\$|\$))")
COMPILE_EDITS: tuple[tuple[str, re.Pattern[bytes], bytes], ...] = (
    ("duplicate modifier", _MODIFIER, b"\\1 \\1 "),
    # `$lang['x'] = 1` -> `lang['x'] = 1`, `$this->a = 1` -> `this->a = 1`
    ("constant as target",
     re.compile(rb"(?<=[;{}]\s)(\s*)\$(\w+(?:\[[^\]\n;]*\]|->\w+)+\s*=[^=>])"), b"\\1\\2"),
    # `list($a, $b) = $c` -> `list(a, $b) = $c`
    ("constant in list()", re.compile(rb"(\blist\(\s*|\[\s*)\$(\w+\s*,[^;\n]*[\])]\s*=[^=>])"),
     b"\\1\\2"),
    # `= $b[$k];` -> `= $b[];`
    ("[] read", re.compile(rb"(=\s*\$\w+)\[[^\]\n;]+\](\s*;)"), b"\\1[]\\2"),
    # `$a->b = ` -> `$a?->b = `
    ("nullsafe target", re.compile(rb"(\$\w+)->(\w+\s*=[^=>])"), b"\\1?->\\2"),
    # `$i++` -> `f($i)++`
    ("call target", re.compile(rb"(\$\w+)(\+\+|--)"), b"f(\\1)\\2"),
)


def compile_mutants(files: Sequence[tuple[str, bytes]], count: int, seed: int) -> list[Mutant]:
    """``count`` compile-error mutants: one edit of COMPILE_EDITS at a
    random site of a random file (seeded; the edit kind named in ``char``)."""
    rng = random.Random(seed)
    sites = [(name, data, label, match, repl) for name, data in sorted(files)
             for label, pattern, repl in COMPILE_EDITS for match in pattern.finditer(data)]
    by_kind: dict[str, list[Any]] = {}
    for site in sites:
        by_kind.setdefault(site[2], []).append(site)
    mutants: list[Mutant] = []
    kinds = sorted(by_kind)
    while kinds and len(mutants) < count:
        label = kinds[len(mutants) % len(kinds)]
        name, data, _label, match, repl = rng.choice(by_kind[label])
        new = data[:match.start()] + match.expand(repl) + data[match.end():]
        line = data.count(b"\n", 0, match.start()) + 1
        mutants.append(Mutant(f"{name}#{len(mutants)}:{line}:{label}", new, line, label))
    return mutants
