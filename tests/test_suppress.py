"""Inline suppression: `commit-guard: disable=` on the line or alone on the line before."""
from __future__ import annotations

from commit_guard import config
from commit_guard.checkers.style.checker import check_file
from commit_guard.sources.changeset import make_file


def findings(path: str, text: str | bytes, table: dict | None = None) -> list[tuple[str, int]]:
    data = text.encode() if isinstance(text, str) else text
    cfg = config.from_table(table or {}, "test")
    return [(f.code, f.line) for f in check_file(make_file(path, "A", data, 10**6), cfg)]


PHP = "<?php\n\n"


def test_unsuppressed_findings_are_reported() -> None:
    assert findings("a.php", PHP + "eval('1;');\n") == [("CG209", 3)]


def test_suppression_on_the_line() -> None:
    assert findings("a.php", PHP + "eval('1;'); // commit-guard: disable=CG209\n") == []


def test_suppression_alone_on_the_previous_line() -> None:
    text = PHP + "    // commit-guard: disable=CG209\neval('1;');\n"
    assert findings("a.php", text) == []


def test_suppression_by_symbol_and_hash_comment() -> None:
    assert findings("a.php", PHP + "eval('1;'); # commit-guard: disable=php-eval\n") == []


def test_suppression_covers_only_its_line() -> None:
    text = PHP + "// commit-guard: disable=CG209\neval('1;');\neval('2;');\n"
    assert findings("a.php", text) == [("CG209", 5)]


def test_several_codes_in_one_comment() -> None:
    line = "\tx=" + "1" * 130
    assert [c for c, _ in findings("a.sh", line + "\n")] == ["CG102", "CG106"]
    assert findings("a.sh", line + "  # commit-guard: disable=CG102, long-line\n") == []


def test_other_comment_styles() -> None:
    assert findings("a.md", "<!-- commit-guard: disable=CG101 -->\nhard break  \n") == []
    assert findings("a.sql", "-- commit-guard: disable=CG101\nSELECT 1;  \n") == []
    assert findings("a.ini", "; commit-guard: disable=CG101\nkey = 1 \n") == []


def test_dead_suppression_is_reported() -> None:
    text = PHP + "$x = 1; // commit-guard: disable=CG209\n"
    assert findings("a.php", text) == [("CG004", 3)]


def test_dead_suppression_of_unknown_rule() -> None:
    got = check_file(make_file("a.txt", "A", b"# commit-guard: disable=CG999\n", 10**6),
                     config.from_table({}, "t"))
    assert [(f.code, f.line) for f in got] == [("CG004", 1)]
    assert "unknown rule 'CG999'" in got[0].message


def test_half_used_suppression_reports_the_unused_name() -> None:
    text = PHP + "eval('1;'); // commit-guard: disable=CG209,CG210\n"
    got = check_file(make_file("a.php", "A", text.encode(), 10**6), config.from_table({}, "t"))
    assert [(f.code, f.line) for f in got] == [("CG004", 3)]
    assert "CG210" in got[0].message


def test_php_rule_suppressed_outside_php_is_dead() -> None:
    assert findings("notes.txt", "# commit-guard: disable=CG209\n") == [("CG004", 1)]


def test_suppression_of_rule_switched_off_is_left_alone() -> None:
    text = PHP + "$x = 1; // commit-guard: disable=CG209\n"
    assert findings("a.php", text, {"rules": {"CG209": "off"}}) == []


def test_unused_suppression_can_be_switched_off() -> None:
    text = PHP + "$x = 1; // commit-guard: disable=CG209\n"
    assert findings("a.php", text, {"rules": {"unused-suppression": "off"}}) == []


def test_unused_suppression_itself_is_not_suppressible() -> None:
    text = PHP + "$x = 1; // commit-guard: disable=CG209,CG004\n"
    codes = [c for c, _ in findings("a.php", text)]
    assert codes == ["CG004", "CG004"]


def test_guard_rule_cg001_is_not_suppressible() -> None:
    assert findings("a.txt", "# commit-guard: disable=CG001\n") == [("CG004", 1)]


def test_markers_inside_strings_are_not_suppressions() -> None:
    py = 'TEXT = "x = 1  # commit-guard: disable=CG209"\n'
    assert findings("a.py", py) == []
    php = PHP + "$s = '// commit-guard: disable=CG209';\neval('1;');\n"
    assert findings("a.php", php) == [("CG209", 4)]


def test_python_comment_suppresses_a_text_rule() -> None:
    text = "if x:\n    y = 1  # commit-guard: disable=CG102\n"
    got = findings("a.py", text, {"pylint": {"enabled": False}})
    assert got == [("CG004", 2)]  # nothing to hide: the indentation is spaces
    tabbed = "if x:\n\ty = 1  # commit-guard: disable=CG102\n"
    assert findings("a.py", tabbed, {"pylint": {"enabled": False}}) == []


def test_block_comment_alone_applies_to_the_line_after_it() -> None:
    text = PHP + "/*\n * Legacy loader.\n * commit-guard: disable=CG209\n */\neval('1;');\n"
    assert findings("a.php", text) == []


def test_html_comment_in_a_php_template() -> None:
    text = "<!-- commit-guard: disable=CG101 -->\n<p>x</p>  \n<?php echo 1;\n"
    assert findings("page.php", text) == []


def test_markdown_inline_code_is_not_a_suppression() -> None:
    assert findings("README.md", "Write `# commit-guard: disable=CG101` on the line.\n") == []
