"""Posting pages: open a posting, see it, log a complaint, record a re-check, close it.

Each route: load (404 outside the user's units) → role check (403) → validate → one service call
→ commit once. A refused step rolls everything back and says, next to the field, which household
failed and why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from casework import clock, permissions, vocabulary
from casework.cases import queries as case_queries
from casework.cycles import queries as runs
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.models import Case, Posting, ReviewRun, Village
from casework.postings import queries, service, tasks
from casework.postings.forms import ComplaintForm, NewPostingForm, RecheckForm
from casework.register.forms import show_next
from casework.vocabulary import run_period_phrase
from workflow.dates import format_date

bp = Blueprint("postings", __name__)


def _attach(form: FlaskForm | None, error: Refused) -> list[str]:
    """Put the message next to its field; messages without a field go to the top of the page."""
    message = refuse_into(form, error)
    return [message] if message else []


def _case_choice(case: Case) -> SelectChoice:
    classification = vocabulary.class_label(case.provisional_class) or "—"
    return SelectChoice(case.id, f"{queries.head_name(case)} · {case.household.village.name} · {classification}")


@bp.route("/runs/<int:run_id>/postings/new", methods=["GET", "POST"])
@login_required
def new(run_id: int):  # type: ignore[no-untyped-def]
    run = runs.get_run(current_user, run_id) or abort(404)
    village_id = request.args.get("village", type=int)
    village = None if village_id is None else runs.get_village(current_user, run, village_id) or abort(404)
    if not permissions.may_post(current_user, run, village):
        abort(403)
    ready = queries.ready_cases(current_user, run, village)
    form = NewPostingForm()
    form.case_ids.choices = [_case_choice(case) for case in ready]
    today = clock.today()
    if request.method == "GET":
        # Cases of different procedures post for different periods: pre-tick those of the first one.
        form.case_ids.data = [c.id for c in ready if c.case_type == ready[0].case_type] if ready else []
        form.places.data = queries.default_places(run, village)
        form.starts_on.data = format_date(today)
        return _new_page(form, run, village, ready)
    if not form.validate():
        return _new_page(form, run, village, ready, status=422)
    try:
        plan = service.plan_posting(
            run, village, ready, form.case_ids.data, form.places.data, form.starts_on.day, form.number
        )
    except Refused as error:
        return _new_page(form, run, village, ready, errors=_attach(form, error), status=error.status)
    if request.form.get("action") != "confirm" or form.ends_on.data != format_date(plan.ends_on):
        form.ends_on.data = format_date(plan.ends_on)
        return _new_page(form, run, village, ready, plan=plan)
    if len(plan.cases) > current_app.config["POSTING_JOB_THRESHOLD"]:
        job = tasks.queue_posting(plan, current_user)
        db.session.commit()
        tasks.open_posting_job(job.id)
        return redirect(url_for("runs.job", job_id=job.id))
    try:
        posting = service.open_posting(plan, current_user, today)
    except Refused as error:
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
    plan: service.PostingPlan | None = None,
    errors: list[str] | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
    show_next(form.notice_number, service.notice_series(run, clock.today()))
    page = render_template(
        "pages/cases/postings/new.html",
        form=form,
        run=run,
        village=village,
        ready=ready,
        plan=plan,
        errors=errors or [],
        period_label=run_period_phrase(run, pad_month=False),
    )
    return page, status


def _complaint_form(posting: Posting) -> ComplaintForm:
    form = ComplaintForm()
    form.case_id.choices = [
        SelectChoice(row.case.id, f"{row.head_name} · {row.village}")
        for row in queries.rows(current_user, posting)
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
        rows=queries.rows(current_user, posting),
        form=form,
        errors=errors or [],
        may_complain=permissions.may_act_on_posting(current_user, posting, "file_complaint"),
        may_recheck=permissions.may_act_on_posting(current_user, posting, "finish_recheck"),
        may_close=permissions.may_act_on_posting(current_user, posting, "close_posting"),
        closes_from=service.closes_from(posting),
        period_label=run_period_phrase(run, pad_month=False),
        today=clock.today(),
    )
    return page, status


@bp.get("/postings/<int:posting_id>")
@login_required
def detail(posting_id: int):  # type: ignore[no-untyped-def]
    return _detail_page(queries.get_posting(current_user, posting_id) or abort(404))


@bp.post("/postings/<int:posting_id>/complaints")
@login_required
def complaint(posting_id: int):  # type: ignore[no-untyped-def]
    posting = queries.get_posting(current_user, posting_id) or abort(404)
    if not permissions.may_act_on_posting(current_user, posting, "file_complaint"):
        abort(403)
    form = _complaint_form(posting)
    if not form.validate():
        return _detail_page(posting, form, status=422)
    data = form.data_of()
    try:
        service.file_complaint(posting, data, current_user, clock.today())
    except Refused as error:
        db.session.rollback()
        return _detail_page(posting, form, _attach(form, error), error.status)
    db.session.commit()
    flash(_("Đã tiếp nhận ý kiến phản ánh; hộ chuyển sang phúc tra."), "success")
    return redirect(url_for("postings.detail", posting_id=posting.id))


@bp.route("/cases/<int:case_id>/recheck", methods=["GET", "POST"])
@login_required
def recheck(case_id: int):  # type: ignore[no-untyped-def]
    case = case_queries.get_case(current_user, case_id) or abort(404)
    if not permissions.may_fire(current_user, case, "finish_recheck"):
        abort(403)
    found = case_queries.open_complaint(case)
    if found is None or case.state != "under_recheck":
        abort(409, description=_("Hồ sơ không có khiếu nại đang chờ phúc tra."))
    form = RecheckForm()
    page: dict[str, Any] = {
        "case": case,
        "complaint": found,
        "form": form,
        "errors": [],
        "deadline": service.recheck_deadline(case.run, found.received_on),
        "head_name": queries.head_name(case),
    }
    if request.method == "GET":
        form.started_on.data = form.finished_on.data = format_date(clock.today())
        return render_template("pages/cases/postings/recheck.html", **page)
    if not form.validate():
        return render_template("pages/cases/postings/recheck.html", **page), 422
    data = service.RecheckData(
        team=form.team_members(),
        started_on=form.started_on.day,
        finished_on=form.finished_on.day,
        conclusion=form.conclusion.data,
        new_class=form.new_class.data or None,
        notes=form.notes.data or "",
        late_reason=form.late_reason.data or "",
    )
    try:
        service.record_recheck(case, data, current_user, clock.today())
    except Refused as error:
        db.session.rollback()
        page["errors"] = _attach(form, error)
        return render_template("pages/cases/postings/recheck.html", **page), error.status
    db.session.commit()
    flash(_("Đã ghi kết quả phúc tra; kết quả được niêm yết lại."), "success")
    return redirect(url_for("postings.detail", posting_id=found.posting_id))


@bp.post("/postings/<int:posting_id>/close")
@login_required
def close(posting_id: int):  # type: ignore[no-untyped-def]
    posting = queries.get_posting(current_user, posting_id) or abort(404)
    if not permissions.may_act_on_posting(current_user, posting, "close_posting"):
        abort(403)
    try:
        events = service.close_posting(posting, current_user, clock.today())
    except Refused as error:
        db.session.rollback()  # no case of the posting is closed when one cannot be
        return _detail_page(posting, errors=_attach(None, error), status=error.status)
    db.session.commit()
    flash(_("Đã kết thúc niêm yết cho %(n)d hộ.", n=len(events)), "success")
    return redirect(url_for("postings.detail", posting_id=posting.id))
