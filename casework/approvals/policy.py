"""Who acts on the upper level's opinion: the chairman sends, the upper-level official replies, commune
staff record a reply received outside the system; and when the report cannot go at all."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases import transitions
from casework.extensions import db
from casework.models import AdminUnit, Case, ReviewRun, Role, UnitLevel, UpperReview, User, Village
from casework.permissions import Permission
from casework.scoping import assignment_covers_village, household_scope
from workflow.guards import GuardContext, upper_review_required
from workflow.procedures import role_may_fire
from workflow.procedures.settings import ProcedureSettings

PROCEDURE = "periodic_review"
LEVEL_UNITS = {"district": UnitLevel.DISTRICT, "province": UnitLevel.PROVINCE}
REPLY_TRIGGERS = ("record_upper_reply", "request_recheck")
# Cases past the point where the upper level is asked (or skipped): the campaign's level is settled.
LEVEL_SETTLED_STATES = ("upper_review", "ready_for_decision", "recognised", "not_recognised")


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


def may_set_level(user: User, run: ReviewRun) -> bool:
    """Who chooses a campaign's upper review level: the staff who open its campaigns (commune staff, an
    administrator) and the chairman who sends its report."""
    scope = household_scope(user, Permission.HOUSEHOLD_EDIT)
    return scope.everywhere or run.commune_id in scope.commune_ids or may_take(user, run, "send_upper")


def level_change_refusal(run: ReviewRun) -> str | None:
    """Why the campaign's upper review level can no longer change: its report went, or its cases went on."""
    if db.session.execute(select(UpperReview.id).where(UpperReview.run_id == run.id).limit(1)).first():
        return _("Đã gửi báo cáo xin ý kiến cấp trên: không thể đổi cấp xin ý kiến của đợt rà soát nữa.")
    moved = select(Case.id).where(Case.run_id == run.id, Case.state.in_(LEVEL_SETTLED_STATES)).limit(1)
    if db.session.execute(moved).first():
        return _("Đã có hồ sơ chuyển sang chờ quyết định: không thể đổi cấp xin ý kiến của đợt rà soát nữa.")
    return None
