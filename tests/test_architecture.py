"""The arrows point one way: workflow/ (the domain) imports neither Flask, SQLAlchemy nor casework,
and the application (workflow/, casework/, wsgi.py) never imports the offline tools/ nor a package
that only the tests install."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "workflow"
APPLICATION = sorted([*WORKFLOW.rglob("*.py"), *(ROOT / "casework").rglob("*.py"), ROOT / "wsgi.py"])
# tools/ holds offline generators run by people; `holidays` is a test dependency (requirements-dev.txt).
NOT_FOR_THE_APP = ("tools", "holidays", "pytest", "hypothesis", "playwright", "tests")
FORBIDDEN = (
    "flask",
    "flask_sqlalchemy",
    "flask_login",
    "flask_wtf",
    "flask_babel",
    "sqlalchemy",
    "casework",
    "werkzeug",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(WORKFLOW.rglob("*.py")), ids=lambda p: str(p.relative_to(WORKFLOW)))
def test_workflow_module_stays_pure(path: Path) -> None:
    assert not (_imports(path) & set(FORBIDDEN))


@pytest.mark.parametrize("path", APPLICATION, ids=lambda p: str(p.relative_to(ROOT)))
def test_application_never_imports_tools_or_test_dependencies(path: Path) -> None:
    assert not (_imports(path) & set(NOT_FOR_THE_APP))
