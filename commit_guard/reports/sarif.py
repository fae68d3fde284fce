"""SARIF 2.1.0: each rule once under tool.driver.rules, each result located."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from commit_guard import __version__
from commit_guard.reports.rulemeta import describe

if TYPE_CHECKING:
    from commit_guard.finding import Finding
    from commit_guard.runner import RunResult

SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")


def _rule_id(f: Finding) -> str:
    return f.code


class SarifFormatter:
    name = "sarif"

    def __init__(self, **_options: object) -> None:
        pass

    def format(self, result: RunResult) -> str:
        rules: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        results = []
        for f in result.findings:
            rid = _rule_id(f)
            if rid not in index:
                index[rid] = len(rules)
                rules.append(self._rule(f))
            results.append(self._result(f, index[rid], result.strict))
        run: dict[str, Any] = {
            "tool": {"driver": {
                "name": "commit-guard", "version": __version__,
                "informationUri": "https://pypi.org/project/commit-guard/",
                "rules": rules,
            }},
            "originalUriBaseIds": {"SRCROOT": {"uri": _root_uri(result.root)}},
            "results": results,
            "invocations": [{
                "executionSuccessful": result.exit_code != 2,
                "commandLine": result.rerun,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": r.note}} for r in result.crashed],
            }],
        }
        doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    @staticmethod
    def _rule(f: Finding) -> dict[str, Any]:
        help_ = describe(f.checker, f.code, f.symbol, f.message)
        rule: dict[str, Any] = {
            "id": _rule_id(f),
            "shortDescription": {"text": help_.short},
            "fullDescription": {"text": help_.full},
            "help": {"text": f"{help_.full}\n\nExplain: commit-guard explain {f.code}"},
            "defaultConfiguration": {"level": "error" if f.blocking else "warning"},
            "properties": {"checker": f.checker},
        }
        if f.symbol:
            rule["name"] = f.symbol
        return rule

    @staticmethod
    def _result(f: Finding, rule_index: int, strict: bool) -> dict[str, Any]:
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(f.path),
                                                         "uriBaseId": "SRCROOT"}}
        if f.line:
            region = {"startLine": f.line}
            if f.column:
                region["startColumn"] = f.column
            location["region"] = region
        return {
            "ruleId": _rule_id(f),
            "ruleIndex": rule_index,
            "level": "error" if f.blocking or strict else "warning",
            "message": {"text": f.message},
            "locations": [{"physicalLocation": location}],
        }


def _uri(path: str) -> str:
    from urllib.parse import quote  # pylint: disable=import-outside-toplevel
    return quote(path or ".", safe="/")


def _root_uri(root: str) -> str:
    from pathlib import Path  # pylint: disable=import-outside-toplevel
    path = Path(root)
    return path.as_uri() + "/" if path.is_absolute() else root
