"""Village meetings: the village head records one for a village of a run (attendance by category, each
household's vote or one for the whole list, opinions), through the meeting page's form and service: the
minutes are issued and every case discussed moves, all or nothing. A recorded meeting can be read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict

from casework import clock, permissions
from casework.api.core import bp, endpoint, user
from casework.api.errors import ApiError
from casework.api.formdata import form_day
from casework.api.spec import Input, answers, spec
from casework.cycles.settings import run_settings
from casework.errors import Refused
from casework.field.entries import entry_day
from casework.meetings import queries, service
from casework.meetings.forms import MeetingForm, meeting_data
from casework.models import VillageMeeting
from casework.vocabulary import ATTENDANCE_LABELS

TAG = "meetings"
People = Field(0, ge=0, le=10000)


class Attendance(Input):
    """People present by category (ATTENDANCE_LABELS); at least one."""

    steering: int = People
    poverty_officer: int = People
    village_head: int = People
    party_cell: int = People
    mass_organisations: int = People
    surveyors: int = People
    reviewed_households: int = People
    other_households: int = People


class VoteIn(Input):
    case_id: int = Field(ge=1, le=2**31 - 1)
    agree_count: int = Field(ge=0, le=10000)
    disagree_count: int = Field(0, ge=0, le=10000)
    abstain_count: int = Field(0, ge=0, le=10000)
    opinion: str = Field("", max_length=500)


class WholeListVote(Input):
    agree: int = Field(ge=0, le=10000)
    disagree: int = Field(0, ge=0, le=10000)
    abstain: int = Field(0, ge=0, le=10000)


class MeetingIn(Input):
    held_on: str = Field(max_length=10, description="YYYY-MM-DD or dd/mm/yyyy; not in the future")
    started_at: str = Field(max_length=5, description="HH:MM")
    ended_at: str = Field(max_length=5, description="HH:MM, after started_at")
    venue: str = Field(max_length=200)
    chair: str = Field(max_length=120)
    secretary: str = Field(max_length=120)
    supervisors: str = Field("", max_length=300, description="The Front's representatives, comma-separated")
    attendance: Attendance
    votes: list[VoteIn] = Field(default_factory=list, max_length=2000, description="One per household discussed")
    whole_list: WholeListVote | None = Field(None, description="Where the campaign votes on the whole list")
    opinions: str = Field("", max_length=4000)
    supervisor_remarks: str = Field("", max_length=2000)
    late_reason: str = Field("", max_length=500, description="Why the meeting is recorded late, when it is")


class VoteOut(BaseModel):
    case_id: int
    agree_count: int
    disagree_count: int | None
    abstain_count: int | None
    attendee_count: int
    passed: bool
    opinions: str


class MeetingOut(BaseModel):
    id: int
    run_id: int
    village_id: int
    held_on: dt.date
    attendee_count: int
    attendance: dict[str, int]
    vote_mode: str
    chair: str
    secretary: str
    supervisors: str
    opinions: str
    supervisor_remarks: str
    minutes_document_id: int | None = Field(description="The minutes (GET /documents/{id})")
    votes: list[VoteOut]

    @classmethod
    def of(cls, meeting: VillageMeeting) -> MeetingOut:
        return cls(
            id=meeting.id,
            run_id=meeting.run_id,
            village_id=meeting.village_id,
            held_on=meeting.held_on,
            attendee_count=meeting.attendee_count,
            attendance={k: int(v) for k, v in (meeting.attendance or {}).items() if isinstance(v, int)},
            vote_mode=meeting.vote_mode,
            chair=meeting.chair_name,
            secretary=meeting.secretary_name,
            supervisors=meeting.supervisor_names,
            opinions=meeting.opinions,
            supervisor_remarks=meeting.supervisor_remarks,
            minutes_document_id=meeting.document_id,
            votes=[
                VoteOut(
                    case_id=v.case_id,
                    agree_count=v.agree_count,
                    disagree_count=v.disagree_count,
                    abstain_count=v.abstain_count,
                    attendee_count=v.attendee_count,
                    passed=v.passed,
                    opinions=v.opinions,
                )
                for v in meeting.votes
            ],
        )


def _formdata(data: MeetingIn) -> MultiDict[str, Any]:
    fields: dict[str, Any] = {
        **data.model_dump(include={"started_at", "ended_at", "venue", "chair", "secretary", "supervisors"}),
        **data.model_dump(include={"opinions", "supervisor_remarks", "late_reason"}),
        "held_on": form_day(data.held_on),
        **{f"attend_{key}": value for key, value in data.attendance.model_dump().items()},
    }
    if data.whole_list is not None:
        fields |= {f"whole_list_{key}": value for key, value in data.whole_list.model_dump().items()}
    for index, vote in enumerate(data.votes):
        fields |= {f"votes-{index}-{key}": value for key, value in vote.model_dump().items()}
    return MultiDict({key: str(value) for key, value in fields.items()})


def _path(name: str) -> str:
    if name.startswith("attend_"):
        return f"attendance.{name.removeprefix('attend_')}"
    if name.startswith("whole_list_"):
        return f"whole_list.{name.removeprefix('whole_list_')}"
    return name.replace("-", ".")


def _form_errors(form: MeetingForm) -> ApiError:
    errors: list[tuple[str | None, str]] = []
    for name, field in form._fields.items():
        if name == "votes":
            for entry in field.entries:
                errors += [
                    (_path(f"{entry.name}-{sub}"), str(m)) for sub, f in entry.form._fields.items() for m in f.errors
                ]
        else:
            errors += [(_path(name), str(m)) for m in field.errors]
    errors += [("attendance", str(m)) for m in getattr(form, "total_errors", [])]
    return ApiError(422, errors or [(None, _("Dữ liệu chưa hợp lệ."))])


@bp.post("/runs/<int:run_id>/villages/<int:village_id>/meetings")
@spec.validate(json=MeetingIn, resp=answers(MeetingOut, status=201, write=True), tags=[TAG])
@endpoint("meetings", write=True)
def record_meeting(run_id: int, village_id: int, json: MeetingIn):  # type: ignore[no-untyped-def]
    """Record the village's meeting: the minutes are issued and every household discussed moves (all or none)."""
    run, village = queries.get_run_and_village(user(), run_id, village_id) or abort(404)
    permissions.refuse_unless(permissions.may_take_run_step(user(), run, "pass_meeting", village))
    whole_list = run_settings(run).meeting_vote_mode == "whole_list"
    form = MeetingForm(formdata=_formdata(json), meta={"csrf": False})
    if not (form.validate() & form.check_votes(whole_list)):
        raise _form_errors(form)
    try:
        today = entry_day(request.headers) or clock.today()  # typed offline: the phone's day of entry
        service.record_meeting(run, village, meeting_data(form, whole_list), user(), today)
    except Refused as error:  # the page names the household apart from the reason; here, in front of it
        subject = getattr(error, "subject", None)
        message = f"{subject}: {error.message}" if subject else error.message
        raise ApiError(error.status, [(error.field or ("votes" if subject else None), message)]) from None
    meeting = queries.latest_meeting(run, village)
    assert meeting is not None  # just written
    return MeetingOut.of(meeting), 201, {"Location": f"{request.root_path}/api/v1/meetings/{meeting.id}"}


@bp.get("/meetings/<int:meeting_id>")
@spec.validate(resp=answers(MeetingOut), tags=[TAG])
@endpoint("meetings")
def get_meeting(meeting_id: int) -> MeetingOut:
    """A recorded meeting with its votes and its minutes' document."""
    meeting = queries.get_meeting(user(), meeting_id) or abort(404)
    return MeetingOut.of(meeting)


assert set(Attendance.model_fields) == set(ATTENDANCE_LABELS)  # the categories of the form, one to one
