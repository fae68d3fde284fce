"""Every configuration key, its type, default and meaning.

Each feature owns its own section below.  Keys are documented here once;
`commit-guard config` prints the effective values and the README's
configuration reference is written from this table.
"""
from __future__ import annotations

from typing import Any, NamedTuple

# "linters" stands for every configured [[linters]] entry; each reports under its own name.
CHECKER_NAMES = ("pylint", "php-syntax", "style", "tests", "linters")


class Field(NamedTuple):
    kind: str  # str, int, bool, float, strlist, globs, table, any-table
    default: Any
    doc: str
    choices: tuple[Any, ...] = ()
    minimum: int | None = None
    # check(value, origin, dotted_name) -> value: a further check at load
    # time (rule names, regular expressions); raises UserError.
    check: Any = None


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
    "memory_mb": Field("int", 0, "Address-space limit (MiB) of the suite and every process "
                                 "it starts (ulimit -v); 0: none.", minimum=0),
    "select": Field("str", "all", "'affected' runs only pytest modules importing changed code.",
                    choices=("all", "affected")),
    "junit": Field("str", "", "Path of a JUnit XML file the command writes; "
                              "{junit} in command is replaced by a temporary path."),
    "link": Field("strlist", [], "Untracked work-tree paths the suite needs (vendor, "
                                 "node_modules), symlinked into the staged snapshot."),
    "stage": Field("str", "pre-commit", "When it runs: at commit, or at git push "
                                        "(pre-push: on the tree of the pushed commits).",
                   choices=("pre-commit", "pre-push")),
}

LINTER = {
    "name": Field("str", "", "Checker name of its findings (for --only, --skip, SKIP=)."),
    "command": Field("strlist", [], "Argument list, run without a shell, on the committed "
                                    "content; {files} expands to the files (else they go "
                                    "last)."),
    "globs": Field("globs", [], "Files the linter is run on."),
    "format": Field("str", "sarif", "Output on stdout: sarif, checkstyle, json (ruff, "
                                    "PHPStan, mypy shapes) or regex (see pattern).",
                    choices=("sarif", "checkstyle", "json", "regex")),
    "pattern": Field("str", "", "For format = regex: a regex with named groups path, line, "
                                "col, code, message (and severity), matched line by line.",
                     check=lambda v, o, n: (_regexes([v], o, n) and v)),
    "severity": Field("str", "error", "Severity of findings whose output names none.",
                      choices=("error", "warning")),
    "batch": Field("int", 0, "Files per run; 0: all in one run.", minimum=0),
    "cwd": Field("str", "", "Working directory, relative to the checked tree root."),
    "env": Field("table", {}, "Extra environment variables."),
    "timeout": Field("int", 300, "Seconds one run may take; past them it is exit 2.",
                     minimum=1),
    "version_command": Field("strlist", [], "Prints the tool's version; its output is in "
                                            "the cache key."),
    "fix_command": Field("strlist", [], "Fixes files in place for `commit-guard fix` "
                                        "(e.g. ruff check --fix, phpcbf); {files} as in "
                                        "command."),
}


def _regexes(value: list[str], origin: str, name: str) -> list[str]:
    import re  # pylint: disable=import-outside-toplevel
    from commit_guard.errors import UserError  # pylint: disable=import-outside-toplevel

    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UserError(f"{origin}: '{name}': bad regular expression {pattern!r}: "
                            f"{exc}") from exc
    return value


def _php_version(value: str, origin: str, name: str) -> str:
    """A PHP version the parser knows; outside the range is exit 2, never a nearby one."""
    if not value:
        return value
    # pylint: disable=import-outside-toplevel
    from commit_guard.errors import UserError
    from commit_guard.php.versions import SUPPORTED_VERSIONS, format_version, parse_version

    supported = (f"supported: {format_version(SUPPORTED_VERSIONS[0])} to "
                 f"{format_version(SUPPORTED_VERSIONS[-1])}")
    try:
        version = parse_version(value)
    except ValueError as exc:
        raise UserError(f"{origin}: '{name}': {exc}; {supported}") from exc
    if version not in SUPPORTED_VERSIONS:
        raise UserError(f"{origin}: '{name}': PHP {value} is not supported ({supported})")
    return value


def _rules(value: dict[str, Any], origin: str, name: str) -> dict[str, str]:
    # ruledb reads the rule catalog: only when a config has a rules table.
    from commit_guard.ruledb import check_rules_table  # pylint: disable=import-outside-toplevel

    return check_rules_table(value, origin, name)


STYLE_TEST_GLOBS = ("test/", "tests/", "Tests/", "test_*.py", "*_test.py", "conftest.py",
                    "*Test.php")

