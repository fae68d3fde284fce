"""The click command group: every command, imported when it is used.

cli.main() calls run() for every command line except the git hook's bare
`check`, which it hands to commands/checking.py without importing click.
"""
from __future__ import annotations

import click

from commit_guard import __version__
from commit_guard.errors import EXIT_ERROR

# Explicit registration: every command the tool has is listed here, as
# "module:attribute".  A command's module is imported when the command is
# used (or listed by --help), so `check` on every commit does not import
# the svn, hook-installing and doctor code (about 4 ms of a 80 ms warm run).
COMMANDS = {
    "init": "commit_guard.commands.init:init",
    "check": "commit_guard.commands.check:check",
    "fix": "commit_guard.commands.fix:fix",
    "config": "commit_guard.commands.check:show_config",
    "baseline": "commit_guard.commands.baseline:baseline",
    # commands.svn and commands.pre_receive add their `install`/`uninstall`
    # subcommands (svn, git-server) to the groups they import.
    "install": "commit_guard.commands.pre_receive:install",
    "uninstall": "commit_guard.commands.pre_receive:uninstall",
    "doctor": "commit_guard.commands.doctor:doctor",
    "svn-hook": "commit_guard.commands.svn:svn_hook",
    "pre-receive": "commit_guard.commands.pre_receive:pre_receive",
    "pre-push": "commit_guard.commands.pre_push:pre_push",
    "rules": "commit_guard.commands.rules:rules",
    "explain": "commit_guard.commands.rules:explain",
    "cache": "commit_guard.commands.cache:cache",
}


class LazyGroup(click.Group):
    """A group that imports a command from COMMANDS when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib  # pylint: disable=import-outside-toplevel

            module, _, attr = COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="commit-guard")
def cli() -> None:
    """commit-guard: a commit gate for Python and PHP.

    \b
    Examples:
      commit-guard init             # a starter config, and the git hook
      commit-guard check            # check the staged change
      commit-guard install git      # run it on every git commit
    """


def run(args: list[str]) -> int:
    """Run the command line; click's own exceptions become exit codes here,
    every other one goes to cli.main()."""
    try:
        code = cli.main(args=args, prog_name="commit-guard", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort as exc:
        raise KeyboardInterrupt from exc
    return code if isinstance(code, int) else 0
