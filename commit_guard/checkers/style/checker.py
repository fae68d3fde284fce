"""The common style rules: every text file (CG1xx) and PHP style (CG2xx).

The rules themselves are data (rules/catalog/, with examples); their code
is in commit_guard.checkers.style.text and commit_guard.checkers.style.php.  This module
picks the settings in force for each file, runs the rules, applies inline
suppressions and reports the dead ones (CG004).
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Sequence

from commit_guard import globs, ruledb
from commit_guard.checkers.base import PASSED, CheckerResult, Context
from commit_guard.finding import Finding
from commit_guard.route import is_php, is_python
from commit_guard.sources.changeset import FILE

if TYPE_CHECKING:
    from commit_guard.checkers.style.text import Hit, TextSettings
    from commit_guard.config import Config
    from commit_guard.sources.changeset import ChangedFile

NAME = "style"
_INHERIT = {"max_line_length": -1, "tabs": "inherit", "line_endings": "inherit"}


class StyleChecker:
    name = NAME
    description = "common style rules for every text file, and PHP style (PSR-1/PSR-12)"
    # A big change (a legacy import) is checked again faster than its
    # entries are written, one file each: the svn hook on a 10,000-file
    # import took 3.1-3.3 s with the cache off and 11.7-12.3 s with an empty
    # one.  A few commits' worth of files is still stored (a warm re-check
    # of a commit is served from it).
    cache_store_limit = 1000
    # For the result cache: the code and the rule data the findings depend on.
    cache_code = ("commit_guard.checkers.style.text", "commit_guard.checkers.style.php",
                  "commit_guard.checkers.style.php_tags", "commit_guard.checkers.style.parallel",
                  "commit_guard.checkers.style.suppress", "commit_guard.ruledb", "commit_guard.php")

    def cache_salt(self, ctx: Context) -> str:
        from commit_guard.resources import rules_dir  # pylint: disable=import-outside-toplevel

        del ctx  # the config is in the key already
        top = rules_dir()
        data = sorted([*top.glob("catalog/*.toml"), top / "text-style.toml",
                       top / "php-style.toml"])
        return ";".join(f"{p.name}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in data)

    def wants(self, file: ChangedFile, config: Config) -> bool:
        # Binary files never get here (dispatch); too-large ones are reported as CG001.
        return file.kind == FILE and config["style"]["enabled"]

    def run(self, files: Sequence[ChangedFile], ctx: Context) -> CheckerResult:
        from commit_guard.checkers.style.parallel import check_many  # pylint: disable=import-outside-toplevel

        return CheckerResult(NAME, check_many(files, ctx.config, check_file, ctx.jobs,
                                                 ctx.cancel), PASSED)


@lru_cache(maxsize=1)
def shipped_types() -> tuple[dict[str, Any], ...]:
    """The per-file-type defaults of rules/text-style.toml."""
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel
    from commit_guard.resources import rules_file  # pylint: disable=import-outside-toplevel

    data = tomllib.loads(rules_file("text-style.toml").decode("utf-8"))
    return tuple({**_INHERIT, "debug_patterns": [], **t} for t in data["types"])


def text_settings(path: str, config: Config) -> TextSettings:
    """The text settings for ``path``: [style], then shipped types, then overrides."""
    from commit_guard.checkers.style.text import TextSettings  # pylint: disable=import-outside-toplevel

    style = config["style"]
    values: dict[str, Any] = {k: style[k] for k in _INHERIT}
    patterns: list[str] = []
    for override in (*shipped_types(), *style["overrides"]):
        if not globs.matches(path, override["globs"]):
            continue
        for key, inherit in _INHERIT.items():
            if override[key] != inherit:
                values[key] = override[key]
        if override["debug_patterns"]:
            patterns = list(override["debug_patterns"])
    return TextSettings(debug_patterns=tuple(patterns + style["debug_patterns"]),
                        debug_allowed=globs.matches(path, style["test_globs"]), **values)


def active_rules(file: ChangedFile, config: Config) -> Callable[[str], bool]:
    """Which rule codes run on ``file``: not off, and not left to pylint."""
    table = ruledb.settings(config)
    pylint_runs = (is_python(file, config) and config["pylint"]["enabled"]
                   and "pylint" not in config["skip"])

    def active(code: str) -> bool:
        rule = ruledb.get(code)
        if table.get(rule.code) == ruledb.OFF:
            return False
        return not (pylint_runs and rule.defer_to_pylint)
    return active


def make(code: str, path: str, hit: Hit) -> Finding:
    rule = ruledb.get(code)
    _code, line, column, fields = hit
    return Finding(NAME, rule.code, rule.symbol, path, line, column,
                   rule.message.format(**fields), rule.severity)


def check_file(file: ChangedFile, config: Config) -> list[Finding]:
    """Every style finding for one file, suppressions applied, severities from the config."""
    # pylint: disable=import-outside-toplevel
    # Here, not at the top: a warm re-check is served by the cache and never
    # reads a file (tokenize and the rules' regexes: bench/speed_targets.py).
    from commit_guard.checkers.style import suppress
    from commit_guard.checkers.style import text as style_text

    assert file.content is not None
    active = active_rules(file, config)
    text, hits = style_text.decode(file.content)
    hits = [h for h in hits + style_text.check_text(text, text_settings(file.path, config))
            if active(h[0])]
    wanted = "commit-guard" in text  # suppressions are possible
    spans: list[tuple[int, int]] | None = []
    if is_php(file, config):
        php_hits, spans = check_php(text, active, wanted)
        hits += php_hits
    elif wanted and is_python(file, config):
        spans = suppress.python_comment_spans(text)
    elif wanted:
        spans = None  # any comment-like text
    found = [make(h[0], file.path, h) for h in hits]
    sups = suppress.parse(text, spans) if wanted else []
    if sups:
        found = suppress.apply(found, sups, resolve_suppressible)
        unused = suppress.unused(sups, resolve_suppressible, lambda c: not active(c))
        if active("CG004"):
            found += [make("CG004", file.path, ("CG004", line, col, {"rule": what}))
                      for line, col, what in unused]
    return ruledb.apply_settings(found, config)


def check_php(text: str, active: Callable[[str], bool],
              comments: bool) -> tuple[list[Hit], list[tuple[int, int]] | None]:
    """The PHP rules' hits, and the comment spans (when ``comments``), from one scan."""
    # pylint: disable=import-outside-toplevel
    from commit_guard.checkers.style import php as style_php
    from commit_guard.checkers.style import php_tags as style_php_tags
    rules = any(active(r.code) for r in ruledb.all_rules() if r.applies_to == "php")
    if not (rules or comments):
        return [], []
    php = style_php.PhpFile(text)
    tag_hits, spans = style_php_tags.read_tags(php, rules, comments)
    hits = tag_hits + style_php.check(php) if rules else []
    return [h for h in hits if active(h[0])], spans


def resolve_suppressible(name: str) -> str | None:
    """The code of the style rule a suppression comment names, or None."""
    rule = ruledb.find(name)
    if rule is None or not rule.suppressible or rule.checker != NAME:
        return None
    return rule.code
