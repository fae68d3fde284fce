"""Side-by-side timing: commit-guard against plain pylint, pylint -j2, the
pre-commit framework running the same pylint, and php -l.

    python bench/bench_speed.py [--runs N] [--only 1file,env,70file,500all,php,parallel]

Scenarios are built from real code in temporary git repositories: the
installed `pre_commit` package (67 files, 7,164 lines, the issue's
reference size) for the 1-file and 70-file commits, several installed
packages together (about 500 files) for `--all`, and for PHP the
symfony/symfony corpus under $CORPORA (the directory the public repositories
were extracted into, outside this repository; see docs/php-checker.md).
Every tool gets the same files and the same
rcfile (rules/pylintrc).  "cold" clears commit-guard's cache before each
run; "warm" re-checks unchanged content.  Medians of --runs runs (slow
rows use fewer runs; the table says how many), taken in interleaved
rounds so that load from other processes falls on every row alike.  Memory: the largest
single process (wait4 ru_maxrss) and the sampled sum over the process
tree.
"""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed_util import (SITE, Job, Timing, copy_package, git, line_count,  # noqa: E402  pylint: disable=wrong-import-position
                        load, measure, new_repo, print_table)

RCFILE = Path(__file__).resolve().parent.parent / "rules" / "pylintrc"
PY = sys.executable
CG = [PY, "-m", "commit_guard", "check"]
PYLINT = [PY, "-m", "pylint", f"--rcfile={RCFILE}"]
# Both parallel forms, however small the work.
FORCE = {"COMMIT_GUARD_PYLINT_MIN_BATCH": "1", "COMMIT_GUARD_PYLINT_IGNORE_IDLE": "1"}
MIX = ["pre_commit", "pathspec", "joserfc", "aws_xray_sdk", "virtualenv", "isort",
       "jsonschema", "boto3", "pyasn1"]
PRECOMMIT_CONFIG = f"""repos:
- repo: local
  hooks:
  - id: pylint
    name: pylint
    entry: {PY} -m pylint
    language: system
    types: [python]
    args: [--rcfile={RCFILE}]
"""


