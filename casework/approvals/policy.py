"""For whom an upper-level official speaks, and when the report cannot go at all (who may take the
upper level's steps: casework/permissions)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, Case, ReviewRun, Role, UnitLevel, UpperReview, User
from casework.permissions import UPPER_PROCEDURE, UPPER_REPLY_TRIGGERS, first_village
from casework.scoping import assignment_covers_village
from workflow.guards import GuardContext, upper_review_required
from workflow.procedures.settings import ProcedureSettings

PROCEDURE = UPPER_PROCEDURE
LEVEL_UNITS = {"district": UnitLevel.DISTRICT, "province": UnitLevel.PROVINCE}
REPLY_TRIGGERS = UPPER_REPLY_TRIGGERS
# Cases past the point where the upper level is asked (or skipped): the campaign's level is settled.
LEVEL_SETTLED_STATES = ("upper_review", "ready_for_decision", "recognised", "not_recognised")


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


def level_change_refusal(run: ReviewRun) -> str | None:
    """Why the campaign's upper review level can no longer change: its report went, or its cases went on."""
    if db.session.execute(select(UpperReview.id).where(UpperReview.run_id == run.id).limit(1)).first():
        return _("Đã gửi báo cáo xin ý kiến cấp trên: không thể đổi cấp xin ý kiến của đợt rà soát nữa.")
    moved = select(Case.id).where(Case.run_id == run.id, Case.state.in_(LEVEL_SETTLED_STATES)).limit(1)
    if db.session.execute(moved).first():
        return _("Đã có hồ sơ chuyển sang chờ quyết định: không thể đổi cấp xin ý kiến của đợt rà soát nữa.")
    return None
