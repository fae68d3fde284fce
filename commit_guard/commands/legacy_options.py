"""The `check` options of legacy mode: --mode, --new-only, --show-existing, --baseline.

They are kept out of the command's signature (expose_value=False) and read
back from the click context as one dict, so `check` stays one decorator and
one call away from knowing about legacy code; commands/checking.py reads
the dict.
"""
from __future__ import annotations

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


def legacy_values() -> dict[str, Any]:
    """The legacy options given on this command line (checking.CheckArgs.legacy)."""
    return dict(click.get_current_context().meta.get(_META, {}))
