"""One way to run a background job: in an app context of its own, progress on its `Job` row, and a
failure rolled back and recorded for the job page to show (the page must say why, not spin forever).

Documents made in a job carry links (their QR codes) to the address the user reached the app by,
remembered on the job when it was queued, or to `PUBLIC_BASE_URL` when configured.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from contextlib import nullcontext
from contextvars import ContextVar
from typing import Any

from flask import current_app, has_request_context, request, url_for
from huey.api import TaskWrapper
from sqlalchemy import event

from casework.extensions import db
from casework.jobs import lease
from casework.jobs.queue import huey, task_app
from casework.models.base import utcnow
from casework.models.jobs import Job

log = logging.getLogger(__name__)

_base_url: ContextVar[str | None] = ContextVar("job_base_url", default=None)

JobBody = Callable[[Job], None]
TASKS: dict[str, TaskWrapper] = {}  # task name -> task, to run an interrupted job again


def job_task(body: JobBody) -> TaskWrapper:
    """Declare a job's body; calling the returned task with a job id queues it (or runs it at once in tests)."""

    name = f"{body.__module__}.{body.__name__}"

    @huey.task(name=name)
    def task(job_id: int) -> None:
        run_job(job_id, body, name)

    TASKS[name] = task
    return task  # type: ignore[no-any-return]


def run_job(job_id: int, body: JobBody, name: str = "") -> None:
    app = task_app()
    with app.app_context():
        job = db.session.get(Job, job_id)
        if job is None or job.status != "queued":
            return  # gone, or already taken by another worker (a retried job queued twice)
        token = _base_url.set(_public_base(job))
        try:
            job.status, job.started_at = "running", utcnow()
            # Which process ran it (host:pid): in production a consumer, never a web worker.
            job.heartbeat_at, job.params = job.started_at, {**(job.params or {}), "task": name, "worker": worker()}
            db.session.commit()
            log.info("job %d (%s) started by %s", job_id, job.kind, worker())
            with lease.held(job_id) if not huey.immediate else nullcontext():
                body(job)
        except Exception as error:
            _record_failure(job_id, error)
        finally:
            _base_url.reset(token)


def worker() -> str:
    """This process, as the job row records it: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def can_run_again(job: Job) -> bool:
    return job.retryable and job.param("task") in TASKS


def run_again(job: Job) -> Callable[[], None]:
    """Reset an interrupted job; commit, then call the returned function to queue it."""
    task = TASKS[lease.prepare_retry(job)]
    return lambda: task(job.id)


def _record_failure(job_id: int, error: Exception) -> None:
    db.session.rollback()
    job = db.session.get_one(Job, job_id)
    reason = getattr(error, "message", None) or getattr(error, "reason", None) or str(error)
    job.status, job.error, job.finished_at = "failed", str(reason)[:500], utcnow()
    job.payload_ciphertext = None  # an uploaded file held personal data: not kept once the job ends
    db.session.commit()
    log.warning("job %d (%s) failed: %s", job_id, job.kind, type(error).__name__)


class JobContext:
    """What a job body uses besides its row: progress that the polling page sees move."""

    @staticmethod
    def progress(job: Job) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            job.done_rows, job.total_rows = done, total
            db.session.commit()  # only the job row is pending while the work is prepared

        return report

    @staticmethod
    def finish(job: Job, status: str = "done", **values: Any) -> None:
        """Mark the end; the caller commits with the job's own writes (one transaction)."""
        for name, value in values.items():
            setattr(job, name, value)
        job.status, job.finished_at, job.payload_ciphertext = status, utcnow(), None
        job.done_rows = job.total_rows


def job_status(job: Job) -> dict[str, Any]:
    """What a progress page polls for (JSON)."""
    return {
        "status": job.status,
        "done": job.done_rows,
        "total": job.total_rows,
        "percent": job.percent,
        "document_id": job.document_id,
        "error": job.error,
        "result": job.result,
        "can_run_again": can_run_again(job),
    }


def _public_base(job: Job) -> str:
    configured = current_app.config.get("PUBLIC_BASE_URL")
    return str(configured or (job.params or {}).get("base_url") or "http://localhost")


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute address for a document's link: the request's host, or in a job the remembered one."""
    base = _base_url.get()
    if base is None and has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = base or str(current_app.config.get("PUBLIC_BASE_URL") or "http://localhost")
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base.rstrip("/") + path


@event.listens_for(Job, "before_insert")
def _remember_base_url(_mapper: object, _connection: object, job: Job) -> None:
    """The address the user reached the app by, for the job's documents (their QR codes and links)."""
    if has_request_context():
        job.params = {**(job.params or {}), "base_url": request.host_url}
