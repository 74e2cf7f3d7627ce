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

from flask import current_app
from sqlalchemy import func, select

from casework import clock
from casework.cases import decisions, paperwork, postings
from casework.documents import context as ctx
from casework.documents.lists import render_list
from casework.documents.service import template_version
from casework.extensions import db
from casework.jobs import JobContext, job_task
from casework.models import Case, Document, Household, Job, ReviewRun, User
from casework.models.signing import SigningRequest

log = logging.getLogger(__name__)

KIND = "review_list"


def queue_review_list(run: ReviewRun, actor: User) -> Job:
    total = db.session.execute(select(func.count(Case.id)).where(Case.run_id == run.id)).scalar_one()
    job = Job(kind=KIND, run_id=run.id, commune_id=run.commune_id, created_by_id=actor.id, total_rows=total)
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


@job_task
def render_review_list(job: Job) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    context = _context(run, actor)

    config = current_app.config
    result = render_list(
        KIND,
        context,
        chunk_rows=config["LIST_CHUNK_ROWS"],
        workers=config["LIST_WORKERS"],
        on_progress=JobContext.progress(job),
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
    JobContext.finish(job, document_id=document.id)
    db.session.commit()


def queue_decision(run: ReviewRun, data: decisions.DecisionData, actor: User, cases: int) -> Job:
    """A decision with a long annex: drafted in a job, then signed by the chairman."""
    job = Job(
        kind="recognition_decision",
        run_id=run.id,
        commune_id=run.commune_id,
        created_by_id=actor.id,
        total_rows=cases,
        params={"number": data.number, "symbol": data.symbol, "issued_on": data.issued_on.isoformat()},
    )
    db.session.add(job)
    return job


@job_task
def issue_decision(job: Job) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id)
    params = job.params or {}
    data = decisions.DecisionData(params["number"], params["symbol"], dt.date.fromisoformat(params["issued_on"]))
    planned = decisions.plan(run, data, actor)
    db.session.commit()  # nothing is written yet: the PDF renders outside any write transaction
    pdf = decisions.render_decision(planned)
    request = decisions.prepare(planned, pdf, actor)
    JobContext.finish(job, document_id=request.document_id, params={**params, "signing_id": request.id})
    db.session.commit()


@job_task
def issue_certificates(job: Job) -> None:
    actor = db.session.get_one(User, job.created_by_id)
    request = db.session.get_one(SigningRequest, (job.params or {})["signing_id"])
    planned = decisions.replan(request, actor)

    certificates = decisions.render_certificates(planned, on_progress=JobContext.progress(job))
    decisions.write(planned, request.signed_document, certificates, actor, clock.today())
    JobContext.finish(job, document_id=request.signed_document_id)
    db.session.commit()


def queue_posting(plan: postings.PostingPlan, actor: User) -> Job:
    """A posting of many households: its notice renders in a job, then the cases are posted at once."""
    job = Job(
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


@job_task
def open_posting_job(job: Job) -> None:
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
    db.session.commit()  # nothing is written yet: the notice renders outside any write transaction

    config = current_app.config
    pdf = render_list(
        "posting_notice", context, chunk_rows=config["LIST_CHUNK_ROWS"], workers=1, on_progress=JobContext.progress(job)
    ).pdf
    posting = postings.open_posting(plan, actor, today, rendered=(context, pdf))
    db.session.flush()
    JobContext.finish(job, document_id=posting.document_id)
    db.session.commit()
