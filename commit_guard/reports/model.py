"""The report as plain data: one shape behind the JSON, SARIF and JUnit formats."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from commit_guard import __version__

if TYPE_CHECKING:
    from commit_guard.runner import RunResult

SCHEMA_ID = "https://commit-guard.invalid/report.schema.json"
SCHEMA_VERSION = 1


def verdict(result: RunResult) -> str:
    if result.exit_code == 2:
        return "error"
    return "rejected" if result.rejected else "accepted"


def report_data(result: RunResult) -> dict[str, Any]:
    """The versioned JSON report (schema: reports/report.schema.json)."""
    checkers = []
    suites: list[dict[str, Any]] = []
    for name, res in result.results.items():
        checkers.append({
            "name": name, "status": res.status, "files": res.files,
            "findings": len(res.findings), "duration": round(res.duration, 3),
            "note": res.note,
        })
        if name == "tests":
            suites = [dict(s) for s in res.detail.get("suites", [])]
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "commit-guard", "version": __version__},
        "source": result.source_kind,
        "root": result.root,
        "verdict": verdict(result),
        "exit_code": result.exit_code,
        "duration": round(result.duration, 3),
        "rerun": result.rerun,
        "findings": [f._asdict() for f in result.findings],
        "checkers": checkers,
        "suites": suites,
        "skipped": [{"checker": n, "reason": r.note} for n, r in result.results.items()
                    if r.status == "skipped"],
        "ignored_files": [{"path": f.path, "reason": why} for f, why in result.plan.ignored],
    }
