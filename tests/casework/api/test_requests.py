"""A request logged over the API (Mẫu số 01 / 04): the page's checks, permission and service; the case opens
with its numbered receipt; a retry writes nothing twice."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, Document, Household
from tests.casework.api.helpers import issue
from tests.support.clock import Clock
from tests.support.world import World


def _body(app: Flask, household_id: int, **changes: object) -> dict[str, object]:
    with app.app_context():
        head = db.session.get_one(Household, household_id).head
        applicant = head.id
    return {
        "form": "mau_01",
        "applicant_member_id": applicant,
        "reason": "Nhà bị lũ cuốn trôi",
        "signed_place": "Lũng Cú",
        "signed_on": "2026-10-19",
        "received_on": "2026-10-20",
        **changes,
    }


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_staff_log_a_request_and_the_case_opens_with_its_receipt(
    app: Flask, client: FlaskClient, world: World, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    headers = {**issue(app, world, "canbo", "cases:write"), "Idempotency-Key": "mau01-a1"}
    url = f"/api/v1/households/{world.households['a1']}/requests"
    logged = client.post(url, json=_body(app, world.households["a1"]), headers=headers)
    assert logged.status_code == 201, logged.json
    assert logged.json["state"] == "requested" and logged.headers["Location"] == f"/api/v1/cases/{logged.json['id']}"
    assert logged.json["timeline"][0]["trigger"] == "log_request"
    with app.app_context():
        receipt = db.session.execute(
            select(Document).where(Document.case_id == logged.json["id"], Document.kind == "request_receipt")
        ).scalar_one()
        assert receipt.document_number.endswith("/TNHS") and receipt.issued_on == dt.date(2026, 10, 20)
    again = client.post(url, json=_body(app, world.households["a1"]), headers=headers)
    assert again.status_code == 201 and again.json["id"] == logged.json["id"]
    assert _count(app, Case) == 1


def test_bad_requests_are_refused_by_field_and_write_nothing(
    app: Flask, client: FlaskClient, world: World, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    writer = issue(app, world, "canbo", "cases:write")
    household = world.households["a1"]
    url = f"/api/v1/households/{household}/requests"
    backwards = _body(app, household, signed_on="2026-10-20", received_on="2026-10-19")
    late = client.post(url, json=backwards, headers=writer)
    assert late.status_code == 422 and late.json["errors"][0]["field"] == "received_on"
    assert "trước ngày ký" in late.json["errors"][0]["message"]
    stranger = client.post(url, json=_body(app, household, applicant_member_id=999999), headers=writer)
    assert stranger.status_code == 422 and stranger.json["errors"][0]["field"] == "applicant_member_id"
    future = client.post(url, json=_body(app, household, received_on="2026-10-21"), headers=writer)
    assert future.status_code == 422 and future.json["errors"][0]["field"] == "received_on"
    exit_without_kind = client.post(url, json=_body(app, household, form="mau_04"), headers=writer)
    assert exit_without_kind.status_code == 422 and exit_without_kind.json["errors"][0]["field"] == "requested_exit"
    reader = issue(app, world, "canbo", "cases:read")
    assert client.post(url, json=_body(app, household), headers=reader).status_code == 403
    other = f"/api/v1/households/{world.households['d1']}/requests"
    assert client.post(other, json=_body(app, world.households["d1"]), headers=writer).status_code == 404
    front = issue(app, world, "mttq", "cases:write")  # the Front supervises: it logs no request
    assert client.post(url, json=_body(app, household), headers=front).status_code == 403
    assert _count(app, Case) == 0
