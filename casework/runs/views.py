"""The run pages: open a campaign, the run's page that shows every step of it, its whole list, the
batch steps, the chairman's decision and its certificates, and a job's progress.

This package sits above cases, meetings, postings, approvals and decisions: it may use them all,
none of them uses it (they name its endpoints only)."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from casework import clock, permissions
from casework.approvals import policy as upper_policy
from casework.cases import transitions
from casework.cycles import queries as runs
from casework.cycles.service import campaign_warning
from casework.cycles.settings import lists_year, run_settings
from casework.decisions import queries as decision_queries
from casework.decisions import service as decisions
from casework.decisions import tasks as decision_tasks
from casework.decisions.forms import DecisionForm
from casework.decisions.policy import decided_class
from casework.errors import Refused, refuse_into
from casework.extensions import db
from casework.jobs import can_run_again, job_status, lease, run_again
from casework.models import AdminUnit, Case, Job, ReviewRun
from casework.permissions import Permission
from casework.register.forms import entered, show_next
from casework.runs import queries, service, tasks
from casework.runs.forms import LEVEL_LABELS, CampaignForm, UpperLevelForm
from casework.runs.standard import standard_choices, standard_panel
from casework.signing import in_app, sign
from casework.signing import service as signing

bp = Blueprint("runs", __name__)


def _commune_run(run_id: int) -> ReviewRun:
    """The run, for the pages that act for its whole commune: 404 for anyone else."""
    return runs.get_run(current_user, run_id, whole_commune=True) or abort(404)


@bp.get("/runs")
@login_required
def index():  # type: ignore[no-untyped-def]
    return render_template(
        "pages/runs/index.html",
        runs=queries.visible_runs(current_user),
        may_open=permissions.may_open_campaign(current_user),
    )


@bp.route("/runs/new", methods=["GET", "POST"])
@login_required
def new():  # type: ignore[no-untyped-def]
    # Before the form is read: a village head or a read-only role opens no campaign.
    permissions.refuse_unless(permissions.may_open_campaign(current_user))
    communes = queries.communes_to_open(current_user)
    form = CampaignForm()
    form.commune_id.choices = [(c.id, c.name) for c in communes]
    form.rule_set.choices = [
        SelectChoice("", _("Mặc định: chuẩn của năm mà danh sách áp dụng")),
        *(SelectChoice(value, title) for value, title in standard_choices()),
    ]
    if request.method == "GET":
        form.year.data = clock.today().year
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            commune = db.session.get(AdminUnit, form.commune_id.data)
            settings = {"upper_review_level": form.upper_review_level.data} if form.upper_review_level.data else {}
            if form.upper_review_recipient.data:
                settings["upper_review_recipient"] = form.upper_review_recipient.data
            if form.rule_set.data:
                settings["rule_set"] = form.rule_set.data
            try:
                run = service.open_campaign(commune, form.year.data, settings, current_user)
            except Refused as error:
                db.session.rollback()
                refuse_into(form, error)
            else:
                db.session.commit()
                flash(_("Đã mở đợt rà soát định kỳ và lập danh sách hộ cần rà soát."), "success")
                return redirect(url_for("runs.detail", run_id=run.id))
    return render_template("pages/runs/new.html", form=form), status


@bp.get("/runs/<int:run_id>")
@login_required
def detail(run_id: int):  # type: ignore[no-untyped-def]
    """The run's page; a village head sees it too, with their villages' cases and meetings only."""
    run = runs.get_run(current_user, run_id) or abort(404)
    commune_level = runs.commune_level(current_user, run)
    return render_template(
        "pages/runs/detail.html", **_detail_page(run), **_certificates_waiting(run), commune_level=commune_level
    )


def _detail_page(run: ReviewRun, level_form: UpperLevelForm | None = None) -> dict[str, object]:
    cases = queries.run_cases(current_user, run)
    return {
        "run": run,
        "cases": cases,
        "by_village": queries.by_village(cases),
        "states": Counter(c.state for c in cases),
        **_upper_level(run, level_form),
        **standard_panel(run),
        "ready": len([c for c in cases if c.state == "ready_for_decision"]),
        "closed": len([c for c in cases if c.state == "posting_closed"]),
        "still_posted": len([c for c in cases if c.state == "posted"]),
        **_buttons(run, cases),
        **_village_links(run, queries.by_village(cases)),
    }


def _buttons(run: ReviewRun, cases: list[Case]) -> dict[str, bool]:
    """Which of the run's batch steps the user gets a button for: the permission door decides."""
    first: dict[str, Case] = {}
    for case in cases:
        first.setdefault(case.state, case)

    def takes(state: str, trigger: str) -> bool:
        return state in first and permissions.may_fire(current_user, first[state], trigger)

    return {
        "may_list_requests": takes("requested", "list_for_campaign"),
        "may_prepare": takes("posting_closed", "prepare_decision"),
        "may_report_upper": permissions.may_take_upper_step(
            current_user, run, "send_upper", *permissions.UPPER_REPLY_TRIGGERS
        ),
        "may_decide": takes("ready_for_decision", "recognise"),
    }


