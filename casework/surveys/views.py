"""Survey pages: fill Phiếu A/B/C for a household, see the class live, save a draft, complete."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from casework import clock, permissions
from casework.access import service as access
from casework.cases import queries as case_queries
from casework.cases import service as case_service
from casework.cycles import service as cycles
from casework.cycles import standards
from casework.extensions import db
from casework.households import queries
from casework.models import Case, Household, Survey, SurveyStatus
from casework.permissions import NotPermitted, Permission
from casework.surveys import panel, service
from casework.surveys.forms import SurveyForm
from casework.surveys.labels import unverified_labels
from casework.vocabulary import state_label
from workflow.dates import age_on, format_date
from workflow.engine import TransitionNotAllowed

bp = Blueprint("surveys", __name__)


def _household_for(household_id: int, permission: Permission) -> Household:
    """404 outside the user's units, 403 inside them without the permission."""
    household = queries.get_household(current_user, household_id) or abort(404)
    if not permissions.may(current_user, permission, household):
        abort(403)
    return household


def _survey_for(survey_id: int, permission: Permission) -> tuple[Survey, Household]:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        abort(404)
    return survey, _household_for(survey.household_id, permission)


def _new_form(household: Household) -> SurveyForm:
    form = SurveyForm()
    if request.method == "GET":
        today = clock.today()
        form.period_year.data = today.year
        form.reference_date.data = format_date(today)
        form.submission_token.data = uuid.uuid4().hex
        for member in household.members:
            form.members.append_entry({"member_id": str(member.id)})
    return form


def _context(form: SurveyForm, household: Household, **extra: Any) -> dict[str, Any]:
    reference = form.parsed_reference_date or clock.today()
    members = {str(m.id): m for m in household.members}
    ages = {key: age_on(m.birth_date, reference) for key, m in members.items()}
    return {
        "form": form,
        "household": household,
        "members": members,
        "ages": ages,
        "ask_area": service.area_of(household) is None,
        "unverified_labels": unverified_labels,
        "paths": panel.notice(_quiet_rule_set(form, extra.get("case"))),
        "path_label": panel.path_label,
        "income_note": panel.income_note,
        "rule_set_title": panel.rule_set_title,
        # "Chưa hoàn thành được" helps the surveyor who tried to finish, not one who changed the year.
        "incomplete": request.method == "POST" and request.form.get("action") == "complete",
        **extra,
    }


def _campaign_rule_set(case: Case | None):  # type: ignore[no-untyped-def]
    """The standard a campaign's case applies (the campaign's choice), or None outside a campaign."""
    if case is not None and case.run is not None and not case.run.period_month:
        try:
            return standards.campaign_rule_set(case.run)
        except LookupError:
            return None  # no standard for the year of its lists: the year's check says so
    return None


def _quiet_rule_set(form: SurveyForm, case: Case | None = None):  # type: ignore[no-untyped-def]
    """The standard whose paths the page explains; none for a year out of range (its field says why)."""
    chosen = _campaign_rule_set(case)
    if chosen is not None:
        return chosen
    try:
        return service.rule_set_for(form.period_year.data or clock.today().year)
    except (LookupError, ValueError, OverflowError):
        return None


def _rule_set_or_error(form: SurveyForm, case: Case | None = None):  # type: ignore[no-untyped-def]
    """The campaign's choice for a case of a campaign; else the rule set of the form's year; None, with the
    message next to the year, when the year is out of range or has no standard: the form then offers this
    year's choices, so the page shows what was typed."""
    chosen = _campaign_rule_set(case)
    if chosen is not None:
        return chosen
    if form.period_year.data is None or form.period_year.validate(form):
        try:
            return service.rule_set_for(form.period_year.data or clock.today().year)
        except LookupError:
            form.period_year.errors = [*form.period_year.errors, _("Chưa có chuẩn nghèo cho năm này.")]
    form.offer_choices(service.rule_set_for(clock.today().year))
    return None


def _case_for(household: Household, survey: Survey | None = None) -> Case | None:
    """The case this survey is for: the one it was started for, or ?case=; it must be this household's."""
    case_id = survey.case_id if survey is not None and survey.case_id else request.args.get("case", type=int)
    if case_id is None:
        return None
    case = case_queries.get_case(current_user, case_id)
    if case is None or case.household_id != household.id:
        abort(404)
    return case


