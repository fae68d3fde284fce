"""The per-feature PHP matrix (tests/php_snippets): each feature is valid at
its version, a version finding one version earlier, and each broken variant
is rejected on the line PHP names."""
from __future__ import annotations

import pytest

from commit_guard.php import check_source
from tests.php_snippets import NEWEST, VERSIONS, features, gap_at, previous, snippets, vtuple

FEATURES = features()
VERSION_FEATURE = "php-version-feature"
REMOVED_SYNTAX = "php-removed-syntax"


def _valid_cases():
    for feat in FEATURES:
        # Removed syntax is valid up to the version before its removal.
        target = previous(feat.removed) if feat.kind == "removed" else feat.version
        for index, code in enumerate(feat.valid):
            ident = f"{feat.stem}/valid" + (f"-{index}" if index else "")
            yield pytest.param(code, target, id=f"{ident}@{target}")


def _earlier_cases():
    for feat in FEATURES:
        before = previous(feat.version)
        if feat.kind == "feature" and before is not None:
            yield pytest.param(feat, before, id=f"{feat.stem}@{before}", marks=_gap(feat.gap))


def _broken_cases():
    for snip in snippets():
        if "/broken-" in snip.ident:
            yield pytest.param(snip, id=snip.ident, marks=_gap(gap_at(snip, NEWEST)))


def _gap(reason: str) -> list[pytest.MarkDecorator]:
    """A documented gap must fail; strict, so covering it turns into a failure
    that asks for the mark to go."""
    return [pytest.mark.xfail(strict=True, reason=f"not covered: {reason}")] if reason else []


def _describe(problems) -> str:
    return "; ".join(f"{p.line}:{p.code} {p.message}" for p in problems) or "no problems"


def test_matrix_covers_every_feature_with_valid_and_broken_programs():
    idents = [s.ident for s in snippets()]
    assert len(idents) == len(set(idents))
    assert len(FEATURES) >= 60
    for feat in FEATURES:
        assert feat.broken, f"{feat.stem} has no broken variant"
        assert all(b[1] for b in feat.broken), f"{feat.stem}: broken without line"
    assert {f.version for f in FEATURES if f.kind == "feature"} >= set(VERSIONS[1:])


@pytest.mark.parametrize("code,target", list(_valid_cases()))
def test_valid_at_its_version(code, target):
    problems = check_source(code, target=vtuple(target))
    assert problems == [], _describe(problems)


@pytest.mark.parametrize("feat,before", list(_earlier_cases()))
def test_version_finding_one_version_earlier(feat, before):
    problems = check_source(feat.valid[0], target=vtuple(before))
    if feat.earlier == "reject":
        assert problems, f"accepted at {before}"
        return
    wanted = [p for p in problems if p.symbol == VERSION_FEATURE
              and f"requires PHP {feat.version}" in p.message
              and feat.mentions.lower() in p.message.lower()]
    assert wanted, f"no '{feat.mentions} ... requires PHP {feat.version}': {_describe(problems)}"
    assert f"target is {before}" in wanted[0].message


@pytest.mark.parametrize("feat", [pytest.param(f, id=f"{f.stem}@{f.removed}")
                                  for f in FEATURES if f.kind == "removed"])
def test_removed_syntax_is_an_error_from_its_removal(feat):
    problems = check_source(feat.valid[0], target=vtuple(feat.removed))
    wanted = [p for p in problems if p.symbol == REMOVED_SYNTAX
              and feat.mentions.lower() in p.message.lower()]
    assert wanted, _describe(problems)
    assert wanted[0].line == feat.line


@pytest.mark.parametrize("snip", list(_broken_cases()))
def test_broken_variant_rejected_on_php_line(snip):
    problems = check_source(snip.code)
    assert problems, "accepted a broken program"
    assert problems[0].line in snip.lines, _describe(problems)
