"""Photos of a dwelling over the API: a JPEG with the GPS position the household agreed to, stored
encrypted; a position without consent, a PNG, garbage or an oversized photo 422 by field; a household
elsewhere 404; a read-only token 403; a retry changes nothing."""

from __future__ import annotations

import base64
import io

from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import func, select

from casework.api.photos import MAX_BYTES
from casework.extensions import db
from casework.models import HouseholdPhoto
from tests.casework.api.helpers import issue
from tests.support.world import World


def picture(kind: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (150, 120, 90)).save(buffer, kind)
    return buffer.getvalue()


def test_a_photo_with_consented_gps_is_kept_encrypted(app: Flask, client: FlaskClient, world: World) -> None:
    head = issue(app, world, "truongthon", "households:write")
    url = f"/api/v1/households/{world.households['a1']}/photos"
    jpeg = picture()
    body = {
        "data": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode(),
        "taken_at": "2026-12-02T09:30:00+07:00",
        "gps_consent": True,
        "latitude": 23.3631,
        "longitude": 105.316,
        "accuracy_m": 12,
    }

    def refused(changes: dict[str, object], headers: dict[str, str] = head) -> tuple[int, str, str]:
        answer = client.post(url, json={**body, **changes}, headers=headers)
        error = answer.json["errors"][0]
        return answer.status_code, error["field"], error["message"]

    assert refused({"gps_consent": False}) == (422, "gps_consent", "Chỉ ghi vị trí GPS khi hộ đã đồng ý.")
    assert refused({"longitude": None}) == (422, "longitude", "Vị trí cần đủ cả vĩ độ và kinh độ.")
    png = "data:image/png;base64," + base64.b64encode(picture("PNG")).decode()
    assert refused({"data": png}) == (422, "data", "Chỉ nhận ảnh JPEG.")
    assert refused({"data": base64.b64encode(picture("PNG")).decode()}) == (422, "data", "Chỉ nhận ảnh JPEG.")
    assert refused({"data": "không phải ảnh"})[:2] == (422, "data")
    huge = base64.b64encode(b"\xff\xd8\xff" + bytes(MAX_BYTES) + b"\xff\xd9").decode()
    assert client.post(url, json={**body, "data": huge}, headers=head).status_code == 422
    reader = issue(app, world, "truongthon", "households:read")
    assert client.post(url, json=body, headers=reader).status_code == 403
    elsewhere = f"/api/v1/households/{world.households['a2']}/photos"
    assert client.post(elsewhere, json=body, headers=head).status_code == 404

    offline = {
        **head,
        "Idempotency-Key": "photo-1",
        "X-Entered-Offline": "1",
        "X-Entered-At": "2026-12-02T09:31:00+07:00",
    }
    done = client.post(url, json=body, headers=offline)
    assert done.status_code == 201, done.json
    assert done.json["size_bytes"] == len(jpeg) and done.json["entered_offline"] is True
    assert (done.json["latitude"], done.json["longitude"], done.json["accuracy_m"]) == (23.3631, 105.316, 12)
    assert client.post(url, json=body, headers=offline).json["id"] == done.json["id"]
    no_position = {"data": body["data"], "gps_consent": False}
    plain = client.post(url, json=no_position, headers=head)
    assert plain.status_code == 201 and plain.json["latitude"] is None and plain.json["entered_offline"] is False
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HouseholdPhoto)) == 2
        photo = db.session.get(HouseholdPhoto, done.json["id"])
        assert photo.content == jpeg and jpeg not in photo.sealed_content  # encrypted at rest
