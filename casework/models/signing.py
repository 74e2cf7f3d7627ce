"""Officials' signing certificates, documents waiting for a signature, and the verification of each signed file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, utcnow
from casework.models.events import refuse_change


class SigningCertificate(db.Model):
    """A certificate an official signs with, registered so a signature can be tied to a person and a role."""

    __tablename__ = "signing_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the DER certificate
    common_name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    serial: Mapped[str] = mapped_column(String(80))
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", foreign_keys=[user_id])


class SigningRequest(db.Model):
    """A generated document waiting for its signature; when a verified signed copy arrives, the step is taken."""

    __tablename__ = "signing_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32), index=True)  # upper_approval / recognition_decision
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"), index=True)
    # Whose signature the step needs: officials of these roles for this unit.
    signer_roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    signer_unit_id: Mapped[int] = mapped_column(ForeignKey("admin_units.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending", server_default="pending")
    # Hand-off to a signing agent: a short-lived token, stored only as its hash.
    handoff_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    handoff_downloaded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    signed_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1")

    document = relationship("Document", foreign_keys=[document_id])
    signed_document = relationship("Document", foreign_keys=[signed_document_id])

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 -- two uploads at once: one wins


class SignatureValidation(db.Model):
    """The verification report of one signed file, kept with it (append-only)."""

    __tablename__ = "signature_validations"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("signing_requests.id"))
    valid: Mapped[bool] = mapped_column(Boolean)
    route: Mapped[str] = mapped_column(String(16))  # pkcs12 / pkcs11 / handoff / upload
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


event.listen(SignatureValidation, "before_update", refuse_change)
event.listen(SignatureValidation, "before_delete", refuse_change)