def _upper_level(run: ReviewRun, form: UpperLevelForm | None) -> dict[str, object]:
    """A campaign's upper review level, the form that changes it and the warning that leads there, both
    for those who may change it while it can still change."""
    level = run_settings(run).upper_review_level
    if run.period_month:
        return {"upper_level": level, "level_label": "", "level_form": None, "level_refusal": None, "warning": None}
    may_set = permissions.may_set_level(current_user, run)
    refusal = upper_policy.level_change_refusal(run) if may_set else None
    if form is None and may_set and not refusal:
        form = UpperLevelForm(formdata=None, upper_review_level=(run.settings or {}).get("upper_review_level", ""))
    return {
        "upper_level": level,
        "level_label": LEVEL_LABELS[str(level)],
        "level_form": form if may_set and (not refusal or (form is not None and form.errors)) else None,
        "level_refusal": refusal,
        "warning": campaign_warning(run) if may_set and not refusal else None,
    }


@bp.post("/runs/<int:run_id>/upper-level")
@login_required
def upper_level(run_id: int):  # type: ignore[no-untyped-def]
    """Change the campaign's upper review level (refused once the report is sent)."""
    run = _commune_run(run_id)
    if run.period_month or not permissions.may_set_level(current_user, run):
        abort(403)
    form = UpperLevelForm()
    if form.validate():
        try:
            service.set_upper_level(run, form.upper_review_level.data or "", current_user)
        except Refused as error:
            db.session.rollback()
            refuse_into(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(_("Đã lưu cấp xin ý kiến cấp trên của đợt rà soát."), "success")
            return redirect(url_for("runs.detail", run_id=run.id))
    else:
        status = 422
    page = _detail_page(run, form)
    return render_template("pages/runs/detail.html", **page, **_certificates_waiting(run), commune_level=True), status


def _village_links(run: ReviewRun, villages: dict) -> dict[str, set[int]]:  # type: ignore[type-arg]
    """The villages whose meeting (the village head) or posting (commune staff) the user records."""
    return {
        "meets_in": {v.id for v in villages if permissions.may_take_run_step(current_user, run, "pass_meeting", v)},
        "posts_in": {v.id for v in villages if permissions.may_post(current_user, run, v)},
    }


def _certificates_waiting(run: ReviewRun, **errors: str) -> dict[str, object]:
    """The run's certificates still unsigned, for the chairman who signed its decision."""
    decision = decision_queries.latest_signed_decision(run)
    if decision is None or not permissions.is_signer(current_user, decision):
        return {"unsigned_certificates": 0, "certificate_errors": errors}
    return {"unsigned_certificates": len(decision_queries.certificates_to_sign(run)), "certificate_errors": errors}


@bp.post("/runs/<int:run_id>/certificates/sign")
@login_required
def sign_certificates(run_id: int):  # type: ignore[no-untyped-def]
    """The chairman signs the decision's certificates in the app, a batch per click."""
    run = _commune_run(run_id)
    decision = decision_queries.latest_signed_decision(run)
    if decision is None or not permissions.is_signer(current_user, decision):
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
    run = _commune_run(run_id)
    moved = transitions.advance_run(run.id, "requested", "list_for_campaign", actor=current_user, today=clock.today())
    db.session.commit()
    flash(_("%(n)d hộ có giấy đề nghị đã vào danh sách rà soát.", n=moved), "success")
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.post("/runs/<int:run_id>/lists/review")
@login_required
def review_list(run_id: int):  # type: ignore[no-untyped-def]
    """The whole run's list as a PDF: queued as a job, since thousands of rows take a while."""
    run = _commune_run(run_id)
    if not permissions.may(current_user, Permission.RUN_LIST_ISSUE, run):
        abort(403)  # before the job is queued: a refused list leaves no job behind
    job = tasks.queue_review_list(run, current_user)
    db.session.commit()
    tasks.render_review_list(job.id)
    return redirect(url_for("runs.job", job_id=job.id))


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):  # type: ignore[no-untyped-def]
    found = db.get_or_404(Job, job_id)
    _commune_run(found.run_id)
    if lease.expire_if_lapsed(found):
        db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return job_status(found)
    return render_template("pages/runs/job.html", job=found)


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry_job(job_id: int):  # type: ignore[no-untyped-def]
    """Run again a job whose worker died; only who asked for it, who had the right to."""
    found = db.get_or_404(Job, job_id)
    _commune_run(found.run_id)
    permissions.refuse_unless(found.created_by_id == current_user.id)
    if not can_run_again(found):
        flash(_("Việc này không chạy lại được."), "error")
        return render_template("pages/runs/job.html", job=found), 409
    queue = run_again(found)
    db.session.commit()
    queue()
    return redirect(url_for("runs.job", job_id=found.id))


