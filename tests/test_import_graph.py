"""The imports between the apps follow the stages of an election (README.md, "Map of
the tree"), and no module imports itself back.

Every module of electionadmin/ and importers/ is parsed (ast, nothing is imported),
every import statement counted, those inside functions too: an import moved into a
function still ties the modules, it only hides the tie from Python's loader.

- The stages, in order: setup < voters < polling < results < documents <
  publishing < workspace (each role's home, which reads every stage). A stage
  imports the stages before it, never one after it.
- The infrastructure (access, audit, backup, cells, figures, form_fields, jobs,
  printing, rawsql, replica, screens, storage, text) serves every stage; it imports
  no stage but those named in INFRASTRUCTURE_NEEDS (a jurisdiction is made of setup's
  units and areas, ...).
- importers serves the stages whose data it writes (setup to results); a stage may
  import an importers module only if that module, through other importers modules,
  reaches no later stage than the one importing it.
- No cycle between modules (a package counts as the module of its __init__.py).
"""

import ast
import unittest
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = [
    "setup",
    "voters",
    "polling",
    "results",
    "documents",
    "publishing",
    "workspace",
]
INFRASTRUCTURE_NEEDS = {
    "access": {"setup"},  # jurisdictions: administrative units, units, areas
    "audit": {"setup"},  # the audit list filters by election
    "printing": {"setup"},  # headings and signature blocks name bodies and cycles
    "backup": set(),
    "cells": set(),
    "figures": set(),
    "form_fields": set(),
    "jobs": set(),
    "rawsql": set(),
    "replica": set(),
    "screens": set(),
    "storage": set(),
    "text": set(),
}
IMPORTERS_REACH = set(STAGES[: STAGES.index("results") + 1])


def module_files() -> dict[str, Path]:
    found = {}
    for top in ("electionadmin", "importers"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, modules) -> set[str]:
    """The project modules `name` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else source)
    targets = set()
    for target in found:
        while target and target not in modules:  # a name inside a module
            target = target.rpartition(".")[0]
        if target and target != name:
            targets.add(target)
    return targets


def app_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "importers":
        return "importers"
    return parts[1] if len(parts) > 1 else "electionadmin"


def graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def importer_reach(edges) -> dict[str, set[str]]:
    """importers module -> the stages it reaches through importers modules."""
    reach = {}

    def visit(module, seen):
        if module in reach:
            return reach[module]
        stages = set()
        for target in edges[module]:
            app = app_of(target)
            if app in STAGES:
                stages.add(app)
            elif app == "importers" and target not in seen:
                stages |= visit(target, seen | {target})
        reach[module] = stages
        return stages

    for module in edges:
        if app_of(module) == "importers":
            visit(module, {module})
    return reach


def backward_edges(edges) -> list[str]:
    reach = importer_reach(edges)
    found = []
    for module, targets in sorted(edges.items()):
        app = app_of(module)
        for target in sorted(targets):
            other = app_of(target)
            if other == app:
                continue
            if app in STAGES and other in STAGES:
                if STAGES.index(other) > STAGES.index(app):
                    found.append(f"{module} -> {target} (stage {app} < {other})")
            elif app in STAGES and other == "importers":
                later = sorted(
                    s for s in reach[target] if STAGES.index(s) > STAGES.index(app)
                )
                if later:
                    found.append(f"{module} -> {target} (reaches {', '.join(later)})")
            elif app in INFRASTRUCTURE_NEEDS and other in STAGES + ["importers"]:
                if other not in INFRASTRUCTURE_NEEDS[app]:
                    found.append(f"{module} -> {target} (infrastructure -> {other})")
            elif app == "importers" and other in STAGES:
                if other not in IMPORTERS_REACH:
                    found.append(f"{module} -> {target} (importers -> {other})")
            elif app not in STAGES + ["importers"] and app not in INFRASTRUCTURE_NEEDS:
                found.append(f"{module}: app {app} has no place in the stages")
    return found


def cycles(edges) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, ()):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            connect(module)
    return found


class ImportGraphTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.edges = graph()

    def test_every_module_is_read(self):
        self.assertIn("electionadmin.polling.entry", self.edges)
        self.assertIn(
            "electionadmin.voters.counts", self.edges["electionadmin.polling.lists"]
        )
        apps = {app_of(module) for module in self.edges}
        self.assertLessEqual(set(STAGES), apps)

    def test_no_import_runs_against_the_stages(self):
        found = backward_edges(self.edges)
        self.assertEqual(found, [], "\n" + "\n".join(found))

    def test_no_module_imports_itself_back(self):
        found = cycles(self.edges)
        self.assertEqual(found, [], "\n" + "\n".join(map(" <-> ".join, found)))

    def test_a_backward_import_is_found(self):
        edges = defaultdict(set, self.edges)
        edges["electionadmin.setup.models"] = {"electionadmin.results.models"}
        edges["importers.x"] = {"electionadmin.documents.models"}
        edges["electionadmin.voters.forms"] = {"importers.y"}
        edges["importers.y"] = {"importers.z"}
        edges["importers.z"] = {"electionadmin.polling.models"}
        found = backward_edges(edges)
        self.assertIn(
            "electionadmin.setup.models -> electionadmin.results.models "
            "(stage setup < results)",
            found,
        )
        self.assertIn(
            "importers.x -> electionadmin.documents.models (importers -> documents)",
            found,
        )
        self.assertIn(
            "electionadmin.voters.forms -> importers.y (reaches polling)", found
        )

    def test_a_cycle_through_a_function_level_import_is_found(self):
        modules = {
            "electionadmin.results.models": "def f():\n    from . import minutes\n",
            "electionadmin.results.minutes": "from .models import X\n",
        }
        names = set(modules)
        edges = {
            name: imports_of(name, FakePath(text), names)
            for name, text in modules.items()
        }
        self.assertEqual(cycles(edges), [sorted(names)])


class FakePath:
    name = "module.py"

    def __init__(self, text):
        self.text = text

    def read_text(self):
        return self.text

    def __str__(self):
        return self.name
