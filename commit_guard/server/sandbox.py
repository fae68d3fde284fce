"""A server hook's check inside a bubblewrap sandbox (``svn.sandbox``,
``git_server.sandbox``), as defence in depth.

The hook reads its server config and decides on a bypass outside; then it
runs the check itself again inside ``bwrap``, so pylint (in-process) and
the suites run there.  What differs between the hooks (the command, the
repository's private directories, the suites' tree) is a ``Hook``:

- no network (``--unshare-net``), own pid namespace that dies with the hook
  (``--unshare-pid --die-with-parent``), no capabilities (root included);
- everything read-only; a fresh /tmp (the check's workspace);
- hidden behind empty tmpfs mounts: REPOS/hooks (server config, bypass
  log, hook scripts) and REPOS/conf (svnserve passwords), the hook user's
  home directory, /tmp and /var/tmp, and every other repository's
  snapshots in the cache; what the check needs from a hidden place (the
  interpreter and its libraries, the repository's db, the cache, files the
  server config names) is mounted back read-only;
- the commit's tree for the suites is built outside first and mounted
  read-only (tree mode "copy": writable, it is a private copy); the
  snapshots are read-only, and so is the result cache when the server
  runs suites (committed code runs in them).

The configuration goes in through stdin as JSON, never through a file the
sandbox can see.  "required" fails closed (exit 2, one line) when bwrap is
missing or cannot make its namespaces; "auto" then runs unsandboxed and the
report says so once.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from commit_guard.config import Config
from commit_guard.errors import UserError
from commit_guard.procs import owner_token
from commit_guard.server import DEFAULT_TIMEOUT
from commit_guard.sources.svn import SvnSource
from commit_guard.util import cmd_output_b
from commit_guard.workspace import remove_leftovers

STARTED = b"commit-guard-sandbox: started\n"
TREE_PREFIX = "commit-guard-sandbox-"
# The sandboxed process: the hook's own program, fed the payload on stdin.
PROGRAM = """import sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
from commit_guard.server import sandbox
argv = sandbox.receive()
from commit_guard.cli import main
main(argv)"""
_RECEIVED: list[Inside] = []
# Handed into the sandbox with the environment: where git keeps the pushed
# objects while a pre-receive hook runs (its quarantine).
GIT_OBJECT_VARS = ("GIT_QUARANTINE_PATH", "GIT_OBJECT_DIRECTORY",
                   "GIT_ALTERNATE_OBJECT_DIRECTORIES")


class Checked(Protocol):
    """What the sandbox needs of a server hook's source."""

    repos: Path
    prebuilt_tree: Path | None


@dataclass
class Hook:
    """What differs between the server hooks around the sandboxed check."""

    section: str  # the config section with its 'sandbox' mode and 'bypass_log'
    argv: list[str]  # the CLI command the sandboxed process runs
    private: tuple[str, ...]  # directories of the repository hidden inside
    prepare: Callable[[Path], Path | None]  # builds the suites' tree in a scratch dir
    snapshots: Path | None = None  # this repository's cached snapshots, mounted read-only
    writable_tree: bool = False  # the suites' tree is a private copy
    env: tuple[str, ...] = ()  # environment variables handed in as they are


@dataclass
class Inside:
    """What the outer hook hands the sandboxed check."""

    config: dict[str, Any]
    origin: str
    dropped: list[str]
    tree: str | None
    argv: list[str] = field(default_factory=list)

    def config_and_dropped(self) -> tuple[Config, list[str]]:
        return Config(self.config, self.origin), list(self.dropped)

    def apply(self, source: Checked) -> None:
        source.prebuilt_tree = Path(self.tree) if self.tree else None


def receive() -> list[str]:
    """In the sandboxed process: read the payload; the CLI arguments to run."""
    payload = json.loads(sys.stdin.buffer.read())
    _RECEIVED.append(Inside(**payload))
    os.write(1, STARTED)
    return payload["argv"]


def received() -> Inside | None:
    return _RECEIVED[0] if _RECEIVED else None


