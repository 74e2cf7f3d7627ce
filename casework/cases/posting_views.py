"""Posting pages: open a posting, see it, log a complaint, record a re-check, close it.

Each route: load (404 outside the user's units) → role check (403) → validate → one service call
→ commit once. A refused step rolls everything back and says, next to the field, which household
failed and why.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from casework import clock
from casework.cases import lists, postings, queries
from casework.documents.context import CLASS_LABELS, COMPLAINT_TYPES, RECHECK_CONCLUSIONS
from casework.extensions import db
from casework.forms import REQUIRED, DateField
from casework.models import Case, Posting, ReviewRun, Village
from casework.surveys.forms import MultiCheckboxField
from workflow.dates import format_date
from workflow.procedures import STATE_LABELS

bp = Blueprint("postings", __name__)

_TIME = re.compile(r"^([01]?\d|2[0-3])[:hg]([0-5]\d)$")


def not_after_today(form: FlaskForm, field: DateField) -> None:
    if field.day and field.day > clock.today():
        raise ValidationError(_l("Ngày không được ở tương lai."))


def known_choice(form: FlaskForm, field: Field) -> None:
    """WTForms' own check answers in English; this one in Vietnamese (fields set validate_choice=False)."""
    if field.data not in {choice.value for choice in field.choices}:
        raise ValidationError(_l("Lựa chọn không hợp lệ."))


def _choices(labels: dict[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class NewPostingForm(FlaskForm):
    case_ids = MultiCheckboxField(_l("Hộ đưa ra niêm yết"), coerce=int)
    places = TextAreaField(
        _l("Địa điểm niêm yết (cách nhau bằng dấu chấm phẩy)"),
        validators=[DataRequired(REQUIRED), Length(max=1000, message=_l("Tối đa 1000 ký tự."))],
    )
    starts_on = DateField(_l("Ngày bắt đầu niêm yết"), validators=[DataRequired(REQUIRED)])
    notice_number = StringField(_l("Số thông báo (theo sổ văn bản đi; để trống thì in bản dự thảo)"))
    ends_on = StringField()  # the end the user was shown; confirming another one shows the preview again

    def validate_notice_number(self, field: Field) -> None:
        text = (field.data or "").strip()
        if text and not (text.isdigit() and 1 <= int(text) <= 99999):
            raise ValidationError(_l("Số từ 1 đến 99999."))

    @property
    def number(self) -> int | None:
        text = (self.notice_number.data or "").strip()
        return int(text) if text else None


class ComplaintForm(FlaskForm):
    case_id = SelectField(
        _l("Hộ bị phản ánh"), coerce=int, validate_choice=False, validators=[DataRequired(REQUIRED), known_choice]
    )
    received_on = DateField(_l("Ngày nhận"), validators=[DataRequired(REQUIRED), not_after_today])
    received_time = StringField(_l("Giờ nhận (hh:mm)"), validators=[DataRequired(REQUIRED)])
    channel = SelectField(
        _l("Hình thức"),
        choices=_choices(postings.COMPLAINT_CHANNELS),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    anonymous = BooleanField(_l("Người phản ánh đề nghị không công khai danh tính"))
    complainant = StringField(
        _l("Họ tên người phản ánh"), validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))]
    )
    contact = StringField(
        _l("Liên hệ (điện thoại, địa chỉ)"), validators=[Length(max=200, message=_l("Tối đa 200 ký tự."))]
    )
    kind = RadioField(
        _l("Loại ý kiến"),
        choices=_choices(COMPLAINT_TYPES),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    content = TextAreaField(
        _l("Nội dung phản ánh"), validators=[DataRequired(REQUIRED), Length(max=4000, message=_l("Tối đa 4000 ký tự."))]
    )

    def validate_received_time(self, field: Field) -> None:
        if not _TIME.match((field.data or "").strip()):
            raise ValidationError(_l("Giờ phải viết dạng hh:mm, ví dụ 14:15."))

    def validate_complainant(self, field: Field) -> None:
        if not self.anonymous.data and not (field.data or "").strip():
            raise ValidationError(_l("Ghi họ tên người phản ánh, hoặc chọn không công khai danh tính."))

    @property
    def time(self) -> dt.time:
        match = _TIME.match(self.received_time.data.strip())
        assert match is not None  # validated
        return dt.time(int(match.group(1)), int(match.group(2)))


class RecheckForm(FlaskForm):
    team = TextAreaField(
        _l("Tổ phúc tra (mỗi dòng: họ tên, chức vụ; người đầu tiên là tổ trưởng)"),
        validators=[DataRequired(REQUIRED), Length(max=300, message=_l("Tối đa 300 ký tự."))],
    )
    started_on = DateField(_l("Ngày bắt đầu phúc tra"), validators=[DataRequired(REQUIRED), not_after_today])
    finished_on = DateField(_l("Ngày kết thúc phúc tra"), validators=[DataRequired(REQUIRED), not_after_today])
    conclusion = RadioField(
        _l("Kết luận"),
        choices=_choices(RECHECK_CONCLUSIONS),
        validate_choice=False,
        validators=[DataRequired(REQUIRED), known_choice],
    )
    new_class = SelectField(
        _l("Loại hộ sau phúc tra (khi thay đổi)"),
        choices=_choices({"": _l("— giữ nguyên —"), **{c: CLASS_LABELS[c] for c in postings.RECHECK_CLASSES}}),
        default="",
        validate_choice=False,
        validators=[known_choice],
    )
    notes = TextAreaField(_l("Nội dung kết luận"), validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))])
    late_reason = TextAreaField(
        _l("Lý do chậm (khi quá hạn phúc tra)"), validators=[Length(max=1000, message=_l("Tối đa 1000 ký tự."))]
    )

    def team_members(self) -> tuple[tuple[str, str], ...]:
        lines = (line.strip() for line in (self.team.data or "").splitlines())
        return tuple(
            (name.strip(), position.strip()) for name, _, position in (ln.partition(",") for ln in lines if ln)
        )


