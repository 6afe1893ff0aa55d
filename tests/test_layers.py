"""Imports flow one way: accounts at the bottom, then rubrics and interviews, then hiring."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = ("accounts", "hiring", "rubrics", "interviews")


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _imports_by_file(package: str) -> dict[str, set[str]]:
    return {str(path.relative_to(ROOT)): _imported_modules(path) for path in sorted((ROOT / package).rglob("*.py"))}


def _offenders(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {}
    for name, modules in _imports_by_file(package).items():
        hits = sorted(m for m in modules if m.split(".")[0] in forbidden)
        if hits:
            bad[name] = hits
    return bad


def test_rubrics_and_interviews_import_nothing_from_hiring():
    assert _offenders("rubrics", ("hiring",)) == {}
    assert _offenders("interviews", ("hiring",)) == {}


def test_accounts_imports_no_other_app_of_the_project():
    assert _offenders("accounts", ("hiring", "rubrics", "interviews")) == {}


def test_only_the_queueing_services_import_the_tasks():
    importers = sorted(name for name, modules in _imports_by_file("hiring/services").items()
                       if "hiring.tasks" in modules)
    assert importers == ["hiring/services/queueing.py"]


def test_tasks_import_no_service_that_imports_them():
    assert "hiring.services.queueing" not in _imported_modules(ROOT / "hiring" / "tasks.py")
    assert not any(m.startswith("hiring") for m in _imported_modules(ROOT / "interviews" / "tasks.py"))
