"""`commit-guard init`: a starter configuration from what the repository holds.

It looks, never runs: Python and PHP files, composer.json's require.php
(the PHP target), and the signs of pytest and PHPUnit.  The config goes into
pyproject.toml's [tool.commit-guard] when there is a pyproject.toml, else
into commit-guard.toml; an existing config is replaced only with --force.
Then it offers to install the git hook, asking only on a terminal.
"""
from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import click

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.util import replace_file

# Never looked into for the language census: dependencies and environments.
_SKIP_DIRS = {".git", ".svn", ".hg", "vendor", "node_modules", ".venv", "venv", "env",
              "__pycache__", ".tox", ".nox", "build", "dist"}
_PYTEST_SIGNS = ("pytest.ini", "conftest.py", "tests/conftest.py")
_PHPUNIT_SIGNS = ("phpunit.xml", "phpunit.xml.dist", "phpunit.dist.xml")
# The headers of our tables in pyproject.toml: [tool.commit-guard], its
# subtables and arrays of tables.
_OUR_HEADER = re.compile(r'^\s*\[\[?\s*tool\s*\.\s*"?commit-guard"?\s*[\].]')
_ANY_HEADER = re.compile(r"^\s*\[")


@dataclass
class Found:
    """What the repository looks like."""

    python: int = 0
    php: int = 0
    php_target: str = ""
    php_constraint: str = ""
    suites: list[dict[str, object]] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"{self.python} Python file{'s' * (self.python != 1)}",
                 f"{self.php} PHP file{'s' * (self.php != 1)}"]
        if self.php_target:
            parts.append(f"PHP target {self.php_target} (composer.json)")
        parts += [f"{s['name']} tests" for s in self.suites]
        return ", ".join(parts)


@click.command("init")
@click.option("--repo", "repo", metavar="DIR", type=click.Path(file_okay=False), default=".",
              show_default=True, help="The project's directory (in git: its work tree).")
@click.option("--force", is_flag=True, help="Replace an existing commit-guard configuration.")
@click.option("--yes", "-y", "assume_yes", is_flag=True,
              help="Install the git hook without asking.")
@click.option("--no-install", is_flag=True, help="Write the configuration only.")
def init(repo: str, force: bool, assume_yes: bool, no_install: bool) -> None:
    """Write a starter configuration, then offer to install the git hook.

    Detects Python and PHP files, the PHP target from composer.json, and
    pytest and PHPUnit suites.  Writes [tool.commit-guard] into
    pyproject.toml if there is one, else commit-guard.toml.  Asks before
    installing the hook only on a terminal; --yes or --no-install decide
    without asking.

    \b
    Examples:
      commit-guard init
      commit-guard init --yes            # and install the git hook
      commit-guard init --no-install --force
    """
    from commit_guard.sources import git  # pylint: disable=import-outside-toplevel

    if assume_yes and no_install:
        raise click.BadParameter("--yes and --no-install contradict each other",
                                 param_hint="--yes")
    start = Path(repo)
    if not start.is_dir():
        raise UserError(f"--repo {repo}: not a directory")
    top = git.toplevel(start)
    root = top or start.resolve()
    found = detect(root, git.ls_files(root, others=True) if top else None)
    dest, text = render_for(root, found, force)
    # What is written must load: a starter config that fails is worse than
    # none, and a pyproject.toml that is not TOML is left as it was.
    _validate(dest, text)
    replace_file(dest, text.encode("utf-8"), 0o644)
    click.echo(f"found: {found.describe()}")
    click.echo(f"wrote the commit-guard configuration to {dest.name}"
               + (" ([tool.commit-guard])" if dest.name == config_mod.PYPROJECT else ""))
    offer_hook(top, assume_yes, no_install)


def offer_hook(top: Path | None, assume_yes: bool, no_install: bool) -> None:
    from commit_guard.install import git as hookinstall  # pylint: disable=import-outside-toplevel

    if top is None:
        click.echo("not a git work tree: no hook installed (see `commit-guard install`)")
        return
    if no_install:
        click.echo("next: `commit-guard install git` to check every commit")
        return
    if not assume_yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            click.echo("no terminal to ask: hook not installed; run `commit-guard install "
                       "git` (or `commit-guard init --yes`)")
            return
        if not click.confirm("Install the git pre-commit hook now?", default=True):
            click.echo("hook not installed; `commit-guard install git` does it later")
            return
    for line in hookinstall.install(top):
        click.echo(line)


