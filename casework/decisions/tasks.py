"""The decision of a big commune: drafted in a job, and its certificates rendered in a job once signed;
and where the chairman goes once the signed decision is committed."""

from __future__ import annotations

import datetime as dt

from flask import url_for

from casework import clock
from casework.decisions import documents as decision_documents
from casework.decisions import service
from casework.extensions import db
from casework.jobs import huey, run_list_job
from casework.models import ListJob, ReviewRun, User
from casework.models.base import utcnow
from casework.models.signing import SigningRequest
from casework.signing import service as signing


def queue_decision(run: ReviewRun, data: service.DecisionData, actor: User, cases: int) -> ListJob:
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
    run_list_job(job_id, _draft_decision)


def _draft_decision(job: ListJob) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id)
    params = job.params or {}
    data = service.DecisionData(params["number"], params["symbol"], dt.date.fromisoformat(params["issued_on"]))
    planned = service.plan(run, data, actor)
    job.status = "running"
    db.session.commit()  # nothing is written yet: the PDF renders outside any write transaction
    pdf = decision_documents.render_decision(planned)
    request = service.prepare(planned, pdf, actor)
    job.document_id, job.status, job.finished_at = request.document_id, "done", utcnow()
    job.params = {**params, "signing_id": request.id}
    db.session.commit()


@huey.task()
def issue_certificates(job_id: int) -> None:
    run_list_job(job_id, _issue_certificates)


def _issue_certificates(job: ListJob) -> None:
    actor = db.session.get_one(User, job.created_by_id)
    request = db.session.get_one(SigningRequest, (job.params or {})["signing_id"])
    planned = service.replan(request, actor)
    job.status = "running"
    db.session.commit()

    def progress(done: int, total: int) -> None:
        job.done_rows, job.total_rows = done, total
        db.session.commit()

    certificates = decision_documents.render_certificates(planned, on_progress=progress)
    service.write(planned, request.signed_document, certificates, actor, clock.today())
    job.document_id, job.status, job.finished_at = request.signed_document_id, "done", utcnow()
    db.session.commit()


@signing.after_commit("recognition_decision")
def _after_decision(request: SigningRequest) -> str:
    """The chairman goes to the job rendering a big commune's certificates, or back to the run."""
    job_id = request.payload.get("certificates_job_id")
    if job_id:
        issue_certificates(job_id)
        return url_for("runs.job", job_id=job_id)
    return url_for("runs.detail", run_id=request.payload["run_id"])
