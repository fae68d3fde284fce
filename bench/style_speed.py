"""Speed of the style checker: the code at a baseline commit against the current
code in one process, and the current code in worker processes.

    python bench/style_speed.py [DIR ...] [--limit N] [--runs 3] [--jobs 2]
                                [--baseline REV] [--diff] [--threshold]

DIR defaults to $CORPORA/laravel and $CORPORA/symfony (PHP code of the
public repositories named in docs/php-checker.md, extracted outside this
repository; it is read where it lies, never copied into it).  Each variant
runs in its own Python process over the same
files, rows interleaved, and the median of ``--runs`` is printed with the
ratio to the baseline.  The baseline is ``git archive REV`` of commit_guard/
and rules/ in a temp dir, put first on PYTHONPATH.  Every variant's
findings are hashed: the figures count only if all hashes agree (``--diff``
lists the files whose findings differ).  ``--threshold`` times one process
against ``--jobs`` workers on growing slices of the files, to place
commit_guard.checkers.style.parallel.PARALLEL_MIN_BYTES.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [os.path.join(os.environ.get("CORPORA", "corpora"), name)
                for name in ("laravel", "symfony")]
# The last commit before the style checker lost its phply pass.
DEFAULT_BASELINE = "e07bcae"


def sample(directory: Path, pattern: str, limit: int) -> list[Path]:
    """Up to ``limit`` files, evenly spread over the sorted tree (not just its first part)."""
    files = sorted(p for p in directory.rglob(pattern) if p.is_file())
    if len(files) <= limit:
        return files
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def export_baseline(rev: str, into: Path) -> Path:
    tar = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev,
                          "commit_guard", "rules"], check=True, capture_output=True).stdout
    tar_path = into / "base.tar"
    tar_path.write_bytes(tar)
    with tarfile.open(tar_path) as archive:
        archive.extractall(into / "base", filter="data")
    # The rules/ dir is installed as the commit_guard.rules package.
    (into / "base" / "rules").rename(into / "base" / "commit_guard" / "rules")
    return into / "base"


def run_variant(variant: str, listing: Path, jobs: int, base: Path | None,
                count: int = 0) -> dict:
    env = dict(os.environ)
    if base is not None:
        env["PYTHONPATH"] = str(base)
    cmd = [sys.executable, __file__, "--worker", variant, "--listing", str(listing),
           "--jobs", str(jobs), "--count", str(count)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def worker(variant: str, listing: Path, jobs: int, count: int) -> None:
    """One timed pass in this process; prints seconds, files and the findings' hash."""
    import commit_guard  # pylint: disable=import-outside-toplevel
    from commit_guard import config  # pylint: disable=import-outside-toplevel
    from commit_guard.checkers.style.checker import check_file  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.changeset import make_file  # pylint: disable=import-outside-toplevel

    cfg = config.from_table({}, "bench")
    paths = [Path(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    paths = paths[:count] if count else paths
    files = [make_file(p.as_posix().lstrip("/"), "A", p.read_bytes(), cfg["max_file_size"])
             for p in paths]
    check_file(make_file("warm.php", "A", b"<?php\n\necho 1;\n", 100), cfg)  # rule data
    start = time.perf_counter()
    if variant == "parallel":
        from commit_guard.checkers.style import parallel as style_parallel  # pylint: disable=import-outside-toplevel

        style_parallel.PARALLEL_MIN_BYTES = 0
        findings = style_parallel.check_many(files, cfg, check_file, jobs)
    else:
        findings = [x for f in files if f.content is not None for x in check_file(f, cfg)]
    seconds = time.perf_counter() - start
    by_file: dict[str, list[str]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(repr(tuple(f)))
    digest = hashlib.sha256(repr(sorted(by_file.items())).encode()).hexdigest()[:16]
    print(json.dumps({"seconds": seconds, "files": len(files), "findings": len(findings),
                      "bytes": sum(f.size for f in files), "digest": digest,
                      "by_file": by_file, "package": str(Path(commit_guard.__file__).parent)}))


def bench_dir(directory: Path, opts: argparse.Namespace, base: Path, tmp: Path) -> None:
    files = sample(directory, opts.glob, opts.limit)
    if not files:
        print(f"{directory}: no {opts.glob} files")
        return
    listing = tmp / "listing.txt"
    listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    variants = [("before, 1 process", "single", base), ("after, 1 process", "single", None),
                (f"after, {opts.jobs} workers", "parallel", None)]
    runs: dict[str, list[dict]] = {label: [] for label, _v, _b in variants}
    load_before = os.getloadavg()[0]  # other work on the machine skews the workers' row most
    for _ in range(opts.runs):
        for label, variant, where in variants:  # interleaved: load drifts hit all rows alike
            runs[label].append(run_variant(variant, listing, opts.jobs, where))
    first = runs[variants[0][0]][0]
    assert first["package"].startswith(str(base)), first["package"]
    size_mb = first["bytes"] / 1e6
    print(f"\n{directory}: {len(files)} files, {size_mb:.1f} MB, "
          f"median of {opts.runs} runs, {os.cpu_count()} CPUs, load average "
          f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}")
    baseline = statistics.median(r["seconds"] for r in runs[variants[0][0]])
    for label, _v, _b in variants:
        secs = statistics.median(r["seconds"] for r in runs[label])
        digests = {r["digest"] for r in runs[label]}
        print(f"  {label:<22} {secs:7.2f} s  {len(files) / secs:8.0f} files/s  "
              f"{baseline / secs:5.2f}x  findings {runs[label][0]['findings']} "
              f"hash {','.join(sorted(digests))}")
    same = len({r["digest"] for rows in runs.values() for r in rows}) == 1
    print(f"  same findings in every variant: {'yes' if same else 'NO'}")
    if opts.diff and not same:
        show_diff(runs[variants[0][0]][0]["by_file"], runs[variants[1][0]][0]["by_file"])


def show_diff(before: dict, after: dict) -> None:
    paths = sorted(set(before) | set(after))
    differ = [p for p in paths if before.get(p) != after.get(p)]
    print(f"  {len(differ)} files differ")
    for path in differ[:30]:
        print(f"   {path}\n     before {before.get(path)}\n     after  {after.get(path)}")


def threshold(directory: Path, opts: argparse.Namespace, tmp: Path) -> None:
    files = sample(directory, opts.glob, opts.limit)
    listing = tmp / "listing.txt"
    listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    print(f"\n{directory}: 1 process against {opts.jobs} workers (incl. their start-up)")
    for count in (25, 50, 100, 200, 400, 800):
        if count > len(files):
            break
        one, many = [], []
        for _ in range(opts.runs):
            one.append(run_variant("single", listing, opts.jobs, None, count))
            many.append(run_variant("parallel", listing, opts.jobs, None, count))
        t_one = statistics.median(r["seconds"] for r in one)
        t_many = statistics.median(r["seconds"] for r in many)
        print(f"  {count:5d} files {one[0]['bytes'] / 1e3:8.0f} kB   1 process {t_one:6.3f} s"
              f"   {opts.jobs} workers {t_many:6.3f} s   ratio {t_many / t_one:5.2f}")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    args.add_argument("dirs", nargs="*", default=DEFAULT_DIRS)
    args.add_argument("--limit", type=int, default=1500, help="files per directory")
    args.add_argument("--runs", type=int, default=3)
    args.add_argument("--jobs", type=int, default=2)
    args.add_argument("--glob", default="*.php")
    args.add_argument("--baseline", default=DEFAULT_BASELINE)
    args.add_argument("--diff", action="store_true")
    args.add_argument("--threshold", action="store_true")
    args.add_argument("--worker", help=argparse.SUPPRESS)
    args.add_argument("--listing", type=Path, help=argparse.SUPPRESS)
    args.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    opts = args.parse_args()
    if opts.worker:
        worker(opts.worker, opts.listing, opts.jobs, opts.count)
        return
    missing = [d for d in opts.dirs if not Path(d).is_dir()]
    if missing:
        sys.exit(f"style_speed: no such directory: {missing[0]}")
    with tempfile.TemporaryDirectory(prefix="style-bench-") as tmp:
        base = None if opts.threshold else export_baseline(opts.baseline, Path(tmp))
        for directory in opts.dirs:
            if base is None:
                threshold(Path(directory), opts, Path(tmp))
            else:
                bench_dir(Path(directory), opts, base, Path(tmp))


if __name__ == "__main__":
    main()
