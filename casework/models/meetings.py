"""Village meetings (họp dân): one record per meeting, one vote per household discussed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class VillageMeeting(db.Model):
    __tablename__ = "village_meetings"
    __table_args__ = (CheckConstraint("attendee_count > 0", name="has_attendees"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("villages.id"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    attendee_count: Mapped[int] = mapped_column(Integer)
    vote_mode: Mapped[str] = mapped_column(String(16), default="per_household")
    chair_name: Mapped[str] = mapped_column(String(120))
    secretary_name: Mapped[str] = mapped_column(String(120))
    supervisor_names: Mapped[str] = mapped_column(String(300), default="")
    # People present by category (casework.vocabulary.ATTENDANCE_LABELS); attendee_count is their total.
    # Meetings recorded before the categories hold {} and only the total.
    attendance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    opinions: Mapped[str] = mapped_column(Text, default="", server_default="")  # raised at the meeting
    supervisor_remarks: Mapped[str] = mapped_column(Text, default="", server_default="")  # the Front's supervision
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    votes: Mapped[list[MeetingVote]] = relationship(back_populates="meeting", cascade="all, delete-orphan")
    village = relationship("Village")


class MeetingVote(db.Model):
    __tablename__ = "meeting_votes"
    __table_args__ = (
        db.UniqueConstraint("meeting_id", "case_id"),
        CheckConstraint("agree_count >= 0", name="agree_not_negative"),
        CheckConstraint("disagree_count >= 0", name="disagree_not_negative"),
        CheckConstraint("abstain_count >= 0", name="abstain_not_negative"),
        CheckConstraint(
            "agree_count + coalesce(disagree_count, 0) + coalesce(abstain_count, 0) <= attendee_count",
            name="votes_within_attendance",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("village_meetings.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # Both numbers are kept, never only the ratio (procedure.md §14.6).
    agree_count: Mapped[int] = mapped_column(Integer)
    # None on votes recorded before disagreement and abstention were counted.
    disagree_count: Mapped[int | None] = mapped_column(Integer)
    abstain_count: Mapped[int | None] = mapped_column(Integer)
    attendee_count: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    opinions: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[VillageMeeting] = relationship(back_populates="votes")
    case = relationship("Case", lazy="selectin")  # lists show the case of every row
