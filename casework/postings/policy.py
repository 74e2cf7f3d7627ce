"""Who may take a posting's steps, and where a refused step's reason goes on the page."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases.transitions import roles_in
from casework.errors import Refused
from casework.extensions import db
from casework.models import Case, Posting, ReviewRun, User, Village
from casework.postings.queries import RUN_PROCEDURES, head_name
from workflow.engine import TransitionNotAllowed
from workflow.procedures import role_may_fire

# Which form field a failed guard's reason belongs next to; the others are shown at the top of the page.
GUARD_FIELDS = {
    "posting_scheduled": "starts_on",
    "complaint_in_time": "received_on",
    "recheck_in_time": "late_reason",
    "reposting_scheduled": "finished_on",
}


def _may(user: User, villages: Iterable[Village], procedures: Iterable[str], trigger: str) -> bool:
    procedures = tuple(procedures)
    return any(
        role_may_fire(role.value, procedure, trigger)
        for village in villages
        for role in roles_in(user, village)
        for procedure in procedures
    )


def may_post(user: User, run: ReviewRun, village: Village | None) -> bool:
    villages = (
        [village]
        if village
        else db.session.execute(
            select(Village).where(Village.commune_id == run.commune_id, Village.effective_to.is_(None))
        ).scalars()
    )
    return _may(user, villages, RUN_PROCEDURES[run.kind], "post")


def may(user: User, posting: Posting, trigger: str) -> bool:
    """Whether the user holds a role that may take `trigger` for some case of the posting."""
    cases = list(posting.cases)
    villages = {case.household.village.id: case.household.village for case in cases}.values()
    return _may(user, villages, {case.case_type.value for case in cases}, trigger)


def may_act(user: User, case: Case, trigger: str) -> bool:
    return _may(user, [case.household.village], [case.case_type.value], trigger)


def refusal(case: Case, error: TransitionNotAllowed) -> Refused:
    """The engine's reason, naming the household, next to the field the failed guard reads."""
    field = next((GUARD_FIELDS[g] for g in error.guards if g in GUARD_FIELDS), None)
    message = _(
        "Hộ %(name)s (%(village)s): %(reason)s",
        name=head_name(case),
        village=case.household.village.name,
        reason=error.reason,
    )
    return Refused(message, field, status=409)
