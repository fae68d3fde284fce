"""`commit-guard fix` and `check --fix`: fix the mechanical style rules (and
run configured linters' fix commands) on the staged change, in the index
and the work tree, never with a stash; then check again."""
from __future__ import annotations

import click


@click.command("fix")
@click.option("--config", "config_file", metavar="FILE", help="Configuration file to use.")
@click.option("--verbose", "-v", is_flag=True, help="The whole summary of the check after it.")
@click.pass_context
def fix(ctx: click.Context, config_file: str | None, verbose: bool) -> None:
    """Fix the staged change, then check it again (as `check --fix`).

    Trailing whitespace (CG101), the final newline (CG103), line endings
    (CG104/CG105) and a byte-order mark (CG108) are fixed, and each
    linter's fix_command runs. Each fix goes to the staged content and to
    the work tree; a file whose unstaged changes are next to a fixed line
    is left alone, with the reason. Nothing is stashed.

    Exit status: as `check`; at least 1 when a file was left alone.
    """
    from commit_guard.commands.check import check  # pylint: disable=import-outside-toplevel

    ctx.invoke(check, config_file=config_file, verbose=verbose, fix=True)
