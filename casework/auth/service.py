"""Sign-in with throttling: failed attempts are audit entries, and too many lock the username."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from casework import audit
from casework.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from casework.extensions import db
from casework.models import AuditEntry, User
from casework.models.base import utcnow

# Many failures from one address against any usernames also lock that address.
ADDRESS_FAILURE_FACTOR = 4


@dataclass(frozen=True)
class SignIn:
    user: User | None
    locked_minutes: int = 0


def _recent_failures(**where: str | None) -> int:
    since = utcnow() - dt.timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    query = select(func.count(AuditEntry.id)).where(AuditEntry.action == "login_failed", AuditEntry.at >= since)
    if "subject" in where:
        query = query.where(AuditEntry.subject == where["subject"])
    if "remote_addr" in where:
        query = query.where(AuditEntry.remote_addr == where["remote_addr"])
    return db.session.execute(query).scalar_one()


def authenticate(username: str, password: str, remote_addr: str | None) -> SignIn:
    username = username.strip().lower()
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    lock = current_app.config["LOGIN_LOCK_MINUTES"]
    if (
        _recent_failures(subject=username) >= limit
        or _recent_failures(remote_addr=remote_addr) >= limit * ADDRESS_FAILURE_FACTOR
    ):
        audit.record("login_refused_locked", user_id=None, subject=username)
        return SignIn(None, locked_minutes=lock)
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active:
        verify_password(DUMMY_HASH, password)
        audit.record("login_failed", user_id=None, subject=username)
        return SignIn(None)
    if not verify_password(user.password_hash, password):
        audit.record("login_failed", user_id=user.id, subject=username)
        return SignIn(None)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("login", user_id=user.id, subject=username)
    return SignIn(user)


def change_password(user: User, current: str, new: str) -> bool:
    if not verify_password(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    audit.record("password_change", user_id=user.id, subject=user.username)
    return True
