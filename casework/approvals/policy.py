"""Who acts on the upper level's opinion: the chairman sends, the upper-level official replies, commune
staff record a reply received outside the system; and when the report cannot go at all."""

from __future__ import annotations

from sqlalchemy import select

from casework.cases import transitions
from casework.extensions import db
from casework.models import AdminUnit, ReviewRun, Role, UnitLevel, User, Village
from casework.scoping import assignment_covers_village
from workflow.guards import GuardContext, upper_review_required
from workflow.procedures import role_may_fire
from workflow.procedures.settings import ProcedureSettings

PROCEDURE = "periodic_review"
LEVEL_UNITS = {"district": UnitLevel.DISTRICT, "province": UnitLevel.PROVINCE}
REPLY_TRIGGERS = ("record_upper_reply", "request_recheck")


def first_village(run: ReviewRun) -> Village | None:
    """A village of the run's commune: roles are bound to communes, and checked through one of their villages."""
    return db.session.execute(
        select(Village).where(Village.commune_id == run.commune_id).order_by(Village.id).limit(1)
    ).scalar_one_or_none()


def may_take(user: User, run: ReviewRun, *triggers: str, upper_official: bool = True) -> bool:
    """Whether a role of the user in the run's commune may take one of the steps."""
    village = first_village(run)
    if village is None:
        return False
    roles = [r for r in transitions.roles_in(user, village) if upper_official or r is not Role.UPPER_REVIEWER]
    return any(role_may_fire(role.value, PROCEDURE, trigger) for role in roles for trigger in triggers)


def may_record(user: User, run: ReviewRun) -> bool:
    """Commune staff record a reply received outside the system; upper-level officials reply on their own page."""
    return may_take(user, run, *REPLY_TRIGGERS, upper_official=False)


def reviewer_unit(user: User, run: ReviewRun, level: str) -> AdminUnit | None:
    """The district or province the user speaks for on this review, if they are its upper-level official."""
    village = first_village(run)
    wanted = LEVEL_UNITS.get(level)
    if village is None or wanted is None:
        return None
    for assignment in user.assignments:
        if assignment.role is not Role.UPPER_REVIEWER or assignment.unit is None:
            continue
        if assignment.unit.level is wanted and assignment_covers_village(assignment, village):
            unit: AdminUnit = assignment.unit
            return unit
    return None


def may_use_inbox(user: User) -> bool:
    return any(role_may_fire(a.role.value, PROCEDURE, t) for a in user.assignments for t in REPLY_TRIGGERS)


def send_refusal(run: ReviewRun, settings: ProcedureSettings) -> str | None:
    """Why the report cannot go at all (the guard's words when the level is `none`)."""
    guard = GuardContext(procedure=PROCEDURE, trigger="send_upper", facts={"settings": settings})
    return upper_review_required(guard)
