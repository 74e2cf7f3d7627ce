"""The minutes of a village meeting (biên bản họp dân), as plain values for the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

from casework.cases import paperwork
from casework.documents.context.meeting import meeting_minutes
from casework.documents.context.values import AgencyHeader, AttendeeGroup, Issue, MeetingVote
from casework.models import Case, ReviewRun, Village
from casework.vocabulary import run_period_phrase

if TYPE_CHECKING:
    from casework.meetings.service import MeetingData


def head_name(case: Case) -> str:
    head = case.household.head
    return head.full_name if head else f"#{case.household_id}"


def minutes(
    run: ReviewRun, village: Village, data: MeetingData, cases: dict[int, Case], counts: dict[int, int]
) -> tuple[str, dict]:
    commune = village.commune
    votes = [
        MeetingVote(
            head_name=head_name(cases[vote.case_id]),
            proposed_class=cases[vote.case_id].provisional_class or "undetermined",
            agree_count=counts[vote.case_id],
            attendee_count=data.attendee_count,
            opinion=vote.opinion,
        )
        for vote in data.votes
    ]
    whole = None
    if data.whole_list_agree is not None:
        whole = MeetingVote("", "undetermined", data.whole_list_agree, data.attendee_count)
    issue = Issue(
        agency=AgencyHeader.commune_unit(
            paperwork.short_name(commune),
            [f"THÔN {village.name.removeprefix('Thôn ')}"],
            kind=paperwork.commune_kind(commune).upper(),
        ),
        verification=paperwork.new_verification(),
    )
    context = meeting_minutes(
        issue,
        year=run.period_year,
        period_label=run_period_phrase(run, pad_month=True),
        commune=paperwork.short_name(commune),
        village=village.name.removeprefix("Thôn ").removeprefix("Tổ dân phố "),
        held_on=data.held_on,
        started_at=data.started_at,
        ended_at=data.ended_at,
        venue=data.venue,
        chair=data.chair,
        secretary=data.secretary,
        attendee_count=data.attendee_count,
        attendees=[AttendeeGroup(_("Người dự họp"), data.attendee_count)],
        supervisors=[name.strip() for name in data.supervisors.split(",") if name.strip()],
        vote_mode="whole_list" if whole else "per_household",
        votes=votes,
        household_signers=[],
        whole_list_vote=whole,
        commune_kind=paperwork.commune_kind(commune),
    )
    return "meeting_minutes", context
