"""The one place that decides which households a user may reach for a given permission.

Every query of personal data goes through `household_scope`: a village head reaches their
village, commune users their commune, a district official the current communes that succeed the
communes of their (legacy) district, a province officer their province, an administrator all.
A permission only reaches as far as the assignments whose role grants it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true

from casework.extensions import db
from casework.models import AdminUnit, Household, Role, RoleAssignment, UnitLevel, UnitSuccession, User, Village
from casework.permissions.roles import ROLE_PERMISSIONS, Permission  # the module: the door (package) imports scoping


@dataclass(frozen=True)
class Scope:
    everywhere: bool = False
    commune_ids: frozenset[int] = frozenset()
    village_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.everywhere or self.commune_ids or self.village_ids)

    def household_filter(self) -> ColumnElement[bool]:
        if self.everywhere:
            return true()
        clauses = []
        if self.commune_ids:
            in_communes = select(Village.id).where(Village.commune_id.in_(self.commune_ids))
            clauses.append(Household.village_id.in_(in_communes))
        if self.village_ids:
            clauses.append(Household.village_id.in_(self.village_ids))
        return or_(*clauses) if clauses else false()

    def covers_village(self, village: Village) -> bool:
        return self.everywhere or village.id in self.village_ids or village.commune_id in self.commune_ids

    def covers_commune(self, commune_id: int) -> bool:
        return self.everywhere or commune_id in self.commune_ids


def current_communes_under(unit: AdminUnit) -> set[int]:
    """Current communes a unit reaches; a legacy unit reaches the successors of its communes."""
    if unit.level is UnitLevel.COMMUNE and unit.is_current:
        return {unit.id}
    if unit.is_current:
        rows = db.session.execute(
            select(AdminUnit.id).where(
                AdminUnit.parent_id == unit.id,
                AdminUnit.level == UnitLevel.COMMUNE,
                AdminUnit.effective_to.is_(None),
            )
        )
        return set(rows.scalars())
    legacy_communes = {unit.id} if unit.level is UnitLevel.COMMUNE else _legacy_descendants(unit.id)
    if not legacy_communes:
        return set()
    rows = db.session.execute(select(UnitSuccession.new_unit_id).where(UnitSuccession.old_unit_id.in_(legacy_communes)))
    return set(rows.scalars())


def _legacy_descendants(unit_id: int) -> set[int]:
    found: set[int] = set()
    frontier = {unit_id}
    while frontier:
        children = set(
            db.session.execute(select(AdminUnit.id, AdminUnit.level).where(AdminUnit.parent_id.in_(frontier))).all()
        )
        found |= {cid for cid, level in children if level is UnitLevel.COMMUNE}
        frontier = {cid for cid, level in children if level is not UnitLevel.COMMUNE}
    return found


def household_scope(user: User, permission: Permission) -> Scope:
    communes: set[int] = set()
    villages: set[int] = set()
    for assignment in user.assignments:
        if permission not in ROLE_PERMISSIONS[assignment.role]:
            continue
        if assignment.role is Role.ADMIN:
            return Scope(everywhere=True)
        if assignment.village_id is not None:
            villages.add(assignment.village_id)
        elif assignment.unit is not None:
            communes |= current_communes_under(assignment.unit)
    return Scope(commune_ids=frozenset(communes), village_ids=frozenset(villages))


def assignment_covers_village(assignment: RoleAssignment, village: Village) -> bool:
    """Whether one role assignment reaches a village (used to find the role a user acts in)."""
    if assignment.role is Role.ADMIN:
        return True
    if assignment.village_id is not None:
        return assignment.village_id == village.id
    if assignment.unit is None:
        return False
    return village.commune_id in current_communes_under(assignment.unit)


def villages_in_scope(scope: Scope, *, commune_id: int | None = None) -> list[Village]:
    query = select(Village).where(Village.effective_to.is_(None))
    if commune_id is not None:
        query = query.where(Village.commune_id == commune_id)
    if not scope.everywhere:
        query = query.where(or_(Village.commune_id.in_(scope.commune_ids), Village.id.in_(scope.village_ids)))
    return list(db.session.execute(query.order_by(Village.commune_id, Village.name)).scalars())


__all__ = ["Scope", "assignment_covers_village", "household_scope", "villages_in_scope"]
