"""A province's settings reach its campaigns and cycles; bad values are explained next to the field."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from casework.cycles.settings import run_settings
from casework.extensions import db
from casework.models import AdminUnit, ReviewRun
from tests.support.world import World

GOOD = {
    "upper_review_level": "province",
    "upper_review_recipient": "Chủ tịch UBND tỉnh Tuyên Quang",
    "periodic_window_start": "10-01",
    "periodic_window_end": "12-10",
    "regular_deadline_days": "20",
    "regular_deadline_unit": "working",
    "recheck_working_days": "3",
    "meeting_vote_mode": "whole_list",
    "phieu_a_routing": "all",
    "posting_periodic_review": "5",
    "posting_regular_review": "3",
    "posting_exit_request": "3",
    "posting_average_living_standard": "5",
    "posting_low_income_worker": "5",
}


def test_province_settings_flow_into_a_new_campaign(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    url = f"/units/provinces/{world.ids['province']}/settings"
    assert url in client.get("/units/communes").get_data(as_text=True)
    bad = client.post(url, data={**GOOD, "periodic_window_start": "13-01"})
    assert bad.status_code == 422
    assert "periodic_window_start: ngày 13-01 không tồn tại." in bad.get_data(as_text=True)
    assert client.post(url, data=GOOD).status_code == 302
    client.post("/logout")
    staff = login_as("canbo")
    assert (
        staff.post(
            "/runs/new",
            data={"commune_id": str(world.ids["commune_a"]), "year": "2026", "upper_review_level": "province"},
        ).status_code
        == 302
    )
    with app.test_request_context():
        run = db.session.execute(select(ReviewRun)).scalar_one()
        settings = run_settings(run)
        assert settings.posting_days("periodic_review") == 5 and settings.meeting_vote_mode == "whole_list"
        assert (run.starts_on, run.ends_on) == (dt.date(2026, 10, 1), dt.date(2026, 12, 10))
        assert db.session.get(AdminUnit, world.ids["province"]).settings["phieu_a_routing"] == "all"
    assert staff.get(url).status_code == 403


def test_a_province_chooses_the_level_by_date_and_the_year_its_lists_are_for(
    app: Flask, world: World, login_as
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    url = f"/units/provinces/{world.ids['province']}/settings"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="">Theo ngày bắt đầu đợt' in page  # nothing chosen yet: by date
    assert '<option selected value="campaign">Năm rà soát (mặc định)</option>' in page
    bad = client.post(url, data={**GOOD, "list_year": "next"})
    assert bad.status_code == 422 and "Lựa chọn không hợp lệ." in bad.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(AdminUnit, world.ids["province"]).settings
    assert client.post(url, data={**GOOD, "upper_review_level": "", "list_year": "following"}).status_code == 302
    with app.app_context():
        stored = db.session.get(AdminUnit, world.ids["province"]).settings
        assert "upper_review_level" not in stored and stored["list_year"] == "following"
    page = client.get(url).get_data(as_text=True)
    assert '<option selected value="following">Năm sau năm rà soát</option>' in page
