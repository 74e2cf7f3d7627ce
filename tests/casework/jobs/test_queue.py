"""The embedded job worker must not keep the web server from stopping."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TEST_KEYS

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_ctrl_c_stops_the_server_running_jobs_in_process(tmp_path: Path) -> None:
    env = {
        **os.environ,
        **{f"CASEWORK_{key}": value for key, value in TEST_KEYS.items()},
        "CASEWORK_ENV": "production",  # real secrets given: nothing is written to the instance folder
        "CASEWORK_JOBS_IN_PROCESS": "1",
        "CASEWORK_JOBS_DB": str(tmp_path / "jobs.sqlite3"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'casework.sqlite3'}",
        "FLASK_APP": "wsgi.py",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "run", "--port", str(_free_port())],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        started = time.monotonic()
        for line in server.stdout:
            if "Running on" in line or time.monotonic() - started > 60:
                break
        assert server.poll() is None, "the server did not start"
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) is not None  # Ctrl+C ends it (it used to be swallowed)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()


def test_the_queue_follows_the_app_configuration(tmp_path: Path) -> None:
    from huey.storage import RedisStorage, SqliteStorage

    from casework.jobs import huey
    from tests.conftest import make_app

    url = f"sqlite:///{tmp_path / 'casework.sqlite3'}"
    make_app(url, tmp_path, JOBS_IMMEDIATE=False, JOBS_DB=str(tmp_path / "queue.sqlite3"))
    try:
        assert isinstance(huey.storage, SqliteStorage)
        assert (tmp_path / "queue.sqlite3").exists()
        make_app(url, tmp_path, JOBS_IMMEDIATE=False, REDIS_URL="redis://127.0.0.1:1/0")
        assert isinstance(huey.storage, RedisStorage)  # connects only when a task is queued
    finally:
        make_app(url, tmp_path)  # back to immediate mode for the other tests
    assert huey.immediate
