"""The production processes together: PostgreSQL, Redis, gunicorn with two workers, one Huey consumer.

A commune officer signs in through gunicorn, opens the campaign list, posts a village's list and the
chairman drafts a decision; both go to the queue on Redis and run in the consumer process (the job row
records its pid), and their documents land in the filesystem store. Never skipped in CI; locally it
is skipped only when redis-server or gunicorn is missing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text

from casework import clock
from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.service import save_household
from casework.models import Case, CaseType, Document, Job, Relationship, ReviewRun, RunKind, Sex
from tests.conftest import make_app
from tests.production import stack
from tests.support import postgres, redis
from tests.support.signing import TestPki
from tests.support.world import PASSWORD, World, build_world, member

MIGRATIONS = str(stack.ROOT / "migrations")


@dataclass
class Seeded:
    periodic_run: int
    village: int
    posted: list[int]
    monthly_run: int


def _needs(binary: str | None, what: str) -> None:
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing: `make test-system-deps` installs it")
        pytest.skip(f"{what} is not installed here")


def _seed(world: World) -> Seeded:
    today = clock.today()
    second = save_household(
        None,
        HouseholdData(
            village_id=world.ids["village_a1"],
            permanent_address="Thôn Lô Lô Chải",
            current_address="Thôn Lô Lô Chải",
            members=[member("Hầu Mí Sùng", Sex.MALE, dt.date(1970, 5, 17), Relationship.HEAD, "002070006006")],
        ),
        actor=None,
    )
    periodic = ReviewRun(
        commune_id=world.ids["commune_a"],
        kind=RunKind.PERIODIC_CAMPAIGN,
        period_year=today.year,
        starts_on=today - dt.timedelta(days=30),
        settings={},
    )
    monthly = ReviewRun(
        commune_id=world.ids["commune_a"],
        kind=RunKind.MONTHLY_CYCLE,
        period_year=today.year,
        period_month=today.month,
        starts_on=today.replace(day=1),
        settings={},
    )
    posted = [
        Case(case_type=CaseType.PERIODIC_REVIEW, run=periodic, household_id=household, origin="existing_list",
             state="meeting_passed", provisional_class=klass)
        for household, klass in ((world.households["a1"], "poor"), (second.id, "near_poor"))
    ]  # fmt: skip
    decided = [
        Case(case_type=CaseType.REGULAR_REVIEW, run=monthly, household_id=world.households[key], origin="request",
             state="posting_closed", provisional_class="poor")
        for key in ("a2",)
    ]  # fmt: skip
    db.session.add_all([periodic, monthly, *posted, *decided])
    db.session.commit()
    return Seeded(periodic.id, world.ids["village_a1"], [case.id for case in posted], monthly.id)


@pytest.fixture(scope="module")
def servers(postgres_cluster: postgres.Cluster, test_pki: TestPki, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    _needs(redis.binary(), "redis-server")
    _needs(shutil.which("gunicorn", path=str(stack.BIN)), "gunicorn")
    folder = tmp_path_factory.mktemp("production")
    url = postgres.create_database(postgres_cluster, "casework_production")
    app = make_app(url, folder, DOCUMENTS_STORAGE="filesystem", DOCUMENTS_DIR=str(folder / "documents"))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        # The settings the README gives for a small machine, per database as an operator would set them.
        db.session.execute(text("ALTER DATABASE casework_production SET jit = off"))
        db.session.execute(text("ALTER DATABASE casework_production SET max_parallel_workers_per_gather = 0"))
        world = build_world()
        test_pki.register_officials()
        seeded = _seed(world)
    queue = redis.start_redis()
    try:
        processes = stack.start(stack.server_environment(url, queue.url, folder, test_pki.folder), folder / "logs")
        try:
            yield app, seeded, processes
        finally:
            processes.stop()
    finally:
        queue.stop()
        with app.app_context():
            db.engine.dispose()


def _ran_in_the_consumer(app, job_id: int, processes: stack.Processes) -> Job:  # type: ignore[no-untyped-def]
    with app.app_context():
        job = db.session.get_one(Job, job_id)
        assert job.param("worker") == f"{socket.gethostname()}:{processes.consumer.pid}"
        return job


def _stored_on_disk(app, document_id: int) -> bytes:  # type: ignore[no-untyped-def]
    with app.app_context():
        document = db.session.get_one(Document, document_id)
        assert document.sealed_content is None and document.storage_path
        assert (Path(app.config["DOCUMENTS_DIR"]) / document.storage_path).is_file()
        content = document.content
        assert content is not None and content.startswith(b"%PDF")
        return content


def _renderers_of(pid: int) -> list[str]:
    """Command lines of the spawned multiprocessing workers among the children any of its threads started."""
    tasks = Path(f"/proc/{pid}/task").iterdir()
    children = [child for task in tasks for child in (task / "children").read_text().split()]
    lines = []
    for child in children:
        try:
            lines.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return [line for line in lines if "spawn_main" in line]


def test_a_walk_through_gunicorn_runs_its_jobs_in_the_consumer(servers) -> None:  # type: ignore[no-untyped-def]
    app, seeded, processes = servers
    # The consumer starts its two list renderers when it starts, before anyone asks for a list.
    deadline = time.monotonic() + 30
    while len(_renderers_of(processes.consumer.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_renderers_of(processes.consumer.pid)) == 2
    officer = stack.Client(processes.port)
    officer.log_in("canbo", PASSWORD)
    campaigns = officer.get("/runs")
    assert campaigns.status == 200 and "Xã Lũng Cú" in campaigns.body
    assert officer.get("/households/?q=Giang+Seo+Pao").status == 200  # a search names a person

    today = clock.today()
    cases = [str(case_id) for case_id in seeded.posted]
    form = {"case_ids": cases, "places": "Nhà văn hóa thôn Lô Lô Chải", "starts_on": stack.day(today)}
    posting = f"/runs/{seeded.periodic_run}/postings/new?village={seeded.village}"
    preview = officer.post(posting, form)
    assert preview.status == 200, preview.body[:2000]
    ends_on = re.search(r'name="ends_on"[^>]*value="([^"]+)"', preview.body).group(1)
    queued = officer.post(posting, {**form, "ends_on": ends_on, "action": "confirm"})
    assert queued.status == 302 and "/jobs/" in queued.headers["Location"], queued.body[:2000]
    status = officer.wait_for_job(queued.headers["Location"])
    assert status["status"] == "done", status
    _ran_in_the_consumer(app, int(queued.headers["Location"].rsplit("/", 1)[1]), processes)
    _stored_on_disk(app, status["document_id"])

    assert officer.post(f"/runs/{seeded.monthly_run}/prepare", {}).status == 302
    chairman = stack.Client(processes.port)
    chairman.log_in("chutich", PASSWORD)
    chairman.get(f"/runs/{seeded.monthly_run}/decision")
    data = {"number": "12", "symbol": "QĐ-UBND", "issued_on": stack.day(today)}
    drafted = chairman.post(f"/runs/{seeded.monthly_run}/decision", data)
    assert drafted.status == 302 and "/jobs/" in drafted.headers["Location"], drafted.body[:2000]
    status = chairman.wait_for_job(drafted.headers["Location"])
    assert status["status"] == "done", status
    _ran_in_the_consumer(app, int(drafted.headers["Location"].rsplit("/", 1)[1]), processes)
    _stored_on_disk(app, status["document_id"])

    # The web workers queued; the consumer ran both (huey logs each task it executed).
    consumed = processes.log("consumer")
    assert "postings.tasks" in consumed and "decisions.tasks" in consumed and "executed in" in consumed
    web_log = processes.log("web")
    assert "executed in" not in web_log
    # gunicorn's access log: the path and the status, never the query string nor the client's address.
    assert re.search(r'"GET /households/" 200 \d+ \d+ms <\d+>', web_log), web_log[-2000:]
    assert "Giang" not in web_log and "127.0.0.1 " not in web_log.replace("Listening at: http://127.0.0.1", "")
    with app.app_context():
        states = db.session.scalars(select(Case.state).where(Case.id.in_(seeded.posted))).all()
    assert set(states) == {"posted"}