def _already_sent(survey: Survey):  # type: ignore[no-untyped-def]
    """The same new-survey form came again (a double click, a retry): show what the first one made."""
    flash(_("Phiếu này đã được gửi; không tạo thêm phiếu thứ hai."), "info")
    if survey.status is SurveyStatus.DRAFT:
        return redirect(url_for("surveys.edit", survey_id=survey.id))
    if survey.case_id is not None:
        return redirect(url_for("cases.detail", case_id=survey.case_id))
    return redirect(url_for("surveys.detail", survey_id=survey.id))


def _resent(form: SurveyForm, household: Household) -> Survey | None:
    """The survey this new-survey form already made, if it was sent before (it is then continued)."""
    earlier = service.by_token(form.submission_token.data)
    if earlier is not None and earlier.household_id != household.id:
        abort(409, description=_("Phiếu này thuộc hộ khác. Hãy mở lại phiếu."))
    return earlier


def _handle(form: SurveyForm, household: Household, survey: Survey | None, case: Case | None):  # type: ignore[no-untyped-def]
    rule_set = _rule_set_or_error(form, case)
    if rule_set is None:
        return render_template("pages/surveys/form.html", **_context(form, household, survey=survey, case=case)), 422
    form.offer_choices(rule_set)
    if survey is None and (earlier := _resent(form, household)) is not None:
        if earlier.status is SurveyStatus.COMPLETED:
            return _already_sent(earlier)
        survey, form.version.data = earlier, str(earlier.version_id)
    action = request.form.get("action", "draft")
    if not form.validate() or (survey is not None and form.version.data != str(survey.version_id)):
        if survey is not None and form.version.data != str(survey.version_id):
            abort(409, description=_("Phiếu này vừa được người khác lưu. Hãy mở lại phiếu."))
        return render_template("pages/surveys/form.html", **_context(form, household, survey=survey, case=case)), 422
    completing = action == "complete"
    outcome = service.evaluate(form, household, rule_set, require_complete=completing)
    if action == "preview" or (completing and outcome.result is None):
        # A preview (the year changed, or "Xem kết quả") of a form with nothing answered marks no field.
        needed = {} if action == "preview" and outcome.empty else outcome.missing
        if outcome.result is not None:
            needed = service.still_needed(form, household, rule_set, outcome.result)
        for name, message in needed.items():
            _attach_error(form, name, message)
        status = 200 if action == "preview" else 422
        result = outcome.result.to_dict() if outcome.result else None
        needed_list = panel.missing_list(form, household, needed)
        page = _context(form, household, survey=survey, case=case, outcome=outcome, result=result, needed=needed_list)
        return render_template("pages/surveys/form.html", **page), status
    try:
        saved = service.save(
            survey, form, household, current_user, outcome if completing else None, case.id if case else None
        )
    except IntegrityError:  # the same form sent twice at once: the other request made the survey
        db.session.rollback()
        return _already_sent(service.by_token(form.submission_token.data) or abort(409))
    if case is not None and completing and outcome.result is not None:
        try:
            case_service.record_survey(case, saved, outcome.result, current_user)
        except (TransitionNotAllowed, NotPermitted) as error:
            db.session.rollback()
            abort(409, description=getattr(error, "reason", None) or getattr(error, "message", str(error)))
        db.session.commit()
        flash(_("Đã hoàn thành phiếu rà soát và cập nhật hồ sơ."), "success")
        return redirect(url_for("cases.detail", case_id=case.id))
    db.session.commit()
    flash(_("Đã hoàn thành phiếu rà soát.") if completing else _("Đã lưu nháp."), "success")
    return redirect(
        url_for("surveys.detail", survey_id=saved.id) if completing else url_for("surveys.edit", survey_id=saved.id)
    )


def _attach_error(form: SurveyForm, name: str, message: str) -> None:
    """Engine and completeness errors go next to their field (members-0-employment...)."""
    target = form._fields.get(name)
    if target is None and name.startswith("members-"):
        _, index, field_name = name.split("-", 2)
        entries = form.members.entries
        target = entries[int(index)].form._fields.get(field_name) if int(index) < len(entries) else None
    if target is None:
        target = form.wall
    target.errors = [*target.errors, message]


@bp.route("/households/<int:household_id>/surveys/new", methods=["GET", "POST"])
@login_required
def create(household_id: int):  # type: ignore[no-untyped-def]
    household = _household_for(household_id, Permission.SURVEY_FILL)
    case = _case_for(household)
    if case is None and not request.args.get("standalone"):
        chooser = _choose_case(household)
        if chooser is not None:
            return chooser
    if case is not None and request.method == "GET" and (draft := service.open_draft(case.id)) is not None:
        flash(_("Hồ sơ này đã có phiếu đang làm dở: tiếp tục phiếu đó."), "info")
        return redirect(url_for("surveys.edit", survey_id=draft.id))
    form = _new_form(household)
    if case is not None and request.method == "GET":
        form.period_year.data = cycles.period_of(case)
    if request.method == "POST":
        return _handle(form, household, None, case)
    rule_set = _rule_set_or_error(form, case)
    if rule_set is not None:
        form.offer_choices(rule_set)
    return render_template("pages/surveys/form.html", **_context(form, household, survey=None, case=case))


