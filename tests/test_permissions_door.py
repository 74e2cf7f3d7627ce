"""casework/permissions is the one door: no other module answers "may this user do this".

The checks read the source (AST): outside casework/permissions/ nothing defines a public `may…` /
`can` / `acting_role` / `role_for_step` / `is_signer` helper, nothing asks the procedures' role data
(`role_may_fire`, `roles_for`) or the role permissions (`ROLE_PERMISSIONS`) directly, apart from the
scope, and the templates ask the door's `may()` / `may_fire()` globals.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASEWORK = ROOT / "casework"
DOOR = CASEWORK / "permissions"
# The scope is the door's other half: it reads which roles grant a permission to compute where they hold.
SCOPE = CASEWORK / "scoping.py"
DOOR_NAMES = {"can", "acting_role", "role_for_step", "is_signer", "roles_in", "roles_for"}
ROLE_DATA = {"role_may_fire", "roles_for", "TRIGGER_ROLES", "ROLE_PERMISSIONS"}


def _outside_the_door() -> Iterator[tuple[Path, ast.AST]]:
    for path in sorted(CASEWORK.rglob("*.py")):
        if DOOR in path.parents:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"


def test_no_permission_helper_is_defined_outside_the_door() -> None:
    found = [
        _where(path, node)
        for path, tree in _outside_the_door()
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.name in DOOR_NAMES or node.name == "may" or node.name.startswith("may_"))
    ]
    assert found == []


def test_role_data_is_read_only_by_the_door_and_the_scope() -> None:
    found = []
    for path, tree in _outside_the_door():
        for node in ast.walk(tree):
            named = (
                {alias.name for alias in node.names}
                if isinstance(node, ast.ImportFrom)
                else {node.id}
                if isinstance(node, ast.Name)
                else {node.attr}
                if isinstance(node, ast.Attribute)
                else set()
            )
            used = named & ROLE_DATA
            if used and not (path == SCOPE and used == {"ROLE_PERMISSIONS"}):
                found.append(f"{_where(path, node)} {sorted(used)}")
    assert found == []


def test_no_scattered_check_is_called_outside_the_door() -> None:
    """Calls of the old checks by any module path (scoping.can, policy.may_take, signing.may_sign...)."""
    found = []
    for path, tree in _outside_the_door():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = ast.unparse(node.func.value)
            name = node.func.attr
            if owner != "permissions" and (name in DOOR_NAMES or name == "may" or name.startswith("may_")):
                found.append(f"{_where(path, node)} {owner}.{name}")
    assert found == []


def test_templates_ask_the_door() -> None:
    old = re.compile(r"\bcan\(")
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if old.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
