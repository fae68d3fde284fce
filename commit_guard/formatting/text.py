"""The consolidated report a person reads when a commit is refused."""
from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from commit_guard.checkers.base import ERROR, SKIPPED

if TYPE_CHECKING:
    from commit_guard.finding import Finding
    from commit_guard.runner import RunResult


def finding_line(f: Finding) -> str:
    where = f"{f.path}:{f.line}:{f.column}" if f.line else f.path
    symbol = f" ({f.symbol})" if f.symbol else ""
    return f"{where}: {f.severity} {f.code}{symbol} {f.message} [{f.checker}]"


def summary_line(result: RunResult) -> str:
    parts = []
    for name, res in result.results.items():
        if res.status == SKIPPED:
            parts.append(f"{name}: skipped ({res.note})")
        elif res.status == ERROR:
            parts.append(f"{name}: error")
        else:
            n = len(res.findings)
            parts.append(f"{name}: {n} problem{'s' * (n != 1)} in {res.files} "
                         f"file{'s' * (res.files != 1)} ({res.duration:.1f}s)")
    return "summary: " + "; ".join(parts)


def verdict_line(result: RunResult) -> str:
    if result.exit_code == 2:
        return "commit-guard: could not check; commit rejected"
    n = len(result.blocking())
    if n:
        return f"commit-guard: commit rejected ({n} blocking problem{'s' * (n != 1)})"
    return "commit-guard: commit accepted"


class TextFormatter:
    name = "text"

    def __init__(self, max_per_file: int = 0) -> None:
        self.max_per_file = max_per_file

    def format(self, result: RunResult) -> str:
        lines: list[str] = []
        if not result.plan.checked_files and not result.findings:
            lines.append(_nothing_line(result))
        for path, group in groupby(result.findings, key=lambda f: f.path):
            items = list(group)
            lines.append(path)
            shown = items[:self.max_per_file] if self.max_per_file else items
            lines += ["  " + finding_line(f) for f in shown]
            if len(items) > len(shown):
                lines.append(f"  ... and {len(items) - len(shown)} more in this file")
        for res in result.crashed:
            lines.append(f"error: {res.note}")
        for key, value in result.extra.items():
            if key.startswith("note:"):
                lines.append(str(value))
        lines.append(summary_line(result))
        lines.append(verdict_line(result))
        return "\n".join(lines) + "\n"


def _nothing_line(result: RunResult) -> str:
    if not result.changed:
        if result.source_kind == "staged":
            return "nothing staged: no files to check"
        return "no files to check"
    return f"no checkable files among {len(result.changed)} changed"
