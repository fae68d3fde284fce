"""`commit-guard rules` lists every rule; `commit-guard explain` explains one.

The list covers commit-guard's own rules (rules/catalog/: the style rules,
file-level ones such as file-too-large, pylint's time budget and the
unit-test suites' outcomes), the PHP syntax checker's codes, and the pylint
messages active under the effective rcfile (the same rcfile `check` would
use: the repository's own, else the house rules/pylintrc, plus
`pylint.args`).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

import click

from commit_guard import config as config_mod
from commit_guard import ruledb
from commit_guard.errors import UserError
from commit_guard.finding import ERROR, WARNING

KINDS = ("guard", "style", "php-syntax", "pylint", "tests")
_ENABLED = re.compile(r"^\s+(?P<symbol>[\w-]+) \((?P<id>[A-Z]\d{4})\)$")


class Row(NamedTuple):
    code: str
    symbol: str
    checker: str
    severity: str
    message: str


def _load_config(config_file: str | None) -> tuple[config_mod.Config, Path]:
    from commit_guard.sources import git  # pylint: disable=import-outside-toplevel

    root = git.toplevel(Path.cwd()) or Path.cwd()
    return config_mod.load(config_file, root), root


def our_rows(cfg: config_mod.Config) -> list[Row]:
    return [Row(r.code, r.symbol, r.checker, ruledb.effective(r, cfg),
                re.sub(r"\{[^}]*\}", "...", r.message)) for r in ruledb.all_rules()]


def php_rows() -> list[Row]:
    return [Row(code, symbol, "php-syntax", ERROR, symbol.replace("-", " "))
            for code, symbol in sorted(ruledb.php_syntax_codes().items())]


def pylint_rows(cfg: config_mod.Config, root: Path) -> list[Row]:
    """pylint's enabled messages under the rcfile and args `check` would use."""
    from commit_guard.checkers.python.lint import CATEGORY_SEVERITY  # pylint: disable=import-outside-toplevel
    from pylint.constants import MSG_TYPES  # pylint: disable=import-outside-toplevel

    settings = ruledb.settings(cfg)
    rows = []
    for msgid, symbol in enabled_pylint_messages(cfg, root):
        msg = ruledb.pylint_message(msgid)
        severity = CATEGORY_SEVERITY.get(MSG_TYPES[msgid[0]], ERROR)
        severity = settings.get(msgid) or settings.get(symbol) or severity
        rows.append(Row(msgid, symbol, "pylint", severity, _pylint_text(msg.msg) if msg else ""))
    return sorted(rows)


def enabled_pylint_messages(cfg: config_mod.Config, root: Path) -> list[tuple[str, str]]:
    """(id, symbol) of every message `pylint --list-msgs-enabled` lists as enabled."""
    from commit_guard.checkers.base import Context  # pylint: disable=import-outside-toplevel
    from commit_guard.checkers.python.checker import write_rcfile  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.disk import DiskSource  # pylint: disable=import-outside-toplevel
    from commit_guard.util import cmd_output  # pylint: disable=import-outside-toplevel
    from commit_guard.workspace import Workspace  # pylint: disable=import-outside-toplevel

    source = DiskSource(root, [], (root / ".git").exists(), kind="all")
    with Workspace() as ws:
        rcfile, _origin = write_rcfile(Context(cfg, source, ws, 1))
        _rc, out, _err = cmd_output(sys.executable, "-m", "pylint", f"--rcfile={rcfile}",
                                    *cfg["pylint"]["args"], "--list-msgs-enabled",
                                    cwd=ws.root, timeout=120)
    enabled = out.split("Disabled messages:", maxsplit=1)[0]
    return [(m["id"], m["symbol"]) for m in map(_ENABLED.match, enabled.splitlines()) if m]


def _pylint_text(template: str) -> str:
    return re.sub(r"%[-0-9.]*[sdrfi]", "...", template.replace("%%", "%"))


@click.command("rules")
@click.option("--filter", "text", metavar="TEXT", help="Only rules whose code, symbol or "
              "message contains TEXT (case-insensitive).")
@click.option("--checker", type=click.Choice(KINDS), help="Only the rules of one checker.")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
def rules(text: str | None, checker: str | None, config_file: str | None) -> None:
    """List every rule: commit-guard's own, PHP syntax codes, and pylint's active ones.

    The severity column is the one in force under the configuration
    (`error` blocks, `warning` blocks only with --strict, `off`).

    \b
    Examples:
      commit-guard rules --checker style
      commit-guard rules --filter whitespace
    """
    cfg, root = _load_config(config_file)
    rows = our_rows(cfg) + php_rows()
    if checker in (None, "pylint"):
        rows += pylint_rows(cfg, root)
    if checker:
        rows = [r for r in rows if r.checker == checker]
    if text:
        needle = text.lower()
        rows = [r for r in rows if needle in f"{r.code} {r.symbol} {r.message}".lower()]
    width = max((len(r.symbol) for r in rows), default=10)
    for r in rows:
        click.echo(f"{r.code:<6} {r.symbol:<{width}} {r.checker:<10} {r.severity:<7} {r.message}")
    if not rows:
        click.echo("no rule matches", err=True)