@bp.post("/runs/<int:run_id>/prepare")
@login_required
def prepare(run_id: int):  # type: ignore[no-untyped-def]
    run = _commune_run(run_id)
    moved = transitions.advance_run(
        run.id, "posting_closed", "prepare_decision", actor=current_user, today=clock.today()
    )
    db.session.commit()
    flash(_("%(n)d hồ sơ chuyển sang chờ quyết định.", n=moved), "success")
    return redirect(url_for("runs.detail", run_id=run.id))


@bp.route("/runs/<int:run_id>/decision", methods=["GET", "POST"])
@login_required
def decision(run_id: int):  # type: ignore[no-untyped-def]
    run = _commune_run(run_id)
    # The chairman decides: 403 before the form is read or a job is queued.
    permissions.refuse_unless(permissions.may_take_run_step(current_user, run, "recognise"))
    cases = decision_queries.ready_cases(run)
    year = lists_year(run)
    form = DecisionForm()
    if request.method == "GET":
        form.issued_on.data = clock.today().strftime("%d/%m/%Y")
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            data = decisions.DecisionData(entered(form.number), form.symbol.data, form.issued_on.day)
            if len(cases) > current_app.config["DECISION_JOB_THRESHOLD"]:
                job = decision_tasks.queue_decision(run, data, current_user, len(cases))
                db.session.commit()
                decision_tasks.issue_decision(job.id)
                return redirect(url_for("runs.job", job_id=job.id))
            try:
                drafted = decisions.draft(run, data, current_user)
            except Refused as error:
                db.session.rollback()
                refuse_into(form, error)
            else:
                db.session.commit()
                flash(_("Đã lập quyết định; hãy ký số để ban hành."), "success")
                return redirect(url_for("signing.page", request_id=drafted.id))
    listed = {case.id: decided_class(case, year)[0] for case in cases}
    pending = signing.pending_for("recognition_decision", "run_id", run.id)
    _show_next_decision_number(form, run, pending.document_id if pending else None)
    return render_template(
        "pages/runs/decision.html", run=run, cases=cases, listed=listed, form=form, pending_signature=pending,
    ), status  # fmt: skip


def _show_next_decision_number(form: DecisionForm, run: ReviewRun, pending_document: int | None) -> None:
    """The register's next number beside the field (a draft waiting for signature gives its own back)."""
    symbol = form.symbol.data if form.symbol.data and not form.symbol.errors else "QĐ-UBND"
    day = form.issued_on.day or clock.today()
    series = decisions.decision_series(run, decisions.DecisionData(None, symbol, day))
    show_next(form.number, series, [pending_document])


from casework.runs import standard_views  # noqa: E402, F401 -- registers its routes on bp
