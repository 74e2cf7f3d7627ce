"""The village meeting: recorded once for the whole village, every case discussed moves with it.

All or nothing: if any household's step is refused, nothing of the meeting is written, and the
page says which household and why. Each case goes to its own next state (passed or back to survey).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases import paperwork, transitions
from casework.cases.settings import run_settings
from casework.documents import context as ctx
from casework.documents import service as documents
from casework.extensions import db
from casework.models import Case, Household, MeetingVote, ReviewRun, User, Village, VillageMeeting
from workflow.guards import consent_reached

MEETING_PROCEDURES = ("periodic_review", "regular_review", "exit_request")


@dataclass
class Vote:
    case_id: int
    agree_count: int
    opinion: str = ""


@dataclass
class MeetingData:
    held_on: dt.date
    started_at: dt.time
    ended_at: dt.time
    venue: str
    chair: str
    secretary: str
    supervisors: str
    attendee_count: int
    votes: list[Vote] = field(default_factory=list)
    whole_list_agree: int | None = None  # the whole-list vote mode: one count for every household


@dataclass(frozen=True)
class Outcome:
    case_id: int
    head_name: str
    passed: bool
    new_state: str


class MeetingRefused(Exception):
    def __init__(self, head_name: str, reason: str) -> None:
        super().__init__(f"{head_name}: {reason}")
        self.head_name = head_name
        self.reason = reason


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


def _head(case: Case) -> str:
    head = case.household.head
    return head.full_name if head else f"#{case.household_id}"


def _minutes(
    run: ReviewRun, village: Village, data: MeetingData, cases: dict[int, Case], counts: dict[int, int]
) -> tuple[str, dict]:
    commune = village.commune
    period = f"tháng {run.period_month:02d} năm {run.period_year}" if run.period_month else f"năm {run.period_year}"
    votes = [
        ctx.MeetingVote(
            head_name=_head(cases[vote.case_id]),
            proposed_class=cases[vote.case_id].provisional_class or "undetermined",
            agree_count=counts[vote.case_id],
            attendee_count=data.attendee_count,
            opinion=vote.opinion,
        )
        for vote in data.votes
    ]
    whole = None
    if data.whole_list_agree is not None:
        whole = ctx.MeetingVote("", "undetermined", data.whole_list_agree, data.attendee_count)
    issue = ctx.Issue(
        agency=ctx.AgencyHeader.commune_unit(
            paperwork.short_name(commune),
            [f"THÔN {village.name.removeprefix('Thôn ')}"],
            kind=paperwork.commune_kind(commune).upper(),
        ),
        verification=paperwork.new_verification(),
    )
    context = ctx.meeting_minutes(
        issue,
        year=run.period_year,
        period_label=period,
        commune=paperwork.short_name(commune),
        village=village.name.removeprefix("Thôn ").removeprefix("Tổ dân phố "),
        held_on=data.held_on,
        started_at=data.started_at,
        ended_at=data.ended_at,
        venue=data.venue,
        chair=data.chair,
        secretary=data.secretary,
        attendee_count=data.attendee_count,
        attendees=[ctx.AttendeeGroup(_("Người dự họp"), data.attendee_count)],
        supervisors=[name.strip() for name in data.supervisors.split(",") if name.strip()],
        vote_mode="whole_list" if whole else "per_household",
        votes=votes,
        household_signers=[],
        whole_list_vote=whole,
        commune_kind=paperwork.commune_kind(commune),
    )
    return "meeting_minutes", context


def record_meeting(run: ReviewRun, village: Village, data: MeetingData, actor: User, today: dt.date) -> list[Outcome]:
    """Write the meeting, its minutes and every case's step; raise MeetingRefused if any is refused."""
    discussed = {case.id: case for case in cases_to_discuss(run, village)}
    unknown = [vote.case_id for vote in data.votes if vote.case_id not in discussed]
    if unknown:
        raise MeetingRefused(str(unknown[0]), _("Hồ sơ không thuộc thôn hoặc không chờ họp dân."))
    if not data.votes:
        raise MeetingRefused("", _("Không có hộ nào để họp dân."))
    counts = {
        vote.case_id: data.whole_list_agree if data.whole_list_agree is not None else vote.agree_count
        for vote in data.votes
    }
    settings = run_settings(run)
    meeting = VillageMeeting(
        run_id=run.id,
        village_id=village.id,
        held_on=data.held_on,
        attendee_count=data.attendee_count,
        vote_mode="whole_list" if data.whole_list_agree is not None else "per_household",
        chair_name=data.chair,
        secretary_name=data.secretary,
        supervisor_names=data.supervisors,
        notes="",
        recorded_by_id=actor.id,
    )
    db.session.add(meeting)
    minutes = documents.issue(*_minutes(run, village, data, discussed, counts), actor=actor, commune_id=run.commune_id)
    meeting.document_id = minutes.id
    passed_ids = {
        v.case_id
        for v in data.votes
        if consent_reached(counts[v.case_id], data.attendee_count, settings.meeting_consent_ratio)
    }
    for trigger, chosen in (("pass_meeting", passed_ids), ("fail_meeting", set(counts) - passed_ids)):
        batch = [discussed[vote.case_id] for vote in data.votes if vote.case_id in chosen]
        if not batch:
            continue
        # Passing and failing are different steps with different roles: each is checked once.
        role = transitions.acting_role(actor, batch[0], trigger)
        try:
            transitions.apply_many(
                batch,
                trigger,
                actor=actor,
                role=role,
                documents=[minutes],
                today=today,
                attendee_count=data.attendee_count,
                facts_by_case={case.id: {"agree_count": counts[case.id]} for case in batch},
                # A failed meeting means the survey is redone before the next one (QĐ 24 Điều 4 khoản 3).
                also_set={"resurvey_pending": True} if trigger == "fail_meeting" else None,
            )
        except transitions.BatchRefused as refused:
            raise MeetingRefused(_head(refused.case), refused.reason) from None
    outcomes = []
    for vote in data.votes:
        case = discussed[vote.case_id]
        passed = vote.case_id in passed_ids
        meeting.votes.append(
            MeetingVote(
                case_id=case.id,
                agree_count=counts[case.id],
                attendee_count=data.attendee_count,
                passed=passed,
                opinions=vote.opinion,
            )
        )
        outcomes.append(Outcome(case.id, _head(case), passed, "meeting_passed" if passed else "surveyed"))
    return outcomes
