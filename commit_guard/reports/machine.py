"""Formats for machines: JSON, JUnit XML and GitHub workflow annotations."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

from commit_guard.reports.model import report_data
from commit_guard.reports.text import finding_line

if TYPE_CHECKING:
    from commit_guard.runner import RunResult


class JsonFormatter:
    name = "json"

    def __init__(self, **_options: object) -> None:
        pass

    def format(self, result: RunResult) -> str:
        return json.dumps(report_data(result), indent=2, ensure_ascii=False) + "\n"


class JunitFormatter:
    """One testcase per checker and file; one per unit-test suite."""

    name = "junit"

    def __init__(self, **_options: object) -> None:
        pass

    def format(self, result: RunResult) -> str:
        root = ET.Element("testsuites", name="commit-guard", time=f"{result.duration:.3f}")
        for name, res in result.results.items():
            suite = ET.SubElement(root, "testsuite", name=name, time=f"{res.duration:.3f}")
            cases = 0
            failures = 0
            if res.status == "skipped":
                case = ET.SubElement(suite, "testcase", classname=name, name=name)
                ET.SubElement(case, "skipped", message=res.note)
                cases += 1
            by_file = {}
            for path, group in groupby(sorted(res.findings, key=lambda f: f.path),
                                       key=lambda f: f.path):
                by_file[path] = list(group)
            for path in sorted(by_file):
                case = ET.SubElement(suite, "testcase", classname=name, name=path or name)
                items = by_file[path]
                failure = ET.SubElement(case, "failure", type=items[0].code,
                                        message=f"{len(items)} problem(s)")
                failure.text = "\n".join(finding_line(f) for f in items)
                cases += 1
                failures += 1
            for entry in res.detail.get("suites", []) if name == "tests" else []:
                case = ET.SubElement(suite, "testcase", classname="tests",
                                     name=f"suite {entry.get('name')}",
                                     time=f"{entry.get('duration') or 0:.3f}")
                status = entry.get("status")
                if status in ("failed", "timed-out", "error"):
                    failure = ET.SubElement(case, "failure", type=str(status),
                                            message=", ".join(entry.get("failed_tests", []))
                                            or str(status))
                    failure.text = "\n".join(entry.get("output_tail", []))
                    failures += 1
                elif status == "skipped":
                    ET.SubElement(case, "skipped", message=str(entry.get("reason", "")))
                cases += 1
            if res.status == "error":
                case = ET.SubElement(suite, "testcase", classname=name, name=name)
                ET.SubElement(case, "error", message=res.note)
                cases += 1
            suite.set("tests", str(cases))
            suite.set("failures", str(failures))
            suite.set("errors", "1" if res.status == "error" else "0")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") \
            + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


class GithubFormatter:
    """GitHub Actions workflow commands: one annotation per finding."""

    name = "github"

    def __init__(self, **_options: object) -> None:
        pass

    def format(self, result: RunResult) -> str:
        lines = []
        for f in result.findings:
            level = "error" if f.blocking or result.strict else "warning"
            props = [f"file={_gh_escape(f.path, True)}"]
            if f.line:
                props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
            title = f"{f.code} {f.symbol}".strip() + f" [{f.checker}]"
            props.append(f"title={_gh_escape(title, True)}")
            lines.append(f"::{level} {','.join(props)}::{_gh_escape(f.message)}")
        for res in result.crashed:
            lines.append(f"::error title=commit-guard::{_gh_escape(res.note)}")
        return "\n".join(lines) + ("\n" if lines else "")
