"""The project's own Python environment: where its dependencies are installed.

commit-guard is installed once (pipx, a tools venv, the pre-commit
framework) while a project's dependencies live in the project's own
virtualenv.  pylint must see them, or every third-party import is
import-error and inference into them is lost.  Looked for in this order:

1. ``python.environment`` in the config (a venv directory or an interpreter);
2. ``.venv`` or ``venv`` at the repository root (git only: on the server
   the tree is the commit, and a committed venv is data);
3. the ``VIRTUAL_ENV`` in force when the git hook was installed (the hook
   records it: a GUI client commits without the developer's shell);
4. the ``VIRTUAL_ENV`` of the run.

A candidate that is commit-guard's own environment (the pre-commit
framework sets ``VIRTUAL_ENV`` to its hook venv) is no project environment
and is passed over.

Why not pylint-venv (PyPI): it activates a venv with ``site.addsitedir``,
which runs the ``import`` lines of its ``.pth`` files in this process, and
puts the venv's site-packages *before* ours, so a project's old astroid or
click would shadow pylint's.  Here the ``.pth`` files are only read: path
lines are used, and a setuptools editable finder's ``MAPPING`` is read as
a literal, never run (searchpath.py places them after our own entries).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from commit_guard.errors import UserError

if TYPE_CHECKING:
    from commit_guard.config import Config
    from commit_guard.sources.changeset import Source

VENV_NAMES = (".venv", "venv")
INSTALL_VENV_VAR = "COMMIT_GUARD_INSTALL_VENV"  # set by the git hook (hooks/git-pre-commit)


class Environment(NamedTuple):
    origin: str  # how it was found, for the report header and doctor
    path: str  # the venv directory, or the interpreter named in the config
    version: str  # its Python version ("3.11.7"), "" when unknown
    site_dirs: tuple[str, ...]  # its site-packages, in the order site.py adds them

    @property
    def python(self) -> str:
        """Its interpreter (what ``{python}`` in a suite command runs)."""
        if not Path(self.path).is_dir():
            return self.path
        for rel in ("bin/python", "bin/python3", "Scripts/python.exe"):
            if (Path(self.path) / rel).exists():
                return str(Path(self.path) / rel)
        return str(Path(self.path) / "bin/python")

    def describe(self) -> str:
        version = f", Python {self.version}" if self.version else ""
        return f"{self.path} ({self.origin}{version})"


class PthEntries(NamedTuple):
    """What a site directory's .pth files add, as site.py would (without running code)."""

    paths: list[str]  # directories, in order
    editable: dict[str, str]  # setuptools editable finder: top-level name -> its path
    texts: list[str]  # the .pth files' own text, for the cache key


def discover(configured: str, root: Path | None, origin: str,
             committed: frozenset[str] = frozenset(),
             install_venv: str | None = None) -> Environment | None:
    """The project environment, or None where there is none.

    ``root``: the work tree (None on the server); ``committed``: paths the
    checked tree holds, so that a committed venv is never used;
    ``install_venv``: the venv a hook recorded (default: as the hook passes it).
    """
    if configured:
        path = Path(configured).expanduser()
        if not path.is_absolute() and root is not None:
            path = root / path
        if not path.is_absolute():
            raise UserError(f"{origin}: python.environment {configured!r} must be an "
                            "absolute path here")
        env = from_path(path, "python.environment")
        if env is None:
            raise UserError(f"{origin}: python.environment {configured!r} is neither a "
                            "virtualenv (no pyvenv.cfg) nor a Python interpreter")
        return env
    candidates: list[tuple[Path, str]] = []
    if root is not None:
        candidates += [(root / name, name) for name in VENV_NAMES
                       if f"{name}/pyvenv.cfg" not in committed]
    if install_venv is None:
        install_venv = os.environ.get(INSTALL_VENV_VAR, "")
    for value, how in ((install_venv, "VIRTUAL_ENV at install"),
                       (os.environ.get("VIRTUAL_ENV", ""), "VIRTUAL_ENV")):
        if value:
            candidates.append((Path(value), how))
    own = os.path.realpath(sys.prefix)
    for path, how in candidates:
        if (path / "pyvenv.cfg").is_file() and os.path.realpath(path) != own:
            return from_venv(path, how)
    return None


def for_source(source: Source, config: Config) -> Environment | None:
    """The project environment of a check: its work tree only where the tree
    is trusted (git), never a venv the checked tree itself holds."""
    root = Path(os.path.realpath(source.root)) if source.trusted else None
    committed = frozenset(p for p in source.list_files() if p.endswith("/pyvenv.cfg"))
    return discover(config["python"]["environment"], root, config.origin, committed)


