"""A rate limit per token (Flask-Limiter, fixed window): API_RATE_LIMIT calls per token.

Flask-Limiter's storages (through the `limits` library) are memory, Redis, Memcached, MongoDB and etcd;
none keeps counters in an SQL database. So the default here is `DatabaseStorage` below, a `limits`
storage over the app's own database (table api_rate_counters), which every web process shares with
no extra server; with REDIS_URL (CASEWORK_REDIS_URL) set, Redis keeps them instead, for busy sites.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits.storage import Storage
from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from casework.api import tokens
from casework.api.core import bp
from casework.extensions import db
from casework.models import RateCounter

DATABASE_URI = "casework+sql://"

limiter = Limiter(key_func=lambda: _caller(), default_limits=[], headers_enabled=True)


class DatabaseStorage(Storage):
    """Fixed-window counters in the app's database, each change in a short transaction of its own
    (never the request's: a refused write that rolls back still counts as a call)."""

    STORAGE_SCHEME = ["casework+sql"]  # noqa: RUF012 -- the `limits` registry reads it

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        table = RateCounter.__table__
        for _attempt in range(3):
            try:
                with db.engine.begin() as connection:
                    live = (table.c.key == key) & (table.c.expires_at > now)
                    counted = connection.execute(update(table).where(live).values(count=table.c.count + amount))
                    if counted.rowcount == 0:  # a new window: this key's old one and every lapsed one go
                        connection.execute(delete(table).where(or_(table.c.key == key, table.c.expires_at <= now)))
                        connection.execute(insert(table).values(key=key, count=amount, expires_at=now + expiry))
                    return int(connection.execute(select(table.c.count).where(table.c.key == key)).scalar_one())
            except IntegrityError:  # another process opened the same window at the same moment: count in it
                continue
        return amount

    def _row(self, key: str) -> tuple[int, float] | None:
        table = RateCounter.__table__
        with db.engine.connect() as connection:
            row = connection.execute(
                select(table.c.count, table.c.expires_at).where(table.c.key == key, table.c.expires_at > time.time())
            ).first()
        return (int(row[0]), float(row[1])) if row else None

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        with db.engine.connect() as connection:
            connection.execute(select(1))
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return int(connection.execute(delete(RateCounter.__table__)).rowcount)

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateCounter.__table__).where(RateCounter.__table__.c.key == key))


def _caller() -> str:
    """The token (by the digest of its secret, known before the database is asked), else the address."""
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return "token:" + tokens.digest(secret.strip())
    return "address:" + (request.remote_addr or "")


def _limit() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


limiter.limit(_limit)(bp)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or DATABASE_URI)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # a counter store that fails lets calls through
    limiter.init_app(app)
