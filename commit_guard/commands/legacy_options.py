"""The `check` options of legacy mode: --new-only, --show-existing, --baseline.

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


def cli_overlay() -> dict[str, object]:
    """Config values the options set (they win over the config file)."""
    values = _values()
    overlay: dict[str, object] = {}
    if values.get("new_only"):
        overlay["mode"] = "new"
    if values.get("baseline"):
        # A command-line path is relative to where the user is, not the root.
        overlay["baseline"] = str(Path(values["baseline"]).resolve())
    return overlay


def show_existing() -> bool:
    return bool(_values().get("show_existing"))


def rerun_suffix() -> str:
    """The legacy options as given, for the report's re-run hint."""
    values = _values()
    parts = ["--new-only"] if values.get("new_only") else []
    if values.get("baseline"):
        parts += ["--baseline", values["baseline"]]
    return "".join(" " + shlex.quote(p) for p in parts)
