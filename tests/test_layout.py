"""The package's flow runs one way: a module imports only from its own layer or the ones above it.

Layers, top to bottom (``../shared/STYLE.md`` §3): shared vocabulary, registry, scenarios,
sampling, model, engine, calibration, results, analysis, api, cli. No cycles between modules;
no command-line code (typer, rich) outside ``cli/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import leadsim

PACKAGE = Path(leadsim.__file__).parent
LAYERS = (
    ("errors", "calendar", "dims"),
    ("registry",),
    ("scenarios",),
    ("sampling",),
    ("model",),
    ("engine",),
    ("calibration",),
    ("results",),
    ("analysis",),
    ("api",),
    ("cli",),
    ("__init__", "__main__"),
)
LAYER = {name: depth for depth, names in enumerate(LAYERS) for name in names}
CLI_ONLY = ("typer", "rich")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports(tree: ast.AST, top_level_only: bool) -> list[str]:
    """Modules imported: ``from a import b`` counts as ``a.b`` when that is a module, else as ``a``."""
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module for a in node.names
            ]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


def layer_of(module: str) -> int:
    return LAYER[module.split(".")[1]] if module.count(".") else LAYER["__init__"]


def modules() -> dict[str, ast.AST]:
    return {module_name(p): ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = set(modules())


def test_every_top_level_module_has_a_layer():
    unknown = {m.split(".")[1] for m in modules() if m.count(".") and m.split(".")[1] not in LAYER}
    assert not unknown, f"modules outside the layout: {sorted(unknown)}"


def test_no_import_goes_up():
    upward = []
    for name, tree in modules().items():
        for target in imports(tree, top_level_only=False):
            if target.startswith("leadsim.") and layer_of(target) > layer_of(name):
                upward.append(f"{name} imports {target}")
    assert not upward, "\n".join(sorted(set(upward)))


def test_no_cycles_between_modules():
    known = modules()
    graph = {
        name: {t for t in imports(tree, top_level_only=True) if t in known and t != name}
        for name, tree in known.items()
    }
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)


def test_command_line_code_lives_in_cli():
    outside = [
        f"{name} imports {target}"
        for name, tree in modules().items()
        if not name.startswith("leadsim.cli")
        for target in imports(tree, top_level_only=False)
        if target.split(".")[0] in CLI_ONLY
    ]
    assert not outside, "\n".join(outside)
