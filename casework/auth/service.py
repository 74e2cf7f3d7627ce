"""Sign-in with throttling, and password changes.

Failed sign-ins are audit entries, and they are what throttling counts:
- one username from one address: after a few failures each further try waits longer (2, 4, 8 s ... up
  to a cap), so guessing from one place is slow, while the same person signing in from elsewhere is
  not held up: nobody locks another person out by typing wrong passwords;
- one address against any usernames: the same growing delays after more failures (password spraying);
- one username from many addresses: only many failures from several addresses lock the username for a
  while; the lock is an audit event (`login_locked`) that administrators see on their home page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from casework import audit, clock
from casework.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, password_problem, verify_password
from casework.errors import Refused
from casework.extensions import db
from casework.models import AuditEntry, User

FAILED = "login_failed"
LOCKED = "login_locked"


@dataclass(frozen=True)
class SignIn:
    user: User | None
    wait_seconds: int = 0  # throttled: the next try is heard after this many seconds
    locked_minutes: int = 0  # the username is locked (many failures from many addresses)


def _window_start() -> dt.datetime:
    return clock.now() - dt.timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _failures(*where: Any) -> tuple[int, dt.datetime | None]:
    """How many failed sign-ins match, within the window, and when the last one was."""
    query = select(func.count(AuditEntry.id), func.max(AuditEntry.at)).where(
        AuditEntry.action == FAILED, AuditEntry.at >= _window_start(), *where
    )
    count, last = db.session.execute(query).one()
    return int(count), last


def _delay(failures: int, free: int) -> int:
    """Seconds to wait after `failures` failures when the first `free` cost nothing: 2, 4, 8 ... capped."""
    if failures < free:
        return 0
    return int(min(current_app.config["LOGIN_MAX_DELAY_SECONDS"], 2 ** (failures - free + 1)))


def _wait_seconds(username: str, remote_addr: str | None) -> int:
    """How long this username from this address must still wait before its next try is heard."""
    last_success = db.session.execute(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.action == "login", AuditEntry.subject == username, AuditEntry.remote_addr == remote_addr
        )
    ).scalar_one()
    since = [AuditEntry.at > last_success] if last_success is not None else []
    pair = _failures(AuditEntry.subject == username, AuditEntry.remote_addr == remote_addr, *since)
    address = _failures(AuditEntry.remote_addr == remote_addr)
    config = current_app.config
    wait = 0.0
    for (count, last), free in (
        (pair, config["LOGIN_FREE_FAILURES"]),
        (address, config["LOGIN_ADDRESS_FREE_FAILURES"]),
    ):
        delay = _delay(count, free)
        if delay and last is not None:
            wait = max(wait, delay - max(0.0, (clock.now() - last).total_seconds()))
    return int(wait + 0.999)


def _locked(username: str) -> bool:
    since = clock.now() - dt.timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    query = select(AuditEntry.id).where(
        AuditEntry.action == LOCKED, AuditEntry.subject == username, AuditEntry.at >= since
    )
    return db.session.execute(query.limit(1)).first() is not None


def _lock_when_attacked(username: str) -> None:
    """Many failures of one username from several addresses lock it, once, and tell administrators."""
    config = current_app.config
    failures, addresses = db.session.execute(
        select(func.count(AuditEntry.id), func.count(func.distinct(AuditEntry.remote_addr))).where(
            AuditEntry.action == FAILED, AuditEntry.subject == username, AuditEntry.at >= _window_start()
        )
    ).one()
    if (
        failures >= config["LOGIN_LOCK_FAILURES"]
        and addresses >= config["LOGIN_LOCK_ADDRESSES"]
        and not _locked(username)
    ):
        audit.record(LOCKED, user_id=None, subject=username, failures=failures, addresses=addresses)


def _fail(user: User | None, username: str) -> SignIn:
    audit.record(FAILED, user_id=user.id if user else None, subject=username)
    db.session.flush()
    _lock_when_attacked(username)
    return SignIn(None)


def authenticate(username: str, password: str, remote_addr: str | None) -> SignIn:
    username = username.strip().lower()
    if _locked(username):
        audit.record("login_refused_locked", user_id=None, subject=username)
        return SignIn(None, locked_minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    wait = _wait_seconds(username, remote_addr)
    if wait > 0:
        audit.record("login_refused_throttled", user_id=None, subject=username, wait_seconds=wait)
        return SignIn(None, wait_seconds=wait)
    user = db.session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None or not user.active:
        verify_password(DUMMY_HASH, password)
        return _fail(None, username)
    if not verify_password(user.password_hash, password):
        return _fail(user, username)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("login", user_id=user.id, subject=username)
    return SignIn(user)


def recent_locks(days: int = 7) -> list[AuditEntry]:
    """Usernames locked lately, newest first: the administrators' home page lists them."""
    since = clock.now() - dt.timedelta(days=days)
    query = select(AuditEntry).where(AuditEntry.action == LOCKED, AuditEntry.at >= since)
    return list(db.session.execute(query.order_by(AuditEntry.at.desc()).limit(20)).scalars())


def sign_out(user: User) -> None:
    """Ends every session of the user, on every device, not just this browser's."""
    user.end_sessions()
    audit.record("logout", user_id=user.id, subject=user.username)


def change_password(user: User, current: str, new: str) -> None:
    """Sets the new password and ends the user's other sessions; refuses a wrong current password or a
    new one that breaks the rule (Refused, next to its field)."""
    if not verify_password(user.password_hash, current):
        raise Refused(_("Mật khẩu hiện tại không đúng."), field="current_password")
    problem = password_problem(new, user.username, user.full_name)
    if problem:
        raise Refused(problem, field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = clock.now()
    user.end_sessions()
    audit.record("password_change", user_id=user.id, subject=user.username)
