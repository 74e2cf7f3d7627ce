"""The dwelling's photos from the field app on the household page: shown to whoever reads the household's
surveys, each look logged; out of reach outside the user's units."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEntry, HouseholdPhoto
from tests.support.world import PASSWORD, World

JPEG = b"\xff\xd8\xff\xe0 a dwelling \xff\xd9"


def _photo(app: Flask, world: World, *, consent: bool) -> int:
    with app.app_context():
        photo = HouseholdPhoto(
            household_id=world.households["a1"],
            sha256="0" * 64,
            size_bytes=len(JPEG),
            taken_at=dt.datetime(2026, 10, 3, 2, 15, tzinfo=dt.UTC),
            gps_consent=consent,
            latitude=23.3631 if consent else None,
            longitude=105.316 if consent else None,
            accuracy_m=12 if consent else None,
            entered_offline=True,
        )
        photo.content = JPEG
        db.session.add(photo)
        db.session.commit()
        return photo.id


def test_the_household_page_shows_the_dwelling_photos_and_logs_each_look(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with_gps = _photo(app, world, consent=True)
    without = _photo(app, world, consent=False)
    household = world.households["a1"]
    page = login_as("canbo").get(f"/households/{household}").get_data(as_text=True)
    assert "Ảnh nhà ở" in page
    assert f"/households/{household}/photos/{with_gps}" in page and f"/households/{household}/photos/{without}" in page
    assert "Chụp lúc 03/10/2026 09:15" in page  # Vietnam's time
    assert "Vị trí 23.36310, 105.31600 (sai số 12 m)" in page
    assert "Không ghi vị trí (hộ không đồng ý)" in page
    assert "Chụp ngoại tuyến trên ứng dụng thực địa" in page

    image = login_as("canbo").get(f"/households/{household}/photos/{with_gps}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg" and image.data == JPEG
    assert "no-store" in image.headers["Cache-Control"]
    with app.app_context():
        looked = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "household_photo_view").order_by(AuditEntry.id.desc())
        ).scalar()
        assert looked.subject == f"photo:{with_gps}" and looked.details["household_id"] == household


def _signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_photos_stay_with_those_who_read_surveys_and_within_their_units(app: Flask, world: World) -> None:
    photo = _photo(app, world, consent=False)
    household = world.households["a1"]
    front = _signed_in(app, "mttq")  # reads the household, not its surveys
    assert "Ảnh nhà ở" not in front.get(f"/households/{household}").get_data(as_text=True)
    assert front.get(f"/households/{household}/photos/{photo}").status_code == 403
    other_commune = _signed_in(app, "canbo_b")
    assert other_commune.get(f"/households/{household}/photos/{photo}").status_code == 404
    neighbour = world.households["a2"]  # in canbo's commune, but not the photo's household
    assert _signed_in(app, "canbo").get(f"/households/{neighbour}/photos/{photo}").status_code == 404
