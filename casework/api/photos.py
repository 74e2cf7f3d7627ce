"""Photos of a household's dwelling from the field app: a JPEG (shrunk on the phone), when it was taken
and, only with the household's consent, the GPS position and its accuracy. Stored encrypted at rest."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib

from flask import abort, request
from flask_babel import gettext as _
from pydantic import BaseModel, Field

from casework import permissions
from casework.api.core import bp, endpoint, user
from casework.api.errors import fail
from casework.api.spec import Input, answers, spec
from casework.extensions import db
from casework.field.entries import offline_entry
from casework.households import queries
from casework.models import HouseholdPhoto
from casework.permissions import Permission

TAG = "households"
MAX_BYTES = 2 * 1024 * 1024  # a phone's 1280 px JPEG is a few hundred kB
JPEG_START, JPEG_END = b"\xff\xd8\xff", b"\xff\xd9"


class PhotoIn(Input):
    data: str = Field(
        max_length=(MAX_BYTES * 4) // 3 + 64,
        description="The JPEG, base64 (a data:image/jpeg;base64, prefix is allowed); at most 2 MB",
    )
    taken_at: dt.datetime | None = Field(None, description="When the phone took it (ISO 8601 with its offset)")
    gps_consent: bool = Field(False, description="The household agreed that the position is recorded")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    accuracy_m: int | None = Field(None, ge=0, le=100000, description="The GPS accuracy, in metres")


class PhotoOut(BaseModel):
    id: int
    household_id: int
    size_bytes: int
    sha256: str
    taken_at: dt.datetime | None
    gps_consent: bool
    latitude: float | None
    longitude: float | None
    accuracy_m: int | None
    entered_offline: bool
    created_at: dt.datetime

    @classmethod
    def of(cls, photo: HouseholdPhoto) -> PhotoOut:
        return cls(
            id=photo.id,
            household_id=photo.household_id,
            size_bytes=photo.size_bytes,
            sha256=photo.sha256,
            taken_at=photo.taken_at,
            gps_consent=photo.gps_consent,
            latitude=photo.latitude,
            longitude=photo.longitude,
            accuracy_m=photo.accuracy_m,
            entered_offline=photo.entered_offline,
            created_at=photo.created_at,
        )


def _jpeg(text: str) -> bytes:
    """The photo's bytes; 422 unless they are a JPEG of at most MAX_BYTES."""
    head, comma, rest = text.partition(",")
    if comma and head.startswith("data:"):
        if head != "data:image/jpeg;base64":
            raise fail(422, _("Chỉ nhận ảnh JPEG."), "data")
        text = rest
    try:
        content = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise fail(422, _("Ảnh gửi lên không đọc được (cần mã base64 của tệp JPEG)."), "data") from None
    if len(content) > MAX_BYTES:
        raise fail(422, _("Ảnh lớn quá 2 MB: hãy chụp lại hoặc thu nhỏ ảnh."), "data")
    if not content.startswith(JPEG_START) or not content.rstrip(b"\x00").endswith(JPEG_END):
        raise fail(422, _("Chỉ nhận ảnh JPEG."), "data")
    return content


def _position(data: PhotoIn) -> tuple[float | None, float | None, int | None]:
    given = [value is not None for value in (data.latitude, data.longitude)]
    if any(given) and not data.gps_consent:
        raise fail(422, _("Chỉ ghi vị trí GPS khi hộ đã đồng ý."), "gps_consent")
    if any(given) and not all(given):
        raise fail(422, _("Vị trí cần đủ cả vĩ độ và kinh độ."), "latitude" if data.latitude is None else "longitude")
    if data.latitude is None:
        return None, None, None
    return data.latitude, data.longitude, data.accuracy_m


@bp.post("/households/<int:household_id>/photos")
@spec.validate(json=PhotoIn, resp=answers(PhotoOut, status=201, write=True), tags=[TAG])
@endpoint("households", write=True)
def add_photo(household_id: int, json: PhotoIn):  # type: ignore[no-untyped-def]
    """A photo of the household's dwelling, with the GPS position only when the household agreed."""
    household = queries.get_household(user(), household_id) or abort(404)
    if not permissions.may(user(), Permission.SURVEY_FILL, household):
        abort(403)
    content = _jpeg(json.data)
    latitude, longitude, accuracy = _position(json)
    if json.taken_at is not None and json.taken_at.tzinfo is None:
        raise fail(422, _("Thời điểm chụp cần có múi giờ (ví dụ 2026-12-04T08:00:00+07:00)."), "taken_at")
    photo = HouseholdPhoto(
        household_id=household.id,
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        taken_at=json.taken_at,
        gps_consent=json.gps_consent,
        latitude=latitude,
        longitude=longitude,
        accuracy_m=accuracy,
        entered_offline=bool(offline_entry(request.headers)),
        created_by_id=user().id,
    )
    photo.content = content
    db.session.add(photo)
    db.session.flush()
    return PhotoOut.of(photo), 201, {"Location": f"{request.path}/{photo.id}"}
