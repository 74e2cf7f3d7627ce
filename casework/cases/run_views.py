"""Review runs: open a campaign, a run's overview, the decision, a refusal, a withdrawal."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from casework import audit, clock
from casework.cases import campaigns, decisions, lists, queries, transitions
from casework.cases.forms import CampaignForm, DecisionForm, RefusalForm, WithdrawalForm
from casework.cases.runs import campaign_warning
from casework.documents import service as documents
from casework.extensions import db
from casework.models import AdminUnit, Case, Household, Job, ReviewRun, Village
from casework.permissions import Permission
from casework.scoping import household_scope
from casework.signing import in_app, sign
from casework.signing import service as signing
from workflow.procedures import STATE_LABELS

bp = Blueprint("runs", __name__)


def _run(run_id: int) -> ReviewRun:
    run = db.session.get(ReviewRun, run_id)
    if run is None or not household_scope(current_user, Permission.HOUSEHOLD_VIEW).covers_commune(run.commune_id):
        abort(404)
    return run


@bp.get("/runs")
@login_required
def index():  # type: ignore[no-untyped-def]
    scope = household_scope(current_user, Permission.HOUSEHOLD_VIEW)
    query = select(ReviewRun).order_by(ReviewRun.period_year.desc(), ReviewRun.period_month.desc().nulls_first())
    if not scope.everywhere:
        query = query.where(ReviewRun.commune_id.in_(scope.commune_ids | _village_communes(scope.village_ids)))
    return render_template("pages/runs/index.html", runs=db.session.execute(query.limit(100)).scalars().all())


def _village_communes(village_ids: frozenset[int]) -> set[int]:
    if not village_ids:
        return set()
    return set(db.session.execute(select(Village.commune_id).where(Village.id.in_(village_ids))).scalars())


@bp.route("/runs/new", methods=["GET", "POST"])
@login_required
def new():  # type: ignore[no-untyped-def]
    scope = household_scope(current_user, Permission.HOUSEHOLD_EDIT)
    communes = (
        db.session.execute(select(AdminUnit).where(AdminUnit.id.in_(scope.commune_ids)).order_by(AdminUnit.name))
        .scalars()
        .all()
        if not scope.everywhere
        else db.session.execute(
            select(AdminUnit).where(AdminUnit.id.in_(select(Village.commune_id))).order_by(AdminUnit.name)
        )
        .scalars()
        .all()
    )
    form = CampaignForm()
    form.commune_id.choices = [(c.id, c.name) for c in communes]
    if request.method == "GET":
        form.year.data = clock.today().year
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            commune = db.session.get(AdminUnit, form.commune_id.data)
            settings = {"upper_review_level": form.upper_review_level.data}
            if form.upper_review_recipient.data:
                settings["upper_review_recipient"] = form.upper_review_recipient.data.strip()
            try:
                run = campaigns.open_campaign(commune, form.year.data, settings, current_user)
            except campaigns.CampaignRefused as error:
                db.session.rollback()
                getattr(form, error.field).errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Đã mở đợt rà soát định kỳ và lập danh sách hộ cần rà soát."), "success")
                return redirect(url_for("runs.detail", run_id=run.id))
    return render_template("pages/runs/new.html", form=form), status


@bp.get("/runs/<int:run_id>")
@login_required
def detail(run_id: int):  # type: ignore[no-untyped-def]
    """The run's page; a village head sees it too, with their villages' cases and meetings only."""
    scope = household_scope(current_user, Permission.HOUSEHOLD_VIEW)
    run = db.session.get(ReviewRun, run_id)
    if run is None:
        abort(404)
    commune_level = scope.covers_commune(run.commune_id)
    if not commune_level and run.commune_id not in _village_communes(scope.village_ids):
        abort(404)
    return render_template(
        "pages/runs/detail.html", **_detail_page(run), **_certificates_waiting(run), commune_level=commune_level
    )


def _detail_page(run: ReviewRun) -> dict[str, object]:
    cases = (
        db.session.execute(queries.cases_in_scope(current_user, run=run).order_by(Household.head_sort_key))
        .scalars()
        .all()
    )
    by_village: dict[Village, Counter[str]] = {}
    for case in cases:
        by_village.setdefault(case.household.village, Counter())[case.state] += 1
    return {
        "run": run,
        "cases": cases,
        "by_village": by_village,
        "states": Counter(c.state for c in cases),
        "state_labels": STATE_LABELS,
        "warning": campaign_warning(run) if not run.period_month else None,
        "ready": len([c for c in cases if c.state == "ready_for_decision"]),
        "closed": len([c for c in cases if c.state == "posting_closed"]),
    }


def _certificates_waiting(run: ReviewRun, **errors: str) -> dict[str, object]:
    """The run's certificates still unsigned, for the chairman who signed its decision."""
    decision = decisions.latest_signed_decision(run)
    if decision is None or not signing.is_signer(current_user, decision):
        return {"unsigned_certificates": 0, "certificate_errors": errors}
    return {"unsigned_certificates": len(decisions.certificates_to_sign(run)), "certificate_errors": errors}