STYLE_OVERRIDE = {
    "globs": Field("globs", [], "Files the override applies to."),
    "max_line_length": Field("int", -1, "As style.max_line_length; -1: inherit.", minimum=-1),
    "tabs": Field("str", "inherit", "As style.tabs.", choices=("inherit", "allow", "forbid")),
    "line_endings": Field("str", "inherit", "As style.line_endings.",
                          choices=("inherit", "lf", "crlf", "consistent")),
    "debug_patterns": Field("strlist", [], "Debugging-leftover regexes for these files; "
                                           "replace the inherited ones.", check=_regexes),
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
    "timeout": Field("int", -1, "Seconds the whole check may take; past them it stops with "
                                "exit 2 and ends every process it started. 0: no limit; -1: "
                                "the default, 300 in the svn hook and none for `commit-guard "
                                "check` and the git hook (a long --all is not cut short).",
                     minimum=-1),
    "strict": Field("bool", False, "Warnings block the commit too."),
    "max_file_size": Field("int", 10 * 1024 * 1024,
                           "Bytes; larger files are reported, not checked.",
                           minimum=1),
    "skip": Field("strlist", [], "Checkers never to run.", choices=CHECKER_NAMES),
    "python_globs": Field("globs", ["*.py", "*.pyi"],
                          "Files treated as Python (a python shebang counts too)."),
    "python": {
        "environment": Field("str", "", "The project's Python environment: a virtualenv "
                                        "directory or an interpreter (relative: to the "
                                        "repository). Empty: .venv or venv at the root, "
                                        "else the VIRTUAL_ENV of install time, else of the "
                                        "run."),
    },
    "pylint": {
        "enabled": Field("bool", True, "Run pylint on Python files."),
        "rcfile": Field("str", "", "pylint rcfile (relative: to the repository; in the svn "
                                   "hook to the server config's directory); default: the "
                                   "repository's own pylint config, else the shipped "
                                   "rules/pylintrc."),
        "args": Field("strlist", [], "Extra pylint arguments (e.g. --disable=C0114); only "
                                     "options that tune linting, else exit 2."),
        "file_timeout": Field("int", 60, "Seconds pylint may spend on one file; a file over "
                                         "it is a blocking finding (CG005) and is not checked. "
                                         "0: no limit.", minimum=0),
    },
    "php": {
        "enabled": Field("bool", True, "Run the PHP syntax check on PHP files."),
        "globs": Field("globs", ["*.php", "*.phtml", "*.inc"], "Files treated as PHP."),
        "version": Field("str", "", "Target PHP version, e.g. '7.4' (5.3 to 8.5); default: "
                                    "the lowest composer.json require.php allows, else the "
                                    "newest.", check=_php_version),
        "binary": Field("str", "", "Use this php binary's `php -l` instead of the "
                                   "built-in parser."),
    },
    "style": {
        "enabled": Field("bool", True, "Run the common style rules."),
        "max_line_length": Field("int", 120, "Longest line allowed (long-line, CG106); 0: no "
                                             "limit. Python lines are left to pylint.", minimum=0),
        "tabs": Field("str", "forbid", "Tabs in indentation (CG102); Makefiles, Go and TSV "
                                       "allow them by default.", choices=("allow", "forbid")),
        "line_endings": Field("str", "lf", "Line-ending policy (CG104/CG105); *.bat and *.cmd "
                                           "default to consistent.",
                              choices=("lf", "crlf", "consistent")),
        "debug_patterns": Field("strlist", [], "Extra debugging-leftover regexes (CG110) for "
                                               "every file, added to the per-type ones.",
                                check=_regexes),
        "test_globs": Field("globs", list(STYLE_TEST_GLOBS), "Test files, where debugging "
                                                             "leftovers (CG110) are allowed."),
        "overrides": ListOf(STYLE_OVERRIDE, "Per-file-type settings; the last match wins per "
                                            "field, after the shipped rules/text-style.toml.",
                            required=("globs",)),
    },
    "rules": Field("any-table", {}, "Per-rule settings: CODE_OR_SYMBOL = \"off\"|\"warning\"|"
                                    "\"error\" (see `commit-guard rules`).", check=_rules),
    "tests": ListOf(TEST_SUITE, "Unit-test suites run at commit time.",
                    required=("name", "command")),
    "linters": ListOf(LINTER, "Linters the team already uses (docs/linters.md); never "
                              "from a committed tree on a server.",
                      required=("name", "command", "globs")),
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
        "allow_tree_config": Field("bool", False, "Let a commit-guard.toml or pylintrc at the "
                                                  "root of the committed tree tune files and "
                                                  "rules (never what runs); server config only."),
        "bypass_marker": Field("str", "", "Log-message marker that lets a commit through "
                                          "unchecked (empty: off)."),
        "bypass_log": Field("str", "", "File where bypassed commits are recorded (relative: "
                                       "to the repository dir); unwritable: bypass refused."),
        "max_per_file": Field("int", 10, "Findings shown per file in the client's message.",
                              minimum=1),
        "tree": Field("str", "link", "Server-side suites' tree: 'link' (hard links to a "
                                     "snapshot verified by content before each use: fast) or "
                                     "'copy' (a private copy: suites may rewrite tracked "
                                     "files).", choices=("link", "copy")),
        "sandbox": Field("str", "auto", "Run pylint and the suites in a bubblewrap sandbox "
                                        "(no network, tree read-only, hooks dir and home "
                                        "hidden): 'auto' (when bwrap works; the report says "
                                        "when not), 'required' (else exit 2) or 'off'.",
                         choices=("auto", "required", "off")),
    },
    "git_server": {
        "each_commit": Field("bool", False, "Check every commit a push brings, each against "
                                            "its first parent; default: the change from the "
                                            "old tip to the new one."),
        "tags": Field("bool", False, "Check pushed tags too (the commits they bring)."),
        "allow_tree_config": Field("bool", False, "Let a commit-guard.toml or pylintrc at the "
                                                  "root of the pushed tree tune files and rules "
                                                  "(never what runs); server config only."),
        "bypass_option": Field("str", "", "Push option that lets a push through unchecked "
                                          "(`git push -o OPTION`; the repository needs "
                                          "receive.advertisePushOptions); empty: off."),
        "bypass_log": Field("str", "", "File where bypassed pushes are recorded (relative: "
                                       "to the repository dir); unwritable: bypass refused."),
        "max_per_file": Field("int", 10, "Findings shown per file in the pusher's "
                                         "`remote:` lines.", minimum=1),
        "sandbox": Field("str", "auto", "As svn.sandbox, for the pre-receive hook: 'auto', "
                                        "'required' or 'off'.",
                         choices=("auto", "required", "off")),
    },
}
