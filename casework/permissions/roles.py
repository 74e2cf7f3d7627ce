"""What each role may do, as data. Where a role may do it is the scope's business (casework/scoping.py);
which role may take which step of a procedure is data in workflow/procedures/permissions.py."""

from __future__ import annotations

import enum

from casework.models import Role


class Permission(enum.Enum):
    HOUSEHOLD_VIEW = "household:view"
    HOUSEHOLD_EDIT = "household:edit"
    PERSONAL_ID_REVEAL = "household:personal_id:reveal"
    SURVEY_FILL = "survey:fill"
    SURVEY_VIEW = "survey:view"  # scores and deprivations: the steering committee's business
    VILLAGE_MANAGE = "unit:village:manage"
    USER_MANAGE = "user:manage"
    CALENDAR_MANAGE = "calendar:manage"
    SETTINGS_MANAGE = "settings:manage"
    # The full list for the national poverty / population database: full ID numbers, logged.
    NATIONAL_EXPORT = "exchange:national:export"
    REPORT_VIEW = "report:view"  # aggregate reports (Mẫu 7.x) and the dashboard of the user's units
    # The run's whole list issued as a PDF (a stored document, made by a job): those who act for the commune.
    RUN_LIST_ISSUE = "run:list:issue"
    # Who looked at whose records (the access log): the administrator, a commune chairman for their commune.
    AUDIT_VIEW = "audit:view"


_READ = {Permission.HOUSEHOLD_VIEW}
_EDIT = _READ | {Permission.HOUSEHOLD_EDIT}
_SURVEY = {Permission.SURVEY_FILL, Permission.SURVEY_VIEW}
# Aggregates are for those who report or review results (data-protection.md §5.3), not every reader.
_REPORT = {Permission.REPORT_VIEW}
_LIST = {Permission.RUN_LIST_ISSUE}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.PROVINCE_VIEWER: frozenset(_READ | _REPORT),
    Role.UPPER_REVIEWER: frozenset(_READ | _REPORT),
    Role.COMMUNE_CHAIRMAN: frozenset(
        _READ
        | _REPORT
        | _LIST
        | {Permission.PERSONAL_ID_REVEAL, Permission.SURVEY_VIEW, Permission.NATIONAL_EXPORT, Permission.AUDIT_VIEW}
    ),
    Role.VICE_CHAIRMAN: frozenset(_READ | _REPORT | _LIST | {Permission.PERSONAL_ID_REVEAL, Permission.SURVEY_VIEW}),
    Role.COMMUNE_STAFF: frozenset(
        _EDIT
        | _SURVEY
        | _REPORT
        | _LIST
        | {Permission.PERSONAL_ID_REVEAL, Permission.VILLAGE_MANAGE, Permission.NATIONAL_EXPORT}
    ),
    Role.RECORDS_CLERK: frozenset(_READ),
    Role.STEERING_MEMBER: frozenset(_READ | _SURVEY | _REPORT | _LIST),
    Role.REVIEWER: frozenset(_READ | _SURVEY),
    Role.VILLAGE_HEAD: frozenset(_EDIT | _SURVEY),
    Role.FRONT_SUPERVISOR: frozenset(_READ),
}


def permissions_of(roles: set[Role]) -> frozenset[Permission]:
    """Everything the roles grant together, wherever they hold."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
