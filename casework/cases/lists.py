"""The review list of a whole run as one PDF, rendered in the background with visible progress.

A commune of thousands of households would keep a request waiting for half a minute: the page
queues a job instead and shows its progress; the list is rendered in chunks (bounded memory) and
stored as a document of the run's commune when done.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event, func, select

from casework import clock
from casework.cases import decisions, paperwork, postings
from casework.documents import context as ctx
from casework.documents.lists import render_list
from casework.documents.service import template_version
from casework.extensions import db
from casework.jobs import huey, task_app
from casework.models import Case, Document, Household, ListJob, ReviewRun, User
from casework.models.base import utcnow
from casework.models.signing import SigningRequest

log = logging.getLogger(__name__)

KIND = "review_list"


def queue_review_list(run: ReviewRun, actor: User) -> ListJob:
    total = db.session.execute(select(func.count(Case.id)).where(Case.run_id == run.id)).scalar_one()
    job = ListJob(kind=KIND, run_id=run.id, commune_id=run.commune_id, created_by_id=actor.id, total_rows=total)
    db.session.add(job)
    return job


def _context(run: ReviewRun, actor: User | None) -> dict:
    rows: dict[str, list[ctx.HouseholdRow]] = defaultdict(list)
    cases = db.session.execute(
        select(Case).join(Household).where(Case.run_id == run.id).order_by(Household.head_sort_key)
    ).scalars()
    for case in cases:
        head = case.household.head
        rows[case.household.village.name].append(
            ctx.HouseholdRow(
                head_name=head.full_name if head else "",
                village=case.household.village.name,
                classification=case.provisional_class or "undetermined",
                member_count=len(case.household.members),
                origin="request" if case.origin == "request" else "existing_poor",
            )
        )
    commune = run.commune
    issue = ctx.Issue(agency=paperwork.agency(commune), verification=paperwork.new_verification())
    return ctx.review_list(
        issue,
        year=run.period_year,
        commune=paperwork.short_name(commune),
        villages=dict(rows),
        signer=ctx.Signer(actor.full_name if actor else "", block="tm_steering"),
        commune_kind=paperwork.commune_kind(commune),
    )


def _base_url(app: Flask, job: ListJob | None) -> str:
    if app.config["PUBLIC_BASE_URL"]:
        return str(app.config["PUBLIC_BASE_URL"])
    remembered = (job.params or {}).get("base_url") if job else None
    return str(remembered or "http://localhost")


@event.listens_for(ListJob, "before_insert")
def _remember_base_url(_mapper: object, _connection: object, job: ListJob) -> None:
    """The address the user reached the app by, for the job's documents (their QR codes and links)."""
    if has_request_context():
        job.params = {**(job.params or {}), "base_url": request.host_url}


def _run_job(job_id: int, body: Callable[[ListJob], None]) -> None:
    """Run a job's body in an app context of its own; a failure is recorded for the job page to show."""
    app = task_app()
    with app.app_context():
        found = db.session.get(ListJob, job_id)
        base_url = _base_url(app, found)
    # The QR codes and links the documents carry are built for the address the user reached.
    with app.test_request_context(base_url=base_url):
        job = db.session.get(ListJob, job_id)
        if job is None:
            return
        try:
            body(job)
        except Exception as error:  # the job page must say why rather than spin forever
            db.session.rollback()
            job = db.session.get_one(ListJob, job_id)
            reason = getattr(error, "message", None) or getattr(error, "reason", None) or str(error)
            job.status, job.error, job.finished_at = "failed", str(reason)[:500], utcnow()
            db.session.commit()
            log.warning("job %d (%s) failed: %s", job_id, job.kind, reason)


@huey.task()
def render_review_list(job_id: int) -> None:
    _run_job(job_id, _render)


def _render(job: ListJob) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    context = _context(run, actor)
    job.status = "running"
    db.session.commit()

    def progress(done: int, total: int) -> None:
        job.done_rows, job.total_rows = done, total
        db.session.commit()  # each chunk: the page polling the job sees it move

    config = current_app.config
    result = render_list(
        KIND, context, chunk_rows=config["LIST_CHUNK_ROWS"], workers=config["LIST_WORKERS"], on_progress=progress
    )
    document = Document(
        kind=KIND,
        commune_id=run.commune_id,
        content=result.pdf,
        sha256=hashlib.sha256(result.pdf).hexdigest(),
        template_name=result.template_name,
        template_version=template_version(KIND),
        context=context,
        verification_code=(context.get("verification") or {}).get("code"),
        created_by_id=job.created_by_id,
    )
    db.session.add(document)
    db.session.flush()  # the job points at it
    job.document_id, job.status, job.finished_at = document.id, "done", utcnow()
    db.session.commit()


