"""Reads of village meetings: the cases waiting for one, a meeting within the user's units."""

from __future__ import annotations

from sqlalchemy import select

from casework.cycles import queries as runs
from casework.extensions import db
from casework.models import Case, Household, ReviewRun, User, Village, VillageMeeting

MEETING_PROCEDURES = ("periodic_review", "regular_review", "exit_request")


def cases_to_discuss(run: ReviewRun, village: Village) -> list[Case]:
    """Surveyed cases of the village in the run, by the head's name."""
    return list(
        db.session.execute(
            select(Case)
            .join(Household)
            .where(
                Case.run_id == run.id,
                Household.village_id == village.id,
                Case.state == "surveyed",
                Case.case_type.in_(MEETING_PROCEDURES),
            )
            .order_by(Household.head_sort_key)
        ).scalars()
    )


def get_run_and_village(user: User, run_id: int, village_id: int) -> tuple[ReviewRun, Village] | None:
    """The run and one village of its commune, when the village lies in the user's units."""
    run = runs.get_run(user, run_id)
    village = runs.get_village(user, run, village_id) if run is not None else None
    if run is None or village is None:
        return None
    return run, village


def get_meeting(user: User, meeting_id: int) -> VillageMeeting | None:
    meeting = db.session.get(VillageMeeting, meeting_id)
    if meeting is None or get_run_and_village(user, meeting.run_id, meeting.village_id) is None:
        return None
    return meeting


def latest_meeting(run: ReviewRun, village: Village) -> VillageMeeting | None:
    return db.session.execute(
        select(VillageMeeting)
        .where(VillageMeeting.run_id == run.id, VillageMeeting.village_id == village.id)
        .order_by(VillageMeeting.id.desc())
        .limit(1)
    ).scalar_one_or_none()