@bp.post("/runs/<int:run_id>/certificates/sign")
@login_required
def sign_certificates(run_id: int):  # type: ignore[no-untyped-def]
    """The chairman signs the decision's certificates in the app, a batch per click."""
    run = _run(run_id)
    decision = decisions.latest_signed_decision(run)
    if decision is None or not signing.is_signer(current_user, decision):
        abort(403)
    upload = request.files.get("certificate_file")
    try:
        sign_pdf = in_app.pkcs12_signer(
            decision, upload.read() if upload else b"", request.form.get("passphrase", ""), current_user
        )
        left = decisions.sign_certificates(run, decision, sign_pdf, current_user, clock.now())
    except (sign.SigningError, signing.SignatureRejected) as error:
        db.session.rollback()
        field = getattr(error, "field", "certificate_file") or "certificate_file"
        message = getattr(error, "message", None) or "; ".join(error.report.failures())  # type: ignore[union-attr]
        return render_template(
            "pages/runs/detail.html",
            **_detail_page(run),
            **_certificates_waiting(run, **{field: message}),
            commune_level=True,
        ), 422
    db.session.commit()
    flash(_("Đã ký số giấy chứng nhận; còn %(n)d giấy chưa ký.", n=left), "success")
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.post("/runs/<int:run_id>/list-requests")
@login_required
def list_requests(run_id: int):  # type: ignore[no-untyped-def]
    run = _run(run_id)
    moved = transitions.advance_run(run.id, "requested", "list_for_campaign", actor=current_user, today=clock.today())
    db.session.commit()
    flash(_("%(n)d hộ có giấy đề nghị đã vào danh sách rà soát.", n=moved), "success")
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.post("/runs/<int:run_id>/lists/review")
@login_required
def review_list(run_id: int):  # type: ignore[no-untyped-def]
    """The whole run's list as a PDF: queued as a job, since thousands of rows take a while."""
    run = _run(run_id)
    job = lists.queue_review_list(run, current_user)
    db.session.commit()
    lists.render_review_list(job.id)
    return redirect(url_for("runs.job", job_id=job.id))


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):  # type: ignore[no-untyped-def]
    found = db.session.get(Job, job_id)
    if found is None:
        abort(404)
    _run(found.run_id)
    if request.accept_mimetypes.best == "application/json":
        return {
            "status": found.status,
            "done": found.done_rows,
            "total": found.total_rows,
            "percent": found.percent,
            "document_id": found.document_id,
            "error": found.error,
        }
    return render_template("pages/runs/job.html", job=found)


@bp.post("/runs/<int:run_id>/prepare")
@login_required
def prepare(run_id: int):  # type: ignore[no-untyped-def]
    run = _run(run_id)
    moved = transitions.advance_run(
        run.id, "posting_closed", "prepare_decision", actor=current_user, today=clock.today()
    )
    db.session.commit()
    flash(_("%(n)d hồ sơ chuyển sang chờ quyết định.", n=moved), "success")
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.route("/runs/<int:run_id>/decision", methods=["GET", "POST"])
@login_required
def decision(run_id: int):  # type: ignore[no-untyped-def]
    run = _run(run_id)
    cases = decisions.ready_cases(run)
    year = run.period_year
    form = DecisionForm()
    if request.method == "GET":
        form.issued_on.data = clock.today().strftime("%d/%m/%Y")
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            data = decisions.DecisionData(form.number.data, form.symbol.data.strip(), form.issued_on.day)
            if len(cases) > current_app.config["DECISION_JOB_THRESHOLD"]:
                job = lists.queue_decision(run, data, current_user, len(cases))
                db.session.commit()
                lists.issue_decision(job.id)
                return redirect(url_for("runs.job", job_id=job.id))
            try:
                drafted = decisions.draft(run, data, current_user)
            except decisions.DecisionRefused as error:
                db.session.rollback()
                getattr(form, error.field).errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Đã lập quyết định; hãy ký số để ban hành."), "success")
                return redirect(url_for("signing.page", request_id=drafted.id))
    listed = {case.id: decisions.decided_class(case, year)[0] for case in cases}
    return render_template(
        "pages/runs/decision.html", run=run, cases=cases, listed=listed, form=form, list_label=list_label,
        pending_signature=signing.pending_for("recognition_decision", "run_id", run.id),
    ), status  # fmt: skip


def list_label(value: str) -> str:
    from casework.documents.context import CLASS_LABELS

    return CLASS_LABELS.get(value, value)


@bp.route("/cases/<int:case_id>/refuse", methods=["GET", "POST"])
@login_required
def refuse(case_id: int):  # type: ignore[no-untyped-def]
    case = queries.get_case(current_user, case_id)
    transitions.acting_role(current_user, case, "refuse")
    form = RefusalForm()
    if request.method == "GET":
        form.issued_on.data = clock.today().strftime("%d/%m/%Y")
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            reasons = [line for line in form.reasons.data.splitlines() if line.strip()]
            data = decisions.DecisionData(form.number.data, "UBND", form.issued_on.day)
            try:
                decisions.refuse(case, reasons, data, current_user, clock.today())
            except decisions.DecisionRefused as error:
                db.session.rollback()
                getattr(form, error.field).errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Đã ban hành văn bản trả lời nêu lý do."), "success")
                return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("pages/runs/refuse.html", case=case, form=form), status


@bp.route("/cases/<int:case_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(case_id: int):  # type: ignore[no-untyped-def]
    """The applicant withdraws in writing: the signed letter is uploaded and kept with the case."""
    case = queries.get_case(current_user, case_id)
    role = transitions.acting_role(current_user, case, "withdraw")
    form = WithdrawalForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            content = form.letter.data.read()
            letter = documents.store_upload("withdrawal_letter", content, actor=current_user, case_id=case.id)
            transitions.apply(case, "withdraw", actor=current_user, role=role, documents=[letter])
            audit.record("case_withdraw", user_id=current_user.id, subject=f"case:{case.id}")
            db.session.commit()
            flash(_("Đã ghi nhận việc rút giấy đề nghị."), "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    return render_template("pages/runs/withdraw.html", case=case, form=form), status


__all__ = ["Case"]
