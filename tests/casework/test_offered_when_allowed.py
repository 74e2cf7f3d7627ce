"""Each page offers a step only to the users who may take it now, or shows it disabled with the reason;
the forms behind those steps refuse everyone else with 403 before reading or writing anything."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AdminUnit, Case, Job, Role
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World, add_user

REPORT_WAIT = "hồ sơ đang niêm yết: báo cáo cấp trên khi mọi hồ sơ đã kết thúc niêm yết"


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def _page(app: Flask, username: str, url: str) -> str:
    response = _client(app, username).get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.get_data(as_text=True)


def _count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_the_request_form_link_shows_only_for_those_who_log_requests(app: Flask, world: World) -> None:
    household_id = world.households["a1"]
    link = f"/households/{household_id}/requests/new"
    for user in ("canbo", "truongthon"):
        assert link in _page(app, user, f"/households/{household_id}"), user
    for user in ("mttq", "chutich", "rasoat", "tinh", "admin"):
        assert link not in _page(app, user, f"/households/{household_id}"), user


@pytest.mark.parametrize("user", ["mttq", "chutich", "rasoat", "admin"])
def test_the_request_form_refuses_other_roles_before_reading_it(app: Flask, world: World, user: str) -> None:
    client = _client(app, user)
    url = f"/households/{world.households['a1']}/requests/new"
    assert client.get(url).status_code == 403
    before = _count(app, Case)
    response = client.post(url, data={"form": "mau_01", "request_kind": "poor", "reason": "Khó khăn"})
    assert response.status_code == 403
    assert "Vai trò của bạn không được thực hiện bước này" in response.get_data(as_text=True)
    assert _count(app, Case) == before


def test_the_campaign_button_and_form_are_for_commune_staff(app: Flask, world: World, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 20))
    assert "/runs/new" in _page(app, "canbo", "/runs")
    for user in ("truongthon", "mttq", "chutich", "huyen"):
        assert "/runs/new" not in _page(app, user, "/runs"), user
        client = _client(app, user)
        assert client.get("/runs/new").status_code == 403, user
        assert client.post("/runs/new", data={"year": "2027"}).status_code == 403, user


def test_village_links_follow_who_records_the_meeting_and_the_posting(
    app: Flask, world: World, clock: Clock, create_case
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    case = create_case("surveyed")
    village_id = world.ids["village_a1"]
    meeting = f"/runs/{case.run_id}/villages/{village_id}/meeting"
    posting = f"/runs/{case.run_id}/postings/new?village={village_id}"
    head = _page(app, "truongthon", f"/runs/{case.run_id}")
    assert meeting in head and posting not in head
    staff = _page(app, "canbo", f"/runs/{case.run_id}")
    assert posting in staff and meeting not in staff
    for user in ("chutich", "mttq", "rasoat"):
        page = _page(app, user, f"/runs/{case.run_id}")
        assert meeting not in page and posting not in page, user
    assert _client(app, "truongthon").get(meeting).status_code == 200
    for user in ("canbo", "chutich", "mttq"):
        client = _client(app, user)
        assert client.get(meeting).status_code == 403, user
        assert client.post(meeting, data={"held_on": "20/10/2026"}).status_code == 403, user


def test_the_report_to_the_upper_level_waits_while_cases_are_still_posted(
    app: Flask, world: World, clock: Clock, create_case
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 11, 20))
    closed = create_case("posting_closed", household="a2")
    posted = create_case("posted", household="a1", run=closed.run_id)
    report = f'href="/runs/{closed.run_id}/upper"'  # the report link (the level form posts to /upper-level)
    page = _page(app, "chutich", f"/runs/{closed.run_id}")
    assert report not in page and "Còn 1 " + REPORT_WAIT in page
    assert "disabled" in page
    with app.app_context():
        db.session.get_one(Case, posted.id).state = "posting_closed"
        db.session.commit()
    page = _page(app, "chutich", f"/runs/{closed.run_id}")
    assert report in page and REPORT_WAIT not in page


def test_the_records_clerk_neither_drafts_nor_issues_a_decision(
    app: Flask, world: World, clock: Clock, create_case
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 12, 1))
    with app.app_context():
        add_user("vanthu", Role.RECORDS_CLERK, unit=db.session.get_one(AdminUnit, world.ids["commune_a"]))
        db.session.commit()
    case = create_case("ready_for_decision")
    decision = f"/runs/{case.run_id}/decision"
    assert decision in _page(app, "chutich", f"/runs/{case.run_id}")
    assert decision not in _page(app, "vanthu", f"/runs/{case.run_id}")
    assert f"/cases/{case.id}/refuse" not in _page(app, "vanthu", f"/cases/{case.id}")
    client = _client(app, "vanthu")
    assert client.get(decision).status_code == 403
    before = (_count(app, Job), _count(app, Case))
    form = {"number": "12", "symbol": "QĐ-UBND", "issued_on": "01/12/2026"}
    assert client.post(decision, data=form).status_code == 403
    assert (_count(app, Job), _count(app, Case)) == before
    with app.app_context():
        assert db.session.get_one(Case, case.id).state == "ready_for_decision"