def detect(root: Path, listed: list[str] | None) -> Found:
    """Count the code files and find the test suites (nothing is run).

    Suite commands say {python} and {php}: the project's interpreters,
    found at commit time, so the config works from a GUI client too.
    """
    paths = listed if listed is not None else list(_walk(root))
    kept = [p for p in paths if not set(p.split("/")[:-1]) & _SKIP_DIRS]
    found = Found(python=sum(p.endswith((".py", ".pyi")) for p in kept),
                  php=sum(p.endswith((".php", ".phtml", ".inc")) for p in kept))
    composer = _composer(root)
    constraint = composer.get("require", {}).get("php") if isinstance(
        composer.get("require"), dict) else None
    if isinstance(constraint, str):
        from commit_guard.php.versions import format_version, lowest_allowed  # pylint: disable=import-outside-toplevel
        lowest = lowest_allowed(constraint)
        if lowest is not None:
            found.php_target, found.php_constraint = format_version(lowest), constraint
    names = {p.rsplit("/", 1)[-1] for p in kept}
    if found.python and (any(s in paths for s in _PYTEST_SIGNS) or _pytest_configured(root)
                         or any(re.match(r"test_.*\.py$|.*_test\.py$", n) for n in names)):
        found.suites.append({
            "name": "pytest", "command": ["{python}", "-m", "pytest", "-q"],
            "triggers": ["*.py", "pyproject.toml", "setup.cfg", "pytest.ini"],
            "select": "affected"})
    if any(s in paths for s in _PHPUNIT_SIGNS) or "phpunit/phpunit" in str(composer):
        found.suites.append({
            "name": "phpunit", "command": ["{php}", "vendor/bin/phpunit"],
            "triggers": ["*.php", "composer.json", "composer.lock", "phpunit.xml*"],
            "link": ["vendor"]})
    return found


def _walk(root: Path) -> list[str]:
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        rel = Path(dirpath).relative_to(root).as_posix()
        out += [f if rel == "." else f"{rel}/{f}" for f in files]
    return out


def _composer(root: Path) -> dict[str, object]:
    try:
        data = json.loads((root / "composer.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pytest_configured(root: Path) -> bool:
    for name, marker in (("pyproject.toml", "[tool.pytest"), ("setup.cfg", "[tool:pytest]"),
                         ("tox.ini", "[pytest]")):
        try:
            if marker in (root / name).read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:
            continue
    return False


def render_for(root: Path, found: Found, force: bool) -> tuple[Path, str]:
    """(file to write, its whole new text); exit 2 if a config is there and not --force."""
    own, pyproject = root / config_mod.CONFIG_NAME, root / config_mod.PYPROJECT
    if own.exists() and not force:
        raise UserError(f"{own.name} already exists: edit it, or replace it with "
                        "`commit-guard init --force`")
    if own.exists() or not pyproject.exists():
        return own, starter(found, "")
    text = pyproject.read_text(encoding="utf-8")
    kept = without_our_tables(text)
    if kept != text and not force:
        raise UserError(f"{pyproject.name} already has [tool.commit-guard]: edit it, or "
                        "replace it with `commit-guard init --force`")
    return pyproject, kept.rstrip("\n") + "\n\n" + starter(found, "tool.commit-guard")


def _validate(dest: Path, text: str) -> None:
    from commit_guard.compat import tomllib  # pylint: disable=import-outside-toplevel

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{dest.name}: invalid TOML ({exc}); not changed") from exc
    if dest.name == config_mod.PYPROJECT:
        config_mod.from_table(doc["tool"]["commit-guard"], dest.name, "tool.commit-guard.")
    else:
        config_mod.from_table(doc, dest.name)


def without_our_tables(text: str) -> str:
    """pyproject.toml without its [tool.commit-guard...] tables."""
    out, ours = [], False
    for line in text.splitlines(keepends=True):
        if _ANY_HEADER.match(line):
            ours = bool(_OUR_HEADER.match(line))
        if not ours:
            out.append(line)
    return "".join(out)


def starter(found: Found, table: str) -> str:
    """The starter configuration as commented TOML (``table``: the pyproject prefix)."""
    prefix = f"{table}." if table else ""
    # In pyproject.toml the comments go under our header, so --force, which
    # drops our tables, drops them too.
    lines = [f"[{table}]"] if table else []
    lines += ["# Written by `commit-guard init`. Found:"]
    lines += ["#   " + line for line in textwrap.wrap(found.describe() + ".", 70)]
    lines += ["# Every key: `commit-guard config --reference`. Legacy code: set",
              '# mode = "new" to block only the problems a commit introduces.',
              'mode = "all"', ""]
    if found.php_target:
        lines += [f"[{prefix}php]",
                  f"# The lowest PHP composer.json's require.php ({found.php_constraint}) "
                  "allows.",
                  f'version = "{found.php_target}"', ""]
    for suite in found.suites:
        lines += [f"[[{prefix}tests]]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in suite.items()]
        lines += [""]
    if not found.suites:
        lines += ["# No test suite found; one runs at commit time like this:",
                  f"# [[{prefix}tests]]",
                  '# name = "unit"',
                  '# command = ["{python}", "-m", "pytest", "-q"]',
                  '# triggers = ["*.py"]', ""]
    return "\n".join(lines).rstrip("\n") + "\n"
