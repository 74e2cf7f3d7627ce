"""Surveys (Phiếu A, B, C) of a household and the classification each produced.

Every survey is kept: a re-survey adds a row, the old one stays. The raw answers and the full
result (with the input it was computed from) are encrypted; a few summary columns stay in clear
so lists and reports can count classes and deprivations without decrypting every survey.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, personal, utcnow, value_enum


class SurveyStatus(enum.Enum):
    DRAFT = "draft"
    COMPLETED = "completed"


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True, info=personal("none"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True, info=personal("none"))
    # The old status is loaded on change: a completed survey reopened moves the kept report figures on.
    status: Mapped[SurveyStatus] = mapped_column(
        value_enum(SurveyStatus, 16), active_history=True, info=personal("none")
    )
    # The period the status is for picks the rule set; ages are computed at the reference date.
    period: Mapped[dt.date] = mapped_column(Date, info=personal("none"))
    reference_date: Mapped[dt.date] = mapped_column(Date, info=personal("none"))
    answers_ciphertext: Mapped[bytes] = mapped_column(LargeBinary, info=personal("sensitive"))
    result_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, info=personal("sensitive"))
    rule_set_id: Mapped[str | None] = mapped_column(String(40), info=personal("none"))
    rule_set_version: Mapped[str | None] = mapped_column(String(20), info=personal("none"))
    household_class: Mapped[str | None] = mapped_column(String(32), index=True, info=personal("sensitive"))
    score_b1: Mapped[int | None] = mapped_column(Integer, info=personal("sensitive"))
    score_b2: Mapped[int | None] = mapped_column(Integer, info=personal("sensitive"))
    deprived_indicators: Mapped[list[str]] = mapped_column(JSON, default=list, info=personal("sensitive"))
    unverified: Mapped[bool] = mapped_column(Boolean, default=False, info=personal("none"))
    # The same answers under the province's local standard (standard.md §11.9), when it has one: shown and
    # reported beside the national result, which alone drives the procedure.
    local_rule_set_id: Mapped[str | None] = mapped_column(String(40), info=personal("none"))
    local_rule_set_version: Mapped[str | None] = mapped_column(String(20), info=personal("none"))
    local_household_class: Mapped[str | None] = mapped_column(String(32), index=True, info=personal("sensitive"))
    local_result_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, info=personal("sensitive"))
    surveyor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), info=personal("basic"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, info=personal("none"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, info=personal("none"))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, info=personal("none"))
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, info=personal("none"))
    # One per rendering of the new-survey form: the same form sent twice (a double click, a retry)
    # finds the survey it already made instead of making another.
    submission_token: Mapped[str | None] = mapped_column(String(36), index=True, unique=True, info=personal("none"))

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 -- read once by SQLAlchemy

    household = relationship("Household")
    surveyor = relationship("User")

    def summary(self) -> dict[str, Any]:
        return {"class": self.household_class, "b1": self.score_b1, "b2": self.score_b2}

    def __repr__(self) -> str:
        return f"<Survey {self.id} household={self.household_id} {self.status.value}>"
