"""The administrator's listing of accesses: by the person who looked, or by the household looked at.

Who may read it is `Permission.AUDIT_VIEW`, and how far is its scope, as for every read: the system's
administrator everywhere, a commune chairman (the People's Committee is the controller of its commune's
review data, data-protection.md §1) the accesses to the records of their commune.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, false, or_, select, true

from casework.access.service import ACTIONS
from casework.extensions import db
from casework.models import AuditEntry, Household, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, household_scope
from workflow.names import search_key

MAX_MATCHES = 200  # people or households a search may name at once


def audit_scope(user: User) -> Scope:
    return household_scope(user, Permission.AUDIT_VIEW)


def _commune_column() -> ColumnElement[int]:
    return AuditEntry.details["commune_id"].as_integer()


def _in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope.everywhere:
        return true()
    return _commune_column().in_(scope.commune_ids) if scope.commune_ids else false()


def matching_users(text: str) -> list[int]:
    key = text.strip()
    if not key:
        return []
    found = db.session.execute(
        select(User.id)
        .where(or_(User.username.icontains(key, autoescape=True), User.full_name.icontains(key, autoescape=True)))
        .limit(MAX_MATCHES)
    )
    return list(found.scalars())


def matching_households(scope: Scope, text: str) -> list[int]:
    key = search_key(text)
    if not key:
        return []
    statement = select(Household.id).where(Household.search_text.contains(key, autoescape=True))
    if not scope.everywhere:
        statement = statement.where(
            Household.village_id.in_(select(Village.id).where(Village.commune_id.in_(scope.commune_ids)))
        )
    return list(db.session.execute(statement.limit(MAX_MATCHES)).scalars())


@dataclass(frozen=True)
class Access:
    entry: AuditEntry
    user: User | None
    household: Household | None


def accesses(scope: Scope, *, user_ids: list[int] | None = None, household_ids: list[int] | None = None,
             page: int = 1, size: int = 50) -> Pagination:  # fmt: skip
    """Accesses within `scope`, newest first, by the people or of the households given."""
    statement = select(AuditEntry).where(AuditEntry.action.in_(ACTIONS), _in_scope(scope))
    if user_ids is not None:
        statement = statement.where(AuditEntry.user_id.in_(user_ids))
    if household_ids is not None:
        statement = statement.where(AuditEntry.details["household_id"].as_integer().in_(household_ids))
    return db.paginate(
        statement.order_by(AuditEntry.chain_seq.desc()), page=page, per_page=size, error_out=False, count=True
    )


def described(entries: list[AuditEntry]) -> list[Access]:
    """Each entry with the person and the household it names (loaded in two queries)."""
    user_ids = {e.user_id for e in entries if e.user_id is not None}
    household_ids = {int(e.details["household_id"]) for e in entries if e.details.get("household_id") is not None}
    users = {u.id: u for u in db.session.execute(select(User).where(User.id.in_(user_ids))).scalars()}
    households = {
        h.id: h for h in db.session.execute(select(Household).where(Household.id.in_(household_ids))).scalars()
    }
    return [
        Access(e, users.get(e.user_id or 0), households.get(int(e.details.get("household_id") or 0))) for e in entries
    ]


__all__ = ["Access", "accesses", "audit_scope", "described", "matching_households", "matching_users"]
