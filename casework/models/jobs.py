"""Background jobs the user waits for (big lists): their progress and the document they produce."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class ListJob(db.Model):
    __tablename__ = "list_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    run_id: Mapped[int] = mapped_column(ForeignKey("review_runs.id"), index=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued / running / done / failed
    done_rows: Mapped[int] = mapped_column(Integer, default=0)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    error: Mapped[str | None] = mapped_column(Text)
    # What the user asked for (the decision's number and date...), as validated by the page.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else (100 * self.done_rows // self.total_rows if self.total_rows else 0)
