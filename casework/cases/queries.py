"""Reads of cases, always scoped to the user's units: a case page, the work queue, a run's overview."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask import abort
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, Household, ReviewRun, User
from casework.permissions import Permission
from casework.scoping import household_scope
from workflow.procedures import get_procedure, role_may_fire


def get_case(user: User, case_id: int) -> Case:
    """The case, or 404 when it does not exist or its household lies outside the user's units."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    case = db.session.execute(
        select(Case).join(Household).where(Case.id == case_id, scope.household_filter())
    ).scalar_one_or_none()
    if case is None:
        abort(404)
    return case


def cases_in_scope(user: User, *states: str, run: ReviewRun | None = None):  # type: ignore[no-untyped-def]
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    query = select(Case).join(Household).where(scope.household_filter())
    if states:
        query = query.where(Case.state.in_(states))
    if run is not None:
        query = query.where(Case.run_id == run.id)
    return query


@dataclass(frozen=True)
class QueueItem:
    case: Case
    triggers: tuple[str, ...]


def work_queue(user: User, limit: int = 200) -> list[QueueItem]:
    """Cases waiting on one of the user's roles, overdue and nearest deadlines first."""
    roles = {a.role.value for a in user.assignments}
    rows = db.session.execute(
        cases_in_scope(user).order_by(Case.deadline.is_(None), Case.deadline, Case.updated_at).limit(limit * 5)
    ).scalars()
    items = []
    for case in rows:
        procedure = get_procedure(case.case_type.value)
        mine = tuple(
            spec.trigger
            for spec in procedure.transitions_from(case.state)
            if _waits_on_commune(case, spec.trigger)
            and any(role_may_fire(role, procedure.name, spec.trigger) for role in roles)
        )
        if mine:
            items.append(QueueItem(case, mine))
        if len(items) >= limit:
            break
    return items


def _waits_on_commune(case: Case, trigger: str) -> bool:
    """A withdrawal comes from the household, and only an applicant can be refused: neither is a task."""
    if trigger == "withdraw":
        return False
    return not (trigger == "refuse" and case.origin != "request")


def run_overview(user: User, run: ReviewRun) -> Counter[str]:
    return Counter(case.state for case in db.session.execute(cases_in_scope(user, run=run)).scalars())
