"""The consolidated report a person reads when a commit is refused."""
from __future__ import annotations

import os
from itertools import groupby
from typing import IO, TYPE_CHECKING

from commit_guard.checkers.base import ERROR, SKIPPED

if TYPE_CHECKING:
    from commit_guard.checkers.base import CheckerResult
    from commit_guard.finding import Finding
    from commit_guard.runner import RunResult

# How a reader gets the explanation of a rule, per checker.
EXPLAIN_HINT = {
    "pylint": "commit-guard explain {code}  (pylint's own: pylint --help-msg={symbol})",
    "php-syntax": "commit-guard explain {code}",
    "style": "commit-guard explain {code}",
    "tests": "the suite's output above; re-run the suite's command",
}

_STYLES = {"path": "1", "error": "31;1", "warning": "33", "code": "36", "ok": "32;1",
           "bad": "31;1", "dim": "2"}


def use_colour(stream: IO[str] | None) -> bool:
    """Colour for a terminal, unless NO_COLOR; FORCE_COLOR forces it elsewhere."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        if not self.enabled:
            return text
        return f"\033[{_STYLES[style]}m{text}\033[0m"


def finding_line(f: Finding, paint: Painter | None = None) -> str:
    paint = paint or Painter(False)
    where = f.path
    if f.line:
        where += f":{f.line}:{f.column}" if f.column else f":{f.line}"
    symbol = f" ({f.symbol})" if f.symbol else ""
    return (f"{paint('path', where)}: {paint(f.severity, f.severity)} "
            f"{paint('code', f.code + symbol)} {f.message} [{f.checker}]")


def summary_line(result: RunResult) -> str:
    parts = []
    for name, res in result.results.items():
        if name == "tests":
            parts.append(tests_summary(res))
        elif res.status == SKIPPED:
            note = res.note or "skipped"
            parts.append(f"{name}: {note}" if note.startswith("skipped")
                         else f"{name}: skipped ({note})")
        elif res.status == ERROR:
            parts.append(f"{name}: error")
        elif not res.files and not res.findings:
            parts.append(f"{name}: no files")
        else:
            n = len(res.findings)
            parts.append(f"{name}: {n} problem{'s' * (n != 1)} in {res.files} "
                         f"file{'s' * (res.files != 1)} ({res.duration:.1f}s)")
    existing = existing_count(result)
    if existing:
        parts.append(f"and {existing}")
    return "summary: " + "; ".join(parts)


def existing_count(result: RunResult) -> str:
    """"3 existing problems in the baseline", or "" (set by commit_guard.legacy.filter)."""
    existing = len(result.extra.get("existing", ()))  # type: ignore[arg-type]
    if not existing:
        return ""
    return (f"{existing} existing problem{'s' * (existing != 1)} "
            f"{result.extra.get('existing_where', 'in touched files')}")


def tests_summary(res: CheckerResult) -> str:
    """The suites in a few words: what ran and how it went, or why none ran."""
    suites = res.detail.get("suites", [])
    if res.status == ERROR:
        return "tests: error"
    if res.status == SKIPPED:
        if not suites:
            note = res.note or "skipped"
            if note.startswith("no suites configured"):
                return "tests: no suites configured"
            return f"tests: {note}" if note.startswith("skipped") else f"tests: skipped ({note})"
        why = "; ".join(f"{s.get('name')}: {s.get('reason') or s.get('status')}" for s in suites)
        return f"tests: skipped ({why})"
    ran = [s for s in suites if s.get("status") != "skipped"]
    bad = [s for s in ran if s.get("status") != "passed"]
    took = f" ({res.duration:.1f}s)"
    if not bad:
        return f"tests: {len(ran)} suite{'s' * (len(ran) != 1)} passed{took}"
    if len(bad) == len(ran):
        return f"tests: {len(bad)} suite{'s' * (len(bad) != 1)} failed{took}"
    return f"tests: {len(bad)} of {len(ran)} suites failed{took}"


def verdict_line(result: RunResult, paint: Painter | None = None) -> str:
    paint = paint or Painter(False)
    if result.exit_code == 2:
        return paint("bad", "commit-guard: could not check; commit rejected") + \
            f" (re-run: {result.rerun})"
    n = len(result.blocking())
    if n:
        return paint("bad", f"commit-guard: commit rejected ({n} blocking problem"
                            f"{'s' * (n != 1)})") + f"; re-run: {result.rerun}"
    return paint("ok", "commit-guard: commit accepted")


def accepted_line(result: RunResult, paint: Painter) -> str:
    """The one line of a passing check: what was looked at, and what was let through."""
    files = len(result.plan.checked_files)
    if files:
        what = f"{files} file{'s' * (files != 1)} checked in {result.duration:.1f}s"
    elif result.changed:
        what = f"no checkable files among {len(result.changed)} changed"
    else:
        what = "nothing staged" if result.source_kind == "staged" else "no files to check"
    extra = [what]
    tests = result.results.get("tests")
    if tests is not None and tests.status != SKIPPED and tests.detail.get("suites"):
        extra.append(tests_summary(tests).removeprefix("tests: ").rsplit(" (", 1)[0])
    # A checker left out for this one commit is said, so a skip is never silent.
    extra += [f"{name} {res.note}" for name, res in result.results.items()
              if res.status == SKIPPED and res.note == "skipped by SKIP"]
    warnings = len(result.findings)
    if warnings:
        extra.append(f"{warnings} warning{'s' * (warnings != 1)}")
    if existing_count(result):
        extra.append(existing_count(result) + " not blocking")
    return paint("ok", "commit-guard: commit accepted") + f" ({'; '.join(extra)})"


def skip_lines(result: RunResult) -> list[str]:
    """How to let a rejected commit through anyway, for the VCS it came from."""
    if result.exit_code != 1:
        return []
    names = sorted({f.checker for f in result.blocking()})
    if result.source_kind == "staged":
        return [f"to commit anyway: SKIP={','.join(names)} git commit  (skips those checkers)",
                "               or: git commit --no-verify  (skips every hook)"]
    if result.extra.get("bypass") and result.source_kind == "git-push":
        return ["to push anyway: this server takes a bypass push option (git push -o ...; "
                "ask its administrators; each bypass is logged)"]
    if result.extra.get("bypass"):
        return ["to commit anyway: this server takes a bypass marker in the log message "
                "(ask its administrators; each bypass is logged)"]
    return []


def hint_lines(result: RunResult) -> list[str]:
    lines = []
    for name, res in result.results.items():
        if res.findings and name in EXPLAIN_HINT:
            first = res.findings[0]
            lines.append(f"hint: {name}: " + EXPLAIN_HINT[name].format(code=first.code,
                                                                      symbol=first.symbol))
    return lines


def suite_lines(result: RunResult) -> list[str]:
    """One line per unit-test suite, plus failed tests and the output tail."""
    tests = result.results.get("tests")
    lines: list[str] = []
    for suite in (tests.detail.get("suites", []) if tests else []):
        why = suite.get("reason") or ""
        took = f" in {suite['duration']:.1f}s" if suite.get("duration") else ""
        lines.append(f"suite {suite.get('name')}: {suite.get('status')}{took}"
                     + (f" ({why})" if why else ""))
        lines += [f"  failed: {name}" for name in suite.get("failed_tests", [])]
        if suite.get("status") in ("failed", "timed-out", "error"):
            lines += ["  | " + tail for tail in suite.get("output_tail", [])]
    return lines


class TextFormatter:
    name = "text"

    def __init__(self, max_per_file: int = 0, colour: bool = False) -> None:
        self.max_per_file = max_per_file
        self.paint = Painter(colour)

    def format(self, result: RunResult) -> str:
        # A passing check says one line (its warnings and notes too, if any);
        # --verbose, or a rejection, gives the whole report.
        quiet = result.exit_code == 0 and not result.extra.get("verbose")
        lines: list[str] = [] if quiet else [
            str(v) for k, v in result.extra.items() if k.startswith("header:")]
        if not quiet and not result.plan.checked_files and not result.findings:
            lines.append(_nothing_line(result))
        for path, group in groupby(result.findings, key=lambda f: f.path):
            items = list(group)
            lines.append(self.paint("path", path or "(repository)"))
            shown = items[:self.max_per_file] if self.max_per_file else items
            lines += ["  " + finding_line(f, self.paint) for f in shown]
            if len(items) > len(shown):
                lines.append(f"  ... and {len(items) - len(shown)} more in this file")
        if not quiet:
            lines += suite_lines(result)
        for res in result.crashed:
            lines.append(f"error: {res.note}")
        for key, value in result.extra.items():
            # "detail:" notes explain a full report; an accepted commit's one
            # line leaves them out.
            if key.startswith("note:") or (key.startswith("detail:") and not quiet):
                lines.append(str(value))
        if result.extra.get("show_existing") and result.extra.get("existing"):
            lines.append("existing problems (not blocking):")
            lines += ["  " + finding_line(f) for f in result.extra["existing"]]
        if quiet:
            return "\n".join([*lines, accepted_line(result, self.paint)]) + "\n"
        lines += hint_lines(result)
        lines.append(summary_line(result))
        lines += skip_lines(result)
        lines.append(verdict_line(result, self.paint))
        return "\n".join(lines) + "\n"


class SvnFormatter(TextFormatter):
    """Compact plain text for Subversion clients, which truncate long messages."""

    name = "svn"

    def __init__(self, max_per_file: int = 10, colour: bool = False) -> None:
        del colour  # svn clients show raw bytes: never colour
        super().__init__(max_per_file=max_per_file, colour=False)

    def format(self, result: RunResult) -> str:
        body = super().format(result).splitlines()
        body = [line for line in body if not line.startswith(("hint:", "summary:"))]
        total = len(result.findings)
        body.insert(-1, f"{total} problem{'s' * (total != 1)} in total")
        return "\n".join(body) + "\n"


def _nothing_line(result: RunResult) -> str:
    if not result.changed:
        if result.source_kind == "staged":
            return "nothing staged: no files to check"
        return "no files to check"
    return f"no checkable files among {len(result.changed)} changed"