def _attach(form: FlaskForm, error: postings.PostingError) -> list[str]:
    """Put the message next to its field; messages without a field go to the top of the page."""
    field = form._fields.get(error.field) if error.field else None
    if field is None:
        return [error.message]
    field.errors = [*field.errors, error.message]
    return []


# ---- 1. open a posting ------------------------------------------------------------------------------------


def _case_choice(case: Case) -> SelectChoice:
    classification = CLASS_LABELS.get(case.provisional_class or "", "—")
    return SelectChoice(case.id, f"{postings.head_name(case)} · {case.household.village.name} · {classification}")


@bp.route("/runs/<int:run_id>/postings/new", methods=["GET", "POST"])
@login_required
def new(run_id: int):  # type: ignore[no-untyped-def]
    run = postings.get_run(current_user, run_id)
    village = postings.get_village(current_user, run, request.args.get("village", type=int))
    if not postings.may_post(current_user, run, village):
        abort(403)
    ready = postings.ready_cases(current_user, run, village)
    form = NewPostingForm()
    form.case_ids.choices = [_case_choice(case) for case in ready]
    today = clock.today()
    if request.method == "GET":
        # Cases of different procedures post for different periods: pre-tick those of the first one.
        form.case_ids.data = [c.id for c in ready if c.case_type == ready[0].case_type] if ready else []
        form.places.data = postings.default_places(run, village)
        form.starts_on.data = format_date(today)
        return _new_page(form, run, village, ready)
    if not form.validate():
        return _new_page(form, run, village, ready, status=422)
    try:
        plan = postings.plan_posting(
            run, village, ready, form.case_ids.data, form.places.data, form.starts_on.day, form.number
        )
    except postings.PostingError as error:
        return _new_page(form, run, village, ready, errors=_attach(form, error), status=error.status)
    if request.form.get("action") != "confirm" or form.ends_on.data != format_date(plan.ends_on):
        form.ends_on.data = format_date(plan.ends_on)
        return _new_page(form, run, village, ready, plan=plan)
    if len(plan.cases) > current_app.config["POSTING_JOB_THRESHOLD"]:
        job = lists.queue_posting(plan, current_user)
        db.session.commit()
        lists.open_posting_job(job.id)
        return redirect(url_for("runs.job", job_id=job.id))
    try:
        posting = postings.open_posting(plan, current_user, today)
    except postings.PostingError as error:
        db.session.rollback()  # not one case of a refused posting stays posted
        return _new_page(form, run, village, ready, errors=_attach(form, error), status=error.status)
    db.session.commit()
    flash(_("Đã niêm yết %(n)d hộ đến hết ngày %(d)s.", n=len(plan.cases), d=format_date(plan.ends_on)), "success")
    return redirect(url_for("postings.detail", posting_id=posting.id))


