"""A page that refuses a step stops the walk with the step's name and the page's own message."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from casework.documents.gallery.setup import AppClock, GalleryError
from casework.documents.gallery.steps import BASE_URL, Pages
from tests.support.world import PASSWORD, World


def test_a_refused_step_names_itself_and_shows_the_page_s_message(app: Flask, world: World) -> None:
    pages = Pages(app, AppClock(), Path("unused"))
    staff = app.test_client()
    signed_in = staff.post("/login", data={"username": "canbo", "password": PASSWORD}, base_url=BASE_URL)
    assert signed_in.status_code == 302
    pages.use("canbo", staff)
    url = f"/households/{world.households['a1']}/requests/new"
    with pytest.raises(GalleryError) as refused:
        pages.post("Tiếp nhận giấy đề nghị", "canbo", url, {"form": "mau_01", "reason": ""})
    message = str(refused.value)
    assert "«Tiếp nhận giấy đề nghị»" in message and "answered 422" in message
    assert "Không được để trống." in message


def test_the_walk_s_clock_is_put_back() -> None:
    from casework import clock
    from casework.documents.gallery.setup import driven_clock

    real = clock.today
    with driven_clock() as driven:
        import datetime as dt

        driven.set(dt.date(2026, 3, 2))
        assert clock.today() == dt.date(2026, 3, 2)
    assert clock.today is real
