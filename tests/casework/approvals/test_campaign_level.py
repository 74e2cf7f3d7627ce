"""A campaign's upper approval level: its default by the campaign's start, the province's own choice, and
the change on the campaign page until the report goes; the warning leads there, for those who may change it."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.cycles.settings import run_settings
from casework.extensions import db
from casework.models import AdminUnit, AuditEntry, ReviewRun
from tests.casework.approvals.test_upper import campaign, send, switch
from tests.support.clock import Clock
from tests.support.world import World

WARNING = "từ 01/07/2025 không còn cấp huyện"


def open_campaign(client: FlaskClient, world: World, year: int, **form: str):  # type: ignore[no-untyped-def]
    return client.post("/runs/new", data={"commune_id": str(world.ids["commune_a"]), "year": str(year), **form})


def level_of(app: Flask, run_id: int) -> str | None:
    with app.app_context():
        return run_settings(db.session.get_one(ReviewRun, run_id)).upper_review_level


def run_id_of(response) -> int:  # type: ignore[no-untyped-def]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_new_campaign_goes_to_the_province_after_the_reform_and_to_the_district_before(
    app: Flask, world: World, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 9, 2))
    staff = login_as("canbo")
    assert "Mặc định" in staff.get("/runs/new").get_data(as_text=True)
    after = open_campaign(staff, world, 2026)
    assert after.status_code == 302, after.get_data(as_text=True)[:2000]
    assert level_of(app, run_id_of(after)) == "province"
    page = staff.get(after.headers["Location"]).get_data(as_text=True)
    assert "Cấp tỉnh" in page and "(mặc định)" in page and WARNING not in page

    before = open_campaign(staff, world, 2024)  # its window 01/09-14/12/2024 is before 01/07/2025
    assert before.status_code == 302
    assert level_of(app, run_id_of(before)) == "district"
    assert WARNING not in staff.get(before.headers["Location"]).get_data(as_text=True)


def test_a_province_that_chose_no_upper_level_keeps_it(app: Flask, world: World, login_as, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 9, 2))
    with app.app_context():
        db.session.get_one(AdminUnit, world.ids["province"]).settings = {"upper_review_level": "none"}
        db.session.commit()
    staff = login_as("canbo")
    response = open_campaign(staff, world, 2026)
    assert level_of(app, run_id_of(response)) == "none"
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không xin ý kiến cấp trên" in page


def test_the_warning_links_to_the_setting_and_only_those_who_may_change_it_see_it(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2025, 11, 20))
    run_id, _ids = campaign(app, world)  # district, for a campaign started 01/09/2025
    for username in ("canbo", "chutich"):
        user = switch(client, login_as, username)
        page = user.get(f"/runs/{run_id}").get_data(as_text=True)
        assert WARNING in page and '<a href="#upper-level">Đổi cấp xin ý kiến</a>' in page, username
        assert 'id="upper-level"' in page and 'name="upper_review_level"' in page
    chairman = switch(client, login_as, "chutich")
    upper_page = chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    assert WARNING in upper_page and f'href="/runs/{run_id}#upper-level"' in upper_page
    for username in ("mttq", "truongthon"):
        reader = switch(client, login_as, username)
        page = reader.get(f"/runs/{run_id}").get_data(as_text=True)
        assert WARNING not in page and 'name="upper_review_level"' not in page, username
        assert reader.post(f"/runs/{run_id}/upper-level", data={"upper_review_level": "province"}).status_code in (
            403,
            404,
        )
    assert level_of(app, run_id) == "district"


def test_staff_change_the_level_on_the_campaign_page_and_the_change_is_audited(
    app: Flask, world: World, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2025, 11, 20))
    run_id, _ids = campaign(app, world)
    staff = login_as("canbo")
    bad = staff.post(f"/runs/{run_id}/upper-level", data={"upper_review_level": "commune"})
    assert bad.status_code == 422 and "Lựa chọn không hợp lệ." in bad.get_data(as_text=True)
    assert level_of(app, run_id) == "district"

    changed = staff.post(f"/runs/{run_id}/upper-level", data={"upper_review_level": "province"})
    assert changed.status_code == 302
    page = staff.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "Đã lưu cấp xin ý kiến cấp trên của đợt rà soát." in page and WARNING not in page
    assert level_of(app, run_id) == "province"
    back = staff.post(f"/runs/{run_id}/upper-level", data={"upper_review_level": ""})  # back to the default
    assert back.status_code == 302 and level_of(app, run_id) == "province"  # by its start, 01/09/2025
    with app.app_context():
        assert "upper_review_level" not in db.session.get_one(ReviewRun, run_id).settings
        audited = db.session.execute(select(AuditEntry).where(AuditEntry.action == "campaign_upper_level")).scalars()
        assert [entry.details["level"] for entry in audited] == ["province", "default"]


def test_the_level_cannot_change_once_the_report_is_sent(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2025, 11, 20))
    run_id, _ids = campaign(app, world)
    chairman = login_as("chutich")
    assert send(chairman, run_id).status_code == 302
    staff = switch(client, login_as, "canbo")
    page = staff.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "Đã gửi báo cáo xin ý kiến cấp trên: không thể đổi cấp xin ý kiến" in page
    assert 'name="upper_review_level"' not in page and WARNING not in page
    refused = staff.post(f"/runs/{run_id}/upper-level", data={"upper_review_level": "none"})
    assert refused.status_code == 409
    assert "Đã gửi báo cáo xin ý kiến cấp trên: không thể đổi cấp xin ý kiến" in refused.get_data(as_text=True)
    assert level_of(app, run_id) == "district"
    with app.app_context():
        assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "campaign_upper_level")).first() is None
