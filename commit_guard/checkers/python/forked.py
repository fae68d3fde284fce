"""pylint over several processes that share what the first files loaded.

Runs inside the worker (worker.py), which has one thread, so forking it is
safe.  The worker first lints the files the others import most (the
warm-up) by itself; then it forks, and each process lints its share of
the rest, starting from the astroid cache the warm-up filled: the shared
modules, the standard library's among them, are parsed and inferred once
instead of once per process, as pylint's own ``--jobs`` does.  Messages
that need every file (cyclic-import, duplicate-code) come from pylint's
own reducers over the map data of all parts, as with its ``--jobs``.

Selected with COMMIT_GUARD_PYLINT_PARALLEL=fork; pylint's own --jobs stays
the default (run.py says why).  Measured on pre_commit's 67 files
(rules/pylintrc, an idle 2-core machine): the least CPU of the parallel
forms (13.8 s user, against 16.7 s for pylint's --jobs inside commit-guard),
but a longer wall time (11.1-11.5 s against 8.4-9.3 s): the warm-up runs
alone, and the shares are fixed in advance where pylint hands out file by
file.
"""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Sequence

from commit_guard.checkers.python.lint import MapData, Paths, check_batch
from commit_guard.errors import UserError
from commit_guard.finding import Finding

WARM_FRACTION = 0.1
_IMPORT = re.compile(rb"^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ()]+)|import\s+([\w., ]+))",
                     re.MULTILINE)


def plan(targets: Sequence[Path], root: Path, workers: int) -> tuple[list[Path], list[list[Path]]]:
    """(warm-up, one share per process): the warm-up is the most imported
    files, about ``WARM_FRACTION`` of the bytes; the rest is dealt out."""
    sizes = {t: max(1, _size(t)) for t in targets}
    total = sum(sizes.values())
    degree = _imported_by(targets, root)
    warm: list[Path] = []
    taken = 0
    for target in sorted(targets, key=lambda t: (-degree.get(t, 0), str(t))):
        if taken >= WARM_FRACTION * total or not degree.get(target):
            break
        warm.append(target)
        taken += sizes[target]
    rest = sorted(t for t in targets if t not in set(warm))
    # Dealt in turn, by path: neighbours share imports, and what a file costs
    # is known only once it is linted (bytes were a poor guess: contiguous
    # halves of equal size took 4.2 s and 8.8 s).
    shares = [rest[i::workers] for i in range(max(1, min(workers, len(rest))))]
    return warm, [s for s in shares if s]


def _imported_by(targets: Sequence[Path], root: Path) -> dict[Path, int]:
    """How many of ``targets`` import each target (by a look at its import
    lines: an estimate for ordering, nothing is resolved or run)."""
    by_name: dict[str, Path] = {}
    for target in targets:
        parts = target.relative_to(root).with_suffix("").parts
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        for start in range(len(parts)):  # a src/ layout, a tests/ root: any suffix
            by_name.setdefault(".".join(parts[start:]), target)
    count: dict[Path, int] = {}
    for target in targets:
        try:
            text = target.read_bytes()
        except OSError:
            continue
        names: set[str] = set()
        for base, members, plain in _IMPORT.findall(text):
            if plain:
                names.update(n.split()[0] for n in plain.decode("ascii", "replace").split(",")
                             if n.split())
            else:
                module = base.decode("ascii", "replace")
                names.add(module)
                names.update(f"{module}.{m}" for m in
                             re.findall(r"\w+", members.decode("ascii", "replace")))
        for found in {by_name[n] for n in names if n in by_name} - {target}:
            count[found] = count.get(found, 0) + 1
    return count


def check_forked(args: list[str], targets: Sequence[Path], root: Path, workers: int,
                 scratch: Path, on_file: Callable[[str | None], None] | None = None,
                 paths: Paths | None = None) -> list[Finding]:
    """``scratch``: a directory for the parts' results, inside the worker's
    own, which its parent removes however the worker ends."""
    warm, shares = plan(targets, root, workers)
    parts = _Parts(on_file)
    findings = check_batch(args, warm, root, on_file, paths, part=parts.keep) if warm else []
    scratch.mkdir(mode=0o700)
    try:
        for index, share in enumerate(shares[1:], 1):
            out = scratch / f"part{index}"
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child's coverage is not collected
                _child(args, share, root, on_file, paths, out)
            parts.children.append((pid, out))
        findings += check_batch(args, shares[0], root, on_file, paths, part=parts.gather)
        return findings + parts.findings
    finally:
        parts.kill()  # left only when this process failed first
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()


