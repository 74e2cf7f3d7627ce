"""Hand-off to a desktop signing agent (documents.md §5.3 b): a single-use link to fetch the PDF and post it back.

The agent calls the server without the browser's cookie; the token in the URL is its credential, bound to
one document, stored only as a hash, and good for one download within SIGNING_HANDOFF_MINUTES.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app
from sqlalchemy import select

from casework.extensions import db
from casework.models import User
from casework.models.signing import SigningRequest
from casework.signing import service


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_handoff(signing: SigningRequest, actor: User, now: dt.datetime) -> str:
    """A fresh token for a signing agent: it downloads the PDF once and posts the signed file back."""
    service.require_pending(signing)
    token = secrets.token_urlsafe(32)
    signing.handoff_token_hash = _hash(token)
    signing.handoff_expires_at = now + dt.timedelta(minutes=int(current_app.config["SIGNING_HANDOFF_MINUTES"]))
    signing.handoff_downloaded_at = None
    signing.payload = {**signing.payload, "handoff_by": actor.id}
    return token


def by_handoff_token(token: str, now: dt.datetime) -> SigningRequest | None:
    signing = db.session.execute(
        select(SigningRequest).where(SigningRequest.handoff_token_hash == _hash(token))
    ).scalar_one_or_none()
    if signing is None or signing.status != "pending" or signing.handoff_expires_at is None:
        return None
    if signing.handoff_expires_at < now:
        return None
    return signing


def handoff_download(signing: SigningRequest, now: dt.datetime) -> bytes | None:
    """The PDF for the agent, once per token: a second download means the link leaked."""
    if signing.handoff_downloaded_at is not None:
        return None
    signing.handoff_downloaded_at = now
    content = signing.document.content
    assert content is not None
    return content


def handoff_actor(signing: SigningRequest) -> User:
    user = db.session.get(User, signing.payload.get("handoff_by"))
    assert user is not None  # set with the token
    return user
