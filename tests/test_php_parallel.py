"""Many PHP files with worker processes (commit_guard.php.parallel): the
same findings as one process, this process checking beside the pool, and
a pool that breaks leaves no file unchecked."""
from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import threading

import pytest

from commit_guard.php import parallel

GOOD = "<?php\nnamespace App;\n\nfinal class C{i}\n{{\n    public function f(int $x): array\n" \
       "    {{\n        return ['a' => $x, 'b' => [1, 2, 3], 'c' => \"s{i}\"];\n    }}\n}}\n"
BAD = "<?php\nfunction f{i}() {{\n    return [1, 2\n}}\n"  # unclosed '['
COMPILE = "<?php\nclass D{i} {{ function f() {{ $this = 1; }} }}\n"  # Cannot re-assign $this


def _items(count: int = 90) -> list[tuple[str, bytes]]:
    out = []
    for i in range(count):
        template = (GOOD, BAD, COMPILE)[i % 3]
        # Sizes differ, so chunks hold different numbers of files.
        out.append((f"src/f{i}.php", (template.format(i=i) + "// pad\n" * i).encode()))
    return out


@pytest.fixture(name="alone", scope="module")
def fixture_alone():
    return parallel.check_many(_items(), (8, 2), jobs=1)


def test_workers_find_what_one_process_finds(alone):
    assert len(alone) == 90
    assert sum(1 for problems in alone.values() if problems) == 60  # BAD and COMPILE
    assert parallel.check_many(_items(), (8, 2), jobs=2) == alone


def test_this_process_checks_beside_the_pool(alone, monkeypatch):
    seen: list[str] = []
    real = parallel._check_chunk  # pylint: disable=protected-access

    def spy(chunk, target, cancel=None):
        seen.extend(path for path, _data in chunk)  # runs in this process only
        return real(chunk, target, cancel)

    monkeypatch.setattr(parallel, "_check_chunk", spy)
    assert parallel.check_many(_items(), (8, 2), jobs=2) == alone
    # Chunks checked here (the pool's workers import the real function):
    # this process does not sit waiting for the pool to start.
    assert seen


def test_a_pool_that_cannot_start_leaves_nothing_unchecked(alone, monkeypatch):
    # Workers whose interpreter exits at once: the pool breaks
    # (BrokenProcessPool) and this process checks every file.
    monkeypatch.setattr(parallel, "_context", lambda: multiprocessing.get_context("spawn"))
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", "/bin/false")
    assert parallel.check_many(_items(), (8, 2), jobs=3) == alone


def test_cancelled_before_start_checks_nothing():
    cancel = threading.Event()
    cancel.set()
    assert not parallel.check_many(_items(), (8, 2), jobs=2, cancel=cancel)
