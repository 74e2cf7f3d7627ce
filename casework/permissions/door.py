"""The answers to "may this user do this to this object".

Each answer combines what a role may do (ROLE_PERMISSIONS here, and which role may take which step of
a procedure in workflow/procedures/permissions.py) with where the role holds (casework/scoping.py).
The `may_*` functions answer yes or no (views turn no into 403, templates hide the button); the
`require_*` ones return the role the user acts in, or raise `NotPermitted` (403), for the services
that record who acted and in which role.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import select

# The module, not its names: scoping imports the role data from this package while it loads.
from casework import scoping
from casework.errors import Refused
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    CaseType,
    Household,
    Posting,
    ReviewRun,
    Role,
    RoleAssignment,
    User,
    Village,
)
from casework.models.signing import SigningRequest
from casework.permissions.roles import ROLE_PERMISSIONS, Permission
from workflow.procedures import role_may_fire

# The upper level's opinion on a periodic campaign: the chairman sends, the upper level replies, commune
# staff record a reply received outside the system.
UPPER_PROCEDURE = "periodic_review"
UPPER_REPLY_TRIGGERS = ("record_upper_reply", "request_recheck")


class NotPermitted(Refused):
    """The user holds no role that may take this step for this case."""

    status = 403


def _not_permitted() -> NotPermitted:
    return NotPermitted(_("Vai trò của bạn không được thực hiện bước này đối với hồ sơ này."))


def refuse_unless(allowed: bool) -> None:
    """A view's answer to a door's no, before its form is read: NotPermitted (403) with the reason."""
    if not allowed:
        raise _not_permitted()


# ---- role permissions (data) within the scope ------------------------------------------------------


def may(user: User, permission: Permission, obj: object = None) -> bool:
    """Whether a role of the user grants `permission`, where `obj` lies when one is given.

    `obj` is a Village, Household, Case, ReviewRun or commune (AdminUnit); None asks about anywhere
    (the menu links, and the pages whose queries scope what they list).
    """
    if obj is None:
        return any(permission in ROLE_PERMISSIONS[a.role] for a in user.assignments)
    scope = scoping.household_scope(user, permission)
    if isinstance(obj, ReviewRun):
        return scope.covers_commune(obj.commune_id)
    if isinstance(obj, AdminUnit):
        return scope.covers_commune(obj.id)
    return scope.covers_village(_village_of(obj))


def may_open_campaign(user: User) -> bool:
    """A campaign is opened for a whole commune: by those who keep its households (not a village head)."""
    scope = scoping.household_scope(user, Permission.HOUSEHOLD_EDIT)
    return bool(scope.everywhere or scope.commune_ids)


def _village_of(obj: object) -> Village:
    if isinstance(obj, Case):
        return obj.household.village
    if isinstance(obj, Household):
        return obj.village
    if isinstance(obj, Village):
        return obj
    raise TypeError(f"no scope for {obj!r}")


# ---- steps of a procedure ---------------------------------------------------------------------------


def roles_in(user: User, village: Village) -> list[Role]:
    """The user's roles whose unit covers the village."""
    return [a.role for a in user.assignments if scoping.assignment_covers_village(a, village)]


def step_role(user: User, village: Village, procedure: str, trigger: str) -> Role | None:
    """The role the user takes the step in for a case of the village, or None."""
    return next((role for role in roles_in(user, village) if role_may_fire(role.value, procedure, trigger)), None)


def acting_role(user: User, case: Case, trigger: str) -> Role | None:
    """The role the user would fire `trigger` on the case in, or None."""
    return step_role(user, case.household.village, case.case_type.value, trigger)


def may_fire(user: User, case: Case, trigger: str) -> bool:
    """Whether a role of the user, in the case's village or commune, may take the step."""
    return acting_role(user, case, trigger) is not None


def may_fire_any(user: User, villages: Iterable[Village], procedures: Iterable[str], trigger: str) -> bool:
    """Whether the user may take the step for cases of some of the villages and procedures."""
    procedures = tuple(procedures)
    return any(step_role(user, village, procedure, trigger) for village in villages for procedure in procedures)


def may_log_request(user: User, household: Household) -> bool:
    """Whether the user may log a request (Mẫu 01 and the others) for the household, in some procedure."""
    return may_fire_any(user, [household.village], [t.value for t in CaseType], "log_request")


def require_step(user: User, village: Village, procedure: str, trigger: str) -> Role:
    """The role the user takes the step in; NotPermitted (403) when none may."""
    role = step_role(user, village, procedure, trigger)
    if role is None:
        raise _not_permitted()
    return role


def require_fire(user: User, case: Case, trigger: str) -> Role:
    """The role the user fires `trigger` on the case in; NotPermitted (403) when none may."""
    return require_step(user, case.household.village, case.case_type.value, trigger)


