"""The farm's families are the crawler's, and the simulated portals import without cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crawler import families as crawler_families
from farm import families as farm_families

ROOT = Path(__file__).resolve().parents[2]


def test_the_farm_has_one_family_module_per_crawler_family_of_the_same_name() -> None:
    assert set(farm_families.FAMILIES) == set(crawler_families.FAMILIES)
    for name, family in farm_families.FAMILIES.items():
        assert (ROOT / "farm" / "families" / f"{name}.py").exists(), name
        assert crawler_families.canonical(family.manifest_name) == name  # "ucap", "other": the crawler's aliases


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules a module imports when it is loaded (not those under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for n in ast.walk(block)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            subs = {f"{node.module}.{a.name}" for a in node.names} & modules
            found |= subs
            if node.module in modules and len(subs) < len(node.names):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names} & modules
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return path[path.index(dep) :] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize("package", ["farm", "altfarm", "docgen"])
def test_no_module_imports_itself_round_a_cycle(package: str) -> None:
    paths = {}
    for path in (ROOT / package).rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        paths[name] = path
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    assert _cycle(graph) is None
