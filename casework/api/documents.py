"""Issued documents: a case's list, one's metadata, its PDF (the web download's access check and access
log entry) and the verification the QR code's public page gives (reference, and whether a copy matches)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from flask import Response, abort
from flask_babel import gettext as _
from pydantic import BaseModel, Field
from sqlalchemy import select

from casework.access import service as access
from casework.api.core import bp, endpoint, token, user
from casework.api.errors import fail
from casework.api.spec import Input, answers, spec
from casework.cases import queries as case_queries
from casework.documents import queries, service
from casework.documents.kinds import kind_label
from casework.extensions import db
from casework.models import Document
from casework.signing import service as signing

TAG = "documents"
MAX_COPY_BYTES = 10 * 1024 * 1024


class DocumentOut(BaseModel):
    id: int
    kind: str
    kind_label: str
    case_id: int | None
    commune_id: int | None
    version: int
    document_number: str | None
    issued_on: dt.date | None
    created_at: dt.datetime
    media_type: str
    sha256: str
    reference: str | None = Field(description="The code printed beside the QR code (verify with it)")
    signed_copy_id: int | None = Field(description="The signed copy of this document, when it was signed")
    signed_from_id: int | None = Field(description="The generated document this one is the signed copy of")

    @classmethod
    def of(cls, document: Document) -> DocumentOut:
        signed = signing.signed_version(document)
        return cls(
            id=document.id,
            kind=document.kind,
            kind_label=kind_label(document.kind),
            case_id=document.case_id,
            commune_id=document.commune_id,
            version=document.version,
            document_number=document.document_number,
            issued_on=document.issued_on,
            created_at=document.created_at,
            media_type=document.media_type,
            sha256=document.sha256,
            reference=document.verification_code,
            signed_copy_id=signed.id if signed else None,
            signed_from_id=document.signed_from_id,
        )


class DocumentList(BaseModel):
    items: list[DocumentOut]


class DocumentFilter(BaseModel):
    case: int = Field(ge=1, le=2**31 - 1, description="The case whose documents to list")


class VerifyIn(Input):
    reference: str = Field(min_length=1, max_length=12, description="The code printed beside the QR code")
    copy_pdf: str | None = Field(None, max_length=14_000_000, description="A copy to compare (base64); optional")


class VerifyOut(BaseModel):
    """What the public verification page shows: nothing more personal than the document makes public."""

    reference: str
    kind: str
    kind_label: str
    document_number: str | None
    issued_on: dt.date
    sha256: str
    signed: bool
    signature_valid: bool | None = Field(description="The kept verification report's verdict, when signed")
    copy_matches: bool | None = Field(description="Whether the copy sent is the stored document (null: none sent)")


def _copy(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise fail(422, _("Hãy gửi bản sao dưới dạng base64."), "copy_pdf") from None


@bp.get("/documents")
@spec.validate(query=DocumentFilter, resp=answers(DocumentList), tags=[TAG])
@endpoint("documents")
def list_documents(query: DocumentFilter) -> DocumentList:
    """The documents issued in a case the token's user reaches, oldest first."""
    case = case_queries.get_case(user(), query.case) or abort(404)
    found = db.session.execute(
        select(Document.id)
        .where(Document.case_id == case.id, Document.sealed_content.is_not(None))
        .order_by(Document.id)
    ).scalars()
    readable = [queries.get_document(user(), document_id) for document_id in found]
    return DocumentList(items=[DocumentOut.of(d) for d in readable if d is not None])


@bp.get("/documents/<int:document_id>")
@spec.validate(resp=answers(DocumentOut), tags=[TAG])
@endpoint("documents")
def get_document(document_id: int) -> DocumentOut:
    """A document's metadata: kind, number, date, fingerprint, verification reference, signed copy."""
    found = queries.get_document(user(), document_id) or abort(404)
    return DocumentOut.of(found)


@bp.get("/documents/<int:document_id>/content")
@spec.validate(resp=answers(None), tags=[TAG])
@endpoint("documents")
def download_document(document_id: int) -> Response:
    """The document's file (PDF), as the web download gives it; the download goes into the access log."""
    found = queries.get_document(user(), document_id) or abort(404)
    access.document_downloaded(user(), found, api_token=token().id)
    return Response(
        found.content,
        mimetype=found.media_type or "application/pdf",
        headers={"Content-Disposition": f'inline; filename="{found.kind}-{found.id}.pdf"'},
    )


@bp.post("/documents/verify")
@spec.validate(json=VerifyIn, resp=answers(VerifyOut), tags=[TAG])
@endpoint("documents")
def verify_document(json: VerifyIn) -> VerifyOut:
    """What the QR code's public page says of a reference; with `copy_pdf`, whether the copy is the document."""
    found = service.by_reference(json.reference) or abort(404)
    signed = signing.signed_version(found) or (found if signing.validation_of(found) else None)
    validation = signing.validation_of(signed) if signed else None
    matches = None
    if json.copy_pdf is not None:
        uploaded = _copy(json.copy_pdf)
        if len(uploaded) > MAX_COPY_BYTES:
            raise fail(422, _("Bản sao tối đa 10 MB."), "copy_pdf")
        matches = service.matches(found, uploaded) or (signed is not None and service.matches(signed, uploaded))
    return VerifyOut(
        reference=found.verification_code or json.reference,
        kind=found.kind,
        kind_label=kind_label(found.kind),
        document_number=found.document_number,
        issued_on=found.issued_on or found.created_at.date(),
        sha256=found.sha256,
        signed=signed is not None,
        signature_valid=validation.valid if validation else None,
        copy_matches=matches,
    )
