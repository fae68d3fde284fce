"""`use` imports and the names a file declares, as PHP's compiler keeps
them (zend_compile_use, zend_compile_class_decl, zend_begin_func_decl):
an import whose alias is taken, a class, function or constant declared
under a name an import holds, a reserved class name as an alias; and
class names resolved against the imports for the type rules.

The grammar actions feed it in source order (a `use` statement is only
at the top level, so it is reduced before anything after it).
"""
from __future__ import annotations

from typing import Optional

from commit_guard.php.decl_checks import RESERVED_CLASS_NAMES

_TYPE_WORDS = {"class": "", "function": " function", "const": " const"}
_SPECIAL = frozenset({"self", "parent", "static"})


class Imports:
    """One file's imports (per namespace) and declared names."""

    def __init__(self) -> None:
        self.namespace = ""
        self.tables: dict[str, dict[str, str]] = {"class": {}, "function": {}, "const": {}}
        self.seen: dict[str, set[str]] = {"class": set(), "function": set()}

    def enter(self, namespace: str) -> None:
        """A namespace declaration: PHP starts its import tables afresh."""
        self.namespace = namespace
        for table in self.tables.values():
            table.clear()

    def _full(self, name: str) -> str:
        return f"{self.namespace}\\{name}" if self.namespace else name

    def use(self, kind: str, name: str, alias: Optional[str],
            target: tuple[int, int]) -> str:
        """Import ``name`` (without a leading ``\\``) as ``alias``; PHP's
        message when it cannot be, else ""."""
        new = alias if alias is not None else name.rsplit("\\", 1)[-1]
        lookup = new if kind == "const" else new.lower()
        if kind == "class" and (lookup in _SPECIAL or (
                lookup in RESERVED_CLASS_NAMES and target >= RESERVED_CLASS_NAMES[lookup])):
            return f"Cannot use {name} as {new} because '{new}' is a special class name"
        conflict = (f"Cannot use{_TYPE_WORDS[kind]} {name} as {new} because the name is "
                    "already in use")
        if kind in self.seen:
            check = self._full(new).lower() if self.namespace else lookup
            if check in self.seen[kind] and check != name.lower():
                return conflict
        table = self.tables[kind]
        if lookup in table:
            return conflict
        table[lookup] = name
        return ""

    def declare(self, kind: str, name: str) -> str:
        """A class (interface, trait, enum), function or constant named
        ``name`` (unqualified) is declared: PHP's message if an import
        holds the name, else ""."""
        full = self._full(name)
        if kind == "const":
            held = self.tables["const"].get(name)
            clash = held is not None and held != full
        else:
            held = self.tables[kind].get(name.lower())
            clash = held is not None and held.lower() != full.lower()
            self.seen[kind].add(full.lower())
        if clash:
            word = "class" if kind == "class" else kind
            return f"Cannot declare {word} {full} because the name is already in use"
        return ""

    def resolve(self, name: str) -> Optional[str]:
        """A class name as PHP resolves it, or None for self/parent/static."""
        if name.startswith("\\"):
            return name[1:]
        lower = name.lower()
        if lower in _SPECIAL:
            return None
        if lower.startswith("namespace\\"):
            return self._full(name[10:])
        first, _sep, rest = name.partition("\\")
        held = self.tables["class"].get(first.lower())
        if held is not None:
            return f"{held}\\{rest}" if rest else held
        return self._full(name)
