"""A job whose worker died is not left "running" for ever: its lease lapses, the page says so, and
the person who asked for it runs it again."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.jobs import lease
from casework.models import Job, ReviewRun, RunKind, User
from casework.models.base import utcnow
from casework.runs.tasks import queue_review_list
from tests.conftest import TEST_KEYS
from tests.support.world import World

ROOT = Path(__file__).resolve().parents[3]
REVIEW_LIST_TASK = "casework.runs.tasks.render_review_list"
RUN_AGAIN = 'type="submit">Chạy lại</button>'

# A worker process that takes the job and then hangs in its body, renewing its lease until killed.
WORKER = """
import json, os, sys, time
sys.path.insert(0, os.environ["ROOT"])
from casework import create_app
from casework.jobs.runner import run_job

config = json.loads(os.environ["WORKER_CONFIG"])
app = create_app(config)
app.instance_path = os.environ["WORKER_INSTANCE"]

def hang(job):
    print("taken", flush=True)
    time.sleep(600)

with app.app_context():
    run_job(int(os.environ["JOB_ID"]), hang, os.environ["TASK"])
"""


def _campaign(app: Flask, world: World) -> tuple[int, int]:
    with app.app_context():
        officer = db.session.execute(select(User).where(User.username == "canbo")).scalar_one()
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 10, 1),
        )
        db.session.add(run)
        db.session.flush()
        job = queue_review_list(run, officer)
        db.session.commit()
        return run.id, job.id


def _start_worker(app: Flask, job_id: int, tmp_path: Path) -> subprocess.Popen[str]:
    config = {
        "ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_DB": str(tmp_path / "queue.sqlite3"),
        "JOB_HEARTBEAT_SECONDS": 0.1,
        **TEST_KEYS,
    }
    env = {
        **os.environ,
        "ROOT": str(ROOT),
        "WORKER_CONFIG": json.dumps(config),
        "WORKER_INSTANCE": str(tmp_path),
        "JOB_ID": str(job_id),
        "TASK": REVIEW_LIST_TASK,
    }
    worker = subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None and worker.stdout.readline().strip() == "taken"
    return worker


def _job(app: Flask, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        db.session.expunge(job)
        return job


def _wait_for_renewal(app: Flask, job_id: int, after: dt.datetime) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        heartbeat = _job(app, job_id).heartbeat_at
        if heartbeat is not None and heartbeat > after:
            return
        time.sleep(0.1)
    raise AssertionError("the worker never renewed its lease")


def test_a_killed_worker_leaves_a_failed_job_that_its_owner_runs_again(
    app: Flask, world: World, client: FlaskClient, login_as, tmp_path: Path
) -> None:
    run_id, job_id = _campaign(app, world)
    worker = _start_worker(app, job_id, tmp_path)
    try:
        started = _job(app, job_id)
        assert started.status == "running"
        _wait_for_renewal(app, job_id, started.heartbeat_at)  # alive: the lease moves on
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        worker.stdout.close()  # type: ignore[union-attr]

    app.config["JOB_LEASE_SECONDS"] = 1
    time.sleep(1.5)
    login_as("canbo")
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "bị dừng giữa chừng" in page and RUN_AGAIN in page
    failed = _job(app, job_id)
    assert (failed.status, failed.interrupted) == ("failed", True)

    response = client.post(f"/jobs/{job_id}/retry")
    assert response.status_code == 302
    done = _job(app, job_id)
    assert done.status == "done" and done.document_id is not None and done.error is None
    assert "Mở danh sách (PDF)" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReviewRun, run_id) is not None


def test_a_job_whose_worker_renews_its_lease_is_not_expired(app: Flask, world: World) -> None:
    _, job_id = _campaign(app, world)
    app.config.update(JOB_HEARTBEAT_SECONDS=0.05, JOB_LEASE_SECONDS=1)
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        job.status, job.started_at = "running", utcnow() - dt.timedelta(seconds=30)
        job.heartbeat_at = job.started_at
        db.session.commit()
        with lease.held(job_id):
            _wait_for_renewal(app, job_id, job.started_at)
        db.session.expire_all()
        assert lease.expire_lapsed() == []
        assert db.session.get_one(Job, job_id).status == "running"


def test_only_who_asked_for_the_job_may_run_it_again(app: Flask, world: World, client: FlaskClient, login_as) -> None:
    _, job_id = _campaign(app, world)
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        job.status, job.started_at = "running", utcnow() - dt.timedelta(hours=1)
        job.params = {"task": REVIEW_LIST_TASK}
        assert lease.expire_lapsed() == [job_id]
        db.session.commit()
    login_as("chutich")
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200 and RUN_AGAIN not in page.get_data(as_text=True)
    assert client.post(f"/jobs/{job_id}/retry").status_code == 403
    assert _job(app, job_id).status == "failed"


def test_a_job_that_failed_on_its_input_is_not_offered_again(
    app: Flask, world: World, client: FlaskClient, login_as
) -> None:
    _, job_id = _campaign(app, world)
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        job.status, job.error, job.params = "failed", "Không đọc được tệp.", {"task": REVIEW_LIST_TASK}
        db.session.commit()
    login_as("canbo")
    assert RUN_AGAIN not in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert client.post(f"/jobs/{job_id}/retry").status_code == 409
    assert _job(app, job_id).status == "failed"
