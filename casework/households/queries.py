"""Reads of households, always scoped to the user's administrative units."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, func, select

from casework.extensions import db
from casework.models import Household, User
from casework.permissions import Permission
from casework.scoping import household_scope
from workflow.names import search_key


@dataclass(frozen=True)
class Page:
    items: list[Household]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def households_statement(user: User, *, query: str = "", village_id: int | None = None) -> Select[tuple[Household]]:
    """The households the user may see matching the list's filter (search ignores diacritics), unordered."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    statement = select(Household).where(scope.household_filter())
    if village_id:
        statement = statement.where(Household.village_id == village_id)
    key = search_key(query)
    if key:
        statement = statement.where(Household.search_text.contains(key, autoescape=True))
    return statement


def list_households(
    user: User, *, query: str = "", village_id: int | None = None, page: int = 1, size: int = 25
) -> Page:
    """Households the user may see, sorted by the head's given name (conventions.md §3)."""
    statement = households_statement(user, query=query, village_id=village_id)
    total = db.session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    page = max(1, page)
    items = db.session.execute(
        statement.order_by(Household.head_sort_key, Household.id).limit(size).offset((page - 1) * size)
    ).scalars()
    return Page(items=list(items.unique()), total=total, number=page, size=size)


def get_household(user: User, household_id: int, permission: Permission = Permission.HOUSEHOLD_VIEW) -> Household:
    """The household, or 404 when it does not exist or lies outside the user's units."""
    scope = household_scope(user, permission)
    household = db.session.execute(
        select(Household).where(Household.id == household_id, scope.household_filter())
    ).scalar_one_or_none()
    if household is None:
        abort(404)
    return household
