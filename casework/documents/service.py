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

from casework.documents.render import render, template_name
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
    event_id: int | None = None,
) -> Document:
    rendered = render(kind, context)
    previous = db.session.execute(
        select(func.max(Document.version)).where(Document.kind == kind, Document.case_id == case_id)
    ).scalar_one_or_none()
    document = Document(
        kind=kind,
        case_id=case_id,
        event_id=event_id,
        version=(previous or 0) + 1,
        content=rendered.pdf,
        sha256=rendered.sha256,
        template_name=rendered.template_name,
        template_version=template_version(kind),
        context=context,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(document)
    return document
