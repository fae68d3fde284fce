"""`commit-guard pre-push`: what git's pre-push hook runs.

The unit-test suites with ``stage = "pre-push"``, run on the tree of the
commits being pushed, never on the working tree: slow suites move from
every commit to every push (as Overcommit and Lefthook users do), and
what is tested is exactly what the remote will receive.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.sources import git
from commit_guard.util import cmd_output_b

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@click.command("pre-push")
@click.argument("remote", required=False)
@click.argument("url", required=False)
def pre_push(remote: str | None, url: str | None) -> None:
    """Run the stage = "pre-push" suites on the commits being pushed.

    Reads git's "<local ref> <local sha> <remote ref> <remote sha>" lines on
    standard input.  Installed by `commit-guard install git`.
    """
    del url
    from commit_guard.commands.checking import emit_reports  # pylint: disable=import-outside-toplevel
    from commit_guard.runner import effective_jobs, run_checks  # pylint: disable=import-outside-toplevel
    from commit_guard.sources.gitpush import GitPushSource  # pylint: disable=import-outside-toplevel

    top = git.toplevel()
    if top is None:
        raise UserError("pre-push: not inside a git work tree")
    worst = 0
    for local_sha, remote_sha in _updates(sys.stdin.read()):
        old = _base(top, local_sha, remote_sha, remote)
        if old is None:
            continue  # nothing the remote does not have already
        source = GitPushSource(repo=top, old=old, new=local_sha, trusted=True)
        cfg = config_mod.load(None, top, source.read)  # the config being pushed
        if not any(s["stage"] == "pre-push" for s in cfg["tests"]):
            continue
        result = run_checks(source, cfg, effective_jobs(None, cfg), only=("tests",),
                            stage="pre-push")
        result.rerun = "git push  (again, once fixed; git push --no-verify skips this hook)"
        result.extra["verbose"] = True
        emit_reports(result, "text", None, cfg["report"]["max_per_file"])
        worst = max(worst, result.exit_code)
    click.get_current_context().exit(worst)


def _updates(text: str) -> list[tuple[str, str]]:
    """(local sha, remote sha) of every ref being pushed, deletions left out."""
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 4:
            raise UserError(f"pre-push: unexpected line on standard input: {line[:200]!r}")
        local_sha, remote_sha = parts[1], parts[3]
        if set(local_sha) != {"0"}:
            found.append((local_sha, remote_sha))
    return found


def _base(top: Path, local_sha: str, remote_sha: str, remote: str | None) -> str | None:
    """What the pushed commits are compared with: the remote's tip where we
    have it, else the parent of the oldest commit no remote-tracking ref
    reaches (the empty tree for a history of its own); None: nothing new."""
    if set(remote_sha) != {"0"} and _known(top, remote_sha):
        return remote_sha
    scope = f"--remotes={remote}" if remote and not remote.startswith(("/", ".")) \
        and "://" not in remote else "--remotes"
    new = git.git("rev-list", "--reverse", local_sha, "--not", scope, cwd=top).decode().split()
    if not new:
        return None
    parent = cmd_output_b("git", "rev-parse", "-q", "--verify", f"{new[0]}^", cwd=top,
                          check=False)
    return parent[1].decode().strip() if parent[0] == 0 else EMPTY_TREE


def _known(top: Path, sha: str) -> bool:
    return cmd_output_b("git", "cat-file", "-e", f"{sha}^{{commit}}", cwd=top,
                        check=False)[0] == 0
