"""The `check` options of legacy mode: --mode, --new-only, --show-existing, --baseline.

They are kept out of the command's signature (expose_value=False) and read
back from the click context, so `check` stays one decorator and two calls
away from knowing about legacy code.
"""
from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any, Callable

import click

_META = "commit_guard.legacy"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta.setdefault(_META, {})[param.name] = value
    return value


def legacy_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--mode", type=click.Choice(("all", "new")), expose_value=False,
                     callback=_remember, help='"new": fail only on findings the change '
                     'introduces; "all": on every finding (default: config mode).'),
        click.option("--new-only", is_flag=True, expose_value=False, callback=_remember,
                     help='Fail only on findings the change introduces (config mode = "new").'),
        click.option("--show-existing", is_flag=True, expose_value=False, callback=_remember,
                     help="Also list the existing findings that --new-only/--baseline do not "
                          "block on."),
        click.option("--baseline", metavar="FILE", expose_value=False, callback=_remember,
                     help="Report only findings not in this baseline file (see "
                          "`commit-guard baseline`)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _values() -> dict[str, Any]:
    return click.get_current_context().meta.get(_META, {})


def cli_mode() -> str | None:
    """The mode the command line asks for, or None: the config decides."""
    values = _values()
    mode = values.get("mode")
    if values.get("new_only"):
        if mode == "all":
            raise click.BadParameter("--new-only contradicts --mode all", param_hint="--mode")
        mode = "new"
    return mode


def cli_overlay(whole_tree: bool = False) -> dict[str, object]:
    """Config values the options set (they win over the config file).

    ``whole_tree`` (`check --all`): mode = "new" from the config does not
    apply.  After a commit the tree is HEAD, so comparing with HEAD would call
    every finding existing, a problem committed with --no-verify included;
    the baseline is what a whole-tree check compares with
    (docs/legacy-code.md).  ``--mode new`` on the command line still applies.
    """
    values = _values()
    overlay: dict[str, object] = {}
    mode = cli_mode()
    if mode:
        overlay["mode"] = mode
    elif whole_tree:
        overlay["mode"] = "all"
    if values.get("baseline"):
        # A command-line path is relative to where the user is, not the root.
        overlay["baseline"] = str(Path(values["baseline"]).resolve())
    return overlay


def show_existing() -> bool:
    return bool(_values().get("show_existing"))


def rerun_suffix() -> str:
    """The legacy options as given, for the report's re-run hint."""
    values = _values()
    parts = ["--new-only"] if values.get("new_only") else \
        ["--mode", values["mode"]] if values.get("mode") else []
    if values.get("baseline"):
        parts += ["--baseline", values["baseline"]]
    return "".join(" " + shlex.quote(p) for p in parts)
