"""Personal access tokens: made (the secret shown once), found by the SHA-256 of the secret, revoked.

A token acts as its user through the same permission door as the web, narrowed by its scopes: each
scope is "<feature>:read" or "<feature>:write" (write includes read). A resource module names its
feature in `FEATURES` (the label shown on the token pages) and in its `@endpoint(...)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from casework import audit
from casework.extensions import db
from casework.models import ApiToken, User
from casework.models.base import utcnow

PREFIX = "rasoat_"
# What a token may reach, feature by feature (the resource modules' `@endpoint` names).
FEATURES = {
    "households": _l("Hộ gia đình và thành viên"),
    "cases": _l("Hồ sơ rà soát và các bước xử lý"),
}
ACCESS = {"read": _l("Chỉ đọc"), "write": _l("Đọc và ghi")}
MAX_DAYS = 366


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def scopes_for(features: list[str], access: str) -> list[str]:
    return sorted(f"{feature}:{access}" for feature in features if feature in FEATURES)


def create(user: User, *, name: str, scopes: list[str], days: int, created_by: User) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once, never stored). Never commits."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        hint=secret[: len(PREFIX) + 6],
        secret_sha256=digest(secret),
        scopes=scopes,
        created_by_id=created_by.id,
        expires_at=utcnow() + dt.timedelta(days=days),
    )
    db.session.add(token)
    db.session.flush()  # the id goes into the audit entry
    audit.record("api_token_create", user_id=created_by.id, subject=f"api_token:{token.id}", owner=user.id)
    return token, secret


def revoke(token: ApiToken, by: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token_revoke", user_id=by.id, subject=f"api_token:{token.id}", owner=token.user_id)


def find(secret: str) -> ApiToken | None:
    """The live token with this secret: not revoked, not expired, its user still active."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.execute(select(ApiToken).where(ApiToken.secret_sha256 == digest(secret))).scalar_one_or_none()
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow() or not token.user.active:
        return None
    return token


def allows(token: ApiToken, feature: str, *, write: bool) -> bool:
    granted = set(token.scopes or [])
    return f"{feature}:write" in granted or (not write and f"{feature}:read" in granted)


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())).scalars()
    )


def all_tokens() -> list[ApiToken]:
    return list(db.session.execute(select(ApiToken).order_by(ApiToken.id.desc())).scalars())