@click.command("explain")
@click.argument("name", metavar="CODE_OR_SYMBOL")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
def explain(name: str, config_file: str | None) -> None:
    """Explain a rule: what it checks, why, and its bad and good examples.

    \b
    Examples:
      commit-guard explain CG101
      commit-guard explain php-closing-tag
      commit-guard explain C0301          # pylint's own --help-msg text
    """
    rule = ruledb.find(name)
    if rule is not None:
        cfg, _root = _load_config(config_file)
        click.echo(explain_ours(rule, ruledb.effective(rule, cfg)), nl=False)
        return
    for code, symbol in ruledb.php_syntax_codes().items():
        if name.upper() == code or name.lower() == symbol:
            click.echo(explain_php(code, symbol), nl=False)
            return
    msg = ruledb.pylint_message(name)
    if msg is not None:
        click.echo(explain_pylint(msg), nl=False)
        return
    raise UserError(f"unknown rule {name!r} (see `commit-guard rules`)")


_WHERE = {"any": "every file", "text": "every text file", "php": "PHP files"}


def explain_ours(rule: ruledb.Rule, effective: str) -> str:
    state = f"{rule.severity} by default" + (f", {effective} in this configuration"
                                             if effective != rule.severity else "")
    out = [f"{rule.code} {rule.symbol} [{rule.checker}; {state}]",
           f"Applies to: {_WHERE[rule.applies_to]}",
           f"Message: {rule.message}", "", rule.description.strip(), ""]
    for kind in ("bad", "good"):
        for path in rule.examples(kind):
            out.append(f"{kind.capitalize()} example ({path.name}):")
            out += ["  " + line for line in show_example(path.read_bytes())]
            out.append("")
    if rule.configurable:
        out.append(f'Configure: [rules] {rule.code} = "off" | "warning" | "error"  '
                   "([tool.commit-guard.rules] in pyproject.toml)")
    elif rule.checker == "tests":
        out.append("Cannot be switched off or downgraded: skip the suites for one commit "
                   "with SKIP=tests")
    else:
        out.append("Cannot be switched off or downgraded: exclude the file instead "
                   "(exclude = [...])")
    if rule.suppressible:
        out.append(f"Suppress on one line: # commit-guard: disable={rule.code}  "
                   "(// in PHP; alone on a line: the next line)")
    return "\n".join(out) + "\n"


def explain_php(code: str, symbol: str) -> str:
    what = symbol.replace("php-", "").replace("-", " ")
    return (f"{code} {symbol} [php-syntax; always an error]\n\n"
            f"PHP {what}: reported by the PHP syntax checker in the words `php -l` would\n"
            "use. PHP refuses such a file when it compiles it, so it cannot run. Syntax errors\n"
            "cannot be switched off, downgraded or suppressed; if the finding names a PHP\n"
            "version, set `php.version` to the oldest PHP the code must run on.\n")


def explain_pylint(msg: object) -> str:
    text = msg.format_help(checkerref=True)  # type: ignore[attr-defined]
    severity = WARNING if msg.msgid.startswith("I") else ERROR  # type: ignore[attr-defined]
    return (f"{text.rstrip()}\n\n[pylint; {severity} by default in commit-guard]\n"
            f"Suppress on one line: # pylint: disable={msg.symbol}\n")  # type: ignore[attr-defined]


def show_example(data: bytes) -> list[str]:
    """Example lines, the invisible made visible: <SP> <TAB> <CR> <BOM> <NUL>, bad bytes \\xNN."""
    prefix = ""
    if data.startswith(b"\xef\xbb\xbf"):
        prefix, data = "<BOM>", data[3:]
    text = data.decode("utf-8", "backslashreplace").replace("\0", "<NUL>")
    lines = text.split("\n")
    final = lines[-1] == ""
    if final:
        lines.pop()
    shown = []
    for line in lines:
        body = line[:-1] if line.endswith("\r") else line
        stripped = body.rstrip(" \t")
        tail = body[len(stripped):].replace(" ", "<SP>").replace("\t", "<TAB>")
        body = stripped.replace("\t", "<TAB>") + tail + ("<CR>" if line.endswith("\r") else "")
        shown.append(body)
    if shown:
        shown[0] = prefix + shown[0]
    if not final:
        shown.append("<no newline at end of file>")
    return shown
