"""What the git pre-receive hook does: which commits a push brings, trust,
bypass, check, report.

The Subversion hook's guarantees for a git server: the configuration that
decides what runs is the server's (``--config``, else
REPO/hooks/commit-guard.toml, else the defaults); a commit-guard.toml in
the pushed tree is data, read only with git_server.allow_tree_config and
then through the same allowlist (server/svn.py: TREE_ALLOWED); the check
runs in the same bubblewrap sandbox (server/sandbox.py).

Per updated ref: deletions are skipped, tags too unless git_server.tags.
By default the change from the old tip to the new one is checked (a new
ref: from where its first-parent line leaves the commits the server
already has, else from the empty tree); with git_server.each_commit every
commit the push brings is checked against its first parent.  Commits the
server already has are those the checked refs reach: with tags skipped, a
commit only a tag reaches was never checked and counts as new.
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from commit_guard import config as config_mod
from commit_guard.errors import UserError
from commit_guard.server import append_log, sandbox
from commit_guard.server.svn import load_config, run_check, time_limit
from commit_guard.sources import git
from commit_guard.sources.gitpush import GitPushSource

SECTION = "git_server"
TAGS = "refs/tags/"
# Who pushed, as the hosting software tells its hooks; else the hook's user.
PUSHER_VARS = ("GL_USERNAME", "GITEA_PUSHER_NAME", "REMOTE_USER")


@dataclass(frozen=True)
class Update:
    """One line of pre-receive's stdin: ``OLD NEW REF``."""

    old: str
    new: str
    ref: str

    @property
    def deleted(self) -> bool:
        return not self.new.strip("0")

    @property
    def created(self) -> bool:
        return not self.old.strip("0")

    def line(self) -> str:
        return f"{self.old} {self.new} {self.ref}"


def parse_updates(text: str) -> list[Update]:
    updates = []
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not all(_is_id(p) for p in parts[:2]):
            raise UserError(f"pre-receive: stdin line {number}: expected 'OLD NEW REF', "
                            f"got {line[:80]!r}")
        updates.append(Update(*parts))
    return updates


