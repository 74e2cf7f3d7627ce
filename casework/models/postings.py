"""Public postings (niêm yết), complaints received during them and the re-checks (phúc tra)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class Posting(db.Model):
    __tablename__ = "postings"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))  # None: the whole commune
    places: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    village = relationship("Village")
    complaints: Mapped[list[Complaint]] = relationship(back_populates="posting")
    cases = relationship("Case", secondary="posting_cases", back_populates="postings")


posting_cases = Table(
    "posting_cases",
    db.metadata,
    Column("posting_id", ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), primary_key=True, index=True),
)


class Complaint(db.Model):
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    complainant: Mapped[str] = mapped_column(String(200), default="", info={"privacy": "basic"})
    kind: Mapped[str] = mapped_column(String(20))  # exclusion / inclusion / data_error
    content: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / resolved
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    posting: Mapped[Posting] = relationship(back_populates="complaints")
    case = relationship("Case")
    recheck: Mapped[Recheck | None] = relationship(back_populates="complaint", uselist=False)


class Recheck(db.Model):
    __tablename__ = "rechecks"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    started_on: Mapped[dt.date] = mapped_column(Date)
    finished_on: Mapped[dt.date] = mapped_column(Date)
    team: Mapped[str] = mapped_column(String(300))
    old_class: Mapped[str | None] = mapped_column(String(32))
    new_class: Mapped[str | None] = mapped_column(String(32))
    conclusion: Mapped[str] = mapped_column(String(20))  # upheld / rejected / class_changed
    notes: Mapped[str] = mapped_column(Text, default="")
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="recheck")