def received_config() -> tuple[Config, list[str]] | None:
    """Inside the sandbox: the server config and the dropped tree keys."""
    inside = received()
    return inside.config_and_dropped() if inside else None


def enter(source: SvnSource, cfg: Config, dropped: list[str],
          jobs: int | None) -> tuple[tuple[str, int] | None, str]:
    """The svn hook's check in the sandbox: see ``run``."""
    from commit_guard.sources import svnlook  # pylint: disable=import-outside-toplevel
    from commit_guard.cache import store  # pylint: disable=import-outside-toplevel

    snapshots = store.default_dir(cfg).absolute() / "svn-trees" / svnlook.uuid(source.repos)
    hook = Hook("svn", _argv(source, jobs), ("hooks", "conf"),
                lambda scratch: _prepare(source, cfg, scratch), snapshots,
                writable_tree=cfg["svn"]["tree"] == "copy")
    return run(source, cfg, dropped, hook)


def run(source: Checked, cfg: Config, dropped: list[str],
        hook: Hook) -> tuple[tuple[str, int] | None, str]:
    """Run the check in the sandbox: ((report, exit code), "") when it ran
    there; (None, note) when it runs here instead ("off", or "auto" without
    a working bwrap; (None, "") inside the sandbox itself); UserError when
    "required" cannot be met."""
    inside = received()
    if inside is not None:
        inside.apply(source)
        return None, ""
    mode = cfg[hook.section]["sandbox"]
    if mode == "off":
        return None, ""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return _unavailable(hook, mode, "bwrap not found (Debian package bubblewrap)")
    # The check's workspace is inside the sandbox's own /tmp: what killed
    # runs left in the real one is cleaned here.
    remove_leftovers("commit-guard-")
    remove_leftovers(TREE_PREFIX)
    scratch = Path(tempfile.mkdtemp(prefix=f"{TREE_PREFIX}{owner_token()}-"))
    try:
        tree = hook.prepare(scratch)
        payload = Inside(cfg.data, cfg.origin, dropped, str(tree) if tree else None, hook.argv)
        argv = [bwrap, *bwrap_args(source.repos, cfg, tree, hook), sys.executable, "-c",
                PROGRAM]
        code, out, err = cmd_output_b(*argv, check=False, stdin=json.dumps(payload.__dict__)
                                      .encode(), env=_env(hook.env), timeout=_outer_timeout(cfg))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    text = err.decode("utf-8", "replace")
    if out.startswith(STARTED):
        return (text, code), ""
    problem = (text.strip().splitlines() or [f"bwrap exited {code}"])[-1]
    return _unavailable(hook, mode, f"bwrap could not start the sandbox: {problem}")


def _unavailable(hook: Hook, mode: str, reason: str) -> tuple[None, str]:
    if mode == "required":
        raise UserError(f"{hook.section}.sandbox = \"required\": {reason}")
    return None, f"note: not sandboxed: {reason} ({hook.section}.sandbox = \"auto\")"


def _argv(source: SvnSource, jobs: int | None) -> list[str]:
    where = [source.txn] if source.txn is not None else ["-r", str(source.rev)]
    return ["svn-hook", str(source.repos), *where, *(["--jobs", str(jobs)] if jobs else [])]


def _env(passed: tuple[str, ...] = ()) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE", *passed)}
    env["TMPDIR"] = "/tmp"
    if os.environ.get("COMMIT_GUARD_CACHE_DIR"):
        env["COMMIT_GUARD_CACHE_DIR"] = os.environ["COMMIT_GUARD_CACHE_DIR"]
    return env


def _outer_timeout(cfg: Config) -> float | None:
    # The check inside keeps its own time limit; this only catches a hang of
    # the sandbox itself.
    seconds = cfg.data.get("timeout", -1)
    return None if seconds == 0 else (DEFAULT_TIMEOUT if seconds == -1 else seconds) + 60


