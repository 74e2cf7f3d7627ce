"""Append an entry to the audit log, in the caller's transaction (the view commits)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request

from casework.extensions import db
from casework.models import AuditEntry


def record(action: str, *, user_id: int | None, subject: str = "", **details: Any) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        user_id=user_id,
        subject=subject,
        details=details,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
