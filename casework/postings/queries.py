"""Reads of postings, always scoped to the user's units: a posting, its rows, the cases ready to post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from casework.cases import queries as case_queries
from casework.cycles import queries as runs
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    Complaint,
    Household,
    HouseholdStatus,
    MeetingVote,
    Posting,
    ReviewRun,
    User,
    Village,
    VillageMeeting,
)
from workflow.procedures import PROCEDURES, get_procedure

# States a case may be posted from, whatever its procedure (meeting_passed, or surveyed without a meeting).
READY_STATES = tuple(
    sorted({s for p in PROCEDURES.values() for t in p.transitions if t.trigger == "post" for s in t.sources})
)


def get_posting(user: User, posting_id: int) -> Posting | None:
    """The posting, when its village (or, for a commune-wide posting, some village of its commune) is the user's."""
    posting = db.session.get(Posting, posting_id)
    if posting is None:
        return None
    run = db.session.get(ReviewRun, posting.run_id)
    if run is None or not runs.reaches(runs.view_scope(user), run.commune_id, posting.village_id):
        return None
    return posting


def ready_cases(user: User, run: ReviewRun, village: Village | None) -> list[Case]:
    """Cases of the run in the user's units waiting for the posting step, by village and head's name."""
    query = case_queries.cases_in_scope(user, *READY_STATES, run=run)
    if village is not None:
        query = query.where(Household.village_id == village.id)
    rows = db.session.execute(query.order_by(Household.village_id, Household.head_sort_key, Case.id)).scalars()
    return [case for case in rows if get_procedure(case.case_type).transition(case.state, "post") is not None]


@dataclass(frozen=True)
class PostingRow:
    case: Case
    head_name: str
    village: str
    classification: str
    ends_on: dt.date | None
    complaint: Complaint | None


def rows(user: User, posting: Posting) -> list[PostingRow]:
    """The posting's cases the user may see, with each case's own posting end (a re-check re-posts it)."""
    scope = runs.view_scope(user)
    cases = [case for case in posting.cases if scope.covers_village(case.household.village)]
    ends = case_queries.posting_ends_of(cases)
    complaints = case_queries.open_complaints_of(cases)
    return [
        PostingRow(
            case=case,
            head_name=head_name(case),
            village=case.household.village.name,
            classification=case.provisional_class or "",
            ends_on=ends[case.id],
            complaint=complaints.get(case.id),
        )
        for case in cases
    ]


def head_name(case: Case) -> str:
    head = case.household.head
    return head.full_name if head else ""


def public_class(case: Case) -> str:
    """The class the public list shows: a household leaving the list is shown as exiting it."""
    current = case.provisional_class or "undetermined"
    if current in ("poor", "near_poor"):
        return current
    previous = db.session.execute(
        select(HouseholdStatus.household_class)
        .where(HouseholdStatus.household_id == case.household_id, HouseholdStatus.year <= case.run.period_year)
        .order_by(HouseholdStatus.year.desc())
        .limit(1)
    ).scalar_one_or_none()
    return f"exited_{previous}" if previous in ("poor", "near_poor") else current


def default_places(run: ReviewRun, village: Village | None) -> str:
    commune = db.session.get_one(AdminUnit, run.commune_id)
    where = f"{village.name[:1].lower()}{village.name[1:]}" if village else "các thôn"
    return f"Nhà văn hóa {where}; Trụ sở UBND {commune.name[:1].lower()}{commune.name[1:]}"


def passed_meeting_days(cases: Iterable[Case]) -> list[dt.date]:
    """The days of the village meetings that passed these households (a posting starts after them)."""
    ids = [case.id for case in cases]
    if not ids:
        return []
    return list(
        db.session.execute(
            select(VillageMeeting.held_on)
            .join(MeetingVote, MeetingVote.meeting_id == VillageMeeting.id)
            .where(MeetingVote.case_id.in_(ids), MeetingVote.passed.is_(True))
        ).scalars()
    )