def from_path(path: Path, origin: str) -> Environment | None:
    if (path / "pyvenv.cfg").is_file():
        return from_venv(path, origin)
    if path.is_file() and (path.parent.parent / "pyvenv.cfg").is_file():
        return from_venv(path.parent.parent, origin)  # venv/bin/python
    if path.is_file() and os.access(path, os.X_OK):
        return from_interpreter(path, origin)
    return None


def _pyvenv_cfg(venv: Path) -> dict[str, str]:
    values = {}
    try:
        text = (venv / "pyvenv.cfg").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip().lower()] = value.strip()
    return values


def from_venv(venv: Path, origin: str) -> Environment:
    """A virtualenv, read from its files: no interpreter is started."""
    cfg = _pyvenv_cfg(venv)
    version = cfg.get("version_info") or cfg.get("version", "")
    short = ".".join(version.split(".")[:2])
    sites = [str(p) for p in sorted(venv.glob("lib*/python*/site-packages"))
             if not short or p.parent.name == f"python{short}"]
    if not sites:  # Windows layout, or a version the cfg does not name
        sites = [str(p) for p in (venv / "Lib" / "site-packages",) if p.is_dir()]
    if cfg.get("include-system-site-packages", "").lower() == "true" and cfg.get("home"):
        prefix = Path(cfg["home"]).parent
        sites += [str(p) for p in (prefix / f"lib/python{short}/site-packages",
                                   prefix / f"local/lib/python{short}/dist-packages",
                                   prefix / "lib/python3/dist-packages") if p.is_dir()]
    unique = {os.path.realpath(s): s for s in reversed(sites)}  # lib64 -> lib
    return Environment(origin, str(venv), version,
                       tuple(s for s in dict.fromkeys(sites) if unique[os.path.realpath(s)] == s))


def from_interpreter(python: Path, origin: str) -> Environment:
    """An interpreter that is not in a venv: ask it for its site directories
    (``-I``: nothing of the environment or the current directory is read)."""
    import json  # pylint: disable=import-outside-toplevel

    from commit_guard.util import cmd_output  # pylint: disable=import-outside-toplevel

    code = ("import json, site, sys\n"
            "print(json.dumps([sys.version.split()[0], site.getsitepackages()]))")
    try:
        _code, out, _err = cmd_output(str(python), "-I", "-c", code, timeout=30)
        version, sites = json.loads(out)
    except (OSError, ValueError, UserError) as exc:
        raise UserError(f"python.environment {str(python)!r}: cannot ask it for its "
                        f"site directories: {exc}") from None
    return Environment(origin, str(python), str(version), tuple(str(s) for s in sites))


def pth_entries(site_dir: str) -> PthEntries:
    """site.addsitedir's view of ``site_dir``: .pth files in sorted order,
    path lines kept when the directory exists; ``import`` lines are never
    run, and a setuptools editable finder's mapping is read as data."""
    out = PthEntries([], {}, [])
    try:
        names = sorted(n for n in os.listdir(site_dir) if n.endswith(".pth"))
    except OSError:
        return out
    for name in names:
        try:
            with open(os.path.join(site_dir, name), encoding="utf-8", errors="replace") as fh:
                text = fh.read(1 << 20)
        except OSError:
            continue
        out.texts.append(f"{name}\0{text}")
        for line in text.splitlines():
            line = line.rstrip()
            if not line or line.startswith("#"):
                continue
            if line.startswith(("import ", "import\t")):
                out.editable.update(_editable_mapping(site_dir, line))
                continue
            path = os.path.join(site_dir, line)
            if os.path.isdir(path) and path not in out.paths:
                out.paths.append(path)
    return out


def _editable_mapping(site_dir: str, line: str) -> dict[str, str]:
    """``import __editable___x_finder; __editable___x_finder.install()``: the
    finder module's ``MAPPING = {...}`` literal (setuptools >= 64)."""
    module = line.split()[1].rstrip(";")
    if not module.startswith("__editable__") or not module.isidentifier():
        return {}
    import ast  # pylint: disable=import-outside-toplevel  # only for an editable install

    try:
        with open(os.path.join(site_dir, module + ".py"), "rb") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return {}
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        if isinstance(target, ast.Name) and target.id == "MAPPING" and node.value is not None:
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return {}
            if isinstance(value, dict):
                return {str(k): str(v) for k, v in value.items()}
    return {}


def distributions(site_dir: str) -> list[str]:
    """The distributions installed in ``site_dir``, read from directory names
    (a version change renames its .dist-info)."""
    try:
        return sorted(n for n in os.listdir(site_dir) if n.endswith((".dist-info", ".egg-info")))
    except OSError:
        return []
