"""The review list of a whole run as one PDF, rendered in the background with visible progress.

A commune of thousands of households would keep a request waiting for half a minute: the page
queues a job instead and shows its progress; the list is rendered in chunks (bounded memory) and
stored as a document of the run's commune when done.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from sqlalchemy import func, select

from casework import clock
from casework.cases import paperwork
from casework.cycles.standards import campaign_title
from casework.documents.context.review import review_list
from casework.documents.context.values import HouseholdRow, Issue
from casework.documents.lists import render_list
from casework.documents.service import template_version
from casework.extensions import db
from casework.jobs import JobContext, job_task
from casework.models import Case, Document, Household, Job, ReviewRun, User

KIND = "review_list"


def queue_review_list(run: ReviewRun, actor: User) -> Job:
    total = db.session.execute(select(func.count(Case.id)).where(Case.run_id == run.id)).scalar_one()
    job = Job(kind=KIND, run_id=run.id, commune_id=run.commune_id, created_by_id=actor.id, total_rows=total)
    db.session.add(job)
    return job


def _origin(case: Case) -> str:
    """Why the household is on the list: its request, or the class it was managed as when listed."""
    if case.origin == "request":
        return "request"
    managed = next((e.facts.get("managed_as") for e in case.events if e.trigger == "list_existing"), None)
    return "existing_near_poor" if managed == "near_poor" else "existing_poor"


def _context(run: ReviewRun, actor: User | None) -> dict:
    rows: dict[str, list[HouseholdRow]] = defaultdict(list)
    cases = db.session.execute(
        select(Case).join(Household).where(Case.run_id == run.id).order_by(Household.head_sort_key)
    ).scalars()
    for case in cases:
        head = case.household.head
        rows[case.household.village.name].append(
            HouseholdRow(
                head_name=head.full_name if head else "",
                village=case.household.village.name,
                classification=case.provisional_class or "undetermined",
                member_count=len(case.household.members),
                origin=_origin(case),
            )
        )
    commune = run.commune
    # The list is the steering committee's (TT 07/2021 Phụ lục I): its header and its signature agree.
    # Dated the day it is made; a list has no number of the register (documents.md §3).
    issue = Issue(
        agency=paperwork.steering_agency(commune), issued_on=clock.today(), verification=paperwork.new_verification()
    )
    signer, compiler = paperwork.steering_signatures(commune, actor.full_name if actor else "")
    return review_list(
        issue,
        year=run.period_year,
        commune=paperwork.short_name(commune),
        villages=dict(rows),
        signer=signer,
        compiler=compiler,
        commune_kind=paperwork.commune_kind(commune),
        standard=campaign_title(run),
    )


@job_task
def render_review_list(job: Job) -> None:
    run = db.session.get(ReviewRun, job.run_id)
    actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
    context = _context(run, actor)

    result = render_list(KIND, context, on_progress=JobContext.progress(job))
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
