"""Issued documents: stored once with their hash and never changed (a re-issue is a new row)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow
from casework.models.events import refuse_change


class Document(db.Model):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(48), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # Batch documents (minutes, notices, decisions) belong to no single case: the commune scopes them.
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("admin_units.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("case_events.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # A signed copy points at the document the system generated; the copy's bytes start with the original's.
    signed_from_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    storage_path: Mapped[str | None] = mapped_column(String(400))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(80), default="application/pdf")
    template_name: Mapped[str | None] = mapped_column(String(120))
    template_version: Mapped[str | None] = mapped_column(String(40))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The short reference printed beside the QR code; the public verification page looks it up.
    verification_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    document_number: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.kind} v{self.version}>"


event.listen(Document, "before_update", refuse_change)
event.listen(Document, "before_delete", refuse_change)
