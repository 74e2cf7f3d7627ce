"""A rate limit per token (Flask-Limiter): API_RATE_LIMIT calls per token, counted in Redis when
REDIS_URL (CASEWORK_REDIS_URL) is set, else in the process's memory (one web process: `make run`, tests).

Flask-Limiter's storages (through the `limits` library) are memory, Redis, Memcached, MongoDB and etcd;
none keeps its counters in an SQL database. Several web processes without Redis each count apart, so
the limit is then per process: set REDIS_URL in production.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter

from casework.api import tokens
from casework.api.core import bp

limiter = Limiter(key_func=lambda: _caller(), default_limits=[], headers_enabled=True)


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
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
