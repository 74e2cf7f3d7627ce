"""Reads of households, always scoped to the user's administrative units."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import defer

from casework.extensions import db
from casework.models import AdminUnit, Household, HouseholdPhoto, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, household_scope
from workflow.names import search_key


def households_statement(
    user: User, *, query: str = "", village_id: int | None = None, commune_id: int | None = None
) -> Select[tuple[Household]]:
    """The households the user may see matching the list's filter (search ignores diacritics), unordered."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    statement = select(Household).where(scope.household_filter())
    if village_id:
        statement = statement.where(Household.village_id == village_id)
    if commune_id:
        in_commune = select(Village.id).where(Village.commune_id == commune_id)
        statement = statement.where(Household.village_id.in_(in_commune))
    key = search_key(query)
    if key:
        statement = statement.where(Household.search_text.contains(key, autoescape=True))
    return statement


def list_households(
    user: User,
    *,
    query: str = "",
    village_id: int | None = None,
    commune_id: int | None = None,
    page: int = 1,
    size: int = 25,
) -> Pagination:
    """Households the user may see, sorted by the head's given name (conventions.md §3).

    A page number below 1 shows the first page; one past the end shows an empty page (no 404).
    """
    statement = households_statement(user, query=query, village_id=village_id, commune_id=commune_id)
    return db.paginate(
        statement.order_by(Household.head_sort_key, Household.id), page=page, per_page=size, error_out=False
    )


def communes_to_choose(scope: Scope) -> list[AdminUnit]:
    """The current communes whose households the scope reaches (those with villages), by name: one query."""
    villages = select(Village.commune_id).where(Village.effective_to.is_(None))
    if not scope.everywhere:
        villages = villages.where(or_(Village.commune_id.in_(scope.commune_ids), Village.id.in_(scope.village_ids)))
    statement = select(AdminUnit).where(AdminUnit.effective_to.is_(None), AdminUnit.id.in_(villages))
    return list(db.session.execute(statement.order_by(AdminUnit.name, AdminUnit.id)).scalars())


def get_household(
    user: User, household_id: int, permission: Permission = Permission.HOUSEHOLD_VIEW
) -> Household | None:
    """The household, or None when it does not exist or lies outside the user's units."""
    scope = household_scope(user, permission)
    return db.session.execute(
        select(Household).where(Household.id == household_id, scope.household_filter())
    ).scalar_one_or_none()


def photos_of(household: Household) -> list[HouseholdPhoto]:
    """The dwelling's photos from the field app, newest first, without their (encrypted) bytes."""
    return list(
        db.session.execute(
            select(HouseholdPhoto)
            .where(HouseholdPhoto.household_id == household.id)
            .options(defer(HouseholdPhoto.sealed_content))
            .order_by(HouseholdPhoto.taken_at.desc().nulls_last(), HouseholdPhoto.id.desc())
        ).scalars()
    )


def get_photo(household: Household, photo_id: int) -> HouseholdPhoto | None:
    return db.session.execute(
        select(HouseholdPhoto).where(HouseholdPhoto.id == photo_id, HouseholdPhoto.household_id == household.id)
    ).scalar_one_or_none()
