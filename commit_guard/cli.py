"""The command line.  main() is the one place exceptions become exit codes."""
from __future__ import annotations

import gc
import os
import signal
import sys

import click

from commit_guard import __version__
from commit_guard.deadline import TimedOut, mute_on_expiry
from commit_guard.errors import EXIT_ERROR, UserError
from commit_guard.util import kill_descendants

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


class Terminated(BaseException):
    """SIGTERM/SIGHUP, raised so every ``finally`` (temp dirs, children) runs."""


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


def _on_signal(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _exit_now(message: str, code: int, stderr: int | None = None) -> None:
    """Leave at once after an interrupt.

    By now every ``finally`` on the main thread has run (temporary
    directories are gone).  A checker thread may still be inside pylint;
    a normal exit would wait for it, so its child processes are killed and
    the process ends without waiting.
    """
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    # The process's own streams: a checker thread still inside an in-process
    # pylint may have swapped sys.stdout/sys.stderr for a buffer (the swap is
    # process-wide), and the message must reach the user.
    out, err = sys.__stdout__ or sys.stdout, sys.__stderr__ or sys.stderr
    if stderr is not None:  # stdout and stderr are muted: see deadline._mute
        os.write(stderr, message.encode("utf-8", "replace") + b"\n")
    else:
        click.echo(message, file=err)
    kill_descendants()
    out.flush()
    err.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    mute_on_expiry()
    try:
        code = cli.main(args=argv, prog_name="commit-guard", standalone_mode=False)
    except UserError as exc:
        click.echo(f"commit-guard: error: {exc}", err=True)
        code = exc.exit_code
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = EXIT_ERROR
    except (click.exceptions.Abort, KeyboardInterrupt):
        _exit_now("commit-guard: interrupted", 130)
    except Terminated as exc:
        _exit_now("commit-guard: terminated", 128 + int(exc.args[0]))
    except TimedOut as exc:
        # As an interrupt: a checker thread (in-process pylint) is not waited for.
        _exit_now(str(exc), EXIT_ERROR, exc.stderr)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        if os.environ.get("COMMIT_GUARD_DEBUG"):
            raise
        click.echo(f"commit-guard: internal error: {type(exc).__name__}: {exc} "
                   "(set COMMIT_GUARD_DEBUG=1 for a traceback)", err=True)
        code = EXIT_ERROR
    # In-process pylint leaves a large cyclic astroid graph: collecting it at
    # interpreter exit took 0.3-0.5 s (bench/bench_speed.py, 1-file commit).
    # Frozen objects are skipped by that collection; atexit still runs.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
