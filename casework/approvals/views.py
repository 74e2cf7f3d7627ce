"""Pages of the upper level's opinion (procedure.md §5 step 5): the commune chairman sends the report,
the district or province official replies on the system, or commune staff record a reply received
outside it. Every page: load (404 outside the user's units) → role (403) → validate → one service call.

The blueprint keeps the name `upper`: its pages live under /upper and /runs/<id>/upper."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from casework import clock, permissions
from casework.approvals import policy, queries, service
from casework.approvals.documents import Register, addressee
from casework.approvals.forms import OUTCOME_LABELS, ReplyForm, ReviewForm, SendForm
from casework.cycles.settings import commune_settings, run_settings
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.models import Document, ReviewRun, UpperReview
from casework.register.forms import entered, show_next
from casework.register.service import Series
from casework.signing import service as signing
from workflow.engine import TransitionNotAllowed
from workflow.procedures.settings import UPPER_REVIEW_LEVELS

bp = Blueprint("upper", __name__)
Page = tuple[str, int] | Response


def _refused(form: FlaskForm, refused: Refused | TransitionNotAllowed) -> tuple[str | None, int]:
    """Nothing of the refused step is kept; the message goes next to its field, or at the top of the page."""
    db.session.rollback()
    if isinstance(refused, TransitionNotAllowed):
        return refused.reason, 409
    return refuse_into(form, refused), refused.status


def _symbol(form: SendForm | ReviewForm, default: str) -> str:
    return form.symbol.data if form.symbol.data and not form.symbol.errors else default


def _run_page(run: ReviewRun) -> dict[str, object]:
    settings = run_settings(run)
    review = queries.current_review(run)
    listed = queries.entries(run, "posting_closed")
    return {
        "run": run,
        "level_label": UPPER_REVIEW_LEVELS[settings.upper_review_level],
        "recipient": addressee(run, settings),
        # Shown to those who may still change the level, with a link to where they do it.
        "warning": settings.upper_review_warning(run.starts_on)
        if permissions.may_set_level(current_user, run) and not policy.level_change_refusal(run)
        else None,
        "refusal": policy.send_refusal(run, settings),
        "unsettled": queries.unsettled_count(run),
        "counts": queries.class_counts(listed),
        "groups": queries.by_class(listed),
        "review": review,
        "waiting": queries.waiting_count(run),
        "reviewer": review is not None and policy.reviewer_unit(current_user, run, review.level) is not None,
        "may_send": permissions.may_take_upper_step(current_user, run, "send_upper"),
        "may_record": permissions.may_record_upper_reply(current_user, run),
        "outcome_labels": OUTCOME_LABELS,
    }


@bp.route("/runs/<int:run_id>/upper", methods=["GET", "POST"])
@login_required
def send(run_id: int) -> Page:
    run = queries.get_campaign(current_user, run_id) or abort(404)
    # The run's page of the step: the chairman sends, staff and the official follow the reply from here.
    if not permissions.may_take_upper_step(current_user, run, "send_upper", *policy.REPLY_TRIGGERS):
        abort(403)
    form = SendForm()
    error, status = None, 200
    if request.method == "POST":
        if not permissions.may_take_upper_step(current_user, run, "send_upper"):
            abort(403)
        status = 422
        if form.validate():
            register = Register(entered(form.number), form.symbol.data)
            try:
                service.send(run, register, current_user, clock.today())
            except (Refused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã gửi báo cáo xin ý kiến cấp trên."), "success")
                return redirect(url_for("upper.send", run_id=run.id))
    show_next(form.number, Series.of(run.commune, _symbol(form, "BC-UBND"), clock.today()))
    return render_template("pages/cases/upper/send.html", form=form, error=error, **_run_page(run)), status


@bp.get("/upper")
@login_required
def inbox() -> Page:
    if not permissions.may_use_inbox(current_user):
        abort(403)
    return render_template("pages/cases/upper/inbox.html", items=queries.inbox(current_user)), 200


def _review_page(review: UpperReview) -> dict[str, object]:
    run = queries.run_of(review)
    waiting = queries.entries(run, "upper_review")
    return {
        "review": review,
        "run": run,
        "awaiting": queries.awaiting_reply(review),
        "counts": queries.class_counts(waiting),
        "groups": queries.by_class(waiting),
        "report": db.session.get(Document, review.report_document_id) if review.report_document_id else None,
        "pending_signature": signing.pending_for("upper_approval", "review_id", review.id),
        "level_label": UPPER_REVIEW_LEVELS[review.level],
        "outcome_labels": OUTCOME_LABELS,
    }


@bp.route("/upper/<int:review_id>", methods=["GET", "POST"])
@login_required
def review(review_id: int) -> Page:
    found = queries.get_review(current_user, review_id) or abort(404)
    unit = policy.reviewer_unit(current_user, queries.run_of(found), found.level)
    if unit is None:
        abort(403)
    form = ReviewForm()
    if request.method == "GET":
        form.symbol.data = commune_settings(unit).letter_symbol  # the upper unit's letters: 'UBND-VP' or 'UBND'
    error, status = None, 200
    if request.method == "POST":
        action = request.form.get("action")
        if action not in ("approve", "recheck"):
            abort(400)
        status = 422
        if form.validate():
            outcome = "agreed" if action == "approve" else "recheck_requested"
            register = Register(entered(form.number), form.symbol.data)
            try:
                prepared = service.prepare_reply(
                    found, unit, outcome, register, current_user, clock.today(),
                    case_ids=form.case_ids.data, note=form.note.data or "",
                )  # fmt: skip
            except (Refused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã lập văn bản trả lời; hãy ký số để gửi."), "success")
                return redirect(url_for("signing.page", request_id=prepared.id))
    page = _review_page(found)
    pending = page["pending_signature"]
    series = Series.of(unit, _symbol(form, "UBND"), clock.today())  # the upper unit's own register
    show_next(form.number, series, [pending.document_id] if pending else [])
    return render_template("pages/cases/upper/review.html", form=form, error=error, **page), status


@bp.route("/upper/<int:review_id>/reply", methods=["GET", "POST"])
@login_required
def record_reply(review_id: int) -> Page:
    found = queries.get_review(current_user, review_id) or abort(404)
    if not permissions.may_record_upper_reply(current_user, queries.run_of(found)):
        abort(403)
    form = ReplyForm()
    error, status = None, 200
    if request.method == "POST":
        status = 422
        if form.validate():
            upload = form.file.data
            reply = service.ReceivedReply(
                replied_on=form.replied_on.day,
                sender=form.sender.data,
                outcome=form.outcome.data,
                pdf=upload.read(),
                filename=upload.filename or "",
                document_number=form.document_number.data or "",
                note=form.note.data or "",
                case_ids=form.case_ids.data,
            )
            try:
                service.record_received(found, reply, current_user, clock.today())
            except (Refused, TransitionNotAllowed) as refused:
                error, status = _refused(form, refused)
            else:
                db.session.commit()
                flash(_("Đã ghi ý kiến của cấp trên."), "success")
                return redirect(url_for("upper.send", run_id=found.run_id))
    page = _review_page(found)
    return render_template("pages/cases/upper/reply.html", form=form, error=error, **page), status
