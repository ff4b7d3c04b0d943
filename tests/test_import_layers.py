"""Where the import framework stands (importers/base.py): read from the source.

- The importers (the flow, the formats, the readers, the commands) never import a
  stage's admin, views or screens: the rules they apply live in the stages' rules
  and models.
- A stage's models and rules never import `importers`.
- Nobody adds to the column registry (importers/columns.py) at run time.
- Every import command is an `ImportCommand` and lives in importers/.
"""

import ast
from pathlib import Path

from django.core.management import get_commands, load_command_class
from django.test import SimpleTestCase

from importers.commands import ImportCommand

ROOT = Path(__file__).resolve().parent.parent
IMPORTERS = ROOT / "importers"
# The upload screens and the job admin are the importers' own wiring.
WIRING = {"admin.py", "views.py", "voter_views.py", "urls.py"}
SCREEN_MODULES = ("admin", "views", "screens", "entry_views", "board_views")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def importer_modules() -> list[Path]:
    return [
        path
        for path in IMPORTERS.rglob("*.py")
        if "migrations" not in path.parts
        and not (path.parent == IMPORTERS and path.name in WIRING)
    ]


class ImportLayerTests(SimpleTestCase):
    def test_importers_read_no_admin_or_screen_module_of_a_stage(self):
        found = [
            (str(path.relative_to(ROOT)), module)
            for path in importer_modules()
            for module in imported_modules(path)
            if module.startswith("electionadmin.")
            and any(part in SCREEN_MODULES for part in module.split(".")[2:])
        ]
        self.assertEqual(found, [])

    def test_stage_models_and_rules_do_not_import_importers(self):
        names = ("models.py", "rules.py", "eligibility.py", "coverage.py", "checks.py")
        found = [
            (str(path.relative_to(ROOT)), module)
            for path in stage_files()
            if path.name in names
            for module in imported_modules(path)
            if module.split(".")[0] == "importers"
        ]
        self.assertEqual(found, [])

    def test_no_module_writes_the_column_registry_at_run_time(self):
        tables = {"HEADERS", "EXTRA_HEADERS", "VOTER_HEADERS"}
        found = []
        for path in [*IMPORTERS.rglob("*.py"), *stage_files()]:
            if path.name == "columns.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [
                (str(path.relative_to(ROOT)), node.lineno)
                for node in ast.walk(tree)
                if _written_table(node) in tables
            ]
        self.assertEqual(found, [])

    def test_every_import_command_is_an_import_command_in_importers(self):
        commands = get_commands()
        for name in ("import_election", "import_voters", "import_turnout"):
            with self.subTest(name):
                self.assertEqual(commands[name], "importers")
                command = load_command_class("importers", name)
                self.assertIsInstance(command, ImportCommand)
        self.assertEqual(commands["import_tallies"], "importers")
        command = load_command_class("importers", "import_tallies")
        self.assertIsInstance(command, ImportCommand)


def stage_files() -> list[Path]:
    return list(ROOT.joinpath("electionadmin").rglob("*.py"))


def _written_table(node) -> str | None:
    """The name of a table a statement changes: `X[k] = …`, `X.setdefault(…)`,
    `X.update(…)`, `module.X.setdefault(…)`."""
    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript):
                return _name(target.value)
    call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if call and node.func.attr in {"setdefault", "update", "__setitem__", "pop"}:
        return _name(node.func.value)
    return None


def _name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
