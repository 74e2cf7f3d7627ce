"""API clients: personal access tokens (stored hashed) and the answers kept for idempotent retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.extensions import db
from casework.models.base import UTCDateTime, personal, utcnow


class ApiToken(db.Model):
    """A bearer token acting as its user, narrowed to the features and the access it names.

    Only the SHA-256 of the secret is kept; the secret is shown once, when the token is made.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, info=personal("none"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), info=personal("none"))
    # The first characters of the secret, shown in lists so that people can tell their tokens apart.
    hint: Mapped[str] = mapped_column(String(16), info=personal("none"))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True, info=personal("sensitive"))
    # Features the token may use, each "feature:read" or "feature:write" (write includes read).
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list, info=personal("none"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, info=personal("none"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), info=personal("none"))
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, info=personal("none"))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, info=personal("none"))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, info=personal("none"))

    user = relationship("User", foreign_keys=[user_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"


class IdempotentAnswer(db.Model):
    """The answer to a write sent with an Idempotency-Key: a retry with the same key gets it again."""

    __tablename__ = "api_idempotent_answers"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the method, the path and the body: the same key with another request is refused.
    request_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<IdempotentAnswer {self.id} token={self.token_id}>"


class RateCounter(db.Model):
    """The rate limit's fixed-window counters (casework/api/limits.py): one row per token and window."""

    __tablename__ = "api_rate_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch

    def __repr__(self) -> str:
        return f"<RateCounter {self.key} {self.count}>"
