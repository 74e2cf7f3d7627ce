"""The upper level's review, the commune chairman's decisions (Mẫu 02), certificates (Mẫu 03),
and the recognised status of each household per year that later reviews compare against."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class UpperReview(db.Model):
    __tablename__ = "upper_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # district / province
    recipient: Mapped[str] = mapped_column(String(200), default="")
    sent_on: Mapped[dt.date] = mapped_column(Date)
    report_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    replied_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(24))  # agreed / agreed_with_changes / recheck_requested
    reply_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    reply_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reply_sender: Mapped[str] = mapped_column(String(200), default="")  # when the upper level is not on the system
    recheck_case_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Decision(db.Model):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    number: Mapped[str | None] = mapped_column(String(40))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    signer_name: Mapped[str] = mapped_column(String(120))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class HouseholdStatus(db.Model):
    """A household's recognised class for a year: what the decision says, frozen at issue time."""

    __tablename__ = "household_statuses"
    __table_args__ = (db.UniqueConstraint("household_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    household_class: Mapped[str] = mapped_column(String(32))
    movement: Mapped[str | None] = mapped_column(String(32))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    certificate_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    source: Mapped[str] = mapped_column(String(20), default="decision")  # decision / imported
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    household = relationship("Household")


class CalendarDay(db.Model):
    """An administrator's correction to the working-day calendar (a swapped or extra day off)."""

    __tablename__ = "calendar_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # holiday / working_day
    name: Mapped[str] = mapped_column(String(200), default="")
