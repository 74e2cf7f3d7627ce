"""Reads of cases, always scoped to the user's units: a case page, the work queue, a run's overview,
and the facts the guards read about a case (its latest survey, its posting's end, open complaints).

Reads return None for what is missing or out of scope; the views answer 404."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from casework import permissions
from casework.extensions import db
from casework.models import Case, CaseEvent, Complaint, Household, ReviewRun, Survey, SurveyStatus, User
from casework.permissions import Permission
from casework.scoping import household_scope
from workflow.procedures import get_procedure


def get_case(user: User, case_id: int) -> Case | None:
    """The case, when its household lies in the user's units."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    return db.session.execute(
        select(Case).join(Household).where(Case.id == case_id, scope.household_filter())
    ).scalar_one_or_none()


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
    rows = db.session.execute(
        cases_in_scope(user).order_by(Case.deadline.is_(None), Case.deadline, Case.updated_at).limit(limit * 5)
    ).scalars()
    items = []
    for case in rows:
        procedure = get_procedure(case.case_type.value)
        mine = tuple(
            spec.trigger
            for spec in procedure.transitions_from(case.state)
            if _waits_on_commune(case, spec.trigger) and permissions.holds_step(user, procedure.name, spec.trigger)
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


def latest_survey(case: Case) -> Survey | None:
    return db.session.execute(
        select(Survey)
        .where(Survey.case_id == case.id, Survey.status == SurveyStatus.COMPLETED)
        .order_by(Survey.completed_at.desc(), Survey.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def posting_end_of(case: Case) -> dt.date | None:
    """The end of the case's current posting: the last `post` or `finish_recheck` event says it."""
    event = db.session.execute(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.trigger.in_(("post", "finish_recheck")))
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if event is not None and event.facts.get("posting_end"):
        return dt.date.fromisoformat(event.facts["posting_end"])
    return case.postings[-1].ends_on if case.postings else None


def open_complaint(case: Case) -> Complaint | None:
    return (
        db.session.execute(
            select(Complaint)
            .where(Complaint.case_id == case.id, Complaint.status == "open")
            .order_by(Complaint.id.desc())
        )
        .scalars()
        .first()
    )


def open_complaints(case: Case) -> int:
    return db.session.execute(
        select(func.count(Complaint.id)).where(Complaint.case_id == case.id, Complaint.status == "open")
    ).scalar_one()


def posting_facts(case: Case) -> dict[str, object]:
    """What the posting guards read about a case, for pages that list its next steps and why not."""
    end = posting_end_of(case)
    return {"open_complaints": open_complaints(case), **({"posting_end": end} if end else {})}


SURVEY_STEPS = ("complete_survey", "screen_out", "resurvey")


def open_cases_of(user: User, household_id: int) -> list[Case]:
    """The household's cases still under way (not in a terminal state), within the user's units."""
    cases = db.session.execute(cases_in_scope(user).where(Case.household_id == household_id).order_by(Case.id))
    return [c for c in cases.scalars() if c.state not in get_procedure(c.case_type.value).terminal_states]


def awaits_survey(case: Case) -> bool:
    """Whether a completed survey would move the case now (its state has a survey step)."""
    procedure = get_procedure(case.case_type.value)
    return any(spec.trigger in SURVEY_STEPS for spec in procedure.transitions_from(case.state))
