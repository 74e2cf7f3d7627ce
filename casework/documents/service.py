"""Issue a document: render it, store its bytes with their SHA-256, template and context, once.

Issued documents are never changed; issuing again makes a new version beside the old one.
Runs inside the caller's transaction, so a transition, its event and its document land together.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from casework.documents.lists import render_list, total_rows
from casework.documents.render import Rendered, render, template_name
from casework.extensions import db
from casework.models import Document, User


@lru_cache(maxsize=64)
def _template_version(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def template_version(kind: str) -> str:
    """The first 12 hex digits of the template's hash: any edit makes a new version."""
    folder = Path(current_app.template_folder or "")
    return _template_version(str(folder / template_name(kind)))


def issue(
    kind: str,
    context: dict[str, Any],
    *,
    actor: User | None,
    case_id: int | None = None,
    commune_id: int | None = None,
    document_number: str | None = None,
    issued_on: Any = None,
    pdf: bytes | None = None,
) -> Document:
    """Render and store; `context["verification"]["code"]` (if any) becomes the public reference.

    `pdf` is the document already rendered from this very context (by a job, outside the transaction).
    """
    if pdf is None and total_rows(context) > current_app.config["LIST_CHUNK_ROWS"]:
        # A list of thousands of rows in one piece takes about a gigabyte: render it in chunks.
        pdf = render_list(kind, context, chunk_rows=current_app.config["LIST_CHUNK_ROWS"], workers=1).pdf
    rendered = (
        Rendered(pdf=pdf, html="", template_name=template_name(kind)) if pdf is not None else render(kind, context)
    )
    previous = db.session.execute(
        select(func.max(Document.version)).where(Document.kind == kind, Document.case_id == case_id)
    ).scalar_one_or_none()
    verification = context.get("verification") or {}
    document = Document(
        kind=kind,
        case_id=case_id,
        commune_id=commune_id,
        version=(previous or 0) + 1,
        content=rendered.pdf,
        sha256=rendered.sha256,
        template_name=rendered.template_name,
        template_version=template_version(kind),
        context=context,
        verification_code=verification.get("code"),
        document_number=document_number,
        issued_on=issued_on,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(document)
    db.session.flush()  # the id goes into the case event that cites it
    return document


def by_reference(reference: str) -> Document | None:
    return db.session.execute(
        select(Document).where(Document.verification_code == reference.strip().upper())
    ).scalar_one_or_none()


def matches(document: Document, uploaded: bytes) -> bool:
    return hashlib.sha256(uploaded).hexdigest() == document.sha256


def store_upload(
    kind: str,
    content: bytes,
    *,
    actor: User | None,
    case_id: int | None = None,
    commune_id: int | None = None,
    media_type: str = "application/pdf",
) -> Document:
    """Keep a file somebody signed outside the system (a withdrawal letter, an upper-level reply)."""
    previous = db.session.execute(
        select(func.max(Document.version)).where(Document.kind == kind, Document.case_id == case_id)
    ).scalar_one_or_none()
    document = Document(
        kind=kind,
        case_id=case_id,
        commune_id=commune_id,
        version=(previous or 0) + 1,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        media_type=media_type,
        context={},
        created_by_id=actor.id if actor else None,
    )
    db.session.add(document)
    db.session.flush()  # the id goes into the case event that cites it
    return document