def _prepare(source: SvnSource, cfg: Config, scratch: Path) -> Path | None:
    """The snapshot dir exists (it is mounted), and the suites' tree is built
    here, outside, when the server runs suites."""
    from commit_guard.cache import store  # pylint: disable=import-outside-toplevel

    source.cache_root = store.default_dir(cfg)
    source.tree_mode = cfg["svn"]["tree"]
    source.snapshots.base.mkdir(parents=True, exist_ok=True)
    if not cfg["tests"]:
        return None
    return source.tree(scratch / "tree")


def bwrap_args(repos: Path, cfg: Config, tree: Path | None, hook: Hook) -> list[str]:
    from commit_guard.cache import store  # pylint: disable=import-outside-toplevel

    cache = store.default_dir(cfg).absolute()
    cache.mkdir(parents=True, exist_ok=True)
    hidden = [Path("/tmp"), Path("/var/tmp"), _home()]
    args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    for place in hidden:
        if place.is_dir() and place != Path("/"):
            args += ["--tmpfs", str(place)]
    needed = _needed(repos)
    for path in needed:
        if path not in hidden and any(_under(path, place) for place in hidden):
            args += ["--ro-bind", str(path), str(path)]
    for private in hook.private:
        if (repos / private).is_dir():
            args += ["--tmpfs", str(repos / private)]
    for path in _named_paths(repos, cfg, [*hidden, *(repos / p for p in hook.private)],
                             hook.section):
        # Already visible inside a directory mounted above (the interpreter
        # of a virtualenv under /tmp, say), unless REPOS/hooks or conf hide
        # it again: binding it twice would resolve a symlink such as
        # venv/bin/python inside the sandbox, and bwrap fails on it.
        covered = any(_under(path, mounted) for mounted in needed)
        rehidden = any(_under(path, repos / private) for private in hook.private)
        if rehidden or not covered:
            args += ["--ro-bind", str(path), str(path)]
    args += ["--ro-bind" if cfg["tests"] else "--bind", str(cache), str(cache)]
    # Every repository's snapshots are hidden; the hook's own come back.
    trees = cache / "svn-trees"
    trees.mkdir(exist_ok=True)
    args += ["--tmpfs", str(trees)]
    if hook.snapshots is not None:
        args += ["--ro-bind", str(hook.snapshots), str(hook.snapshots)]
    if tree is not None:
        args += ["--bind" if hook.writable_tree else "--ro-bind", str(tree), str(tree)]
    args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
             "--die-with-parent", "--new-session", "--chdir", "/"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]  # root keeps its capabilities in bwrap otherwise
    return args


def _home() -> Path:
    try:
        import pwd  # pylint: disable=import-outside-toplevel

        return Path(pwd.getpwuid(os.geteuid()).pw_dir)
    except (ImportError, KeyError):
        return Path(os.environ.get("HOME", "/"))


def _under(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def _needed(repos: Path) -> list[Path]:
    """What the check reads from places the sandbox hides: the interpreter,
    its libraries, the tools on PATH, the repository (the cache is mounted
    on its own)."""
    found = {Path(sys.prefix), Path(sys.exec_prefix), Path(sys.base_prefix),
             Path(os.path.realpath(sys.executable)).parent, Path(__file__).parents[2], repos}
    found |= {Path(p) for p in sys.path if p and os.path.isabs(p)}
    found |= {Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if os.path.isabs(p)}
    existing = sorted({p for p in found if p.exists()}, key=lambda p: len(p.parts))
    # A path inside another one in the list is mounted with it.
    return [p for p in existing if not any(o != p and _under(p, o) for o in existing)]


def _named_paths(repos: Path, cfg: Config, hidden: list[Path], section: str) -> list[Path]:
    """Absolute paths in the server config (a pylint rcfile, a suite's script,
    php.binary) that a hidden place would otherwise cover; never the bypass
    log or the server config itself."""
    secret = {cfg[section]["bypass_log"], str(repos / "hooks" / "commit-guard.toml")}
    out = []
    for value in _strings(cfg.data):
        path = Path(value)
        if path.is_absolute() and value not in secret and path.exists() and \
                path not in hidden and any(_under(path, place) for place in hidden):
            out.append(path)
    return out


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []
