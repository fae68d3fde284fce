"""Failed test names from a JUnit XML report (pytest, phpunit, most runners).

xml.etree is enough: ``iter("testcase")`` finds test cases at any depth,
which covers pytest's flat <testsuites><testsuite> and phpunit's nested
suites alike.  The report is written by the suite the team configured, and
the bundled expat (2.4+) refuses entity-amplification bombs.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

FAILED_TAGS = ("failure", "error")


@dataclass
class JUnitReport:
    tests: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # "Class::name" of failures and errors


class JUnitError(ValueError):
    """The file is missing or is not JUnit XML."""


def parse(path: str | os.PathLike[str]) -> JUnitReport:
    try:
        root = ET.parse(path).getroot()
    except OSError as exc:
        raise JUnitError(f"cannot read JUnit XML: {exc.strerror}") from exc
    except ET.ParseError as exc:
        raise JUnitError(f"not valid JUnit XML: {exc}") from exc
    if root.tag not in ("testsuites", "testsuite"):
        raise JUnitError(f"not JUnit XML: root element <{root.tag}>")
    report = JUnitReport()
    for case in root.iter("testcase"):
        report.tests += 1
        if any(case.find(tag) is not None for tag in FAILED_TAGS):
            report.failed.append(case_name(case))
        elif case.find("skipped") is not None:
            report.skipped += 1
    return report


def case_name(case: ET.Element) -> str:
    """``classname::name`` (pytest: dotted module path; phpunit: the class)."""
    name = case.get("name", "?")
    owner = case.get("classname") or case.get("class") or ""
    return f"{owner}::{name}" if owner else name
