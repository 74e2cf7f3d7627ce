"""An administrator corrects the working-day calendar, and posting deadlines follow it."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from casework.cycles.settings import working_calendar
from tests.support.world import World


def test_an_extra_day_off_moves_deadlines_and_only_admins_edit(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    page = client.get("/calendar/?year=2027").get_data(as_text=True)
    assert "Tết" in page or "tết" in page.lower()
    monday = dt.date(2026, 10, 12)
    with app.test_request_context():
        assert working_calendar().add_working_days(dt.date(2026, 10, 9), 1) == monday
    assert (
        client.post("/calendar/", data={"day": "12/10/2026", "kind": "holiday", "name": "Nghỉ bù (thử)"}).status_code
        == 302
    )
    duplicate = client.post("/calendar/", data={"day": "12/10/2026", "kind": "holiday"})
    assert duplicate.status_code == 422 and "đã có điều chỉnh" in duplicate.get_data(as_text=True)
    bad = client.post("/calendar/", data={"day": "32/10/2026", "kind": "holiday"})
    assert bad.status_code == 422 and "không tồn tại" in bad.get_data(as_text=True)
    with app.test_request_context():
        assert working_calendar().add_working_days(dt.date(2026, 10, 9), 1) == dt.date(2026, 10, 13)
    client.post("/logout")
    assert login_as("canbo").get("/calendar/").status_code == 403
