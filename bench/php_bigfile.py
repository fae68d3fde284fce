"""A 10 MiB generated PHP file (one big array literal, as dictionaries and
generated tables are): CPU seconds of ``php -n -l`` against our checker.

    python bench/php_bigfile.py [--mib 10] [--repeat 3] [--php php]

Both are timed in CPU seconds (php's as a child process, ours in this
process after the parser tables are loaded), median of --repeat runs;
the verdicts must agree.  Prints the ratio ours / php.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from commit_guard.php import check_source


def generate(size: int, seed: int = 1) -> bytes:
    """An array literal of ``size`` bytes: string keys, nested arrays of
    strings, integers, hex and floats."""
    rng = random.Random(seed)
    parts = ["<?php\n// generated dictionary\nreturn [\n"]
    total, index = len(parts[0]), 0
    while total < size - 200:
        line = (f"    'function_{index:07d}' => ['returns' => 'array<string, int>', "
                f"'param_{index % 97}' => '?string', 'count' => {rng.randint(0, 99999)}, "
                f"'flags' => [{index % 7}, {index % 11}, 0x{index:x}], "
                f"'ratio' => {rng.random():.6f}],\n")
        parts.append(line)
        total += len(line)
        index += 1
    parts.append("];\n")
    return "".join(parts).encode()


def php_cpu(php: str, path: Path) -> tuple[float, bool]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([php, "-n", "-l", str(path)], capture_output=True, text=True,
                         check=False).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, "No syntax errors detected" in out


def ours_cpu(data: bytes) -> tuple[float, bool]:
    start = time.process_time()
    problems = check_source(data, target=(8, 2))
    return time.process_time() - start, not problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mib", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--php", default="php")
    args = parser.parse_args(argv)
    data = generate(int(args.mib * 1024 * 1024))
    check_source(b"<?php\n", target=(8, 2))  # parser tables loaded before timing
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "big.php")
        path.write_bytes(data)
        theirs = [php_cpu(args.php, path) for _ in range(args.repeat)]
    ours = [ours_cpu(data) for _ in range(args.repeat)]
    php_s = statistics.median(t for t, _ok in theirs)
    our_s = statistics.median(t for t, _ok in ours)
    verdicts = {ok for _t, ok in theirs} | {ok for _t, ok in ours}
    same = len(verdicts) == 1
    print(f"{len(data)} bytes: php -n -l {php_s:.2f} s CPU, ours {our_s:.2f} s CPU "
          f"(ours / php {our_s / php_s:.1f}x); verdicts agree: {same} "
          f"({'valid' if ours[0][1] else 'rejected'})")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
