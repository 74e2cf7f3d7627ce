"""Reads of cases, always scoped to the user's units: a case page, the work queue, a run's overview,
and the facts the guards read about a case (its latest survey, its posting's end, open complaints).

Reads return None for what is missing or out of scope; the views answer 404."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from casework import permissions
from casework.extensions import db
from casework.models import (
    Case,
    CaseEvent,
    CaseType,
    Complaint,
    Household,
    Posting,
    ReviewRun,
    Survey,
    SurveyStatus,
    User,
)
from casework.models.postings import posting_cases
from casework.permissions import Permission
from casework.scoping import household_scope
from workflow.procedures import PROCEDURES, get_procedure


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


def _waiting_on(user: User) -> ColumnElement[bool]:
    """Cases in a state with a step one of the user's roles takes (what `_waits_on_commune` keeps), as SQL."""
    clauses = []
    for procedure in PROCEDURES.values():
        for state in procedure.states:
            mine = {
                spec.trigger
                for spec in procedure.transitions_from(state)
                if spec.trigger != "withdraw" and permissions.holds_step(user, procedure.name, spec.trigger)
            }
            if not mine:
                continue
            clause = and_(Case.case_type == CaseType(procedure.name), Case.state == state)
            clauses.append(and_(clause, Case.origin == "request") if mine == {"refuse"} else clause)
    return or_(false(), *clauses)


def work_queue(user: User, limit: int = 200) -> list[QueueItem]:
    """Cases waiting on one of the user's roles, overdue and nearest deadlines first."""
    rows = db.session.execute(
        cases_in_scope(user)
        .where(_waiting_on(user))
        .order_by(Case.deadline.is_(None), Case.deadline, Case.updated_at, Case.id)
        .limit(limit)
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
    return items


def _waits_on_commune(case: Case, trigger: str) -> bool:
    """A withdrawal comes from the household, and only an applicant can be refused: neither is a task."""
    if trigger == "withdraw":
        return False
    return not (trigger == "refuse" and case.origin != "request")


def work_queue_size(user: User) -> int:
    """How many cases wait on the user (the home page's figure): a COUNT, no case loaded."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    statement = select(func.count(Case.id)).join(Household).where(scope.household_filter(), _waiting_on(user))
    return db.session.execute(statement).scalar_one()


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


def posting_ends_of(cases: list[Case]) -> dict[int, dt.date | None]:
    """`posting_end_of` for many cases in two queries (a posting's list shows every case's own end)."""
    ids = [c.id for c in cases]
    latest: dict[int, dict] = {}  # type: ignore[type-arg]
    events = select(CaseEvent.case_id, CaseEvent.facts).where(
        CaseEvent.case_id.in_(ids), CaseEvent.trigger.in_(("post", "finish_recheck"))
    )
    for case_id, facts in db.session.execute(events.order_by(CaseEvent.id)):
        latest[case_id] = facts
    last_posting: dict[int, dt.date] = {}
    postings = (
        select(posting_cases.c.case_id, Posting.ends_on)
        .join(Posting, Posting.id == posting_cases.c.posting_id)
        .where(posting_cases.c.case_id.in_(ids))
        .order_by(Posting.id)
    )
    for case_id, ends_on in db.session.execute(postings):
        last_posting[case_id] = ends_on
    ends: dict[int, dt.date | None] = {}
    for case_id in ids:
        told = (latest.get(case_id) or {}).get("posting_end")
        ends[case_id] = dt.date.fromisoformat(told) if told else last_posting.get(case_id)
    return ends


def latest_posting_ids(cases: list[Case]) -> dict[int, int]:
    """The newest posting of each case (`case.postings[-1]`), in one query."""
    rows = select(posting_cases.c.case_id, func.max(posting_cases.c.posting_id)).where(
        posting_cases.c.case_id.in_([c.id for c in cases])
    )
    return dict(db.session.execute(rows.group_by(posting_cases.c.case_id)).tuples().all())


def open_complaints_of(cases: list[Case]) -> dict[int, Complaint]:
    """The latest open complaint of each case that has one, in one query."""
    found: dict[int, Complaint] = {}
    rows = select(Complaint).where(Complaint.case_id.in_([c.id for c in cases]), Complaint.status == "open")
    for complaint in db.session.execute(rows.order_by(Complaint.id)).scalars():
        found[complaint.case_id] = complaint
    return found


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
