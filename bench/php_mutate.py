"""Mutants for bench/php_accuracy.py: copies of real files with one ``;``,
``}`` or ``)`` deleted, chosen by a seeded random generator (same seed and
files, same mutants)."""
from __future__ import annotations

import random
from typing import NamedTuple, Sequence

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
