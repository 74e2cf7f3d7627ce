"""The village meeting: recorded once for the whole village, every case discussed moves with it.

All or nothing: if any household's step is refused, nothing of the meeting is written, and the
page says which household and why. Each case goes to its own next state (passed or back to survey).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from casework import permissions
from casework.cases import transitions
from casework.cases.step_dates import StepDate
from casework.cycles.settings import run_settings
from casework.documents import service as documents
from casework.errors import Refused
from casework.extensions import db
from casework.meetings import documents as meeting_documents
from casework.meetings.documents import head_name
from casework.meetings.queries import cases_to_discuss
from casework.models import Case, MeetingVote, ReviewRun, Survey, SurveyStatus, User, Village, VillageMeeting
from workflow.dates import format_date
from workflow.guards import consent_reached
from workflow.step_dates import not_before


@dataclass
class Vote:
    case_id: int
    agree_count: int
    opinion: str = ""
    disagree_count: int = 0
    abstain_count: int = 0

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.agree_count, self.disagree_count, self.abstain_count


@dataclass
class MeetingData:
    held_on: dt.date
    started_at: dt.time
    ended_at: dt.time
    venue: str
    chair: str
    secretary: str
    supervisors: str
    attendance: dict[str, int]  # people present by category (vocabulary.ATTENDANCE_LABELS)
    votes: list[Vote] = field(default_factory=list)
    # The whole-list vote mode: one (agree, disagree, abstain) for every household.
    whole_list: tuple[int, int, int] | None = None
    opinions: str = ""
    supervisor_remarks: str = ""
    late_reason: str = ""

    @property
    def attendee_count(self) -> int:
        return sum(self.attendance.values())

    def counts(self) -> dict[int, tuple[int, int, int]]:
        """Agree, disagree, abstain for each household discussed (the list's own in whole-list mode)."""
        return {vote.case_id: self.whole_list or vote.counts for vote in self.votes}


@dataclass(frozen=True)
class Outcome:
    case_id: int
    head_name: str
    passed: bool
    new_state: str


def record_meeting(run: ReviewRun, village: Village, data: MeetingData, actor: User, today: dt.date) -> list[Outcome]:
    """Write the meeting, its minutes and every case's step; raise Refused (409) naming the household refused."""
    discussed = {case.id: case for case in cases_to_discuss(run, village)}
    unknown = [vote.case_id for vote in data.votes if vote.case_id not in discussed]
    if unknown:
        raise Refused(_("Hồ sơ không thuộc thôn hoặc không chờ họp dân."), status=409, subject=str(unknown[0]))
    if not data.votes:
        raise Refused(_("Không có hộ nào để họp dân."), status=409)
    if data.attendee_count <= 0:
        raise Refused(_("Ghi số người dự họp của ít nhất một thành phần."))
    counts = data.counts()
    _check_held_on(data.held_on, [discussed[vote.case_id] for vote in data.votes])
    settings = run_settings(run)
    meeting = _new_meeting(run, village, data, actor)
    context = meeting_documents.minutes(run, village, data, discussed, counts)
    minutes = documents.issue(*context, actor=actor, commune_id=run.commune_id)
    meeting.document_id = minutes.id
    passed_ids = {
        v.case_id
        for v in data.votes
        if consent_reached(counts[v.case_id][0], data.attendee_count, settings.meeting_consent_ratio)
    }
    for trigger, chosen in (("pass_meeting", passed_ids), ("fail_meeting", set(counts) - passed_ids)):
        batch = [discussed[vote.case_id] for vote in data.votes if vote.case_id in chosen]
        if not batch:
            continue
        # Passing and failing are different steps with different roles: each is checked once.
        role = permissions.require_fire(actor, batch[0], trigger)
        try:
            transitions.apply_many(
                batch,
                trigger,
                actor=actor,
                role=role,
                documents=[minutes],
                today=today,
                step_date=StepDate(data.held_on, "held_on", data.late_reason),
                names={case.id: head_name(case) for case in batch},
                attendee_count=data.attendee_count,
                facts_by_case={case.id: _vote_facts(counts[case.id]) for case in batch},
            )
        except transitions.BatchRefused as refused:
            raise Refused(refused.reason, status=409, subject=head_name(refused.case)) from None
    return _keep_votes(meeting, data, discussed, counts, passed_ids)


def _vote_facts(counts: tuple[int, int, int]) -> dict[str, int]:
    agree, disagree, abstain = counts
    return {"agree_count": agree, "disagree_count": disagree, "abstain_count": abstain}


def _check_held_on(held_on: dt.date, cases: list[Case]) -> None:
    """A meeting discusses surveys already made: it is not dated before the latest of them."""
    surveyed = db.session.execute(
        select(Survey.reference_date).where(
            Survey.case_id.in_([case.id for case in cases]), Survey.status == SurveyStatus.COMPLETED
        )
    ).scalars()
    latest = not_before(held_on, surveyed)
    if latest is not None:
        raise Refused(
            _(
                "Ngày họp (%(d)s) trước ngày khảo sát của hộ được đưa ra họp (%(s)s).",
                d=format_date(held_on),
                s=format_date(latest),
            ),
            "held_on",
        )


def _new_meeting(run: ReviewRun, village: Village, data: MeetingData, actor: User) -> VillageMeeting:
    meeting = VillageMeeting(
        run_id=run.id,
        village_id=village.id,
        held_on=data.held_on,
        attendee_count=data.attendee_count,
        vote_mode="whole_list" if data.whole_list is not None else "per_household",
        chair_name=data.chair,
        secretary_name=data.secretary,
        supervisor_names=data.supervisors,
        attendance=dict(data.attendance),
        opinions=data.opinions,
        supervisor_remarks=data.supervisor_remarks,
        notes="",
        recorded_by_id=actor.id,
    )
    db.session.add(meeting)
    return meeting


def _keep_votes(
    meeting: VillageMeeting,
    data: MeetingData,
    discussed: dict[int, Case],
    counts: dict[int, tuple[int, int, int]],
    passed_ids: set[int],
) -> list[Outcome]:
    """Each household's vote kept with the meeting, and what became of its case."""
    outcomes = []
    for vote in data.votes:
        case = discussed[vote.case_id]
        passed = vote.case_id in passed_ids
        meeting.votes.append(
            MeetingVote(
                case_id=case.id,
                agree_count=counts[case.id][0],
                disagree_count=counts[case.id][1],
                abstain_count=counts[case.id][2],
                attendee_count=data.attendee_count,
                passed=passed,
                opinions=vote.opinion,
            )
        )
        outcomes.append(Outcome(case.id, head_name(case), passed, "meeting_passed" if passed else "needs_resurvey"))
    return outcomes
