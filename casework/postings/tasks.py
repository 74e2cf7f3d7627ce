"""A posting of many households: its notice renders in a job, then the cases are posted at once."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from casework import clock
from casework.cycles import queries as runs
from casework.documents.lists import render_list
from casework.errors import Refused
from casework.extensions import db
from casework.jobs import JobContext, job_task
from casework.models import Job, ReviewRun, User
from casework.postings import documents, queries, service


def queue_posting(plan: service.PostingPlan, actor: User) -> Job:
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
    village_id = params.get("village_id")
    village = runs.get_village(actor, run, village_id) if village_id is not None else None
    if village_id is not None and village is None:
        raise Refused(_("Không tìm thấy"))  # the village left the user's units meanwhile
    ready = queries.ready_cases(actor, run, village)
    plan = service.plan_posting(
        run,
        village,
        ready,
        params["case_ids"],
        params["places"],
        dt.date.fromisoformat(params["starts_on"]),
        params.get("notice_number"),
    )
    today = clock.today()
    context = documents.notice_context(plan, today)
    db.session.commit()  # nothing is written yet: the notice renders outside any write transaction

    pdf = render_list("posting_notice", context, on_progress=JobContext.progress(job)).pdf
    posting = service.open_posting(plan, actor, today, rendered=(context, pdf))
    db.session.flush()
    JobContext.finish(job, document_id=posting.document_id)
    db.session.commit()
