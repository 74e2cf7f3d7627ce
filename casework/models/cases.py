"""Review runs (a periodic campaign or a monthly cycle of one commune) and the cases in them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow, value_enum


class RunKind(enum.Enum):
    PERIODIC_CAMPAIGN = "periodic_campaign"
    MONTHLY_CYCLE = "monthly_cycle"


class CaseType(enum.Enum):
    PERIODIC_REVIEW = "periodic_review"
    REGULAR_REVIEW = "regular_review"
    EXIT_REQUEST = "exit_request"
    AVERAGE_LIVING_STANDARD = "average_living_standard"
    LOW_INCOME_WORKER = "low_income_worker"


class ReviewRun(db.Model):
    __tablename__ = "review_runs"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'monthly_cycle' AND period_month BETWEEN 1 AND 12)"
            " OR (kind = 'periodic_campaign' AND period_month IS NULL)",
            name="month_matches_kind",
        ),
        db.UniqueConstraint("commune_id", "kind", "period_year", "period_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    kind: Mapped[RunKind] = mapped_column(value_enum(RunKind))
    period_year: Mapped[int] = mapped_column(Integer)
    period_month: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / closed
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    commune = relationship("AdminUnit")
    cases: Mapped[list[Case]] = relationship(back_populates="run")

    @property
    def procedures(self) -> tuple[str, ...]:
        """The procedures its cases follow: a campaign's the periodic review, a monthly cycle's all others."""
        if self.kind is RunKind.PERIODIC_CAMPAIGN:
            return (CaseType.PERIODIC_REVIEW.value,)
        return tuple(t.value for t in CaseType if t is not CaseType.PERIODIC_REVIEW)

    def __repr__(self) -> str:
        return f"<ReviewRun {self.id} {self.kind.value} {self.period_year}/{self.period_month}>"


class Case(db.Model):
    """One household (or, for a low-income worker, one person) in one review run."""

    __tablename__ = "cases"
    __table_args__ = (
        # One case per household per run (procedure.md §14.1); a person for low-income workers.
        Index(
            "uq_cases_household_per_run",
            "run_id",
            "household_id",
            unique=True,
            sqlite_where=text("subject_member_id IS NULL"),
            postgresql_where=text("subject_member_id IS NULL"),
        ),
        db.UniqueConstraint("run_id", "subject_member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_type: Mapped[CaseType] = mapped_column(value_enum(CaseType))
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    subject_member_id: Mapped[int | None] = mapped_column(ForeignKey("household_members.id"))
    origin: Mapped[str] = mapped_column(String(16), default="request")
    state: Mapped[str] = mapped_column(String(32), index=True)
    # Facts the guards read, kept on the case as the procedure moves it along.
    provisional_class: Mapped[str | None] = mapped_column(String(32))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    final_class: Mapped[str | None] = mapped_column(String(32))
    refusal_reasons: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Two people firing transitions on one case: one wins, the other gets StaleDataError (409).
    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 -- read once by SQLAlchemy

    run: Mapped[ReviewRun] = relationship(back_populates="cases")
    household = relationship("Household", lazy="selectin")  # lists show the household of every case
    events = relationship("CaseEvent", back_populates="case", order_by="CaseEvent.id")
    request = relationship("CaseRequest", back_populates="case", uselist=False)
    postings = relationship("Posting", secondary="posting_cases", back_populates="cases", order_by="Posting.id")

    def __repr__(self) -> str:
        return f"<Case {self.id} {self.case_type.value} state={self.state}>"
