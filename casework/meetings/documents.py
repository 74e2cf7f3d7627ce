"""The minutes of a village meeting (biên bản họp dân), as plain values for the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casework.cases import paperwork
from casework.cycles.settings import run_settings
from casework.documents.context.meeting import meeting_minutes
from casework.documents.context.values import AgencyHeader, AttendeeGroup, Issue, MeetingVote
from casework.models import Case, ReviewRun, Village
from casework.vocabulary import ATTENDANCE_LABELS, run_period_phrase

if TYPE_CHECKING:
    from casework.meetings.service import MeetingData

# How a village's name may begin (Thôn Xín Cái, Tổ dân phố 3): its kind, and who heads it.
VILLAGE_KINDS = {
    "Tổ dân phố": "Tổ trưởng tổ dân phố",
    "Khu phố": "Trưởng khu phố",
    "Thôn": "Trưởng thôn",
    "Bản": "Trưởng bản",
    "Buôn": "Trưởng buôn",
    "Ấp": "Trưởng ấp",
    "Khóm": "Trưởng khóm",
    "Làng": "Trưởng làng",
    "Xóm": "Trưởng xóm",
    "Sóc": "Trưởng sóc",
}


def village_parts(village: Village) -> tuple[str, str, str]:
    """('thôn', 'Xín Cái', 'Trưởng thôn') from 'Thôn Xín Cái'; a bare name is a thôn."""
    for kind, head in VILLAGE_KINDS.items():
        if village.name.startswith(kind + " "):
            return kind.lower(), village.name[len(kind) + 1 :], head
    return "thôn", village.name, "Trưởng thôn"


def head_name(case: Case) -> str:
    head = case.household.head
    return head.full_name if head else f"#{case.household_id}"


def attendance_groups(attendance: dict[str, int], head_title: str) -> list[AttendeeGroup]:
    """Every category in the order of QĐ 24, the village head named by the village's own kind."""
    labels = {**ATTENDANCE_LABELS, "village_head": head_title}
    return [AttendeeGroup(labels[key], int(attendance.get(key, 0))) for key in ATTENDANCE_LABELS]


def _whole_list_vote(data: MeetingData) -> MeetingVote | None:
    if data.whole_list is None:
        return None
    agree, disagree, abstain = data.whole_list
    return MeetingVote("", "undetermined", agree, data.attendee_count, disagree, abstain)


def minutes(
    run: ReviewRun,
    village: Village,
    data: MeetingData,
    cases: dict[int, Case],
    counts: dict[int, tuple[int, int, int]],
) -> tuple[str, dict]:
    commune = village.commune
    kind, name, head_title = village_parts(village)
    votes = [
        MeetingVote(
            head_name=head_name(cases[vote.case_id]),
            proposed_class=cases[vote.case_id].provisional_class or "undetermined",
            agree_count=counts[vote.case_id][0],
            attendee_count=data.attendee_count,
            disagree_count=counts[vote.case_id][1],
            abstain_count=counts[vote.case_id][2],
            opinion=vote.opinion,
        )
        for vote in data.votes
    ]
    whole = _whole_list_vote(data)
    issue = Issue(
        agency=AgencyHeader.commune_unit(
            paperwork.short_name(commune), [f"{kind} {name}"], kind=paperwork.commune_kind(commune).upper()
        ),
        verification=paperwork.new_verification(),
    )
    context = meeting_minutes(
        issue,
        year=run.period_year,
        period_label=run_period_phrase(run, pad_month=True),
        commune=paperwork.short_name(commune),
        village=name,
        held_on=data.held_on,
        started_at=data.started_at,
        ended_at=data.ended_at,
        venue=data.venue,
        chair=data.chair,
        secretary=data.secretary,
        attendee_count=data.attendee_count,
        attendees=attendance_groups(data.attendance, head_title),
        supervisors=[person.strip() for person in data.supervisors.split(",") if person.strip()],
        vote_mode="whole_list" if whole else "per_household",
        votes=votes,
        household_signers=[vote.head_name for vote in votes],
        whole_list_vote=whole,
        commune_kind=paperwork.commune_kind(commune),
        village_kind=kind,
        chair_title=head_title,
        opinions=data.opinions,
        supervisor_remarks=data.supervisor_remarks,
        consent_ratio=run_settings(run).meeting_consent_ratio,
    )
    return "meeting_minutes", context
