"""Twenty people (or one impatient click twenty times) send the same new request for one household at
the same moment: one case is made, every other answer is a 409 with a message, nothing half-written.
And after the database drops every connection (a restart), the next request still succeeds."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from casework.extensions import db
from casework.models import Case, CaseRequest, Document, Household
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World

SENDERS = 20


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_simultaneous_identical_new_requests_make_one_case_and_the_others_get_409(
    app: Flask, world: World, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    household_id = world.households["a1"]
    with app.app_context():
        head = db.session.get(Household, household_id).head.id
    data = {
        "form": "mau_01",
        "request_kind": "poverty_review",
        "applicant_member_id": str(head),
        "reason": "Nhà bị lũ cuốn trôi",
        "channel": "in_person",
        "signed_place": "Lũng Cú",
        "signed_on": "20/10/2026",
        "received_on": "20/10/2026",
    }
    signed_in = app.test_client()
    assert signed_in.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302
    cookie = signed_in.get_cookie("session")
    assert cookie is not None
    barrier = threading.Barrier(SENDERS)
    answers: list[tuple[int, str]] = []

    def send() -> None:
        client = app.test_client()
        client.set_cookie("session", cookie.value)
        barrier.wait()
        response = client.post(f"/households/{household_id}/requests/new", data=data)
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = sorted(status for status, _ in answers)
    assert statuses == [302] + [409] * (SENDERS - 1), statuses
    for status, page in answers:
        if status == 409:
            assert "đã có hồ sơ trong đợt rà soát này" in page or "Việc này vừa được thực hiện" in page, page[:2000]
    with app.app_context():
        cases = db.session.execute(select(Case.id).where(Case.household_id == household_id)).scalars().all()
        assert len(cases) == 1
        assert db.session.execute(select(func.count(CaseRequest.id))).scalar_one() == 1
        documents = db.session.execute(select(func.count(Document.id)).where(Document.case_id == cases[0]))
        assert documents.scalar_one() == 2  # the filed request and its receipt, once


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_after_the_database_drops_every_connection_the_next_request_succeeds(app: Flask, world: World) -> None:
    client = app.test_client()
    assert client.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302
    assert client.get("/households/").status_code == 200  # the pool now holds a connection
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    outside = create_engine(url, poolclass=NullPool)
    with outside.connect() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    outside.dispose()
    assert killed >= 1
    assert client.get("/households/").status_code == 200
