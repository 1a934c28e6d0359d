"""No import circles among the app's own modules: each module can be read (and loaded) on its own.

The graph is built from the source with `ast`: every import, also those inside functions
(a lazy import still ties two modules together), except those under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tui", "screens")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module name `tree` imports at run time (`from a import b` counts a and a.b)."""
    names: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def import_graph() -> dict[str, set[str]]:
    """module -> the modules of `tui` and `screens` it imports."""
    files = {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = imported_names(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in names if name in files and name != module}
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as a cycle path to print."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(graph, set(group)) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One concrete circle a → b → … → a inside a strongly connected group."""
    start = min(group)
    path, seen = [start], {start}
    node = start
    while True:
        nxt = min(n for n in graph[node] if n in group)
        if nxt in seen:
            return [*path[path.index(nxt) :], nxt]
        path.append(nxt)
        seen.add(nxt)
        node = nxt


def test_the_checker_finds_a_circle_and_ignores_type_checking_imports():
    source_a = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\ndef f():\n    from pkg import b\n"
    graph = {
        "pkg.a": imported_names(ast.parse(source_a), "pkg.a", False) & {"pkg.b", "pkg.c"},
        "pkg.b": imported_names(ast.parse("import pkg.a\n"), "pkg.b", False) & {"pkg.a"},
        "pkg.c": imported_names(ast.parse("from . import a\n"), "pkg.c", False) & {"pkg.a"},
    }
    assert graph["pkg.a"] == {"pkg.b"}  # the lazy import counts, the TYPE_CHECKING one does not
    assert graph["pkg.c"] == {"pkg.a"}  # a relative import resolves
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]


def test_tui_and_screens_have_no_import_circles():
    graph = import_graph()
    assert "tui.app" in graph and "screens.home" in graph  # the walk saw both packages
    cycles = find_cycles(graph)
    assert not cycles, "import circles: " + "; ".join(" → ".join(cycle) for cycle in cycles)
