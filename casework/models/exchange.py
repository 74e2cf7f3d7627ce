"""Imports of households from spreadsheets that run as background jobs, with their progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class ImportJob(db.Model):
    __tablename__ = "import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    filename: Mapped[str] = mapped_column(String(200), default="")
    # The uploaded file, encrypted like every personal ID (it holds them); dropped once the job ends.
    content_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    valid_only: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued / running / done / failed
    done_rows: Mapped[int] = mapped_column(Integer, default=0)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    # Counts, notices and the per-row errors the result page shows.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else (100 * self.done_rows // self.total_rows if self.total_rows else 0)

    def __repr__(self) -> str:
        return f"<ImportJob {self.id} {self.status}>"
