"""Background jobs with Huey (MIT): a SQLite queue in the instance folder by default, the same
tasks on Redis at scale (CASEWORK_REDIS_URL), run by `huey_consumer casework.jobs.huey` or, for the
embedded default, by worker threads inside the web process (CASEWORK_JOBS_IN_PROCESS).

Tasks open their own app context: they may run in another process than the request that queued them.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context, has_request_context, request
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import event

from casework.extensions import db
from casework.models import ListJob
from casework.models.base import utcnow

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent


def _make_huey() -> Huey:
    redis_url = os.environ.get("CASEWORK_REDIS_URL")
    if redis_url:
        return RedisHuey("casework", url=redis_url)
    path = Path(os.environ.get("CASEWORK_JOBS_DB", ROOT / "instance" / "jobs.sqlite3"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("casework", filename=str(path))


huey = _make_huey()
_consumer_lock = threading.Lock()
_consumer_started = False
_app: Flask | None = None


def task_app() -> Flask:
    """The app a task runs in: the current one (in-process or immediate), else one per worker process."""
    global _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _app is None:
        from casework import create_app

        _app = create_app()
    return _app


def init_app(app: Flask) -> None:
    if app.config.get("JOBS_IMMEDIATE"):
        huey.immediate = True  # tests: a queued task runs at once, in the request's process
    global _app
    _app = _app or app
    if app.config.get("JOBS_IN_PROCESS"):
        _start_consumer()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _signal_handlers() -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}


def _restore(handlers: dict[int, Any]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def _start_consumer() -> None:
    global _consumer_started
    with _consumer_lock:
        if _consumer_started:
            return
        consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
        # start() runs the workers in their own threads; the web server keeps the main thread. It also
        # takes over SIGINT and SIGTERM for a consumer loop that never runs here, which would leave
        # Ctrl+C on `make run` doing nothing: the server's own handlers are put back.
        handlers = _signal_handlers()
        consumer.start()
        _restore(handlers)
        _consumer_started = True
        log.info("job worker started in-process")


def enqueue(task: Any, *args: Any) -> None:
    task(*args)


# ---- list jobs (a run's long documents): progress and failure kept on the ListJob row ----------------


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


def run_list_job(job_id: int, body: Callable[[ListJob], None]) -> None:
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
