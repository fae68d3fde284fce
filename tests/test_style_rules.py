"""Every rule of the catalog, driven from its own examples under rules/.

A rule's bad example must fire that rule and nothing else; its good
examples must fire nothing.  Each example is checked under its own file
name (per-type settings depend on it) through the real runner.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from commit_guard import config, ruledb
from commit_guard.runner import run_checks
from commit_guard.sources.disk import DiskSource

RULES = ruledb.all_rules()
# The rules the style checker reports (the file-level "guard" ones through
# it too); pylint's time budget and the suites' outcomes have no examples.
STYLE_RULES = [r for r in RULES if r.checker in ("style", "guard")]
EXAMPLES = [(rule, path) for rule in STYLE_RULES for path in rule.examples()]


def style_codes(path: Path, tmp_path: Path, table: dict) -> list[str]:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copyfile(path, work / path.name)
    cfg = config.from_table(table, "example")
    source = DiskSource(work, [], False, cfg["max_file_size"], kind="all")
    result = run_checks(source, cfg, 1, only=["style"])
    assert not result.crashed, result.results["style"].note
    return [f.code for f in result.findings]


def test_catalog_is_complete() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert len({r.symbol for r in RULES}) == len(RULES)
    assert {"CG001", "CG004"} | {f"CG1{n:02d}" for n in range(1, 11)} \
        | {f"CG2{n:02d}" for n in range(1, 11)} <= set(codes)
    assert {"CG005", "CG401", "CG402", "CG403"} <= set(codes)
    for rule in STYLE_RULES:
        assert rule.examples("bad"), f"{rule.code} has no bad example"
        assert rule.examples("good"), f"{rule.code} has no good example"
        assert rule.description.strip() and rule.message
    for rule in RULES:
        assert rule.description.strip() and rule.message


def test_symbols_never_collide_with_pylint() -> None:
    for rule in RULES:
        assert ruledb.pylint_message(rule.symbol) is None, rule.symbol


@pytest.mark.parametrize("rule,path", EXAMPLES,
                         ids=[f"{r.code}-{p.name}" for r, p in EXAMPLES])
def test_example(rule: ruledb.Rule, path: Path, tmp_path: Path) -> None:
    codes = style_codes(path, tmp_path, dict(rule.example_config))
    if path.stem == "bad":
        assert codes and set(codes) == {rule.code}, codes
    else:
        assert codes == [], codes


def test_rule_switched_off_does_not_fire(tmp_path: Path) -> None:
    bad = ruledb.get("CG209").examples("bad")[0]
    assert style_codes(bad, tmp_path, {"rules": {"php-eval": "off"}}) == []


def test_severity_from_config(tmp_path: Path) -> None:
    work = tmp_path / "w"
    work.mkdir()
    shutil.copyfile(ruledb.get("CG101").examples("bad")[0], work / "a.txt")
    cfg = config.from_table({"rules": {"CG101": "warning"}}, "t")
    result = run_checks(DiskSource(work, [], False, kind="all"), cfg, 1, only=["style"])
    assert {f.severity for f in result.findings} == {"warning"}
    assert result.exit_code == 0
    result.strict = True
    assert result.exit_code == 1


def test_deferred_rules_name_real_pylint_messages() -> None:
    deferred = [r for r in RULES if r.defer_to_pylint]
    assert deferred
    for rule in deferred:
        assert ruledb.pylint_message(rule.defer_to_pylint) is not None, rule.code
