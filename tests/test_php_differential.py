"""Differential test: the built-in checker and the installed ``php -l`` agree
on every matrix snippet that PHP version can judge (accept/reject, and for a
reject the line)."""
from __future__ import annotations

import os
import shutil

import pytest

from commit_guard.php import check_source
from commit_guard.php.oracle import agreeing_lines, lint_files
from commit_guard.util import cmd_output
from tests.conftest import require_tool
from tests.php_snippets import VERSIONS, features, gap_at, snippets, vtuple

SNIPPETS = [s for s in snippets() if s.differential]
FEATURES = [f for f in features() if f.kind == "feature"]
VERSION_CODE = "echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION;"


def _php_version(php: str) -> tuple[int, int]:
    version = vtuple(cmd_output(php, "-n", "-r", VERSION_CODE)[1].strip())
    # A PHP newer than the checker knows judges as the newest it knows.
    return min(version, vtuple(VERSIONS[-1]))


# Known gaps can depend on the target, which is the installed PHP's version.
_PHP = shutil.which("php")
JUDGE = "%d.%d" % _php_version(_PHP) if _PHP else VERSIONS[-1]


@pytest.fixture(name="installed", scope="module")
def fixture_installed() -> tuple[str, tuple[int, int]]:
    php = require_tool("php")
    return php, _php_version(php)


@pytest.fixture(name="verdicts", scope="module")
def fixture_verdicts(installed):
    """php -l on every snippet PHP can judge, in one parallel batch."""
    php, version = installed
    items = [(s.ident, s.code) for s in SNIPPETS if vtuple(s.version) <= version]
    items += [(f"{f.stem}/newer", f.valid[0]) for f in FEATURES if vtuple(f.version) > version]
    return lint_files(php, items, jobs=os.cpu_count() or 2)


def _params(items, gap_of):
    return [pytest.param(item, id=ident, marks=[pytest.mark.xfail(
        strict=True, reason=f"not covered: {gap_of(item)}")] if gap_of(item) else [])
        for ident, item in items]


@pytest.mark.parametrize("snip", _params([(s.ident, s) for s in SNIPPETS],
                                         lambda s: gap_at(s, JUDGE)))
def test_checker_agrees_with_php_lint(snip, installed, verdicts):
    _php, version = installed
    if vtuple(snip.version) > version:
        pytest.skip(f"php {version[0]}.{version[1]} cannot judge PHP {snip.version} syntax")
    theirs = verdicts[snip.ident]
    ours = check_source(snip.code, target=version)
    assert bool(ours) == bool(theirs), (
        f"php -l: {theirs[0].message if theirs else 'valid'}; "
        f"we: {ours[0].message if ours else 'valid'}")
    if theirs:
        assert ours[0].line in agreeing_lines(theirs[0]), (
            f"php -l line {theirs[0].line} ({theirs[0].message}); "
            f"we line {ours[0].line} ({ours[0].message})")


def test_recorded_lines_are_the_lines_php_names(installed, verdicts):
    """The matrix's own data is checked against the real PHP, so the
    matrix test (which runs without php) checks the right lines."""
    _php, version = installed
    wrong = []
    for snip in SNIPPETS:
        if vtuple(snip.version) > version:
            continue
        theirs = verdicts[snip.ident]
        if snip.lines and (not theirs or set(snip.lines) != agreeing_lines(theirs[0])):
            wrong.append(f"{snip.ident}: recorded {snip.lines}, php {theirs}")
        elif not snip.lines and theirs:
            wrong.append(f"{snip.ident}: php rejects a valid snippet: {theirs[0]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("feat", _params([(f.stem, f) for f in FEATURES], lambda f: f.gap))
def test_newer_syntax_is_flagged_where_installed_php_fails(feat, installed, verdicts):
    """Syntax newer than the installed PHP: php -l rejects it, and our check
    at the installed version names the feature on the line PHP stumbles on
    (a user on that PHP sees both point at the same line)."""
    _php, version = installed
    if vtuple(feat.version) <= version:
        pytest.skip(f"php {version[0]}.{version[1]} accepts PHP {feat.version} syntax")
    [first, *_rest] = verdicts[f"{feat.stem}/newer"]
    ours = check_source(feat.valid[0], target=version)
    lines = {p.line for p in ours if p.symbol == "php-version-feature"}
    assert lines & agreeing_lines(first), (
        f"php -l line {first.line} ({first.message}); our version findings on {sorted(lines)}")
