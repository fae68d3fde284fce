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
class Failure:
    """One failed test: an id to paste into the runner, where it is, why."""

    test_id: str  # pytest: "tests/test_x.py::TestC::test_a"; phpunit: "Ns\\FooTest::testBar"
    file: str  # as the report gives it (pytest: relative to its rootdir; phpunit: absolute)
    line: int  # 1-based, 0 when unknown
    message: str  # the first line of the failure message


@dataclass
class JUnitReport:
    tests: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        return [f.test_id for f in self.failures]


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
        found = [case.find(tag) for tag in FAILED_TAGS]
        failed = [f for f in found if f is not None]
        if failed:
            report.failures.append(_failure(case, failed[0]))
        elif case.find("skipped") is not None:
            report.skipped += 1
    return report


def _failure(case: ET.Element, what: ET.Element) -> Failure:
    test_id = case_name(case)
    text = (what.get("message") or what.text or "").strip()
    line = case.get("line", "")
    number = int(line) if line.isdigit() else 0
    file = case.get("file", "")
    if case.get("class") is None and file.endswith(".py"):
        number += 1 if line.isdigit() else 0  # pytest's line is 0-based
    # phpunit's text: the test's name, the message, then the stack as
    # "FILE:LINE"; the frame in the test's own file is the failing assertion.
    lines = [x.strip() for x in text.splitlines() if x.strip() and x.strip() != test_id]
    for frame in lines:
        where, _sep, at = frame.rpartition(":")
        if file and where == file and at.isdigit():
            number = int(at)
            break
    message = next((x for x in lines if not x.startswith("/")), "")
    return Failure(test_id, file, number, message[:300])


def case_name(case: ET.Element) -> str:
    """An id the runner takes back: pytest's node id when the report names
    the file (``tests/test_x.py::TestC::test_a``), phpunit's
    ``Class::method`` (its ``--filter``), else ``classname::name``."""
    name = case.get("name", "?")
    owner = case.get("class") or case.get("classname") or ""
    file = case.get("file", "")
    if case.get("class") is None and file.endswith(".py") and not file.startswith("/"):
        module = file[:-3].replace("/", ".")
        inner = owner[len(module) + 1:] if owner.startswith(module + ".") else ""
        return "::".join(filter(None, (file, inner.replace(".", "::"), name)))
    return f"{owner}::{name}" if owner else name
