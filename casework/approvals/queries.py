"""Reads of the upper level's opinion, scoped to the user's units: a campaign's report and reply, the
households waiting, the upper-level official's inbox."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from casework.approvals.policy import reviewer_unit
from casework.cycles import queries as runs
from casework.cycles.settings import lists_year
from casework.decisions.policy import decided_class, decision_lists
from casework.documents.context.labels import DECISION_CLASSES
from casework.documents.context.pieces import counts_from_rows
from casework.documents.context.values import ClassCount, HouseholdRow
from casework.extensions import db
from casework.models import Case, Household, ReviewRun, RunKind, UpperReview, User
from casework.permissions import Permission, may_record_upper_reply
from casework.scoping import household_scope

# Cases that no longer hold the report back: posting over, already with the upper level or past it,
# or finished. Cases already in upper_review count as settled, or a second report (after a re-check)
# could never be sent while the other households wait for the reply.
SETTLED_STATES = ("posting_closed", "upper_review", "ready_for_decision", "recognised", "not_recognised", "withdrawn")


@dataclass(frozen=True)
class Entry:
    """One household of the report as the pages and documents show it: no ID numbers."""

    case: Case
    head_name: str
    village: str
    listed_as: str  # poor / near_poor / exited_poor / exited_near_poor / not_poor ...
    persons: int

    def row(self) -> HouseholdRow:
        return HouseholdRow(self.head_name, self.village, self.listed_as, member_count=self.persons)


def get_campaign(user: User, run_id: int) -> ReviewRun | None:
    """A periodic campaign of a commune the user's units cover as a whole."""
    run = runs.get_run(user, run_id, whole_commune=True)
    if run is None or run.kind is not RunKind.PERIODIC_CAMPAIGN:
        return None
    return run


def get_review(user: User, review_id: int) -> UpperReview | None:
    review = db.session.get(UpperReview, review_id)
    if review is None or get_campaign(user, review.run_id) is None:
        return None
    return review


def run_of(review: UpperReview) -> ReviewRun:
    return db.session.get_one(ReviewRun, review.run_id)


def review_run_commune(review: UpperReview) -> int:
    run = db.session.get(ReviewRun, review.run_id)
    assert run is not None  # the review's foreign key
    return run.commune_id


def entries(run: ReviewRun, state: str) -> list[Entry]:
    """The run's cases in `state`, by the head's name, each on the list the decision would put it on."""
    cases = db.session.execute(
        select(Case)
        .join(Household)
        .where(Case.run_id == run.id, Case.state == state)
        .order_by(Household.head_sort_key, Case.id)
    ).scalars()
    found = []
    year = lists_year(run)
    for case in cases:
        household = case.household
        listed_as, _moved = decided_class(case, year)
        head = household.head.full_name if household.head else ""
        found.append(Entry(case, head, household.village.name, listed_as, len(household.members)))
    return found


def class_counts(listed: list[Entry]) -> list[ClassCount]:
    """Counts per list of the decision to come: a poor household now near-poor counts on both its lists."""
    return counts_from_rows(
        dataclasses.replace(entry.row(), classification=list_key)
        for entry in listed
        for list_key in decision_lists(entry.case, entry.listed_as)
    )


def by_class(listed: list[Entry]) -> dict[str, list[Entry]]:
    """The decision's four lists, in order, each with every household `class_counts` counts on it (a poor
    household now near-poor is on the exited-poor and the near-poor lists); households staying outside
    them (not poor) last."""
    groups: dict[str, list[Entry]] = {name: [] for name in DECISION_CLASSES}
    for entry in listed:
        for list_key in decision_lists(entry.case, entry.listed_as) or [entry.listed_as]:
            groups.setdefault(list_key, []).append(entry)
    return {name: rows for name, rows in groups.items() if rows}


def unsettled_count(run: ReviewRun) -> int:
    """Cases of the campaign that still hold the report back (fact `unsettled_cases`)."""
    return db.session.execute(
        select(func.count(Case.id)).where(Case.run_id == run.id, Case.state.not_in(SETTLED_STATES))
    ).scalar_one()


def current_review(run: ReviewRun) -> UpperReview | None:
    """The latest report of the run: a later report (after a re-check) carries the open question on."""
    return db.session.execute(
        select(UpperReview).where(UpperReview.run_id == run.id).order_by(UpperReview.id.desc()).limit(1)
    ).scalar_one_or_none()


def waiting_count(run: ReviewRun) -> int:
    return db.session.execute(
        select(func.count(Case.id)).where(Case.run_id == run.id, Case.state == "upper_review")
    ).scalar_one()


def awaiting_reply(review: UpperReview) -> bool:
    run = run_of(review)
    latest = current_review(run)
    return latest is not None and latest.id == review.id and waiting_count(run) > 0


@dataclass(frozen=True)
class InboxItem:
    review: UpperReview
    run: ReviewRun
    waiting: int
    endpoint: str  # upper.review for the upper-level official, upper.record_reply for commune staff


def inbox(user: User) -> list[InboxItem]:
    """The latest report of each campaign in the user's units that still has households waiting."""
    scope = household_scope(user, Permission.HOUSEHOLD_VIEW)
    latest = select(func.max(UpperReview.id)).group_by(UpperReview.run_id)
    waiting = exists().where(Case.run_id == ReviewRun.id, Case.state == "upper_review")
    query = (
        select(UpperReview, ReviewRun)
        .join(ReviewRun, ReviewRun.id == UpperReview.run_id)
        .where(UpperReview.id.in_(latest), waiting)
        .order_by(UpperReview.sent_on, UpperReview.id)
    )
    if not scope.everywhere:
        query = query.where(ReviewRun.commune_id.in_(scope.commune_ids))
    items = []
    for review, run in db.session.execute(query).tuples():
        if reviewer_unit(user, run, review.level) is not None:
            endpoint = "upper.review"
        elif may_record_upper_reply(user, run):
            endpoint = "upper.record_reply"
        else:
            continue
        items.append(InboxItem(review, run, waiting_count(run), endpoint))
    return items
