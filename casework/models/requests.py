"""A household's request (Mẫu 01 or Mẫu 04) as logged by the commune, with its intake data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, personal, utcnow


class CaseRequest(db.Model):
    __tablename__ = "case_requests"

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True, info=personal("none"))
    form: Mapped[str] = mapped_column(String(8), info=personal("none"))  # "mau_01" / "mau_04"
    # Mẫu 01's title variant: poverty_review or average_living_standard; Mẫu 04: exit.
    request_kind: Mapped[str] = mapped_column(String(32), info=personal("none"))
    requested_exit: Mapped[str | None] = mapped_column(String(20), info=personal("none"))
    applicant_member_id: Mapped[int] = mapped_column(ForeignKey("household_members.id"), info=personal("none"))
    reason: Mapped[str] = mapped_column(Text, default="", info=personal("sensitive"))
    channel: Mapped[str] = mapped_column(String(20), info=personal("none"))
    signed_place: Mapped[str] = mapped_column(String(120), default="", info=personal("basic"))
    signed_on: Mapped[dt.date] = mapped_column(Date, info=personal("none"))
    received_on: Mapped[dt.date] = mapped_column(Date, info=personal("none"))
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), info=personal("none"))
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True, info=personal("none"))
    promised_on: Mapped[dt.date | None] = mapped_column(Date, info=personal("none"))
    notice_version: Mapped[str] = mapped_column(String(20), info=personal("none"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, info=personal("none"))

    case = relationship("Case", back_populates="request")
    applicant = relationship("Member")
