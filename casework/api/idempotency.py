"""Idempotency-Key on writes: the first answer is kept (per token and key) and given again to a retry.

A retry with the same key and the same request changes nothing and gets the same status and body;
the same key with a different request is refused (422). The answer is stored in the write's own
transaction, so a write and its kept answer are committed together, or neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from flask import Response, current_app, g, request
from flask_babel import gettext as _
from sqlalchemy import delete, select, text

from casework.api.errors import fail
from casework.extensions import db
from casework.models import IdempotentAnswer
from casework.models.base import utcnow

HEADER = "Idempotency-Key"
KEPT_HEADERS = ("ETag", "Location")
MAX_KEY = 200


def _request_digest() -> str:
    material = b"\n".join([request.method.encode(), request.path.encode(), request.get_data()])
    return hashlib.sha256(material).hexdigest()


def key() -> str | None:
    value = request.headers.get(HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_KEY:
        raise fail(422, _("Idempotency-Key phải có từ 1 đến %(n)d ký tự.", n=MAX_KEY), HEADER)
    return value


def serialize(value: str) -> None:
    """Two requests with one key at once (a phone's automatic sync and its button) are taken one after the
    other: on PostgreSQL the second waits on a transaction lock of the key until the first has committed,
    then finds its kept answer. (SQLite runs one writer at a time; `endpoint` turns a lost race into a
    replay.)"""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    digest = hashlib.sha256(f"{g.api_token.id}:{value}".encode()).digest()
    lock = int.from_bytes(digest[:8], "big", signed=True)
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock})


def replay(value: str) -> Response | None:
    """The kept answer for this key, or None when the key is new."""
    kept = db.session.execute(
        select(IdempotentAnswer).where(IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.key == value)
    ).scalar_one_or_none()
    if kept is None:
        return None
    if kept.request_sha256 != _request_digest():
        raise fail(422, _("Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy dùng khóa mới."), HEADER)
    response = Response(kept.body, status=kept.status, mimetype="application/json")
    response.headers.update(kept.headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def keep(value: str, response: Response) -> None:
    """Store a successful answer with the write (the caller commits both); the token's answers older
    than API_IDEMPOTENCY_DAYS go (a retry comes within minutes or hours, never weeks later)."""
    oldest = utcnow() - dt.timedelta(days=int(current_app.config["API_IDEMPOTENCY_DAYS"]))
    db.session.execute(
        delete(IdempotentAnswer).where(
            IdempotentAnswer.token_id == g.api_token.id, IdempotentAnswer.created_at < oldest
        )
    )
    db.session.add(
        IdempotentAnswer(
            token_id=g.api_token.id,
            key=value,
            request_sha256=_request_digest(),
            status=response.status_code,
            body=response.get_data(as_text=True),
            headers={name: response.headers[name] for name in KEPT_HEADERS if name in response.headers},
        )
    )


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
