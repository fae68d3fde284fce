"""PHP style rules on modern PHP: no false positives, graceful degradation."""
from __future__ import annotations

from commit_guard import config
from commit_guard.checkers.style.checker import check_file
from commit_guard.checkers.style.php import code_tokens, tokenize
from commit_guard.sources.changeset import make_file


def codes(text: str, path: str = "a.php") -> list[tuple[str, int]]:
    got = check_file(make_file(path, "A", text.encode(), 10**6), config.from_table({}, "t"))
    return [(f.code, f.line) for f in got]


MODERN = """<?php

declare(strict_types=1);

namespace App\\Billing;

use App\\Contracts\\{Payable, Refundable};

#[Attribute(Attribute::TARGET_CLASS)]
final readonly class InvoiceService implements Payable
{
    public const DEFAULT_CURRENCY = 'EUR';
    public const int MAX_LINES = 100, MIN_LINES = 1;

    public function __construct(private Repository $repo, private ?Clock $clock = null)
    {
    }

    public function &lines(): array
    {
        $format = fn(int $x): string => sprintf('%05d', $x);
        $sorter = function (Line $a, Line $b) use ($format): int {
            return $a->total <=> $b->total;
        };
        $status = match (true) {
            $this->repo?->isEmpty() => Status::Empty,
            default => Status::Full,
        };
        $name = static::class . self::DEFAULT_CURRENCY . Status::DEFAULT;
        $this->repo->List();
        $db->mysql_query('x');
        return [...$this->repo->all(), "{$name} ${format}"];
    }

    public function withHandler(): object
    {
        return new class ($this->repo, function () {
            return null;
        }) extends Base {
            public function handleIt(): void
            {
            }
        };
    }
}
"""


def test_modern_php_in_house_style_is_clean() -> None:
    assert tokenize(MODERN) is not None
    assert codes(MODERN) == []


def test_enum_is_a_class_like_declaration() -> None:
    text = ("<?php\n\nenum suit: string\n{\n    case Hearts = 'h';\n"
            "    const Wild = self::Hearts;\n\n"
            "    public function label_text(): string\n    {\n        return 'x';\n    }\n}\n")
    assert codes(text) == [("CG203", 3), ("CG205", 6), ("CG204", 8)]


def test_only_bad_constant_names_in_a_list() -> None:
    text = "<?php\n\nclass Limits\n{\n    const GOOD = 1, bad = [1, 2], ALSO_GOOD = 3;\n}\n"
    assert codes(text) == [("CG205", 5)]


def test_functions_outside_classes_are_not_methods() -> None:
    assert codes("<?php\n\nfunction snake_case_helper()\n{\n}\n") == []


def test_mysql_calls() -> None:
    text = "<?php\n\n$a = \\mysql_query('x');\n$b = My\\mysql_query('y');\n" \
           "$c = Db::mysql_query('z');\nfunction mysql_compat()\n{\n}\n"
    assert codes(text) == [("CG210", 3)]


def test_lexer_failure_skips_php_rules_but_not_text_rules() -> None:
    # An unclosed brace: the PHP checker's scanner fails, and phply cannot lex the string.
    text = "<?php\n\neval('x');\nif (1) {\n$s = 'unterminated   \n"
    assert tokenize(text) is None and not code_tokens(text)
    assert codes(text) == [("CG101", 5)]


def test_unclosed_brace_alone_also_skips_the_code_rules() -> None:
    # phply lexes this fine; the scanner that knows brackets refuses it: no code rules.
    text = "<?php\n\neval('x');\nif (1) {\n"
    assert tokenize(text) is not None
    assert codes(text) == []


def test_phply_desync_on_indented_heredoc_is_avoided() -> None:
    # phply does not know the PHP 7.3 indented heredoc end and reads the rest as
    # string; the PHP checker's scanner does, so the class after it is judged
    # and the heredoc's text is not.
    text = "<?php\n\n$x = <<<EOT\n    ELSE IF eval( mysql_query(\n    EOT;\nclass bad_name\n{\n}\n"
    assert tokenize(text) is None
    assert codes(text) == [("CG203", 6)]


def test_attributes_are_code_not_comments() -> None:
    text = ("<?php\n\n#[Route(\n    '/x',\n)]\nfunction handler()\n{\n"
            "    return new class {\n        const lower = 1;\n    };\n}\n")
    assert codes(text) == [("CG205", 9)]


def test_strings_and_comments_are_not_code() -> None:
    text = "<?php\n\n// eval('x'); else if\n$s = 'eval(1) ELSE IF NULL';\n/* mysql_query( */\n"
    assert codes(text) == []


def test_templates_may_end_with_a_closing_tag() -> None:
    assert codes("<p>Hello</p>\n<?php echo $name; ?>\n", "page.phtml") == []
    assert codes("<?php echo $name; ?>\n<p>Hello</p>\n", "page.php") == []


def test_shebang_script_closing_tag_is_reported() -> None:
    assert codes("#!/usr/bin/env php\n<?php\n\necho 1;\n?>\n", "tool.php") == [("CG201", 5)]


def test_upper_case_open_tag() -> None:
    assert codes("<?PHP\n\necho 1;\n") == [("CG202", 1)]


def test_xml_declaration_in_a_template_is_left_alone() -> None:
    assert codes('<?xml version="1.0"?>\n<root><?= $x ?></root>\n', "feed.php") == []


def test_magic_constants_stay_upper_case() -> None:
    assert codes("<?php\n\necho __DIR__ . __CLASS__ . __LINE__;\n") == []


def test_php_rules_do_not_run_on_other_files() -> None:
    assert codes("IF x ELSE IF eval(\n", "notes.txt") == []


def test_columns_count_characters() -> None:
    got = check_file(make_file("a.php", "A", "<?php\n\n$é = eval('x');\n".encode(), 10**6),
                     config.from_table({}, "t"))
    assert [(f.code, f.line, f.column) for f in got] == [("CG209", 3, 6)]


def test_stream_wrapper_methods_may_be_snake_case() -> None:
    text = ("<?php\n\nclass MemoryStream\n{\n"
            "    public function stream_open($path, $mode)\n"
            "    {\n        return true;\n    }\n\n"
            "    public function read_all()\n    {\n    }\n}\n")
    assert codes(text) == [("CG204", 10)]


def test_keywords_used_as_names_keep_their_case() -> None:
    text = ("<?php\n\nenum Level: string\n{\n    case DEFAULT = 'default';\n}\n\n"
            "configure(instanceOf: false, LIST: true);\nIF (1) {\n}\n")
    assert codes(text) == [("CG207", 9)]


def test_several_php_blocks_make_a_template() -> None:
    text = "<?php echo $a; ?> <?php echo $b; ?>\n<?php $c->render(); ?>\n"
    assert codes(text, "view.php") == []
