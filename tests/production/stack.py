"""The production processes on this machine: PostgreSQL, Redis, gunicorn with two workers and one Huey
consumer, each a process of its own, started from the repository's own commands (README, "Running in
production") and stopped at the end. `make prod-check` runs the test that drives them.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import TEST_KEYS
from tests.support.redis import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def server_environment(database_url: str, redis_url: str, folder: Path, pki: Path) -> dict[str, str]:
    """What an operator puts in the service's environment file (README, "Environment")."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("CASEWORK_")},
        **{f"CASEWORK_{key}": value for key, value in TEST_KEYS.items()},
        "CASEWORK_ENV": "production",
        "DATABASE_URL": database_url,
        "CASEWORK_REDIS_URL": redis_url,
        "CASEWORK_DOCUMENTS_STORAGE": "filesystem",
        "CASEWORK_DOCUMENTS_DIR": str(folder / "documents"),
        "CASEWORK_SIGNING_PKI_DIR": str(pki),
        # Plain HTTP on 127.0.0.1 here; behind nginx the cookies stay Secure.
        "CASEWORK_SESSION_COOKIE_SECURE": "0",
        # Two cases are enough to send the posting and the decision to the queue.
        "CASEWORK_POSTING_JOB_THRESHOLD": "0",
        "CASEWORK_DECISION_JOB_THRESHOLD": "0",
        "PYTHONPATH": str(ROOT),
    }


@dataclass
class Processes:
    web: subprocess.Popen[bytes]
    consumer: subprocess.Popen[bytes]
    port: int
    logs: Path

    def stop(self) -> None:
        for process in (self.web, self.consumer):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.web, self.consumer):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start(env: dict[str, str], logs: Path) -> Processes:
    """gunicorn (two workers) and one consumer, as the README starts them."""
    port = free_port()
    logs.mkdir(parents=True, exist_ok=True)
    web_env = {**env, "CASEWORK_BIND": f"127.0.0.1:{port}", "CASEWORK_WEB_WORKERS": "2"}
    with (logs / "web.log").open("wb") as out:  # the child keeps its own descriptor
        web = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT, env=web_env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    with (logs / "consumer.log").open("wb") as out:
        consumer = subprocess.Popen(
            [str(BIN / "huey_consumer"), "casework.jobs.consumer.huey", "--workers", "1", "--worker-type", "thread"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    processes = Processes(web, consumer, port, logs)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if web.poll() is not None or consumer.poll() is not None:
            break
        try:
            if Client(port).get("/login").status == 200 and "consumer" in processes.log("consumer").lower():
                return processes
        except OSError:
            pass
        time.sleep(0.3)
    processes.stop()
    logs_text = f"{processes.log('web')[-3000:]}\n{processes.log('consumer')[-3000:]}"
    raise RuntimeError(f"the servers did not start:\n{logs_text}")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Client:
    """A browser's part of HTTP: cookies, the form's CSRF token, no redirect followed."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def request(self, method: str, path: str, data: dict[str, Any] | None = None, **headers: str) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        body = None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **headers}
        if data is not None:
            body = urllib.parse.urlencode({"csrf_token": self.token, **data}, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, dict(response.getheaders()), response.read().decode(errors="replace"))
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
        finally:
            connection.close()
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', reply.body)
        if found:
            self.token = found.group(1)
        return reply

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, **headers)

    def post(self, path: str, data: dict[str, Any]) -> Reply:
        return self.request("POST", path, data)

    def log_in(self, username: str, password: str) -> None:
        self.get("/login")
        signed_in = self.post("/login", {"username": username, "password": password})
        assert signed_in.status == 302, signed_in.body[:2000]

    def wait_for_job(self, location: str, seconds: float = 180) -> dict[str, Any]:
        path = urllib.parse.urlsplit(location).path
        deadline = time.monotonic() + seconds
        while True:
            status: dict[str, Any] = self.get(path, Accept="application/json").json()
            if status["status"] in {"done", "failed"} or time.monotonic() > deadline:
                return status
            time.sleep(0.3)


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")
