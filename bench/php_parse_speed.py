"""Median parse time per file: the built-in PHP checker vs stock phply.

    python bench/php_parse_speed.py DIR [--limit N] [--target 8.2]

Both run in this process over the same files (stock phply only on files it
can parse, since it stops at PHP 5.4 syntax); medians and their ratio are
printed.  Parser tables are loaded before timing starts.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from phply import phplex, phpparse

from commit_guard.php import check_source, parse_version


def _ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("directory", type=Path)
    args.add_argument("--limit", type=int, default=2000)
    args.add_argument("--target", default="8.5")
    opts = args.parse_args()
    target = parse_version(opts.target)
    files = sorted(opts.directory.rglob("*.php"))[:opts.limit]
    check_source(b"<?php echo 1;", target)  # load tables
    stock = phpparse.make_parser(debug=False)
    ours, theirs, both_ours, rejected = [], [], [], 0
    for path in files:
        data = path.read_bytes()
        start = time.perf_counter()
        problems = check_source(data, target)
        ours.append(time.perf_counter() - start)
        rejected += bool([p for p in problems if p.code == "CG301"])
        start = time.perf_counter()
        try:
            stock.parse(data.decode("latin-1"), lexer=phplex.lexer.clone(), tracking=True)
        except Exception:  # pylint: disable=broad-except
            continue  # stock phply cannot parse modern PHP
        theirs.append(time.perf_counter() - start)
        both_ours.append(ours[-1])
    print(f"files: {len(files)}  syntax-rejected by us: {rejected}")
    print(f"ours, all files:           median {_ms(ours):.2f} ms/file, "
          f"total {sum(ours):.1f} s")
    if theirs:
        print(f"files stock phply parses:  {len(theirs)}")
        print(f"  ours   median {_ms(both_ours):.2f} ms/file")
        print(f"  phply  median {_ms(theirs):.2f} ms/file  (ratio ours/phply "
              f"{_ms(both_ours) / _ms(theirs):.2f})")


if __name__ == "__main__":
    main()
