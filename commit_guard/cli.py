"""The command line.  main() is the one place exceptions become exit codes."""
from __future__ import annotations

import gc
import os
import signal
import sys

import click

from commit_guard import __version__
from commit_guard.commands.baseline import baseline
from commit_guard.commands.cache import cache
from commit_guard.commands.check import check, show_config
from commit_guard.commands.doctor import doctor
from commit_guard.commands.install import install, uninstall
from commit_guard.commands.rules import explain, rules
from commit_guard.commands.svn import svn_hook  # also adds `install svn`/`uninstall svn`
from commit_guard.errors import EXIT_ERROR, UserError
from commit_guard.util import kill_descendants


class Terminated(BaseException):
    """SIGTERM/SIGHUP, raised so every ``finally`` (temp dirs, children) runs."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="commit-guard")
def cli() -> None:
    """commit-guard: a commit gate for Python and PHP.

    \b
    Examples:
      commit-guard check            # check the staged change
      commit-guard install git      # run it on every git commit
    """


# Explicit registration: every command the tool has is listed here.
cli.add_command(check)
cli.add_command(show_config)
cli.add_command(baseline)
cli.add_command(install)
cli.add_command(uninstall)
cli.add_command(doctor)
cli.add_command(svn_hook)
cli.add_command(rules)
cli.add_command(explain)
cli.add_command(cache)


def _on_signal(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _exit_now(message: str, code: int) -> None:
    """Leave at once after an interrupt.

    By now every ``finally`` on the main thread has run (temporary
    directories are gone).  A checker thread may still be inside pylint;
    a normal exit would wait for it, so its child processes are killed and
    the process ends without waiting.
    """
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    click.echo(message, err=True)
    kill_descendants()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
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
