"""Surveys (Phiếu A/B/C): start one as a draft, update it, complete it (which moves its case, as the page
does), and read its classification with the reasons. The answers are the survey form's own fields, read
and checked by the same form and service as the page; their codes come from the standard of the year.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, request
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict

from casework import permissions
from casework.access import service as access
from casework.api.core import bp, endpoint, expected_version, user
from casework.api.errors import ApiError, fail
from casework.api.formdata import form_day
from casework.api.spec import Input, answers, spec
from casework.cases import queries as case_queries
from casework.cases import service as case_service
from casework.extensions import db
from casework.households import queries
from casework.models import Case, Household, Survey, SurveyStatus
from casework.permissions import Permission
from casework.surveys import panel, service
from casework.surveys.forms import SurveyForm
from casework.vocabulary import survey_class_label

TAG = "surveys"
Scalar = str | int | float | bool | None


class SurveyIn(Input):
    household_id: int = Field(ge=1, le=2**31 - 1)
    case_id: int | None = Field(None, ge=1, le=2**31 - 1, description="The case the survey is for")
    standalone: bool = Field(False, description="True: the survey belongs to no case (the household has one open)")
    period_year: int = Field(ge=2016, le=2035, description="The year whose standard applies")
    reference_date: str = Field(max_length=10, description="YYYY-MM-DD or dd/mm/yyyy; not in the future")
    answers: dict[str, Scalar | list[str]] = Field(
        default_factory=dict,
        max_length=80,
        description="The survey form's fields (wall, roof, floor_area, water_source, latrine, phieu_a, income_wages…)",
    )
    members: list[dict[str, Scalar | list[str]]] = Field(
        default_factory=list, max_length=40, description="Phiếu B per member: member_id, employment, disabled…"
    )
    b1_items: list[dict[str, str]] = Field(default_factory=list, max_length=60, description="item_code, answer")
    complete: bool = Field(False, description="Complete (and freeze) the survey; false keeps a draft")
    version: int | None = Field(None, ge=0, le=2**31 - 1, description="When updating, unless If-Match is sent")


class Classification(BaseModel):
    household_class: str
    class_label: str
    score_b1: int | None
    score_b2: int | None
    reasons: list[str]
    deprived: list[str] = Field(description="The deprivations found, by name")
    path: str | None = Field(description="How the standard reached the class")
    rule_set: str = Field(description="The standard applied")


class SurveyOut(BaseModel):
    id: int
    household_id: int
    case_id: int | None
    status: str
    period_year: int
    reference_date: dt.date
    version: int
    classification: Classification | None = Field(description="Once completed")


def _out(survey: Survey, household: Household) -> SurveyOut:
    """The survey; its class and reasons once completed (the surveyor sees them as the page's live panel)."""
    result = service.stored_result(survey)
    shown = result is not None
    if shown:
        access.survey_viewed(user(), survey.id, household)  # scores and reasons are a read of survey data
    summary = panel.result_json(result, []) if shown and result else None
    return SurveyOut(
        id=survey.id,
        household_id=survey.household_id,
        case_id=survey.case_id,
        status=survey.status.value,
        period_year=survey.period.year,
        reference_date=survey.reference_date,
        version=survey.version_id,
        classification=Classification(
            household_class=summary["class"],
            class_label=survey_class_label(summary["class"]),
            score_b1=summary["score_b1"],
            score_b2=summary["score_b2"],
            reasons=[str(r) for r in summary["reasons"]],
            deprived=[str(d) for d in summary["deprived"]],
            path=summary["path"],
            rule_set=str(summary["rule_set"]["title"]),
        )
        if summary
        else None,
    )


def _text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _formdata(data: SurveyIn, household: Household) -> MultiDict[str, str]:
    fields: list[tuple[str, str]] = [
        ("period_year", str(data.period_year)),
        ("reference_date", form_day(data.reference_date)),
    ]
    for name, value in data.answers.items():
        if name in ("members", "b1_items", "version", "submission_token", "csrf_token", "period_year"):
            raise fail(422, _("Trường này không có trong mô tả của API."), f"answers.{name}")
        values = value if isinstance(value, list) else [value]
        fields += [(name, _text(v)) for v in values]
    rows = data.members or [{"member_id": m.id} for m in household.members]
    for index, row in enumerate(rows):
        for name, value in row.items():
            values = value if isinstance(value, list) else [value]
            fields += [(f"members-{index}-{name}", _text(v)) for v in values]
    for index, item in enumerate(data.b1_items):
        fields += [(f"b1_items-{index}-{name}", str(value)) for name, value in item.items()]
    return MultiDict(fields)


def _field_path(name: str) -> str:
    """members-0-employment → members.0.employment; period_year stays; the rest is under answers."""
    parts = name.split("-")
    if parts[0] in ("members", "b1_items"):
        return ".".join(parts)
    return name if name in ("period_year", "reference_date") else f"answers.{name}"


def _form_errors(form: SurveyForm, extra: dict[str, str] | None = None) -> ApiError:
    errors: list[tuple[str | None, str]] = []
    for name, field in form._fields.items():
        if name in ("members", "b1_items"):
            for entry in field.entries:
                errors += [
                    (_field_path(f"{entry.name}-{sub}"), str(m))
                    for sub, f in entry.form._fields.items()
                    for m in f.errors
                ]
        else:
            errors += [(_field_path(name), str(m)) for m in field.errors]
    errors += [(_field_path(name), str(message)) for name, message in (extra or {}).items()]
    return ApiError(422, errors or [(None, _("Dữ liệu chưa hợp lệ."))])


def _case(data: SurveyIn, household: Household, survey: Survey | None) -> Case | None:
    case_id = survey.case_id if survey is not None and survey.case_id else data.case_id
    if case_id is not None:
        case = case_queries.get_case(user(), case_id)
        if case is None or case.household_id != household.id:
            raise fail(404, _("Không tìm thấy hồ sơ này của hộ."), "case_id")
        return case
    if survey is None and not data.standalone and case_queries.open_cases_of(user(), household.id):
        raise fail(422, _("Hộ đang có hồ sơ đang xử lý: ghi rõ phiếu thuộc hồ sơ nào (case_id)."), "case_id")
    return None


def _save(data: SurveyIn, household: Household, survey: Survey | None) -> Survey:
    """The page's steps: the year's standard, the form's checks, classify, save, move the case."""
    case = _case(data, household, survey)
    form = SurveyForm(formdata=_formdata(data, household), meta={"csrf": False})
    try:
        rule_set = service.rule_set_for(data.period_year)
    except LookupError:
        raise fail(422, _("Chưa có chuẩn nghèo cho năm này."), "period_year") from None
    form.offer_choices(rule_set)
    if not form.validate():
        raise _form_errors(form)
    outcome = service.evaluate(form, household, rule_set, require_complete=data.complete)
    if data.complete and outcome.result is None:
        raise _form_errors(form, outcome.missing)
    saved = service.save(survey, form, household, user(), outcome if data.complete else None, case.id if case else None)
    if case is not None and data.complete and outcome.result is not None:
        case_service.record_survey(case, saved, outcome.result, user())
    db.session.flush()
    return saved


def _household(household_id: int, permission: Permission) -> Household:
    household = queries.get_household(user(), household_id) or abort(404)
    if not permissions.may(user(), permission, household):
        abort(403)
    return household


@bp.post("/surveys")
@spec.validate(json=SurveyIn, resp=answers(SurveyOut, status=201, write=True), tags=[TAG])
@endpoint("surveys", write=True)
def create_survey(json: SurveyIn):  # type: ignore[no-untyped-def]
    """A new survey of a household: a draft, or completed at once (`complete`), which moves its case."""
    household = _household(json.household_id, Permission.SURVEY_FILL)
    survey = _save(json, household, None)
    return _out(survey, household), 201, {"ETag": f'"{survey.version_id}"', "Location": f"{request.path}/{survey.id}"}


@bp.put("/surveys/<int:survey_id>")
@spec.validate(json=SurveyIn, resp=answers(SurveyOut, write=True), tags=[TAG])
@endpoint("surveys", write=True)
def update_survey(survey_id: int, json: SurveyIn):  # type: ignore[no-untyped-def]
    """Replace a draft's answers; with `complete`, complete it. A completed survey is not changed."""
    survey = db.session.get(Survey, survey_id) or abort(404)
    household = _household(survey.household_id, Permission.SURVEY_FILL)
    if json.household_id != household.id:
        raise fail(422, _("Phiếu này thuộc hộ khác."), "household_id")
    if survey.status is SurveyStatus.COMPLETED:
        raise fail(409, _("Phiếu đã hoàn thành không sửa được; hãy rà soát lại bằng phiếu mới."))
    if expected_version(json.version) != survey.version_id:
        raise fail(409, _("Phiếu này vừa được người khác lưu. Hãy mở lại phiếu."), "version")
    saved = _save(json, household, survey)
    return _out(saved, household), 200, {"ETag": f'"{saved.version_id}"'}


@bp.get("/surveys/<int:survey_id>")
@spec.validate(resp=answers(SurveyOut), tags=[TAG])
@endpoint("surveys")
def get_survey(survey_id: int):  # type: ignore[no-untyped-def]
    """A survey; once completed, its class with the reasons (scores: the steering committee's; the read is logged)."""
    survey = db.session.get(Survey, survey_id) or abort(404)
    household = _household(survey.household_id, Permission.SURVEY_VIEW)
    return _out(survey, household), 200, {"ETag": f'"{survey.version_id}"'}
