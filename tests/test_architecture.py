"""The arrow points one way: workflow/ (the domain) imports neither Flask, SQLAlchemy nor casework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WORKFLOW = Path(__file__).resolve().parent.parent / "workflow"
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