def queue_decision(run: ReviewRun, data: decisions.DecisionData, actor: User, cases: int) -> ListJob:
    """A decision with a long annex: drafted in a job, then signed by the chairman."""
    job = ListJob(
        kind="recognition_decision",
        run_id=run.id,
        commune_id=run.commune_id,
        created_by_id=actor.id,
        total_rows=cases,
        params={"number": data.number, "symbol": data.symbol, "issued_on": data.issued_on.isoformat()},
    )
    db.session.add(job)
    return job


@huey.task()
def issue_decision(job_id: int) -> None:
    _run_job(job_id, _draft_decision)


def _draft_decision(job: ListJob) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id)
    params = job.params or {}
    data = decisions.DecisionData(params["number"], params["symbol"], dt.date.fromisoformat(params["issued_on"]))
    planned = decisions.plan(run, data, actor)
    job.status = "running"
    db.session.commit()  # nothing is written yet: the PDF renders outside any write transaction
    pdf = decisions.render_decision(planned)
    request = decisions.prepare(planned, pdf, actor)
    job.document_id, job.status, job.finished_at = request.document_id, "done", utcnow()
    job.params = {**params, "signing_id": request.id}
    db.session.commit()


@huey.task()
def issue_certificates(job_id: int) -> None:
    _run_job(job_id, _issue_certificates)


def _issue_certificates(job: ListJob) -> None:
    actor = db.session.get_one(User, job.created_by_id)
    request = db.session.get_one(SigningRequest, (job.params or {})["signing_id"])
    planned = decisions.replan(request, actor)
    job.status = "running"
    db.session.commit()

    def progress(done: int, total: int) -> None:
        job.done_rows, job.total_rows = done, total
        db.session.commit()

    certificates = decisions.render_certificates(planned, on_progress=progress)
    decisions.write(planned, request.signed_document, certificates, actor, clock.today())
    job.document_id, job.status, job.finished_at = request.signed_document_id, "done", utcnow()
    db.session.commit()


def queue_posting(plan: postings.PostingPlan, actor: User) -> ListJob:
    """A posting of many households: its notice renders in a job, then the cases are posted at once."""
    job = ListJob(
        kind="posting_notice",
        run_id=plan.run.id,
        commune_id=plan.run.commune_id,
        created_by_id=actor.id,
        total_rows=len(plan.cases),
        params={
            "village_id": plan.village.id if plan.village else None,
            "case_ids": [case.id for case in plan.cases],
            "places": "; ".join(plan.places),
            "starts_on": plan.starts_on.isoformat(),
            "notice_number": plan.notice_number,
        },
    )
    db.session.add(job)
    return job


@huey.task()
def open_posting_job(job_id: int) -> None:
    _run_job(job_id, _open_posting)


def _open_posting(job: ListJob) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id)
    params = job.params or {}
    village = postings.get_village(actor, run, params.get("village_id"))
    ready = postings.ready_cases(actor, run, village)
    plan = postings.plan_posting(
        run,
        village,
        ready,
        params["case_ids"],
        params["places"],
        dt.date.fromisoformat(params["starts_on"]),
        params.get("notice_number"),
    )
    today = clock.today()
    context = postings.notice_context(plan, today)
    job.status = "running"
    db.session.commit()  # nothing is written yet: the notice renders outside any write transaction

    def progress(done: int, total: int) -> None:
        job.done_rows, job.total_rows = done, total
        db.session.commit()

    config = current_app.config
    pdf = render_list(
        "posting_notice", context, chunk_rows=config["LIST_CHUNK_ROWS"], workers=1, on_progress=progress
    ).pdf
    posting = postings.open_posting(plan, actor, today, rendered=(context, pdf))
    db.session.flush()
    job.document_id, job.status, job.finished_at = posting.document_id, "done", utcnow()
    db.session.commit()
