"""Case pages: log a request, the work queue, a case with its timeline and next steps, a withdrawal."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from casework import clock, permissions
from casework.cases import queries, service, transitions
from casework.cases.diagram import procedure_svg
from casework.cases.forms import RequestForm, WithdrawalForm
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.households import queries as household_queries
from casework.models import Case, Document
from casework.signing import service as signing
from workflow.dates import format_date

bp = Blueprint("cases", __name__)


@bp.route("/households/<int:household_id>/requests/new", methods=["GET", "POST"])
@login_required
def log_request(household_id: int):  # type: ignore[no-untyped-def]
    household = household_queries.get_household(current_user, household_id) or abort(404)
    # Before the form is read: a refused step is refused before anything is checked or written.
    permissions.refuse_unless(permissions.may_log_request(current_user, household))
    form = RequestForm()
    form.applicant_member_id.choices = [(m.id, m.full_name) for m in household.members]
    if request.method == "GET":
        today = clock.today()
        form.signed_on.data = form.received_on.data = format_date(today)
        form.signed_place.data = household.village.commune.name
        if household.head:
            form.applicant_member_id.data = household.head.id
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            data = service.RequestData(
                form=form.form.data,
                request_kind="exit_request" if form.form.data == "mau_04" else form.request_kind.data,
                requested_exit=form.requested_exit.data or None,
                applicant_member_id=form.applicant_member_id.data,
                reason=form.reason.data,
                channel=form.channel.data,
                signed_place=form.signed_place.data,
                signed_on=form.signed_on.day,
                received_on=form.received_on.day,
            )
            try:
                case = service.log_request(household, data, current_user, clock.today())
            except Refused as error:
                db.session.rollback()
                refuse_into(form, error)
                status = error.status
            else:
                db.session.commit()
                flash(_("Đã tiếp nhận giấy đề nghị. In giấy tiếp nhận để giao cho người nộp."), "success")
                return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("pages/cases/request.html", form=form, household=household), status


@bp.get("/cases/queue")
@login_required
def queue():  # type: ignore[no-untyped-def]
    items = queries.work_queue(current_user)
    return render_template("pages/cases/queue.html", items=items, today=clock.today())


@bp.get("/cases/<int:case_id>")
@login_required
def detail(case_id: int):  # type: ignore[no-untyped-def]
    case = queries.get_case(current_user, case_id) or abort(404)
    documents = (
        db.session.execute(db.select(Document).where(Document.case_id == case.id).order_by(Document.id)).scalars().all()
    )
    return render_template(
        "pages/cases/detail.html",
        case=case,
        options=transitions.options(case, current_user, **queries.posting_facts(case)),
        documents=documents,
        document_kinds=_event_document_kinds(case),
        signatures=signing.validations_for(
            {doc_id for event in case.events for doc_id in event.facts.get("document_ids", [])}
        ),
        route_labels=signing.ROUTE_LABELS,
        diagram=procedure_svg(case.case_type.value, case.state),
        today=clock.today(),
    )


def _event_document_kinds(case: Case) -> dict[int, str]:
    """Kinds of the documents the timeline cites, batch documents (minutes, notices) included."""
    ids = {doc_id for event in case.events for doc_id in event.facts.get("document_ids", [])}
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Document.id, Document.kind).where(Document.id.in_(ids))).all())


@bp.route("/cases/<int:case_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(case_id: int):  # type: ignore[no-untyped-def]
    """The applicant withdraws in writing: the signed letter is uploaded and kept with the case."""
    case = queries.get_case(current_user, case_id) or abort(404)
    permissions.require_fire(current_user, case, "withdraw")  # 403 before the form is filled, not after
    form = WithdrawalForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            service.withdraw(case, form.letter.data.read(), current_user)
            db.session.commit()
            flash(_("Đã ghi nhận việc rút giấy đề nghị."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("pages/runs/withdraw.html", case=case, form=form), status
