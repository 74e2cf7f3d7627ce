"""The decision of a big commune: drafted in a job, and its certificates rendered in a job once signed;
and where the chairman goes once the signed decision is committed."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from flask_babel import gettext as _

from casework import clock
from casework.decisions import documents as decision_documents
from casework.decisions import service
from casework.extensions import db
from casework.jobs import JobContext, job_task
from casework.models import Job, ReviewRun, User
from casework.models.signing import SigningRequest
from casework.signing import service as signing
from casework.signing.links import links_back


def queue_decision(run: ReviewRun, data: service.DecisionData, actor: User, cases: int) -> Job:
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
    data = service.DecisionData(params["number"], params["symbol"], dt.date.fromisoformat(params["issued_on"]))
    planned = service.plan(run, data, actor)
    db.session.commit()  # nothing is written yet: the PDF renders outside any write transaction
    pdf = decision_documents.render_decision(planned)
    request = service.prepare(planned, pdf, actor)
    JobContext.finish(job, document_id=request.document_id, params={**params, "signing_id": request.id})
    db.session.commit()


@job_task
def issue_certificates(job: Job) -> None:
    actor = db.session.get_one(User, job.created_by_id)
    request = db.session.get_one(SigningRequest, (job.params or {})["signing_id"])
    planned = service.replan(request, actor)

    certificates = decision_documents.render_certificates(planned, on_progress=JobContext.progress(job))
    service.write(planned, request.signed_document, certificates, actor, clock.today())
    JobContext.finish(job, document_id=request.signed_document_id)
    db.session.commit()


@links_back("recognition_decision")
def _decision_links(request: SigningRequest) -> list[tuple[str, str]]:
    """From the signed decision: the certificates' progress (a big commune) and the campaign."""
    links = []
    job_id = request.payload.get("certificates_job_id")
    if job_id:
        links.append((_("Xem tiến độ lập giấy chứng nhận"), url_for("runs.job", job_id=job_id)))
    if request.payload.get("run_id"):
        links.append((_("Quay lại đợt rà soát"), url_for("runs.detail", run_id=request.payload["run_id"])))
    return links


@signing.after_commit("recognition_decision")
def _after_decision(request: SigningRequest) -> str:
    """The chairman goes to the job rendering a big commune's certificates, or back to the run."""
    job_id = request.payload.get("certificates_job_id")
    if job_id:
        issue_certificates(job_id)
        return url_for("runs.job", job_id=job_id)
    return url_for("runs.detail", run_id=request.payload["run_id"])
