"""Photos of a household's dwelling taken on the field app's phone, with the GPS position when the
household agreed to it. A photo shows a home and its people: its bytes are stored encrypted (envelope
encryption, casework/crypto.py, as issued documents are) and read through `content`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework import crypto
from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow

CONTENT = b"household photo"


class HouseholdPhoto(db.Model):
    __tablename__ = "household_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    sealed_content: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped_key: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(40), default="image/jpeg")
    taken_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The position is kept only with the household's consent; without it the three stay empty.
    gps_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[int | None] = mapped_column(Integer)
    entered_offline: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    household = relationship("Household")

    @property
    def content(self) -> bytes:
        return crypto.unseal(crypto.unwrap(self.wrapped_key), self.sealed_content, CONTENT)

    @content.setter
    def content(self, value: bytes) -> None:
        key, self.wrapped_key = crypto.new_data_key()
        self.sealed_content = crypto.seal(key, value, CONTENT)
