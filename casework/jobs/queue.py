"""The Huey queue (MIT): a SQLite file in the instance folder by default, Redis at scale.

The instance is created at import with an in-memory store so that features can declare their tasks
with `@huey.task()`; `init_app` then points it at the store the app's configuration names
(`REDIS_URL`, `JOBS_DB`, `JOBS_IMMEDIATE`). Worker processes load the app first
(`huey_consumer casework.jobs.consumer.huey`), so they read the same configuration.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from casework.config import private_file

log = logging.getLogger(__name__)

huey = Huey("casework", storage_class=MemoryStorage)
_consumer_lock = threading.Lock()
_consumer_started = False
_app: Flask | None = None


def init_app(app: Flask) -> None:
    global _app
    _configure_storage(app)
    _app = _app or app
    app.extensions["huey"] = huey
    if app.config.get("JOBS_IN_PROCESS") and not huey.immediate:
        _start_consumer()


def _configure_storage(app: Flask) -> None:
    if app.config.get("JOBS_IMMEDIATE"):
        huey.immediate = True  # tests: a queued task runs at once, in the request's process
        return
    huey.immediate = False
    if app.config.get("REDIS_URL"):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": app.config["REDIS_URL"]}
    else:
        path = Path(app.config.get("JOBS_DB") or Path(app.instance_path) / "jobs.sqlite3")
        path.parent.mkdir(parents=True, exist_ok=True)
        private_file(path)  # queued jobs carry their parameters (a decision's number, an import's name)
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": str(path)}
    huey.storage = huey.create_storage()


def task_app() -> Flask:
    """The app a task runs in: the current one (in-process or immediate), else one per worker process."""
    global _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _app is None:
        from casework import create_app

        _app = create_app()
    return _app


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
