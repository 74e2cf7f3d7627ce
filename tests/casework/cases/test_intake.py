"""Commune staff log a Mẫu 01 / Mẫu 04 request: a case, a receipt and the form as filed."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, CaseEvent, Document, Household
from tests.support.clock import Clock
from tests.support.world import World


@pytest.fixture
def today(clock: Clock) -> dt.date:
    day = dt.date(2026, 10, 5)
    return clock.set(day)


def request_data(app: Flask, household_id: int, **changes: str) -> dict[str, str]:
    with app.app_context():
        head = db.session.get(Household, household_id).head
    return {
        "form": "mau_01",
        "request_kind": "poverty_review",
        "applicant_member_id": str(head.id),
        "reason": "Nhà bị lũ cuốn trôi tháng 8",
        "channel": "in_person",
        "signed_place": "Lũng Cú",
        "signed_on": "05/10/2026",
        "received_on": "05/10/2026",
        **changes,
    }


def test_staff_log_a_request_and_the_case_starts_with_its_documents(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    household = world.households["a1"]
    response = client.post(f"/households/{household}/requests/new", data=request_data(app, household))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã tiếp nhận giấy đề nghị" in page
    assert "Rà soát thường xuyên (Mẫu số 01)" in page and "tháng 10/2026" in page
    assert "00715-2026-00001" in page
    with app.app_context():
        case = db.session.execute(select(Case)).scalar_one()
        assert case.state == "requested" and case.deadline is not None
        kinds = sorted(d.kind for d in db.session.execute(select(Document)).scalars())
        assert kinds == ["request_form", "request_receipt"]
        event = db.session.execute(select(CaseEvent)).scalar_one()
        assert (event.trigger, event.actor_role, event.to_state) == ("log_request", "commune_staff", "requested")


def test_a_second_request_in_the_same_cycle_is_refused(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    household = world.households["a1"]
    assert client.post(f"/households/{household}/requests/new", data=request_data(app, household)).status_code == 302
    again = client.post(f"/households/{household}/requests/new", data=request_data(app, household))
    assert again.status_code == 409 and "đã có hồ sơ trong đợt rà soát này" in again.get_data(as_text=True)


def test_bad_requests_are_explained_and_nothing_is_written(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    household = world.households["a1"]
    bad = request_data(app, household, form="mau_04", reason="", signed_on="31/02/2026", received_on="01/01/2099")
    page = client.post(f"/households/{household}/requests/new", data=bad).get_data(as_text=True)
    for message in (
        "Chọn hộ đề nghị thoát nghèo hay thoát cận nghèo.",
        "Không được để trống.",
        "Ngày 31/02/2026 không tồn tại.",
        "Ngày không được ở tương lai.",
    ):
        assert message in page, message
    with app.app_context():
        assert db.session.execute(select(Case)).first() is None


def test_read_only_roles_cannot_log_requests(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    client = login_as("mttq")
    household = world.households["a1"]
    assert client.post(f"/households/{household}/requests/new", data=request_data(app, household)).status_code == 403


def test_a_low_income_worker_request_is_a_case_about_one_person(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    client = login_as("canbo")
    household = world.households["a1"]
    data = request_data(app, household, request_kind="low_income_worker", reason="Làm thuê theo mùa vụ")
    response = client.post(f"/households/{household}/requests/new", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Xác định người lao động có thu nhập thấp" in page
    with app.app_context():
        case = db.session.execute(select(Case)).scalar_one()
        head = db.session.get(Household, household).head
        assert (case.case_type.value, case.subject_member_id) == ("low_income_worker", head.id)
        form = db.session.execute(select(Document).where(Document.kind == "request_form")).scalar_one()
        assert form.context["summary"] == "XÁC ĐỊNH NGƯỜI LAO ĐỘNG CÓ THU NHẬP THẤP"
