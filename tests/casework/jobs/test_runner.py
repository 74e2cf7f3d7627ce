"""The one job runner: progress on the row, a failure rolled back and shown, links to the user's address."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.jobs import JobContext, job_task, public_url
from casework.models import Household, Job
from tests.support.world import World

SEEN: dict[str, object] = {}


@job_task
def _count_to_three(job: Job) -> None:
    report = JobContext.progress(job)
    for done in range(1, 4):
        report(done, 3)
    SEEN["link"] = public_url("verify.document", reference="ABCD-2345")
    JobContext.finish(job, result={"counted": 3})
    db.session.commit()


@job_task
def _fail_after_writing(job: Job) -> None:
    db.session.add(Household(village_id=job.param("village_id"), permanent_address="x", current_address="x"))
    db.session.flush()
    raise ValueError("Không đọc được tệp.")


def _queue(world: World, kind: str, **params: object) -> int:
    job = Job(kind=kind, commune_id=world.ids["commune_a"], params=params or None, total_rows=3)
    db.session.add(job)
    db.session.commit()
    return job.id


def test_a_job_reports_progress_and_links_to_the_address_the_user_reached(app: Flask, world: World) -> None:
    with app.test_request_context(base_url="https://xa-lungcu.example.vn/"):
        job_id = _queue(world, "count")
    with app.app_context():
        _count_to_three(job_id)
        job = db.session.get_one(Job, job_id)
        assert (job.status, job.done_rows, job.percent, job.result) == ("done", 3, 100, {"counted": 3})
        assert job.started_at is not None and job.finished_at is not None
    assert SEEN["link"] == "https://xa-lungcu.example.vn/v/ABCD-2345"


def test_the_configured_public_address_wins(app: Flask, world: World) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://rasoat.example.gov.vn"
    with app.test_request_context(base_url="http://10.0.0.5:5000/"):
        job_id = _queue(world, "count")
    with app.app_context():
        _count_to_three(job_id)
    assert SEEN["link"] == "https://rasoat.example.gov.vn/v/ABCD-2345"


def test_a_failing_job_writes_nothing_and_says_why(app: Flask, world: World) -> None:
    with app.app_context():
        before = db.session.scalar(select(func.count(Household.id)))
        job_id = _queue(world, "fail", village_id=world.ids["village_a1"])
        _fail_after_writing(job_id)
        job = db.session.get_one(Job, job_id)
        assert (job.status, job.error) == ("failed", "Không đọc được tệp.")
        assert db.session.scalar(select(func.count(Household.id))) == before
