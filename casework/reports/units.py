"""Which units a user may report on, and the rows of a unit's report.

A unit is written `<level>:<id>` in URLs (`province:3`, `district:12`, `commune:40`, `village:7`).
A report reaches a unit only when every current commune under it is in the user's REPORT_VIEW
scope (casework/scoping.py); anything else answers 404, like a record outside the scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, UnitLevel, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, current_communes_under, household_scope

LEVELS = ("province", "district", "commune", "village")


class UnitNotFound(LookupError):
    """No such unit, or not one the user may report on (the view answers 404)."""


@dataclass(frozen=True)
class ReportRow:
    row_id: int
    name: str


@dataclass(frozen=True)
class ReportUnit:
    level: str
    unit_id: int
    name: str
    commune_ids: frozenset[int]
    village_id: int | None
    rows: tuple[ReportRow, ...]
    place: str  # the place name of the date line ("Lũng Cú")
    agency_lines: tuple[str, ...]

    @property
    def token(self) -> str:
        return f"{self.level}:{self.unit_id}"

    @property
    def rows_are_villages(self) -> bool:
        return self.level in ("commune", "village")

    @property
    def row_heading(self) -> str:
        return "Thôn, tổ dân phố" if self.rows_are_villages else "Xã, phường, đặc khu"


def report_scope(user: User) -> Scope:
    return household_scope(user, Permission.REPORT_VIEW)


def _short_name(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ", "Quận ", "Thị xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _commune_rows(commune_ids: set[int]) -> tuple[ReportRow, ...]:
    communes = db.session.execute(
        select(AdminUnit.id, AdminUnit.name).where(AdminUnit.id.in_(commune_ids)).order_by(AdminUnit.code)
    ).all()
    return tuple(ReportRow(cid, name) for cid, name in communes)


def _village_rows(commune_id: int) -> tuple[ReportRow, ...]:
    villages = db.session.execute(
        select(Village.id, Village.name)
        .where(Village.commune_id == commune_id)
        .order_by(Village.effective_to.is_not(None), Village.name)
    ).all()
    return tuple(ReportRow(vid, name) for vid, name in villages)


def resolve(user: User, token: str) -> ReportUnit:
    """The unit named by a token, if the user may report on it."""
    level, _, raw_id = (token or "").partition(":")
    # ASCII digits only ("²" is a digit to Python), and an id an INTEGER column can hold.
    if level not in LEVELS or not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 9):
        raise UnitNotFound(token)
    scope = report_scope(user)
    if scope.empty:
        raise UnitNotFound(token)
    if level == "village":
        village = db.session.get(Village, int(raw_id))
        if village is None or not scope.covers_commune(village.commune_id):
            raise UnitNotFound(token)
        commune = village.commune
        return ReportUnit(
            level="village",
            unit_id=village.id,
            name=f"{village.name}, {commune.name}",
            commune_ids=frozenset({commune.id}),
            village_id=village.id,
            rows=(ReportRow(village.id, village.name),),
            place=_short_name(commune.name),
            agency_lines=("ỦY BAN NHÂN DÂN", commune.name.upper()),
        )
    unit = db.session.get(AdminUnit, int(raw_id))
    if unit is None or unit.level.value != level:
        raise UnitNotFound(token)
    communes = current_communes_under(unit)
    if not communes or not (scope.everywhere or communes <= scope.commune_ids):
        raise UnitNotFound(token)
    rows = _village_rows(unit.id) if level == "commune" else _commune_rows(communes)
    return ReportUnit(
        level=level,
        unit_id=unit.id,
        name=unit.name,
        commune_ids=frozenset(communes),
        village_id=None,
        rows=rows,
        place=_short_name(unit.name),
        agency_lines=("ỦY BAN NHÂN DÂN", unit.name.upper()),
    )


def choices(user: User) -> list[tuple[str, str]]:
    """Units offered on the report page: assigned provinces and districts, communes, their villages."""
    scope = report_scope(user)
    if scope.empty:
        return []
    found: list[tuple[str, str]] = []
    for assignment in user.assignments:
        unit = assignment.unit
        if unit is not None and unit.level is not UnitLevel.COMMUNE:
            token = f"{unit.level.value}:{unit.id}"
            if token not in dict(found):
                found.append((token, unit.name))
    commune_query = select(AdminUnit).where(AdminUnit.level == UnitLevel.COMMUNE, AdminUnit.effective_to.is_(None))
    if scope.everywhere:
        provinces = db.session.execute(
            select(AdminUnit)
            .where(AdminUnit.level == UnitLevel.PROVINCE, AdminUnit.effective_to.is_(None))
            .where(AdminUnit.id.in_(select(AdminUnit.parent_id).where(AdminUnit.id.in_(select(Village.commune_id)))))
            .order_by(AdminUnit.code)
        ).scalars()
        found.extend((f"province:{p.id}", p.name) for p in provinces)
        commune_query = commune_query.where(AdminUnit.id.in_(select(Village.commune_id)))
    else:
        commune_query = commune_query.where(AdminUnit.id.in_(scope.commune_ids))
    communes = db.session.execute(commune_query.order_by(AdminUnit.code).limit(500)).scalars().all()
    found.extend((f"commune:{c.id}", c.name) for c in communes)
    if len(communes) <= 3:  # a commune's own users also report on each village
        for commune in communes:
            found.extend((f"village:{row.row_id}", f"{row.name}, {commune.name}") for row in _village_rows(commune.id))
    return found