def holds_step(user: User, procedure: str, trigger: str) -> bool:
    """Whether some role of the user takes the step somewhere (the work queue's cases are scoped already)."""
    return any(role_may_fire(a.role.value, procedure, trigger) for a in user.assignments)


# ---- postings -----------------------------------------------------------------------------------------


def may_post(user: User, run: ReviewRun, village: Village | None) -> bool:
    """Whether the user may open a posting of the run's cases, for one village or (None) the commune."""
    villages = [village] if village else _current_villages(run.commune_id)
    return may_fire_any(user, villages, run.procedures, "post")


def may_act_on_posting(user: User, posting: Posting, trigger: str) -> bool:
    """Whether the user holds a role that may take `trigger` for some case of the posting."""
    cases = list(posting.cases)
    villages = {case.household.village.id: case.household.village for case in cases}.values()
    return may_fire_any(user, villages, {case.case_type.value for case in cases}, trigger)


def may_take_run_step(user: User, run: ReviewRun, trigger: str, village: Village | None = None) -> bool:
    """Whether the user may take the step for the run's cases, in one village or (None) somewhere in its commune."""
    villages = [village] if village else _current_villages(run.commune_id)
    return may_fire_any(user, villages, run.procedures, trigger)


def _current_villages(commune_id: int) -> list[Village]:
    query = select(Village).where(Village.commune_id == commune_id, Village.effective_to.is_(None))
    return list(db.session.execute(query).scalars())


# ---- the upper level's opinion ------------------------------------------------------------------------


def first_village(run: ReviewRun) -> Village | None:
    """A village of the run's commune: roles are bound to communes, and checked through one of their villages."""
    return db.session.execute(
        select(Village).where(Village.commune_id == run.commune_id).order_by(Village.id).limit(1)
    ).scalar_one_or_none()


def may_take_upper_step(user: User, run: ReviewRun, *triggers: str, upper_official: bool = True) -> bool:
    """Whether a role of the user in the run's commune may take one of the steps.

    `upper_official=False` leaves out the upper-level official's own role (they reply on their own page).
    """
    village = first_village(run)
    if village is None:
        return False
    roles = [r for r in roles_in(user, village) if upper_official or r is not Role.UPPER_REVIEWER]
    return any(role_may_fire(role.value, UPPER_PROCEDURE, trigger) for role in roles for trigger in triggers)


def may_record_upper_reply(user: User, run: ReviewRun) -> bool:
    """Commune staff record a reply received outside the system; upper-level officials reply on their own page."""
    return may_take_upper_step(user, run, *UPPER_REPLY_TRIGGERS, upper_official=False)


def may_use_inbox(user: User) -> bool:
    """Whether the user replies to, or records replies to, reports sent to the upper level."""
    return any(holds_step(user, UPPER_PROCEDURE, trigger) for trigger in UPPER_REPLY_TRIGGERS)


# ---- digital signatures -------------------------------------------------------------------------------


def holds_role_in_unit(user_id: int, roles: Iterable[str], unit_id: int) -> bool:
    """Whether the user holds one of the roles in exactly that unit (a signer speaks for their unit)."""
    found = db.session.execute(
        select(RoleAssignment.id).where(
            RoleAssignment.user_id == user_id,
            RoleAssignment.role.in_([Role(r) for r in roles]),
            RoleAssignment.unit_id == unit_id,
        )
    ).first()
    return found is not None


def is_signer(user: User, signing: SigningRequest) -> bool:
    """The user holds one of the roles whose signature the request needs, in its unit."""
    return holds_role_in_unit(user.id, signing.signer_roles, signing.signer_unit_id)


def may_sign(user: User, signing: SigningRequest) -> bool:
    """The official signs a request still waiting for their signature."""
    return signing.status == "pending" and is_signer(user, signing)


def may_countersign(user: User, signing: SigningRequest) -> bool:
    """The agency's signature goes on after the official's (ND 30 §2): the unit's records clerk applies it."""
    # Imported here: the signing package asks this door while it loads, and it is the one that counts signatures.
    from casework.signing.service import signature_count

    roles = [*signing.signer_roles, Role.RECORDS_CLERK.value]
    return (
        signing.status == "signed"
        and signature_count(signing) == 1
        and holds_role_in_unit(user.id, roles, signing.signer_unit_id)
    )


def may_set_level(user: User, run: ReviewRun) -> bool:
    """Who chooses a campaign's upper review level: the staff who open its campaigns (commune staff, an
    administrator) and the chairman who sends its report."""
    scope = scoping.household_scope(user, Permission.HOUSEHOLD_EDIT)
    return scope.everywhere or run.commune_id in scope.commune_ids or may_take_upper_step(user, run, "send_upper")
