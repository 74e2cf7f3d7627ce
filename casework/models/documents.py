"""Issued documents: stored once with their hash and never changed (a re-issue is a new row)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework import crypto
from casework.documents import storage
from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow
from casework.models.events import refuse_change

CONTENT, CONTEXT = b"document content", b"document context"


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
    # Issued documents name people: content and context are stored encrypted (envelope encryption,
    # casework/crypto.py) under `wrapped_key`; read and write them through `content` and `context`.
    # The sealed content is in `sealed_content`, or in the filesystem store at `storage_path`
    # (casework/documents/storage.py), as CASEWORK_DOCUMENTS_STORAGE chose when it was issued.
    sealed_content: Mapped[bytes | None] = mapped_column("content", LargeBinary)
    storage_path: Mapped[str | None] = mapped_column(String(400), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(80), default="application/pdf")
    template_name: Mapped[str | None] = mapped_column(String(120))
    template_version: Mapped[str | None] = mapped_column(String(40))
    sealed_context: Mapped[bytes | None] = mapped_column("context_sealed", LargeBinary)
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The short reference printed beside the QR code; the public verification page looks it up.
    verification_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    document_number: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case = relationship("Case")

    @property
    def has_content(self) -> bool:
        """Whether the bytes are kept (in the row or in the store), without reading them."""
        return self.sealed_content is not None or bool(self.storage_path)

    # The SHA-256 and the verification code refer to the plaintext bytes the household holds.
    @property
    def content(self) -> bytes | None:
        sealed = self.sealed_content
        if sealed is None and self.storage_path:
            sealed = storage.read(self.storage_path)
        return None if sealed is None else crypto.unseal(self._data_key(), sealed, CONTENT)

    @content.setter
    def content(self, value: bytes | None) -> None:
        sealed = None if value is None else crypto.seal(self._data_key(), value, CONTENT)
        if sealed is not None and storage.place() == storage.FILESYSTEM:
            # Written before the row: a rolled-back transaction leaves an unreferenced sealed file, never
            # a row without its file.
            self.sealed_content, self.storage_path = None, storage.write(sealed)
        else:
            self.sealed_content, self.storage_path = sealed, None

    @property
    def context(self) -> dict[str, Any]:
        """What the template was given: kept to re-issue the document (a signed copy, a new version)."""
        if self.sealed_context is None:
            return {}
        return dict(json.loads(crypto.unseal(self._data_key(), self.sealed_context, CONTEXT)))

    @context.setter
    def context(self, value: dict[str, Any] | None) -> None:
        plain = json.dumps(value or {}, ensure_ascii=False, sort_keys=True).encode()
        self.sealed_context = crypto.seal(self._data_key(), plain, CONTEXT)

    def _data_key(self) -> bytes:
        cached: bytes | None = self.__dict__.get("_plain_key")
        if cached is None:
            if self.wrapped_key is None:
                cached, self.wrapped_key = crypto.new_data_key()
            else:
                cached = crypto.unwrap(self.wrapped_key)
            self.__dict__["_plain_key"] = cached
        return cached

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.kind} v{self.version}>"


event.listen(Document, "before_update", refuse_change)
event.listen(Document, "before_delete", refuse_change)
