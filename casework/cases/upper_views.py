"""Pages of the upper level's opinion (procedure.md §5 step 5): the commune chairman sends the report,
the district or province official replies on the system, or commune staff record a reply received
outside it. Every page: load (404 outside the user's units) → role (403) → validate → one service call."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import Field, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from casework import clock
from casework.cases import upper
from casework.cases.settings import run_settings
from casework.documents.context import CLASS_LABELS
from casework.extensions import db
from casework.forms import REQUIRED, DateField
from casework.models import Document, ReviewRun, UpperReview
from casework.signing import service as signing
from workflow.engine import TransitionNotAllowed
from workflow.procedures.settings import UPPER_REVIEW_LEVELS

bp = Blueprint("upper", __name__)

OUTCOME_LABELS = {
    "agreed": _l("Đồng ý với kết quả rà soát"),
    "agreed_with_changes": _l("Đồng ý, có điều chỉnh"),
    "recheck_requested": _l("Yêu cầu phúc tra các hộ được nêu tên"),
}
_SYMBOL = re.compile(r"^[A-ZĐ0-9.\-]+$")

Page = tuple[str, int] | Response


def _upper(value: str | None) -> str:
    return (value or "").strip().upper()


def register_number(form: FlaskForm, field: StringField) -> None:
    if not re.fullmatch(r"\d{1,6}", (field.data or "").strip()) or int(field.data) < 1:
        raise ValidationError(_l("Nhập số theo sổ đăng ký văn bản đi, là số nguyên dương, ví dụ 05."))


def register_symbol(form: FlaskForm, field: StringField) -> None:
    if not _SYMBOL.match(field.data or ""):
        raise ValidationError(_l("Ký hiệu viết hoa, không có dấu cách, ví dụ BC-UBND."))


class CaseIdsField(Field):
    """The households ticked in a list: the ids of their cases."""

    def __init__(self, label: object = None, **kwargs: object) -> None:
        super().__init__(label, default=list, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not all(value.isdigit() for value in valuelist):
            self.data = []
            raise ValueError(_l("Lựa chọn không hợp lệ."))
        self.data = [int(value) for value in valuelist]


class SendForm(FlaskForm):
    number = StringField(_l("Số báo cáo (theo sổ đăng ký văn bản đi)"), validators=[register_number])
    symbol = StringField(_l("Ký hiệu"), default="BC-UBND", filters=[_upper], validators=[register_symbol])


class ReviewForm(FlaskForm):
    number = StringField(_l("Số văn bản (theo sổ đăng ký văn bản đi)"), validators=[register_number])
    symbol = StringField(_l("Ký hiệu"), default="UBND", filters=[_upper], validators=[register_symbol])
    case_ids = CaseIdsField(_l("Hộ cần phúc tra"))
    note = TextAreaField(_l("Lý do cần phúc tra"), validators=[Length(max=2000, message=_l("Tối đa 2000 ký tự."))])


class ReplyForm(FlaskForm):
    replied_on = DateField(_l("Ngày văn bản trả lời"), validators=[DataRequired(REQUIRED)])
    sender = StringField(
        _l("Cơ quan trả lời"), validators=[DataRequired(REQUIRED), Length(max=200, message=_l("Tối đa 200 ký tự."))]
    )
    document_number = StringField(
        _l("Số, ký hiệu văn bản trả lời"), validators=[Length(max=60, message=_l("Tối đa 60 ký tự."))]
    )
    outcome = RadioField(
        _l("Ý kiến của cấp trên"),
        choices=[SelectChoice(key, label) for key, label in OUTCOME_LABELS.items()],
        validate_choice=False,
        validators=[DataRequired(_l("Chọn ý kiến của cấp trên."))],
    )
    case_ids = CaseIdsField(_l("Hộ cấp trên yêu cầu phúc tra"))
    note = TextAreaField(
        _l("Lý do phúc tra / nội dung điều chỉnh"),
        validators=[Length(max=2000, message=_l("Tối đa 2000 ký tự."))],
    )
    file = FileField(_l("Văn bản trả lời (PDF)"), validators=[FileRequired(_l("Tải lên bản PDF văn bản trả lời."))])


def _refused(form: FlaskForm, refused: upper.UpperRefused | TransitionNotAllowed) -> tuple[str | None, int]:
    """Nothing of the refused step is kept; the message goes next to its field, or at the top of the page."""
    db.session.rollback()
    if isinstance(refused, TransitionNotAllowed):
        return refused.reason, 409
    if refused.field and refused.field in form:
        form[refused.field].errors = [*form[refused.field].errors, refused.message]
        return None, refused.status
    return refused.message, refused.status


def _run_page(run: ReviewRun) -> dict[str, object]:
    settings = run_settings(run)
    review = upper.current_review(run)
    listed = upper.entries(run, "posting_closed")
    return {
        "run": run,
        "level_label": UPPER_REVIEW_LEVELS[settings.upper_review_level],
        "recipient": upper.addressee(run, settings),
        "warning": settings.upper_review_warning(run.starts_on),
        "refusal": upper.send_refusal(run, settings),
        "unsettled": upper.unsettled_count(run),
        "counts": upper.class_counts(listed),
        "groups": upper.by_class(listed),
        "review": review,
        "waiting": upper.waiting_count(run),
        "reviewer": review is not None and upper.reviewer_unit(current_user, run, review.level) is not None,
        "may_send": upper.may_take(current_user, run, "send_upper"),
        "may_record": upper.may_record(current_user, run),
        "class_labels": CLASS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
    }


@bp.route("/runs/<int:run_id>/upper", methods=["GET", "POST"])
@login_required
def send(run_id: int) -> Page:
    run = upper.get_run(current_user, run_id)
    # The run's page of the step: the chairman sends, staff and the official follow the reply from here.
    if not upper.may_take(current_user, run, "send_upper", *upper.REPLY_TRIGGERS):
        abort(403)
    form = SendForm()
    error, status = None, 200
    if request.method == "POST":
        if not upper.may_take(current_user, run, "send_upper"):
            abort(403)
        status = 422
        if form.validate():
            register = upper.Register(int(form.number.data), form.symbol.data)
            try:
                upper.send(run, register, current_user, clock.today())
            except (upper.UpperRefused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã gửi báo cáo xin ý kiến cấp trên."), "success")
                return redirect(url_for("upper.send", run_id=run.id))
    return render_template("pages/cases/upper/send.html", form=form, error=error, **_run_page(run)), status


@bp.get("/upper")
@login_required
def inbox() -> Page:
    if not upper.may_use_inbox(current_user):
        abort(403)
    return render_template("pages/cases/upper/inbox.html", items=upper.inbox(current_user)), 200


def _review_page(review: UpperReview) -> dict[str, object]:
    run = upper.run_of(review)
    waiting = upper.entries(run, "upper_review")
    return {
        "review": review,
        "run": run,
        "awaiting": upper.awaiting_reply(review),
        "counts": upper.class_counts(waiting),
        "groups": upper.by_class(waiting),
        "report": db.session.get(Document, review.report_document_id) if review.report_document_id else None,
        "pending_signature": signing.pending_for("upper_approval", "review_id", review.id),
        "level_label": UPPER_REVIEW_LEVELS[review.level],
        "class_labels": CLASS_LABELS,
        "outcome_labels": OUTCOME_LABELS,
    }


@bp.route("/upper/<int:review_id>", methods=["GET", "POST"])
@login_required
def review(review_id: int) -> Page:
    found = upper.get_review(current_user, review_id)
    unit = upper.reviewer_unit(current_user, upper.run_of(found), found.level)
    if unit is None:
        abort(403)
    form = ReviewForm()
    error, status = None, 200
    if request.method == "POST":
        action = request.form.get("action")
        if action not in ("approve", "recheck"):
            abort(400)
        status = 422
        if form.validate():
            outcome = "agreed" if action == "approve" else "recheck_requested"
            register = upper.Register(int(form.number.data), form.symbol.data)
            try:
                prepared = upper.prepare_reply(
                    found, unit, outcome, register, current_user, clock.today(),
                    case_ids=form.case_ids.data, note=form.note.data or "",
                )  # fmt: skip
            except (upper.UpperRefused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã lập văn bản trả lời; hãy ký số để gửi."), "success")
                return redirect(url_for("signing.page", request_id=prepared.id))
    page = _review_page(found)
    return render_template("pages/cases/upper/review.html", form=form, error=error, **page), status


@bp.route("/upper/<int:review_id>/reply", methods=["GET", "POST"])
@login_required
def record_reply(review_id: int) -> Page:
    found = upper.get_review(current_user, review_id)
    if not upper.may_record(current_user, upper.run_of(found)):
        abort(403)
    form = ReplyForm()
    error, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate():
            upload = form.file.data
            reply = upper.ReceivedReply(
                replied_on=form.replied_on.day,
                sender=form.sender.data.strip(),
                outcome=form.outcome.data,
                pdf=upload.read(),
                filename=upload.filename or "",
                document_number=(form.document_number.data or "").strip(),
                note=(form.note.data or "").strip(),
                case_ids=form.case_ids.data,
            )
            try:
                upper.record_received(found, reply, current_user, clock.today())
            except (upper.UpperRefused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã ghi ý kiến của cấp trên."), "success")
                return redirect(url_for("upper.send", run_id=found.run_id))
    page = _review_page(found)
    return render_template("pages/cases/upper/reply.html", form=form, error=error, **page), status
