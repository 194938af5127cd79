"""The package's shape: no import cycles between claimx's modules (imports inside functions
included: a cycle hidden in a function is still one), and a light `import claimx` that offers
the Python API."""

import ast
import subprocess
import sys
from pathlib import Path


import claimx

PACKAGE = Path(claimx.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set) -> set:
    """The claimx modules a module imports, anywhere in it ("from claimx.x import y" counts as
    claimx.x.y when that is a module). A package's __init__ counts only what it imports as it
    loads: its __getattr__ re-exports run once the package is loaded, for its users."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if path.name == "__init__.py" else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict:
    mods = modules()
    known = set(mods)
    # A package's __init__ is imported with each of its modules, so it is an edge of its own.
    return {name: imports_of(path, known) - {name} for name, path in mods.items()}


def find_cycle(graph: dict):
    done, path = set(), []

    def visit(node):
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return None
        path.append(node)
        for target in sorted(graph.get(node, ())):
            cycle = visit(target)
            if cycle:
                return cycle
        path.pop()
        done.add(node)
        return None

    for node in sorted(graph):
        cycle = visit(node)
        if cycle:
            return cycle
    return None


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    assert len(graph) > 20  # the walk found the package
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_import_claimx_is_light_and_offers_the_python_api():
    code = ("import sys, claimx; assert 'spacy' not in sys.modules, 'import claimx loaded spaCy'; "
            "from claimx import extract_texts, load_pipeline, make_doc; "
            "from claimx.pipeline import make_doc as real; assert make_doc is real")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
