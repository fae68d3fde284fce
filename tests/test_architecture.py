"""The package's shape: every module imports, no import cycles, and the
pipeline (source -> route -> check -> filter -> report) goes one way.

Imports are read from the source with ``ast``, so lazy imports inside
functions count as much as module-level ones: a cycle through a lazy import
still ties two modules together.  Imports under ``if TYPE_CHECKING:`` never
run and are left out.
"""
from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import commit_guard

PACKAGE = Path(commit_guard.__file__).parent

# Lowest first.  A module may import from its own layer and the layers
# below it, never from a layer above.  The first matching prefix decides.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundation", ("commit_guard", "commit_guard.errors", "commit_guard.finding",
                    "commit_guard.compat", "commit_guard.util", "commit_guard.procs",
                    "commit_guard.reaper", "commit_guard.deadline", "commit_guard.safedir",
                    "commit_guard.sealed",
                    "commit_guard.resources", "commit_guard.globs", "commit_guard.globmatch",
                    "commit_guard.progress", "commit_guard.workspace")),
    ("libraries", ("commit_guard.php", "commit_guard.ruledb", "commit_guard.config",
                   "commit_guard.cache.store")),
    ("source", ("commit_guard.sources",)),
    ("route", ("commit_guard.route",)),
    ("check", ("commit_guard.checkers", "commit_guard.cache", "commit_guard.runner",
               "commit_guard.fixes")),
    ("filter", ("commit_guard.legacy",)),
    ("report", ("commit_guard.reports",)),
    ("hooks", ("commit_guard.install", "commit_guard.server")),
    ("cli", ("commit_guard.commands", "commit_guard.cli", "commit_guard.__main__")),
]


def module_files() -> dict[str, Path]:
    mods = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        mods[".".join(parts)] = path
    return mods


MODULES = module_files()
# Extension modules in C (pyproject.toml's ext-modules): leaves that import
# nothing of the package, so an import of one is no edge.
EXTENSIONS = {path.with_suffix("").relative_to(PACKAGE.parent).as_posix().replace("/", ".")
              for path in PACKAGE.rglob("*.c")}


def _is_type_checking(test: ast.expr) -> bool:
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(node: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module of the package that ``node`` imports, at any depth."""
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                found |= _imports(other, module, is_package)
            continue
        if isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name not in EXTENSIONS:
                    found.add(_deepest_module(alias.name))
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                here = module.split(".") if is_package else module.split(".")[:-1]
                here = here[:len(here) - (child.level - 1)]
                base = ".".join(here + ([base] if base else []))
            for alias in child.names:
                # `from pkg import mod` imports pkg.mod; `from mod import name`, mod.
                sub = f"{base}.{alias.name}"
                if sub not in EXTENSIONS:
                    found.add(sub if sub in MODULES else _deepest_module(base))
        found |= _imports(child, module, is_package)
    return {m for m in found if m in MODULES and m != module}


def _deepest_module(name: str) -> str:
    parts = name.split(".")
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    return {mod: _imports(ast.parse(path.read_text(encoding="utf-8")), mod,
                          path.name == "__init__.py")
            for mod, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            comp = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                comp.append(top)
                if top == node:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> int:
    best, best_len = -1, -1
    for number, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = number, len(prefix)
    return best


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_imports(module: str) -> None:
    importlib.import_module(module)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if layer_of(m) < 0] == []


def test_pipeline_goes_one_way() -> None:
    upward = [f"{mod} ({LAYERS[layer_of(mod)][0]}) imports {dep} ({LAYERS[layer_of(dep)][0]})"
              for mod, deps in import_graph().items() for dep in sorted(deps)
              if layer_of(dep) > layer_of(mod)]
    assert upward == []


def test_runner_never_calls_the_filter() -> None:
    graph = import_graph()
    assert not {d for d in graph["commit_guard.runner"] if d.startswith("commit_guard.legacy")}


# The checks above must be able to fail: they are run here on small graphs.

def test_a_cycle_through_a_lazy_import_is_found() -> None:
    source = ("import commit_guard.runner\n"
              "def f():\n    from commit_guard import legacy\n"
              "if TYPE_CHECKING:\n    import commit_guard.cli\n")
    deps = _imports(ast.parse(source), "commit_guard.errors", False)
    assert deps == {"commit_guard.runner", "commit_guard.legacy"}
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_an_upward_import_is_a_layer_violation() -> None:
    assert layer_of("commit_guard.runner") < layer_of("commit_guard.legacy.filter")
    assert layer_of("commit_guard.sources.git") < layer_of("commit_guard.checkers.base")
    assert layer_of("commit_guard.cache.store") < layer_of("commit_guard.cache.run")


# Hooks written by an earlier install stay on disk and are not rewritten on
# upgrade: the program they run must keep working whatever moves inside.

def _hook_program(template: str) -> str:
    text = (PACKAGE.parent / "hooks" / template).read_text(encoding="utf-8")
    start = text.index("-c '") + len("-c '")
    return text[start:text.index("'", start)]


def test_an_installed_git_hook_still_runs_the_check(tmp_path: Path) -> None:
    program = _hook_program("git-pre-commit")
    assert "from commit_guard.cli import main" in program
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    # The hook passes its command (check; pre-push for that hook) as arguments.
    res = subprocess.run([sys.executable, "-c", program, "check"], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr


def test_an_installed_svn_hook_still_reaches_svn_hook() -> None:
    program = _hook_program("svn-pre-commit")
    res = subprocess.run([sys.executable, "-c", program, "svn-hook", "--help"],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert "Check Subversion transaction TXN" in res.stdout
