"""Write an access to personal data into the audit log, in the caller's transaction (the view commits).

Each entry names the household and the commune it belongs to, so the administrator's listing can search
by household and stay within the administrator's units.
"""

from __future__ import annotations

from typing import Any

from casework import audit
from casework.extensions import db
from casework.models import AuditEntry, Case, Document, Household, User

HOUSEHOLD_VIEW = "household_view"
SURVEY_VIEW = "survey_view"
DOCUMENT_DOWNLOAD = "document_download"
PERSONAL_ID_REVEAL = "personal_id_reveal"
PHOTO_VIEW = "household_photo_view"
ACTIONS = (HOUSEHOLD_VIEW, SURVEY_VIEW, DOCUMENT_DOWNLOAD, PERSONAL_ID_REVEAL, PHOTO_VIEW)


def where(household: Household) -> dict[str, int]:
    return {"household_id": household.id, "commune_id": household.village.commune_id}


def household_viewed(user: User, household: Household, action: str = HOUSEHOLD_VIEW, **details: Any) -> AuditEntry:
    return audit.record(action, user_id=user.id, subject=f"household:{household.id}", **where(household), **details)


def photo_viewed(user: User, photo_id: int, household: Household) -> AuditEntry:
    """A photo of the dwelling shows a home and often its people: each look is logged like a survey's."""
    return audit.record(PHOTO_VIEW, user_id=user.id, subject=f"photo:{photo_id}", **where(household))


def survey_viewed(user: User, survey_id: int, household: Household) -> AuditEntry:
    return audit.record(SURVEY_VIEW, user_id=user.id, subject=f"survey:{survey_id}", **where(household))


def document_downloaded(user: User, document: Document, **details: Any) -> AuditEntry:
    """A case's document belongs to the case's household; a batch document (a list) to its commune only."""
    case = db.session.get(Case, document.case_id) if document.case_id is not None else None
    place = where(case.household) if case is not None else {"commune_id": document.commune_id}
    return audit.record(
        DOCUMENT_DOWNLOAD, user_id=user.id, subject=f"document:{document.id}", kind=document.kind, **place, **details
    )