def _choose_case(household: Household):  # type: ignore[no-untyped-def]
    """A household with a case under way: the survey belongs to a case, never silently to none.

    With one case waiting for a survey the survey is attached to it (and the page says so); otherwise
    the surveyor chooses the case, or says explicitly that the survey belongs to none.
    """
    open_cases = case_queries.open_cases_of(current_user, household.id)
    if not open_cases:
        return None
    waiting = [c for c in open_cases if case_queries.awaits_survey(c)]
    if request.method == "GET" and len(open_cases) == 1 and waiting:
        only = waiting[0]
        flash(
            _(
                "Hộ đang có hồ sơ #%(id)d (%(state)s): phiếu này thuộc hồ sơ đó.",
                id=only.id,
                state=state_label(only.state),
            ),
            "info",
        )
        return redirect(url_for("surveys.create", household_id=household.id, case=only.id))
    page = render_template(
        "pages/surveys/choose_case.html", household=household, open_cases=open_cases, waiting=waiting
    )
    return page, 200 if request.method == "GET" else 409


@bp.route("/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def edit(survey_id: int):  # type: ignore[no-untyped-def]
    survey, household = _survey_for(survey_id, Permission.SURVEY_FILL)
    if survey.status is SurveyStatus.COMPLETED:
        flash(_("Phiếu đã hoàn thành không sửa được; hãy rà soát lại bằng phiếu mới."), "info")
        return redirect(url_for("surveys.detail", survey_id=survey.id))
    if request.method == "POST":
        return _handle(SurveyForm(), household, survey, _case_for(household, survey))
    form = SurveyForm(data={**service.stored_answers(survey), "version": str(survey.version_id)})
    case = _case_for(household, survey)
    rule_set = _rule_set_or_error(form, case)
    if rule_set is not None:
        form.offer_choices(rule_set)
    return render_template("pages/surveys/form.html", **_context(form, household, survey=survey, case=case))


@bp.post("/households/<int:household_id>/surveys/preview")
@login_required
def preview(household_id: int):  # type: ignore[no-untyped-def]
    """The live result beside the form: JSON with the class and reasons, or the fields to fix."""
    household = _household_for(household_id, Permission.SURVEY_FILL)
    form = SurveyForm()
    rule_set = _rule_set_or_error(form, _case_for(household))
    if rule_set is None:
        return jsonify({"errors": {"period_year": form.period_year.errors[-1]}}), 422
    form.offer_choices(rule_set)
    if not form.validate():
        return jsonify({"errors": {name: [str(e) for e in errors] for name, errors in _flat_errors(form).items()}}), 422
    outcome = service.evaluate(form, household, rule_set, require_complete=False)
    if outcome.result is None:
        missing = panel.missing_list(form, household, outcome.missing)
        return jsonify({"errors": outcome.missing, "missing": missing}), 422
    needed = service.still_needed(form, household, rule_set, outcome.result)
    return jsonify(panel.result_json(outcome.result.to_dict(), panel.missing_list(form, household, needed)))


def _flat_errors(form: SurveyForm) -> dict[str, list[Any]]:
    flat: dict[str, list[Any]] = {}
    for name, field in form._fields.items():
        if name == "members":
            for entry in field.entries:
                for sub_name, sub in entry.form._fields.items():
                    if sub.errors:
                        flat[f"{entry.name}-{sub_name}"] = list(sub.errors)
        elif field.errors:
            flat[name] = list(field.errors)
    return flat


@bp.get("/surveys/<int:survey_id>")
@login_required
def detail(survey_id: int):  # type: ignore[no-untyped-def]
    survey, household = _survey_for(survey_id, Permission.SURVEY_VIEW)
    access.survey_viewed(current_user, survey.id, household)
    db.session.commit()
    return render_template(
        "pages/surveys/detail.html",
        survey=survey,
        household=household,
        result=service.stored_result(survey),
        local_result=service.stored_local_result(survey),
        unverified_labels=unverified_labels,
        path_label=panel.path_label,
        income_note=panel.income_note,
        rule_set_title=panel.rule_set_title,
        members={str(m.id): m for m in household.members},
    )
