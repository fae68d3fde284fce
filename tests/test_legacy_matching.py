"""Matching findings between old and new content: the rules, without any VCS."""
from __future__ import annotations

from commit_guard.finding import WARNING, Finding
from commit_guard.legacy.matching import always_new, line_map, match, normalise, split_lines


def fnd(line: int, code: str = "W0612", checker: str = "pylint", symbol: str = "x",
        severity: str = "error") -> Finding:
    return Finding(checker, code, symbol, "m.py", line, 1, "msg", severity)


def test_normalise_ignores_indentation_and_inner_runs_of_whitespace() -> None:
    assert normalise("    x  =\t1  ") == "x = 1"
    long_a, long_b = "a" * 300, "a" * 299 + "b"
    assert len(normalise(long_a)) < 200
    assert normalise(long_a) != normalise(long_b)


def test_split_lines_counts_like_a_compiler_not_like_splitlines() -> None:
    # \x0c (form feed) is not a line break for Python's tokenizer.
    assert split_lines(b"a\r\nb\rc\nd\x0ce") == ["a", "b", "c", "d\x0ce"]


def test_same_rule_on_moved_line_is_existing() -> None:
    old = ["def f():", "    x = 1"]
    new = ["# pad"] * 10 + old
    intro, existing = match([fnd(12)], [fnd(2)], new, old)
    assert (intro, existing) == ([], [fnd(12)])


def test_different_rule_on_same_line_is_new() -> None:
    lines = ["x = 1"]
    intro, existing = match([fnd(1, "C0103")], [fnd(1, "W0612")], lines, lines)
    assert intro == [fnd(1, "C0103")] and not existing


def test_rule_now_firing_on_unchanged_line_is_new() -> None:
    old = ["import os", "os.sep"]
    new = ["import os", "pass"]
    intro, _ = match([fnd(1, "W0611")], [], new, old)
    assert intro == [fnd(1, "W0611")]


def test_duplicates_are_counted_and_the_added_copy_is_new() -> None:
    old = ["def f():", "    x = 1", "", "def g():", "    return 2"]
    # A second copy of the bad line is added ABOVE the old one, far from it.
    new = ["def h():", "    x = 1", "", "# a", "# b", "# c", "def f():", "    x = 1", "",
           "def g():", "    return 2"]
    intro, existing = match([fnd(2), fnd(8)], [fnd(2)], new, old)
    assert existing == [fnd(8)], "the diff-carried line is the old one"
    assert intro == [fnd(2)]


def test_line_map_follows_the_diff() -> None:
    old = ["a", "b", "c"]
    new = ["z", "a", "b", "y", "c"]
    assert line_map(old, new) == {1: 2, 2: 3, 3: 5}


def test_test_failures_and_syntax_errors_are_always_new() -> None:
    assert always_new(fnd(1, "T001", checker="tests"))
    assert always_new(fnd(3, "E0001", symbol="syntax-error"))
    assert always_new(fnd(3, "P001", checker="php-syntax"))
    assert not always_new(fnd(3, "P900", checker="php-syntax", severity=WARNING))
    lines = ["x = ("]
    intro, existing = match([fnd(1, "E0001", symbol="syntax-error")],
                            [fnd(1, "E0001", symbol="syntax-error")], lines, lines)
    assert intro and not existing


def test_whole_file_findings_match_without_a_line() -> None:
    intro, existing = match([fnd(0, "CG001")], [fnd(0, "CG001")], ["a"], ["b"])
    assert not intro and existing == [fnd(0, "CG001")]
