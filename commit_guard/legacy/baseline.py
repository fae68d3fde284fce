"""The baseline file: findings a team has accepted as existing.

One line per finding, tab-separated, sorted, so the file diffs and reviews
well and does not churn when unrelated lines move::

    path<TAB>checker<TAB>code<TAB>normalised source line<TAB>message

Line numbers are deliberately absent: an entry matches the same rule on
the same normalised line anywhere in the file (counted, so duplicates need
one entry each).  The message is informational and not compared.
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, NamedTuple

from commit_guard.checkers.base import ERROR, SKIPPED
from commit_guard.errors import UserError
from commit_guard.legacy.matching import always_new, line_text, remove_findings, split_lines

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.finding import Finding
    from commit_guard.runner import RunResult
    from commit_guard.sources.changeset import Source

DEFAULT_NAME = "commit-guard.baseline"
HEADER = (
    "# commit-guard baseline: findings accepted as existing.\n"
    "# `commit-guard check --baseline FILE` (or config `baseline`) reports only findings\n"
    "# not listed here. Regenerate with `commit-guard baseline`; delete lines as you fix\n"
    "# them (stale lines are reported). Line numbers are not recorded: an entry matches\n"
    "# the same rule on the same source line (whitespace-normalised) anywhere in the file.\n"
    "# path\tchecker\tcode\tline\tmessage\n"
)
MAX_STALE_SHOWN = 10
_ESCAPES = (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


class Entry(NamedTuple):
    path: str
    checker: str
    code: str
    text: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.path, self.checker, self.code, self.text)


def _escape(value: str) -> str:
    for raw, esc in _ESCAPES:
        value = value.replace(raw, esc)
    return value


def _unescape(value: str) -> str:
    out, i = [], 0
    table = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in table:
            out.append(table[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def entry_of(f: Finding, content: bytes | None) -> Entry:
    return Entry(f.path, f.checker, f.code, line_text(split_lines(content), f.line), f.message)


def dumps(entries: Iterable[Entry]) -> str:
    # Duplicates are kept: each copy of a bad line needs its own entry.
    return HEADER + "".join("\t".join(_escape(v) for v in e) + "\n" for e in sorted(entries))


def loads(text: str, origin: str) -> list[Entry]:
    entries = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r").split("\t")
        if len(fields) != 5 or not all(fields[:3]):
            raise UserError(f"{origin}:{number}: malformed baseline entry (expected "
                            "path, checker, code, line, message separated by tabs)")
        entries.append(Entry(*(_unescape(v) for v in fields)))
    return entries


def write(path: Path, entries: Iterable[Entry]) -> None:
    """Write atomically: an interrupted run never leaves half a baseline."""
    data = dumps(entries).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".commit-guard-baseline-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def locate(value: str, source: Source) -> tuple[str | None, Path]:
    """(repo-relative path or None, disk path) of the configured baseline."""
    path = Path(value)
    if not path.is_absolute():
        return Path(value).as_posix(), source.root / value
    try:
        return path.resolve().relative_to(Path(source.root).resolve()).as_posix(), path
    except ValueError:
        return None, path


def read(value: str, source: Source) -> list[Entry]:
    """The baseline as the checked state has it (staged, in the transaction),
    else from disk."""
    rel, disk = locate(value, source)
    data = source.read(rel) if rel is not None else None
    name = rel or value
    if data is None:
        try:
            data = disk.read_bytes()
        except OSError as exc:
            raise UserError(f"{name}: cannot read baseline: {exc.strerror}") from exc
    return loads(data.decode("utf-8", "replace"), name)


def apply(result: RunResult, source: Source, config: Config) -> list[Finding]:
    """Take baselined findings out of ``result``; note stale entries."""
    entries = read(config["baseline"], source)
    budget = Counter(e.key for e in entries if not _never_baselined(e))
    content = {f.path: f.content for f in result.changed}
    existing = []
    for f in result.findings:
        if always_new(f):
            continue
        entry = entry_of(f, content.get(f.path))
        if budget[entry.key] > 0:
            budget[entry.key] -= 1
            existing.append(f)
    remove_findings(result, existing)
    stale = _stale(entries, budget, result, source)
    if stale:
        name = locate(config["baseline"], source)[0] or config["baseline"]
        result.extra["note:baseline-stale"] = stale_note(stale, name)
    result.extra["baseline_stale"] = stale
    return existing


def _never_baselined(e: Entry) -> bool:
    from commit_guard.finding import Finding as F  # pylint: disable=import-outside-toplevel
    return always_new(F(e.checker, e.code, "", e.path, 0, 0, ""))


def _stale(entries: list[Entry], left: Counter, result: RunResult, source: Source) -> list[Entry]:
    """Entries no finding used, among files and checkers this run really covered."""
    ran = {n for n, r in result.results.items() if r.status not in (SKIPPED, ERROR)}
    checked = {(f.path, n) for n, files in result.plan.assignments.items() if n in ran
               for f in files}
    present = {f.path for f in result.changed if f.status != "D"}
    stale = []
    for e in sorted(entries):
        if left[e.key] <= 0:
            continue
        gone = e.path not in present and (source.kind == "all" or any(
            f.path == e.path for f in result.changed))
        if (e.path, e.checker) in checked or (gone and e.checker in ran):
            left[e.key] -= 1
            stale.append(e)
    return stale


def stale_note(stale: list[Entry], name: str) -> str:
    lines = [f"note: {len(stale)} baseline entr{'ies' if len(stale) != 1 else 'y'} in {name} "
             "no longer found (fixed? delete them, or run `commit-guard baseline`):"]
    for e in stale[:MAX_STALE_SHOWN]:
        lines.append(f"  {e.path}: {e.checker} {e.code}: {e.text or '(whole file)'}")
    if len(stale) > MAX_STALE_SHOWN:
        lines.append(f"  ... and {len(stale) - MAX_STALE_SHOWN} more")
    return "\n".join(lines)
