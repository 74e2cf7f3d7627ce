"""For whom an upper-level official speaks, and when the report cannot go at all (who may take the
upper level's steps: casework/permissions)."""

from __future__ import annotations

from casework.models import AdminUnit, ReviewRun, Role, UnitLevel, User
from casework.permissions import UPPER_PROCEDURE, UPPER_REPLY_TRIGGERS, first_village
from casework.scoping import assignment_covers_village
from workflow.guards import GuardContext, upper_review_required
from workflow.procedures.settings import ProcedureSettings

PROCEDURE = UPPER_PROCEDURE
LEVEL_UNITS = {"district": UnitLevel.DISTRICT, "province": UnitLevel.PROVINCE}
REPLY_TRIGGERS = UPPER_REPLY_TRIGGERS


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


def send_refusal(run: ReviewRun, settings: ProcedureSettings) -> str | None:
    """Why the report cannot go at all (the guard's words when the level is `none`)."""
    guard = GuardContext(procedure=PROCEDURE, trigger="send_upper", facts={"settings": settings})
    return upper_review_required(guard)
