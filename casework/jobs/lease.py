"""A running job holds a lease its worker renews; a lapsed lease means the worker died.

A worker killed with -9, or a machine restarted in the middle of a decision, cannot record its own
failure: without a lease the job page would say "đang lập…" for ever. The worker renews
`heartbeat_at` from a thread of its own every `JOB_HEARTBEAT_SECONDS`, on its own connection (the
job's work holds the session's transaction open). Whoever looks at a running job whose lease is older
than `JOB_LEASE_SECONDS` (its page, `flask jobs expire`, a consumer starting) marks it failed and
interrupted; an interrupted job can be run again as it was queued, its uploaded file still kept.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from casework.extensions import db
from casework.models.base import utcnow
from casework.models.jobs import Job

log = logging.getLogger(__name__)

# Stored in Vietnamese, the records' language, even from a CLI or a worker (no request, no locale);
# pages show it through the catalogue, like every message of the app.
INTERRUPTED = (
    "Việc xử lý bị dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt); "
    "chưa có gì được ghi. Người đã yêu cầu có thể bấm «Chạy lại»."
)


def lease_seconds() -> int:
    return int(current_app.config["JOB_LEASE_SECONDS"])


def renew(job_id: int) -> None:
    """One renewal, on a connection of its own (never the job's open transaction)."""
    with db.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id, Job.status == "running").values(heartbeat_at=utcnow()))


@contextmanager
def held(job_id: int) -> Iterator[None]:
    """Renew the job's lease until the block ends, whatever the block does."""
    every = float(current_app.config["JOB_HEARTBEAT_SECONDS"])
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()

    def beat() -> None:
        with app.app_context():
            while not stop.wait(every):
                try:
                    renew(job_id)
                except SQLAlchemyError as error:  # a busy SQLite file: the next beat tries again
                    log.debug("job %d: lease not renewed (%s)", job_id, type(error).__name__)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 5)


def lapsed(job: Job, now: dt.datetime) -> bool:
    if job.status != "running":
        return False
    last = job.heartbeat_at or job.started_at
    return last is None or now - last > dt.timedelta(seconds=lease_seconds())


def mark_interrupted(job: Job, now: dt.datetime) -> None:
    job.status, job.interrupted, job.finished_at = "failed", True, now
    job.error = INTERRUPTED
    log.warning("job %d (%s): its worker stopped renewing the lease; marked failed", job.id, job.kind)


def expire_if_lapsed(job: Job, now: dt.datetime | None = None) -> bool:
    """Mark `job` failed when its lease lapsed; the caller commits. True when it did."""
    now = now or utcnow()
    if not lapsed(job, now):
        return False
    mark_interrupted(job, now)
    return True


def expire_lapsed(now: dt.datetime | None = None) -> list[int]:
    """Every running job whose lease lapsed, marked failed; the caller commits. Their ids."""
    now = now or utcnow()
    oldest = now - dt.timedelta(seconds=lease_seconds())
    running = db.session.scalars(select(Job).where(Job.status == "running")).all()
    expired = [job for job in running if (job.heartbeat_at or job.started_at or oldest) <= oldest]
    for job in expired:
        mark_interrupted(job, now)
    return [job.id for job in expired]


def prepare_retry(job: Job) -> str:
    """Put an interrupted job back in the queue's state; the task name to enqueue it with."""
    if not job.retryable:
        raise ValueError(f"job {job.id} is not an interrupted job")
    job.status, job.error, job.interrupted = "queued", None, False
    job.started_at = job.finished_at = job.heartbeat_at = None
    job.done_rows = 0
    return str(job.param("task"))
