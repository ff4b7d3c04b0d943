"""Printing lies beneath the stages: every stage may import it, it imports none."""

import ast
from pathlib import Path

import electionadmin.printing

STAGES = ("voters", "polling", "results", "documents", "publishing")
FORBIDDEN = tuple(f"electionadmin.{stage}" for stage in STAGES) + ("importers",)


def imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
    return found


def test_the_printing_package_imports_no_stage():
    root = Path(electionadmin.printing.__file__).parent
    offending = [
        f"{path.relative_to(root)}: {module}"
        for path in sorted(root.rglob("*.py"))
        for module in imported_modules(path)
        if module.startswith(FORBIDDEN)
    ]
    assert offending == []


def test_the_work_of_a_print_job_is_named_not_imported():
    # The tasks import the work by its dotted path when they run.
    from django.utils.module_loading import import_module, import_string

    from electionadmin.documents import minutes_batch
    from electionadmin.voters.printing import jobs

    assert (
        import_string(f"{minutes_batch.__name__}.print_job") is minutes_batch.print_job
    )
    assert import_module(jobs.__name__).print_area is jobs.print_area