class _Parts:
    """The map data and findings of every part, for the last part's reduce."""

    def __init__(self, on_file: Callable[[str | None], None] | None) -> None:
        self.on_file = on_file
        self.data: list[MapData] = []
        self.findings: list[Finding] = []
        self.children: list[tuple[int, Path]] = []

    def keep(self, data: MapData) -> list[MapData]:
        self.data.append(data)
        return []

    def gather(self, data: MapData) -> list[MapData]:
        if self.on_file is not None:
            self.on_file(None)  # waiting now: this process's last file is done
        while self.children:
            pid, out = self.children.pop(0)
            _pid, status = os.waitpid(pid, 0)
            part_findings, part_data = _read_part(out, status)
            self.findings.extend(part_findings)
            self.data.append(part_data)
        return [*self.data, data]

    def kill(self) -> None:
        for pid, _out in self.children:
            try:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def _child(args: list[str], share: list[Path], root: Path,
           on_file: Callable[[str | None], None] | None, paths: Paths | None, out: Path) -> None:
    code = 1
    try:
        parts = _Parts(on_file)
        try:
            findings = check_batch(args, share, root, on_file, paths, part=parts.keep)
            if on_file is not None:
                on_file(None)  # done: its last file is no longer being waited for
            result: object = [[list(f) for f in findings],
                              _encode(parts.data[0] if parts.data else {})]
        except UserError as exc:
            result = str(exc)
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(result), encoding="utf-8")
        tmp.replace(out)  # whole or absent, never half
        code = 0
    finally:
        os._exit(code)  # never back into the parent's code (its finally, its exit)


def _read_part(out: Path, status: int) -> tuple[list[Finding], MapData]:
    try:
        result = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        how = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit {os.waitstatus_to_exitcode(status)}")
        # Never a silent pass: the checker's crash blocks the commit (exit 2).
        raise RuntimeError(f"a pylint process ended without a result ({how})") from exc
    if isinstance(result, str):
        raise UserError(result)
    findings, data = result
    return [Finding(*f) for f in findings], _decode(data)


# The run-wide data of pylint's checkers, as JSON: the import graph
# (cyclic-import) and the stripped lines of each file (duplicate-code).
# A checker with data this does not know stops the check (exit 2) rather
# than lose its messages.
def _encode(data: MapData) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, values in data.items():
        if name == "imports":
            out[name] = [[{k: sorted(v) for k, v in graph.items()} for graph in value]
                         for value in values]
        elif name == "similarities":
            out[name] = [[[ls.name, ls._real_lines,  # pylint: disable=protected-access
                           [list(spec) for spec in ls._stripped_lines]]  # pylint: disable=protected-access
                          for ls in linesets] for linesets in values]
        else:
            raise RuntimeError(f"pylint checker {name!r} has run-wide data a split run "
                               "cannot carry; set jobs = 1")
    return out


def _decode(data: dict[str, Any]) -> MapData:
    from pylint.checkers.symilar import LineSet, LineSpecifs  # pylint: disable=import-outside-toplevel

    out: MapData = {}
    for name, values in data.items():
        if name == "imports":
            out[name] = [tuple(defaultdict(set, {k: set(v) for k, v in graph.items()})
                               for graph in value) for value in values]
        else:
            decoded = []
            for linesets in values:
                sets = []
                for set_name, real, stripped in linesets:
                    lineset = LineSet.__new__(LineSet)
                    lineset.name, lineset._real_lines = set_name, real
                    lineset._stripped_lines = [LineSpecifs(*s) for s in stripped]  # pylint: disable=protected-access
                    sets.append(lineset)
                decoded.append(sets)
            out[name] = decoded
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
