"""Background jobs the user waits for (big lists, decisions, postings, imports): progress and outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued / running / done / failed
    # Scope: who may see the job besides its owner (the commune's users with the feature's permission).
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("review_runs.id"), index=True)
    done_rows: Mapped[int] = mapped_column(Integer, default=0)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    # What the user asked for (the decision's number and date, an import's file name...), as validated.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # An uploaded file the job reads, encrypted like every personal ID (it holds them); dropped at the end.
    payload_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    # What the result page shows (counts, notices, per-row errors) and the document made, if any.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The worker's lease: renewed while the job runs; a running job whose lease lapsed lost its worker.
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Failed because its worker died (not because of its input): it may be run again as it was.
    interrupted: Mapped[bool] = mapped_column(default=False, server_default=false())

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else (100 * self.done_rows // self.total_rows if self.total_rows else 0)

    @property
    def retryable(self) -> bool:
        return self.status == "failed" and self.interrupted

    def param(self, name: str, default: Any = None) -> Any:
        return (self.params or {}).get(name, default)

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.status}>"