class Bench:
    def __init__(self, work: Path, runs: int) -> None:
        self.work = work
        self.runs = runs
        self.cache = work / "cache"
        self.env = {**os.environ, "COMMIT_GUARD_CACHE_DIR": str(self.cache),
                    "PRE_COMMIT_HOME": str(work / "pre-commit-home"),
                    "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.invalid",
                    "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@example.invalid"}
        self.env.pop("SKIP", None)
        # As installed, commit-guard's modules have bytecode; with this set,
        # every module edited since its last compile would be compiled on
        # every run (and warm runs are mostly start-up).
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.report: list[str] = []

    def clear(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)

    def job(self, label: str, cmd: list[str], cwd: Path, runs: int | None = None,
            cold: bool = False, env: dict[str, str] | None = None) -> Job:
        return Job(label, cmd, cwd, {**self.env, **(env or {})}, runs or self.runs,
                   self.clear if cold else None)

    def warm(self, label: str, cmd: list[str], cwd: Path, *also: Job) -> list[Timing]:
        """After the cold rows: the cache holds the last cold run's results.
        ``also``: jobs measured in the same rounds.

        A warm run that wrote entries re-checked something (commit-guard's
        code changed under the bench, say): such a row is flagged.
        """
        before = self.entries()
        timings = measure([self.job(label, cmd, cwd), *also])
        if self.entries() != before:
            timings[0].label += " (NOT all served from the cache)"
        return timings

    def entries(self) -> dict[str, bytes]:
        # By content: a hit only touches an entry's mtime.
        return {str(p): p.read_bytes() for p in self.cache.rglob("*") if p.is_file()}

    def table(self, title: str, rows: list[Timing], base: Timing) -> None:
        self.report += print_table(title, rows, base)
        cold = [r for r in rows if ", cold" in r.label]
        warm = [r for r in rows if ", warm" in r.label]
        if cold and warm:  # the warm target is against the cold run
            line = (f"\nwarm / cold: {warm[0].median / cold[0].median:.3f}x "
                    f"({warm[0].median * 1000:.0f} ms / {cold[0].median * 1000:.0f} ms)")
            print(line, flush=True)
            self.report.append(line)

    def precommit_repo(self, repo: Path) -> None:
        (repo / ".pre-commit-config.yaml").write_text(PRECOMMIT_CONFIG, encoding="utf-8")
        git(repo, "add", ".pre-commit-config.yaml")

    def package_repo(self, name: str) -> tuple[Path, list[str]]:
        repo = new_repo(self.work / name)
        files = copy_package("pre_commit", repo)
        self.precommit_repo(repo)
        return repo, files

    def one_file(self) -> None:
        repo, files = self.package_repo("one")
        git(repo, "add", ".")
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        sizes = {f: (repo / f).read_bytes().count(b"\n") for f in files}
        target = min(files, key=lambda f: abs(sizes[f] - 250))
        with open(repo / target, "a", encoding="utf-8") as fh:
            fh.write("# edited\n")
        git(repo, "add", target)
        rows = measure([self.job("pylint FILE", [*PYLINT, target], repo),
                        self.job("pre-commit run (pylint hook)", ["pre-commit", "run"], repo),
                        self.job("commit-guard check, cold", CG, repo, cold=True)])
        # Start-up alone, for scale: the same repository with nothing staged.
        idle = new_repo(self.work / "idle")
        copy_package("pre_commit", idle)
        git(idle, "add", ".")
        git(idle, "commit", "-q", "--no-verify", "-m", "base")
        rows += self.warm("commit-guard check, warm", CG, repo,
                          self.job("commit-guard check, nothing staged", CG, idle))
        self.table(f"1-file commit: {target} ({sizes[target]} lines)", rows, rows[0])

    def environment(self) -> None:
        """The 1-file commit with a project venv at .venv (discovered, its
        site-packages on pylint's path and in the cache key) against the same
        commit with no project venv.  The venv holds pre_commit's own
        dependencies, copied from this interpreter's site-packages."""
        plain, files = self.package_repo("env-none")
        with_env, _ = self.package_repo("env-venv")
        subprocess.run([PY, "-m", "venv", "--without-pip", str(with_env / ".venv")], check=True)
        site = next((with_env / ".venv").glob("lib/python*/site-packages"))
        for dep in ("cfgv", "identify", "nodeenv", "yaml", "virtualenv", "platformdirs",
                    "filelock", "distlib"):
            if (SITE / dep).is_dir():
                copy_package(dep, site)
        target = files[len(files) // 2]
        for repo in (plain, with_env):
            (repo / ".gitignore").write_text(".venv/\n", encoding="utf-8")
            git(repo, "add", ".")
            git(repo, "commit", "-q", "--no-verify", "-m", "base")
            with open(repo / target, "a", encoding="utf-8") as fh:
                fh.write("# edited\n")
            git(repo, "add", target)
        rows = measure([self.job("python -c pass (bare interpreter)", [PY, "-c", "pass"], plain),
                        self.job("no project venv, cold", CG, plain, cold=True),
                        self.job(".venv discovered, cold", CG, with_env, cold=True)])
        for repo in (plain, with_env):
            subprocess.run(CG, cwd=repo, env=self.env, capture_output=True, check=False)
        rows += self.warm("no project venv, warm", CG, plain,
                          self.job(".venv discovered, warm", CG, with_env))
        self.report += print_table(f"1-file commit ({target}) with and without a project "
                                   "environment", rows, rows[3])

    def seventy(self) -> None:
        repo, files = self.package_repo("seventy")
        git(repo, "add", ".")
        lines = line_count([repo / f for f in files])
        few = max(1, self.runs - 2)
        rows = measure([self.job("pylint -j2 PACKAGE", [*PYLINT, "-j2", "pre_commit"], repo, few),
                        self.job("pylint PACKAGE", [*PYLINT, "pre_commit"], repo, few),
                        self.job("pre-commit run (pylint hook)", ["pre-commit", "run"], repo,
                                 few),
                        self.job("commit-guard check, cold", CG, repo, few, cold=True)])
        rows += self.warm("commit-guard check, warm", CG, repo)
        self.table(f"70-file commit: the pre_commit package staged ({len(files)} files, "
                   f"{lines} lines)", rows, rows[0])

    def parallel(self) -> None:
        """Which pylint parallelism to keep (pylint_run.STRATEGY)."""
        repo, _files = self.package_repo("parallel")
        git(repo, "add", ".")
        few = max(1, self.runs - 2)
        rows = measure([
            self.job("pylint -j2 PACKAGE", [*PYLINT, "-j2", "pre_commit"], repo, few),
            self.job("pylint PACKAGE", [*PYLINT, "pre_commit"], repo, few),
            self.job("cg: one in-process run (--jobs 1)", [*CG, "--jobs", "1"], repo, few,
                     cold=True),
            self.job("cg: pylint's own --jobs 2", [*CG, "--jobs", "2"], repo, few, cold=True,
                     env={**FORCE, "COMMIT_GUARD_PYLINT_PARALLEL": "pylint"}),
            self.job("cg: own split, 2 batches", [*CG, "--jobs", "2"], repo, few, cold=True,
                     env={**FORCE, "COMMIT_GUARD_PYLINT_PARALLEL": "split"})])
        self.table("pylint parallelism, pre_commit package, cold", rows, rows[0])

    def five_hundred(self) -> None:
        repo = new_repo(self.work / "mix")
        files: list[str] = []
        for name in MIX:
            files += copy_package(name, repo)
        self.precommit_repo(repo)
        git(repo, "add", ".")
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        lines = line_count([repo / f for f in files])
        rows = measure([
            self.job("pylint -j2 PACKAGES", [*PYLINT, "-j2", *MIX], repo, 1),
            self.job("pylint PACKAGES", [*PYLINT, *MIX], repo, 1),
            self.job("pre-commit run --all-files", ["pre-commit", "run", "--all-files"], repo, 1),
            self.job("commit-guard check --all, cold", [*CG, "--all"], repo, 1, cold=True)])
        rows += self.warm("commit-guard check --all, warm", [*CG, "--all"], repo)
        self.table(f"--all: {len(files)} files, {lines} lines ({', '.join(MIX)})", rows, rows[0])

    def php(self) -> None:
        corpus = Path(os.environ.get("CORPORA", "corpora")) / "symfony"
        sources = sorted(corpus.rglob("*.php"))[:500]
        if not sources or not shutil.which("php"):
            print(f"php: no corpus in {corpus} (set CORPORA) or no php; skipped")
            return
        repo = new_repo(self.work / "php")
        for i, src in enumerate(sources):
            dest = repo / "src" / f"{i:03d}_{src.name}"
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        git(repo, "add", ".")
        git(repo, "commit", "-q", "--no-verify", "-m", "base")
        lint = "find src -name '*.php' -print0 | xargs -0 -n1 -P2 php -l >/dev/null"
        few = max(1, self.runs - 2)
        rows = measure([
            self.job("php -l, each file, 2 in parallel", ["sh", "-c", lint], repo, few),
            self.job("commit-guard --all --only php-syntax, cold",
                     [*CG, "--all", "--only", "php-syntax"], repo, few, cold=True)])
        rows += self.warm("commit-guard --all --only php-syntax, warm",
                          [*CG, "--all", "--only", "php-syntax"], repo)
        self.table(f"PHP --all: {len(sources)} files from symfony", rows, rows[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="1file,70file,parallel,500all,php")
    args = parser.parse_args()
    wanted = args.only.split(",")
    start_load = load()
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        bench = Bench(Path(tmp), args.runs)
        steps = {"1file": bench.one_file, "env": bench.environment, "70file": bench.seventy,
                 "parallel": bench.parallel,
                 "500all": bench.five_hundred, "php": bench.php}
        for name in wanted:
            steps[name]()
    print(f"\n{datetime.date.today()}  load average before: {start_load}, after: {load()}  "
          f"cpus: {os.cpu_count()}  python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