def _is_id(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def git_dir(repo: str | Path) -> Path:
    """The repository's git dir (a bare repository is its own)."""
    code, out, _ = _git_out(["rev-parse", "--absolute-git-dir"], Path(repo))
    if code != 0:
        raise UserError(f"{repo}: not a git repository")
    return Path(out.strip())


def _git_out(args: list[str], repo: Path) -> tuple[int, str, str]:
    from commit_guard.util import cmd_output  # pylint: disable=import-outside-toplevel

    return cmd_output("git", *args, cwd=repo, check=False)


def commit_of(repo: Path, rev: str) -> str | None:
    """``rev`` peeled to a commit (an annotated tag to what it tags); None
    when it is no commit (a tag of a tree or blob)."""
    code, out, _ = _git_out(["rev-parse", "-q", "--verify", f"{rev}^{{commit}}"], repo)
    return out.strip() if code == 0 else None


def plan(repo: Path, update: Update, cfg: config_mod.Config) -> list[tuple[str, str]]:
    """The (base, commit) pairs to check for ``update``; none when skipped."""
    section = cfg[SECTION]
    if update.deleted or (update.ref.startswith(TAGS) and not section["tags"]):
        return []
    new = commit_of(repo, update.new)
    if new is None:
        return []
    # pre-receive runs before any ref moves: these are the refs as they were.
    known = [] if section["tags"] else [f"--exclude={TAGS}*"]
    fresh: dict[str, str] = {}
    for line in _git_out(["rev-list", "--topo-order", "--reverse", "--parents", new, "--not",
                          *known, "--all"], repo)[1].splitlines():
        ids = line.split()
        fresh[ids[0]] = ids[1] if len(ids) > 1 else ""
    if section["each_commit"]:
        empty = git.empty_tree(repo)
        return [(parent or empty, commit) for commit, parent in fresh.items()]
    if not update.created:
        old = commit_of(repo, update.old)
        return [(old or git.empty_tree(repo), new)] if old != new else []
    if not fresh:
        return []  # a new ref at commits the server has checked already
    return [(_fork_point(repo, new, fresh), new)]


def _fork_point(repo: Path, new: str, fresh: dict[str, str]) -> str:
    """Where ``new``'s first-parent line reaches a commit the server has."""
    chain = _git_out(["rev-list", "--first-parent", f"--max-count={len(fresh) + 1}", new],
                     repo)[1].split()
    for commit in chain:
        if commit not in fresh:
            return commit
    return git.empty_tree(repo)


def push_options() -> list[str]:
    """The ``git push -o`` options (git passes them only with
    receive.advertisePushOptions set)."""
    try:
        count = int(os.environ.get("GIT_PUSH_OPTION_COUNT", "0"))
    except ValueError:
        return []
    return [os.environ.get(f"GIT_PUSH_OPTION_{i}", "") for i in range(count)]


def pusher() -> str:
    for name in PUSHER_VARS:
        if os.environ.get(name):
            return os.environ[name]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "(unknown)"


def record_bypass(cfg: config_mod.Config, repo: Path, updates: list[Update]) -> str:
    """Append one line to git_server.bypass_log; return the message for stderr."""
    option = cfg[SECTION]["bypass_option"]
    who = pusher()
    message = (f"commit-guard: checks bypassed by {who} with push option {option!r}; "
               "recorded")
    log_name = cfg[SECTION]["bypass_log"]
    if not log_name:
        return message + f" here only ({SECTION}.bypass_log is not set)"
    refs = "; ".join(u.line() for u in updates)
    path = append_log(log_name, f"{SECTION}.bypass_log", repo, [str(repo), who, option, refs])
    return f"{message} in {path}"


def server_config(repo: Path, explicit: str | None) -> config_mod.Config:
    """The server's own config (no pushed overlay): what the bypass is decided by."""
    from commit_guard.server.svn import server_config_path  # pylint: disable=import-outside-toplevel

    path = server_config_path(repo, explicit)
    return config_mod.load(path, repo) if path else config_mod.from_table({}, "defaults")


def check_push(repo_arg: str, updates: list[Update], config_file: str | None,
               jobs: int | None) -> tuple[str, int]:
    """Run the hook for every update; return (report for stderr, exit code)."""
    repo = git_dir(repo_arg)
    inside = sandbox.received_config()
    if inside is None:
        server = server_config(repo, config_file)
        option = server[SECTION]["bypass_option"]
        if option and option in push_options() and any(not u.deleted for u in updates):
            return record_bypass(server, repo, updates) + "\n", 0
    texts, code = [], 0
    for update in updates:
        text, status = check_update(repo, update, config_file, jobs)
        texts.append(text)
        code = max(code, status)
    return "".join(texts), code


def check_update(repo: Path, update: Update, config_file: str | None,
                 jobs: int | None) -> tuple[str, int]:
    """One ref: in the sandbox when configured; the checks of its commits."""
    inside = sandbox.received_config()
    planned = plan(repo, update, inside[0] if inside else server_config(repo, config_file))
    if not planned:
        return "", 0
    tip = GitPushSource(repo, planned[-1][0], planned[-1][1])
    # The pushed tip's config tunes the rules (when the server allows it).
    cfg, dropped = inside or load_config(tip, config_file, SECTION)
    argv = ["pre-receive", "--repo", str(repo), "--update", *update.line().split(),
            *(["--jobs", str(jobs)] if jobs else [])]
    hook = sandbox.Hook(SECTION, argv, ("hooks",),
                        lambda scratch: tip.tree(scratch / "tree") if cfg["tests"] else None,
                        writable_tree=True, env=sandbox.GIT_OBJECT_VARS)
    ran, note = sandbox.run(tip, cfg, dropped, hook)
    if ran is not None:
        return ran
    texts, code = [], 0
    with time_limit(cfg, "git server"):  # for the whole ref, however many commits it brings
        for base, commit in planned:
            source = tip if commit == tip.new else GitPushSource(repo, base, commit)
            text, status = check_commit(source, cfg, (dropped, note), jobs, update,
                                        label=len(planned) > 1)
            texts.append(text)
            code = max(code, status)
    return "".join(texts), code


def check_commit(source: GitPushSource, cfg: config_mod.Config, notes: tuple[list[str], str],
                 jobs: int | None, update: Update, label: bool) -> tuple[str, int]:
    from commit_guard import reports  # pylint: disable=import-outside-toplevel

    source.max_size = cfg["max_file_size"]
    # The suites run once, on the pushed tree (the tip): not on every commit.
    skip = () if source.new == commit_of(source.repo, update.new) else ("tests",)
    result = run_check(source, cfg, notes, jobs, skip, what="pushed")
    result.rerun = "commit-guard check PATH... (in your clone)"
    # As for svn: the report says a bypass exists, never the option itself.
    result.extra["bypass"] = bool(cfg[SECTION]["bypass_option"])
    text = reports.get("svn", max_per_file=cfg[SECTION]["max_per_file"]).format(result)
    # git shows an accepted push's output too: one line, not a count of nothing.
    text = text.replace("\n0 problems in total\n", "\n") if not result.findings else text
    text = text.removeprefix("0 problems in total\n") if not result.findings else text
    if label and result.exit_code:
        text = f"commit-guard: {update.ref} at {source.new[:12]}:\n{text}"
    return text, result.exit_code
