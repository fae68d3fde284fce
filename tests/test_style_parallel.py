"""The style checker's worker processes report exactly what one process reports,
and its one-pass PHP reading finds the tags and comments phply's lexer finds."""
from __future__ import annotations

from pathlib import Path

import pytest

from commit_guard import config
from commit_guard.checkers.style import parallel as style_parallel

from commit_guard.checkers.style import suppress
from commit_guard.checkers.style.checker import check_file
from commit_guard.checkers.style.php_file import PhpFile
from commit_guard.checkers.style.php_tags import comment_spans, read_tags, tag_hits, tokenize
from commit_guard.resources import rules_dir
from commit_guard.runner import run_checks
from commit_guard.sources.changeset import ChangedFile, make_file
from commit_guard.sources.disk import DiskSource

REPO = Path(__file__).resolve().parent.parent

# PHP that exercises tags, comments and suppressions in every shape the
# style checker reads: each is also checked under .php and .phtml names.
GENERATED_PHP = [
    "<?php\n\necho 1;\n?>\n",
    "<?PHP\n\necho 1;\n",
    "<?Php echo 1; ?>\n<p>x</p>\n<?php echo 2; ?>\n",
    "#!/usr/bin/env php\n<?php\n\necho 1;\n?>\n",
    "<p>é</p>\n<?= $x ?>\n",
    "<? echo 1; ?>\n<% echo 2; %>\n",
    "<?php\n$a = '50%>'; // commit-guard: disable=CG209\neval('x');\n",
    "<?php\n\n// commit-guard: disable=php-eval\neval('x');\n/* commit-guard: disable=CG101 */\n",
    "<?php\n\n# commit-guard: disable=CG207,CG999\nIF (1) {\n}\n",
    "<?php\n\n$s = '// commit-guard: disable=CG209'; eval('x');\n",
    "<?php\n\n$x = <<<EOT\n  a // commit-guard: disable=CG209\n  EOT;\neval('y');\n?>\n",
    "<?php\n\n$é = 1; // commit-guard: disable=CG209 \neval('x'); /* é */ ELSE IF;\n",
    "<?php\r\n\r\nclass bad_name\r\n{\r\n    const lower = 1;\r\n}\r\n?>\r\n",
    "<?php\n\nfunction f() {\n\tvar_dump($x);\n}\n__halt_compiler();\n?>\n<?PHP ?>",
    '<?xml version="1.0"?>\n<root><?php // commit-guard: disable=CG101\necho 1; ?></root>\n',
    "<html><!-- commit-guard: disable=CG101 -->  \n<?php echo 1 ?>\n</html>\n",
    "<?php\n\nif (1) {\n    echo 1; // commit-guard: disable=CG106\n",
    "<?php\n\n$x = 1 ?>  \n",
    "<?php /** doc ?> */ echo mysql_query('x') ?>\n",
    "<?php\n\nclass A\n{\n}\nclass B\n{\n    public function Bad_Name() {}\n}\n",
]


def generated_files() -> list[ChangedFile]:
    out = []
    for i, text in enumerate(GENERATED_PHP):
        for ext in ("php", "phtml"):
            out.append(make_file(f"gen/{i:02d}.{ext}", "A", text.encode(), 10**6))
    return out


def example_files() -> list[ChangedFile]:
    """Every bad and good example of the rule catalog, and the package's own Python."""
    files = []
    for path in sorted((rules_dir() / "examples").rglob("*")):
        if path.is_file():
            rel = path.relative_to(rules_dir()).as_posix()
            files.append(make_file(rel, "A", path.read_bytes(), 10**6))
    for path in sorted((REPO / "commit_guard").glob("style*.py")):
        files.append(make_file(f"src/{path.name}", "A", path.read_bytes(), 10**6))
    return files


def test_workers_report_what_one_process_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    files = example_files() + generated_files()
    assert len(files) > 60
    cfg = config.from_table({}, "t")
    alone = style_parallel.check_many(files, cfg, check_file, jobs=1)
    monkeypatch.setattr(style_parallel, "PARALLEL_MIN_BYTES", 0)
    assert len(style_parallel._chunks(files, 8)) > 2  # pylint: disable=protected-access
    spread = style_parallel.check_many(files, cfg, check_file, jobs=2)
    assert spread == alone
    # Not a vacuous match: many files, rules and suppressions are in it.
    assert len({f.path for f in alone}) > 30
    assert {"CG004", "CG101", "CG201", "CG202", "CG203", "CG209"} <= {f.code for f in alone}


def test_runner_with_two_jobs_reports_what_one_job_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for file in generated_files():
        target = tmp_path / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content or b"")
    monkeypatch.setattr(style_parallel, "PARALLEL_MIN_BYTES", 0)
    cfg = config.from_table({}, "t")
    got = {}
    for jobs in (1, 2):
        source = DiskSource(tmp_path, [], False, cfg["max_file_size"], kind="all")
        result = run_checks(source, cfg, jobs, only=["style"])
        assert not result.crashed
        got[jobs] = sorted(result.findings)
    assert got[1] == got[2] and got[1]


@pytest.mark.parametrize("index", range(len(GENERATED_PHP)))
def test_one_pass_reads_tags_and_comments_as_phply_does(index: int) -> None:
    """Where phply lexes the file, the scanner-derived tags and suppressions are phply's."""
    text = GENERATED_PHP[index]
    tokens = tokenize(text)
    if tokens is None:
        pytest.skip("phply does not lex this file: the scanner's reading stands alone")
    hits, spans = read_tags(PhpFile(text), True, True)
    assert hits == list(tag_hits(tokens))
    assert spans is not None
    ours = [(s.line, s.target, s.column, s.names) for s in suppress.parse(text, spans)]
    theirs = [(s.line, s.target, s.column, s.names)
              for s in suppress.parse(text, comment_spans(text, tokens))]
    assert ours == theirs


def test_most_generated_files_take_the_one_pass_path() -> None:
    """The comparison above is not vacuous: phply lexes these and the scanner reads them."""
    from commit_guard.checkers.style.php_tags import _needs_phply  # pylint: disable=import-outside-toplevel

    compared = [t for t in GENERATED_PHP if "<?xml" not in t and tokenize(t) is not None
                and not _needs_phply(PhpFile(t))]
    assert len(compared) >= 12


def test_modern_heredoc_no_longer_hides_the_closing_tag() -> None:
    """The one intended change: phply cannot lex a PHP 7.3 heredoc, so the
    tag rules used to skip such a file; the scanner reads it."""
    text = "<?php\n\n$x = <<<EOT\n    a\n    EOT;\necho $x;\n?>\n"
    assert tokenize(text) is None
    hits, _spans = read_tags(PhpFile(text), True, False)
    assert hits == [("CG201", 7, 1, {})]
