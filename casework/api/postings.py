"""Postings, complaints and re-checks: open a posting of a run's households (the notice issued), read it,
log a complaint against a posted household, record its re-check, close the posting. Each through the
posting pages' forms, permission questions and services; a refused step writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, current_app
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from casework import clock, permissions
from casework.api.core import bp, endpoint, user
from casework.api.errors import ApiError, fail
from casework.api.formdata import form_day
from casework.api.spec import Input, answers, spec
from casework.cases import queries as case_queries
from casework.cycles import queries as runs
from casework.extensions import db
from casework.models import Case, Posting
from casework.postings import queries, service
from casework.postings.forms import ComplaintForm, NewPostingForm, RecheckForm
from casework.vocabulary import class_label

TAG = "postings"
Day = Field(max_length=10, description="YYYY-MM-DD or dd/mm/yyyy")


class PostingIn(Input):
    village_id: int | None = Field(None, ge=1, le=2**31 - 1, description="One village's posting; omit: the commune's")
    case_ids: list[int] = Field(min_length=1, max_length=2000, description="Cases waiting to be posted")
    places: str = Field(max_length=1000, description="Where the notice is posted, separated by ';'")
    starts_on: str = Day
    notice_number: int | None = Field(None, ge=1, le=999_999, description="Omit: the register's next number")


class ComplaintIn(Input):
    case_id: int = Field(ge=1, le=2**31 - 1)
    received_on: str = Day
    received_time: str = Field(max_length=5, description="hh:mm")
    channel: str = Field(max_length=20)
    anonymous: bool = False
    complainant: str = Field("", max_length=200)
    contact: str = Field("", max_length=200)
    kind: str = Field(max_length=20, description="exclusion / inclusion / data_error")
    content: str = Field(max_length=4000)
    late_reason: str = Field("", max_length=1000)


class TeamMember(Input):
    name: str = Field(min_length=1, max_length=120)
    position: str = Field("", max_length=120)


class RecheckIn(Input):
    team: list[TeamMember] = Field(min_length=1, max_length=10, description="The first is the team leader")
    started_on: str = Day
    finished_on: str = Day
    conclusion: str = Field(max_length=20, description="upheld / rejected / class_changed")
    new_class: str | None = Field(None, max_length=32, description="When the class changes")
    notes: str = Field("", max_length=4000)
    late_reason: str = Field("", max_length=1000)


class PostedCase(BaseModel):
    case_id: int
    head_name: str
    village_name: str
    household_class: str
    class_label: str
    state: str
    posted_until: dt.date | None
    open_complaint_id: int | None


class PostingOut(BaseModel):
    id: int
    run_id: int
    village_id: int | None
    places: str
    starts_on: dt.date
    ends_on: dt.date
    closed_on: dt.date | None
    notice_document_id: int | None = Field(description="The posting notice (GET /documents/{id})")
    cases: list[PostedCase]


class ComplaintOut(BaseModel):
    id: int
    posting_id: int
    case_id: int
    case_state: str
    received_on: dt.date
    kind: str
    status: str
    document_id: int | None


class RecheckOut(BaseModel):
    id: int
    complaint_id: int
    case_id: int
    case_state: str
    conclusion: str
    old_class: str | None
    new_class: str | None
    document_id: int | None


def _posting_out(posting: Posting) -> PostingOut:
    return PostingOut(
        id=posting.id,
        run_id=posting.run_id,
        village_id=posting.village_id,
        places=posting.places,
        starts_on=posting.starts_on,
        ends_on=posting.ends_on,
        closed_on=posting.closed_on,
        notice_document_id=posting.document_id,
        cases=[
            PostedCase(
                case_id=row.case.id,
                head_name=row.head_name,
                village_name=row.village,
                household_class=row.classification,
                class_label=class_label(row.classification) if row.classification else "",
                state=row.case.state,
                posted_until=row.ends_on,
                open_complaint_id=row.complaint.id if row.complaint else None,
            )
            for row in queries.rows(user(), posting)
        ],
    )


def _checked(form: FlaskForm) -> None:
    """The page's form read the API's values: its messages under the same field names."""
    if not form.validate():
        errors: list[tuple[str | None, str]] = [(name, str(m)) for name, ms in form.errors.items() for m in ms]
        raise ApiError(422, errors or [(None, _("Dữ liệu chưa hợp lệ."))])


def _form(cls: type[FlaskForm], fields: dict[str, Any]) -> Any:
    data: MultiDict[str, str] = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            if item is not None and item is not False:
                data.add(name, "y" if item is True else str(item))
    return cls(formdata=data, meta={"csrf": False})


@bp.post("/runs/<int:run_id>/postings")
@spec.validate(json=PostingIn, resp=answers(PostingOut, status=201, write=True), tags=[TAG])
@endpoint("postings", write=True)
def open_posting(run_id: int, json: PostingIn):  # type: ignore[no-untyped-def]
    """Post the chosen households of a run (the notice is issued with its number); all or none."""
    run = runs.get_run(user(), run_id) or abort(404)
    village = None
    if json.village_id is not None:
        village = runs.get_village(user(), run, json.village_id) or abort(404)
    if not permissions.may_post(user(), run, village):
        abort(403)
    ready = queries.ready_cases(user(), run, village)
    form = _form(NewPostingForm, {**json.model_dump(exclude={"village_id"}), "starts_on": form_day(json.starts_on)})
    form.case_ids.choices = [SelectChoice(case.id, str(case.id)) for case in ready]
    _checked(form)
    plan = service.plan_posting(
        run, village, ready, form.case_ids.data, form.places.data, form.starts_on.day, form.number
    )
    if len(plan.cases) > current_app.config["POSTING_JOB_THRESHOLD"]:
        raise fail(422, _("Niêm yết nhiều hộ như vậy hãy làm ở trang niêm yết (chạy nền)."), "case_ids")
    posting = service.open_posting(plan, user(), clock.today())
    return _posting_out(posting), 201


@bp.get("/postings/<int:posting_id>")
@spec.validate(resp=answers(PostingOut), tags=[TAG])
@endpoint("postings")
def get_posting(posting_id: int) -> PostingOut:
    """A posting with its households (those the token's user sees), each with its state and open complaint."""
    return _posting_out(queries.get_posting(user(), posting_id) or abort(404))


@bp.post("/postings/<int:posting_id>/complaints")
@spec.validate(json=ComplaintIn, resp=answers(ComplaintOut, status=201, write=True), tags=[TAG])
@endpoint("postings", write=True)
def file_complaint(posting_id: int, json: ComplaintIn):  # type: ignore[no-untyped-def]
    """Log a complaint against a posted household: its record is issued and the household goes to re-check."""
    posting = queries.get_posting(user(), posting_id) or abort(404)
    if not permissions.may_act_on_posting(user(), posting, "file_complaint"):
        abort(403)
    form = _form(ComplaintForm, {**json.model_dump(), "received_on": form_day(json.received_on)})
    form.case_id.choices = [
        SelectChoice(row.case.id, row.head_name) for row in queries.rows(user(), posting) if row.case.state == "posted"
    ]
    _checked(form)
    complaint = service.file_complaint(posting, form.data_of(), user(), clock.today())
    return ComplaintOut(
        id=complaint.id,
        posting_id=posting.id,
        case_id=complaint.case_id,
        case_state=db.session.get_one(Case, complaint.case_id).state,
        received_on=complaint.received_on,
        kind=complaint.kind,
        status=complaint.status,
        document_id=complaint.document_id,
    ), 201


@bp.post("/cases/<int:case_id>/recheck")
@spec.validate(json=RecheckIn, resp=answers(RecheckOut, status=201, write=True), tags=[TAG])
@endpoint("postings", write=True)
def record_recheck(case_id: int, json: RecheckIn):  # type: ignore[no-untyped-def]
    """Record the re-check of the case's open complaint: its record is issued, the result posted again."""
    case = case_queries.get_case(user(), case_id) or abort(404)
    if not permissions.may_fire(user(), case, "finish_recheck"):
        abort(403)
    found = case_queries.open_complaint(case)
    if found is None or case.state != "under_recheck":
        raise fail(409, _("Hồ sơ không có khiếu nại đang chờ phúc tra."))
    team = "\n".join(f"{m.name}, {m.position}" if m.position else m.name for m in json.team)
    fields = {**json.model_dump(exclude={"team"}), "team": team}
    form = _form(
        RecheckForm, {**fields, "started_on": form_day(json.started_on), "finished_on": form_day(json.finished_on)}
    )
    _checked(form)
    data = service.RecheckData(
        team=form.team_members(),
        started_on=form.started_on.day,
        finished_on=form.finished_on.day,
        conclusion=form.conclusion.data,
        new_class=form.new_class.data or None,
        notes=form.notes.data or "",
        late_reason=form.late_reason.data or "",
    )
    recheck = service.record_recheck(case, data, user(), clock.today())
    return RecheckOut(
        id=recheck.id,
        complaint_id=found.id,
        case_id=case.id,
        case_state=case.state,
        conclusion=recheck.conclusion,
        old_class=recheck.old_class,
        new_class=recheck.new_class,
        document_id=recheck.document_id,
    ), 201


@bp.post("/postings/<int:posting_id>/close")
@spec.validate(resp=answers(PostingOut, write=True), tags=[TAG])
@endpoint("postings", write=True)
def close_posting(posting_id: int) -> PostingOut:
    """End the posting once its period is over: every household without an open complaint moves on."""
    posting = queries.get_posting(user(), posting_id) or abort(404)
    if not permissions.may_act_on_posting(user(), posting, "close_posting"):
        abort(403)
    service.close_posting(posting, user(), clock.today())
    return _posting_out(posting)
