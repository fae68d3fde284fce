"""Every configuration key, its type, default and meaning.

Each feature owns its own section below.  Keys are documented here once;
`commit-guard config` prints the effective values and the README's
configuration reference is written from this table.
"""
from __future__ import annotations

from typing import Any, NamedTuple

CHECKER_NAMES = ("pylint", "php-syntax", "style", "tests")


class Field(NamedTuple):
    kind: str  # str, int, bool, float, strlist, globs, table, any-table
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    minimum: int | None = None


class ListOf(NamedTuple):
    """An array of tables, each validated against ``item``."""

    item: dict[str, Any]
    doc: str
    required: tuple[str, ...] = ()


TEST_SUITE = {
    "name": Field("str", "", "Name shown in the report."),
    "command": Field("strlist", [], "Argument list, run without a shell."),
    "triggers": Field("globs", [], "Run only when a changed file matches; empty means always."),
    "cwd": Field("str", "", "Working directory, relative to the checked tree root."),
    "env": Field("table", {}, "Extra environment variables."),
    "timeout": Field("int", 300, "Seconds before the suite is killed.", minimum=1),
    "select": Field("str", "all", "'affected' runs only pytest modules importing changed code.",
                    choices=("all", "affected")),
    "junit": Field("str", "", "Path of a JUnit XML file the command writes; "
                              "{junit} in command is replaced by a temporary path."),
}

SCHEMA: dict[str, Any] = {
    "include": Field("globs", [], "Only check files matching these globs (empty: all)."),
    "exclude": Field("globs", [], "Never check files matching these globs."),
    "jobs": Field("int", 0, "Parallel workers; 0 means the CPU count.", minimum=0),
    "mode": Field("str", "all", "'new' fails only on findings the change introduces.",
                  choices=("all", "new")),
    "baseline": Field("str", "", "Baseline file (repository-relative) of accepted findings; "
                                "only findings not in it are reported (see `commit-guard "
                                "baseline`)."),
    "fail_fast": Field("bool", False, "Cancel running tests once a linter has failed."),
    "strict": Field("bool", False, "Warnings block the commit too."),
    "max_file_size": Field("int", 1024 * 1024, "Bytes; larger files are reported, not checked.",
                           minimum=1),
    "skip": Field("strlist", [], "Checkers never to run.", choices=CHECKER_NAMES),
    "python_globs": Field("globs", ["*.py", "*.pyi"],
                          "Files treated as Python (a python shebang counts too)."),
    "pylint": {
        "enabled": Field("bool", True, "Run pylint on Python files."),
        "rcfile": Field("str", "", "pylint rcfile; default: the repository's own pylint "
                                   "config, else the shipped rules/pylintrc."),
        "args": Field("strlist", [], "Extra pylint arguments (e.g. --disable=C0114)."),
    },
    "php": {
        "enabled": Field("bool", True, "Run the PHP syntax check on PHP files."),
        "globs": Field("globs", ["*.php", "*.phtml", "*.inc"], "Files treated as PHP."),
        "version": Field("str", "", "Target PHP version, e.g. '7.4'; default: the lowest "
                                    "composer.json require.php allows, else the newest."),
        "binary": Field("str", "", "Use this php binary's `php -l` instead of the "
                                   "built-in parser."),
    },
    "style": {
        "enabled": Field("bool", True, "Run the common style rules."),
    },
    "rules": Field("any-table", {}, "Per-rule settings: CODE_OR_SYMBOL = \"off\"|\"warning\"|"
                                    "\"error\"."),
    "tests": ListOf(TEST_SUITE, "Unit-test suites run at commit time.", required=("name", "command")),
    "cache": {
        "enabled": Field("bool", True, "Cache results by content hash."),
        "dir": Field("str", "", "Cache directory; default: the user cache dir."),
        "max_mb": Field("int", 256, "Size bound of the cache in MiB.", minimum=1),
    },
    "report": {
        "max_per_file": Field("int", 0, "Findings listed per file (0: all); the rest are "
                                        "counted.", minimum=0),
    },
    "svn": {
        "allow_tree_config": Field("bool", False, "Let a commit-guard.toml or pylintrc in the "
                                                  "committed tree tune rules (never run things)."),
        "bypass_marker": Field("str", "", "Log-message marker that lets a commit through "
                                          "(empty: off)."),
        "bypass_log": Field("str", "", "File where bypassed commits are recorded."),
        "max_per_file": Field("int", 10, "Findings shown per file in the client's message.",
                              minimum=1),
    },
}
