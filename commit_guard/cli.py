"""The command line.  main() is the one place exceptions become exit codes.

The git hook runs `check` a dozen times a day, mostly against a warm
cache, where start-up is most of the time; so a bare `check` (or `check
PATH...`, from the pre-commit framework) goes straight to
commands/checking.py, and only other command lines import click and the
command group (commands/group.py).  Measured with bench/speed_targets.py
(warm): importing click and building the group was about a third of a
warm 1-file re-check.
"""
from __future__ import annotations

import gc
import os
import signal
import sys
from typing import TYPE_CHECKING

from commit_guard.deadline import TimedOut, mute_on_expiry
from commit_guard.errors import EXIT_ERROR, UserError
from commit_guard.util import kill_descendants

if TYPE_CHECKING:
    from commit_guard.commands.checking import CheckArgs


class Terminated(BaseException):
    """SIGTERM/SIGHUP, raised so every ``finally`` (temp dirs, children) runs."""


def _on_signal(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def _echo_err(message: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


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
        err.write(message + "\n")
    kill_descendants()
    out.flush()
    err.flush()
    os._exit(code)


def fast_check(args: list[str]) -> CheckArgs | None:
    """The check a command line asks for when it is `check` with nothing but
    paths (none starting with "-"), else None: click parses the rest."""
    if not args or args[0] != "check" or any(a.startswith("-") for a in args[1:]):
        return None
    from commit_guard.commands.checking import CheckArgs  # pylint: disable=import-outside-toplevel
    return CheckArgs(paths=tuple(args[1:]))


def _dispatch(args: list[str]) -> int:
    # pylint: disable=import-outside-toplevel
    fast = fast_check(args)
    if fast is not None:
        from commit_guard.commands import checking
        return checking.run(fast)
    from commit_guard.commands import group
    return group.run(args)


def main(argv: list[str] | None = None) -> None:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    mute_on_expiry()
    try:
        code = _dispatch(sys.argv[1:] if argv is None else list(argv))
    except UserError as exc:
        _echo_err(f"commit-guard: error: {exc}")
        code = exc.exit_code
    except KeyboardInterrupt:
        _exit_now("commit-guard: interrupted", 130)
    except Terminated as exc:
        _exit_now("commit-guard: terminated", 128 + int(exc.args[0]))
    except TimedOut as exc:
        # As an interrupt: a checker thread (in-process pylint) is not waited for.
        _exit_now(str(exc), EXIT_ERROR, exc.stderr)
    except Exception as exc:  # pylint: disable=broad-exception-caught
        if os.environ.get("COMMIT_GUARD_DEBUG"):
            raise
        _echo_err(f"commit-guard: internal error: {type(exc).__name__}: {exc} "
                  "(set COMMIT_GUARD_DEBUG=1 for a traceback)")
        code = EXIT_ERROR
    # In-process pylint leaves a large cyclic astroid graph: collecting it at
    # interpreter exit took 0.3-0.5 s (bench/bench_speed.py, 1-file commit).
    # Frozen objects are skipped by that collection; atexit still runs.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