def _new_page(
    form: NewPostingForm,
    run: ReviewRun,
    village: Village | None,
    ready: list[Case],
    *,
    plan: postings.PostingPlan | None = None,
    errors: list[str] | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
    page = render_template(
        "pages/cases/postings/new.html",
        form=form,
        run=run,
        village=village,
        ready=ready,
        plan=plan,
        errors=errors or [],
        period_label=postings.period_label(run),
    )
    return page, status


# ---- 2. the posting, its complaints and re-checks --------------------------------------------------------------


def _complaint_form(posting: Posting) -> ComplaintForm:
    form = ComplaintForm()
    form.case_id.choices = [
        SelectChoice(row.case.id, f"{row.head_name} · {row.village}")
        for row in postings.rows(current_user, posting)
        if row.case.state == "posted"
    ]
    return form


def _detail_page(
    posting: Posting, form: ComplaintForm | None = None, errors: list[str] | None = None, status: int = 200
):  # type: ignore[no-untyped-def]
    if form is None:
        form = _complaint_form(posting)
        form.received_on.data = format_date(clock.today())
        form.received_time.data = dt.datetime.now(clock.VIETNAM).strftime("%H:%M")
    run = db.session.get_one(ReviewRun, posting.run_id)
    page = render_template(
        "pages/cases/postings/detail.html",
        posting=posting,
        run=run,
        rows=postings.rows(current_user, posting),
        form=form,
        errors=errors or [],
        may_complain=postings.may(current_user, posting, "file_complaint"),
        may_recheck=postings.may(current_user, posting, "finish_recheck"),
        may_close=postings.may(current_user, posting, "close_posting"),
        state_labels=STATE_LABELS,
        class_labels=CLASS_LABELS,
        period_label=postings.period_label(run),
        today=clock.today(),
    )
    return page, status


@bp.get("/postings/<int:posting_id>")
@login_required
def detail(posting_id: int):  # type: ignore[no-untyped-def]
    return _detail_page(postings.get_posting(current_user, posting_id))


@bp.post("/postings/<int:posting_id>/complaints")
@login_required
def complaint(posting_id: int):  # type: ignore[no-untyped-def]
    posting = postings.get_posting(current_user, posting_id)
    if not postings.may(current_user, posting, "file_complaint"):
        abort(403)
    form = _complaint_form(posting)
    if not form.validate():
        return _detail_page(posting, form, status=422)
    data = postings.ComplaintData(
        case_id=form.case_id.data,
        received_on=form.received_on.day,
        received_time=form.time,
        channel=form.channel.data,
        complainant=None if form.anonymous.data else (form.complainant.data or "").strip(),
        contact=(form.contact.data or "").strip(),
        kind=form.kind.data,
        content=form.content.data.strip(),
    )
    try:
        postings.file_complaint(posting, data, current_user, clock.today())
    except postings.PostingError as error:
        db.session.rollback()
        return _detail_page(posting, form, _attach(form, error), error.status)
    db.session.commit()
    flash(_("Đã tiếp nhận ý kiến phản ánh; hộ chuyển sang phúc tra."), "success")
    return redirect(url_for("postings.detail", posting_id=posting.id))


@bp.route("/cases/<int:case_id>/recheck", methods=["GET", "POST"])
@login_required
def recheck(case_id: int):  # type: ignore[no-untyped-def]
    case = queries.get_case(current_user, case_id)
    if not postings.may_act(current_user, case, "finish_recheck"):
        abort(403)
    found = postings.open_complaint(case)
    if found is None or case.state != "under_recheck":
        abort(409, description=_("Hồ sơ không có khiếu nại đang chờ phúc tra."))
    form = RecheckForm()
    page: dict[str, Any] = {
        "case": case,
        "complaint": found,
        "form": form,
        "errors": [],
        "deadline": postings.recheck_deadline(case.run, found.received_on),
        "head_name": postings.head_name(case),
        "class_labels": CLASS_LABELS,
    }
    if request.method == "GET":
        form.started_on.data = form.finished_on.data = format_date(clock.today())
        return render_template("pages/cases/postings/recheck.html", **page)
    if not form.validate():
        return render_template("pages/cases/postings/recheck.html", **page), 422
    data = postings.RecheckData(
        team=form.team_members(),
        started_on=form.started_on.day,
        finished_on=form.finished_on.day,
        conclusion=form.conclusion.data,
        new_class=form.new_class.data or None,
        notes=(form.notes.data or "").strip(),
        late_reason=(form.late_reason.data or "").strip(),
    )
    try:
        postings.record_recheck(case, data, current_user, clock.today())
    except postings.PostingError as error:
        db.session.rollback()
        page["errors"] = _attach(form, error)
        return render_template("pages/cases/postings/recheck.html", **page), error.status
    db.session.commit()
    flash(_("Đã ghi kết quả phúc tra; kết quả được niêm yết lại."), "success")
    return redirect(url_for("postings.detail", posting_id=found.posting_id))


# ---- 3. close ----------------------------------------------------------------------------------------------------


@bp.post("/postings/<int:posting_id>/close")
@login_required
def close(posting_id: int):  # type: ignore[no-untyped-def]
    posting = postings.get_posting(current_user, posting_id)
    if not postings.may(current_user, posting, "close_posting"):
        abort(403)
    try:
        events = postings.close_posting(posting, current_user, clock.today())
    except postings.PostingError as error:
        db.session.rollback()  # no case of the posting is closed when one cannot be
        return _detail_page(posting, errors=[error.message], status=error.status)
    db.session.commit()
    flash(_("Đã kết thúc niêm yết cho %(n)d hộ.", n=len(events)), "success")
    return redirect(url_for("postings.detail", posting_id=posting.id))
