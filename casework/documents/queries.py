"""Reads of issued documents, always scoped to the units the user reaches."""

from __future__ import annotations

from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Document, User, Village
from casework.permissions import Permission
from casework.scoping import Scope, household_scope


def _reaches_commune(scope: Scope, commune_id: int | None) -> bool:
    """A batch document is read in its own commune (a village head: in the commune of their village)."""
    if scope.everywhere:
        return True
    if commune_id is None:
        return False
    if scope.covers_commune(commune_id):
        return True
    villages = db.session.execute(select(Village.commune_id).where(Village.id.in_(scope.village_ids))).scalars()
    return commune_id in set(villages)


def get_document(user: User, document_id: int) -> Document | None:
    """The stored document `document_id` if `user` may read it, else None (the view answers 404).

    A case's document is read where the case's household is; a batch document (a list, a decision)
    where its commune is. A record kept without its bytes is not a document one can read.
    """
    found = db.session.get(Document, document_id)
    if found is None or not found.has_content:
        return None
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    if found.case_id is not None:
        case = db.session.get(Case, found.case_id)
        return found if case is not None and scope.covers_village(case.household.village) else None
    return found if _reaches_commune(scope, found.commune_id) else None
