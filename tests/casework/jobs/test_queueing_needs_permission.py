"""Every view that queues a job asks the permission door first: refused, it answers 403 and no Job
row is written (nor anything else the job would have done)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from flask import Flask
from sqlalchemy import func, select

from casework.cases import transitions
from casework.decisions import service as decisions
from casework.extensions import db
from casework.models import Job, ReviewRun, User
from casework.permissions import NotPermitted
from tests.casework.cases.helpers import state_of
from tests.casework.decisions.test_decisions import closed_cases
from tests.casework.exchange.helpers import member_file, person
from tests.casework.postings.test_postings import Seeded
from tests.casework.postings.test_postings import seeded as seeded
from tests.support.world import World

TODAY = dt.date(2026, 10, 20)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("casework.clock.today", lambda: TODAY)
    return TODAY


def jobs(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Job)).scalar_one()


def test_the_runs_list_needs_the_list_permission(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    run_id, _ids = closed_cases(app, world, {"a1": "poor"})
    supervisor = login_as("mttq")  # the Front supervises; it reads the run, it issues nothing
    assert "/lists/review" not in supervisor.get(f"/runs/{run_id}").get_data(as_text=True)
    assert supervisor.post(f"/runs/{run_id}/lists/review").status_code == 403
    assert jobs(app) == 0


def test_a_big_decision_needs_the_chairman_before_its_job_is_queued(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["DECISION_JOB_THRESHOLD"] = 0
    run_id, ids = closed_cases(app, world, {"a1": "poor"})
    staff = login_as("canbo")
    assert staff.post(f"/runs/{run_id}/prepare").status_code == 302
    data = {"number": "12", "symbol": "QĐ-UBND", "issued_on": "20/10/2026"}
    refused = staff.post(f"/runs/{run_id}/decision", data=data)
    assert refused.status_code == 403
    assert "Vai trò của bạn không được thực hiện bước này" in refused.get_data(as_text=True)
    assert jobs(app) == 0
    assert state_of(app, ids["a1"]) == "ready_for_decision"


def test_the_certificates_job_asks_for_the_signers_step_first(app: Flask, world: World) -> None:
    run_id, _ids = closed_cases(app, world, {"a1": "poor"})
    with app.test_request_context():
        staff = db.session.get_one(User, world.users["canbo"])
        chairman = db.session.get_one(User, world.users["chutich"])
        transitions.advance_run(run_id, "posting_closed", "prepare_decision", actor=staff, today=TODAY)
        run = db.session.get_one(ReviewRun, run_id)
        request = decisions.draft(run, decisions.DecisionData(12, "QĐ-UBND", TODAY), chairman)
        app.config["DECISION_JOB_THRESHOLD"] = 0  # its certificates go to a job
        with pytest.raises(NotPermitted):
            decisions._decision_signed(request, request.document, staff, TODAY)
        db.session.rollback()
    assert jobs(app) == 0


def test_a_big_posting_needs_the_posting_step_before_its_job_is_queued(  # type: ignore[no-untyped-def]
    app: Flask, seeded: Seeded, login_as
) -> None:
    app.config["POSTING_JOB_THRESHOLD"] = 0
    supervisor = login_as("mttq")
    refused = supervisor.post(
        f"/runs/{seeded.run}/postings/new?village={seeded.village_a1}",
        data={
            "case_ids": [str(seeded.first), str(seeded.second)],
            "places": "Nhà văn hóa thôn Lô Lô Chải",
            "starts_on": "15/10/2026",
            "ends_on": "20/10/2026",
            "action": "confirm",
        },
    )
    assert refused.status_code == 403
    assert jobs(app) == 0
    assert state_of(app, seeded.first) == "meeting_passed"


def test_a_big_import_needs_the_edit_permission_before_its_job_is_queued(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["IMPORT_JOB_THRESHOLD"] = 0
    supervisor = login_as("mttq")
    upload = {
        "file": (io.BytesIO(member_file([person("1", "Hoàng Văn Tú")])), "ho.xlsx"),
        "target": f"c:{world.ids['commune_a']}",
    }
    refused = supervisor.post("/exchange/import", data=upload, content_type="multipart/form-data")
    assert refused.status_code == 403
    assert jobs(app) == 0
