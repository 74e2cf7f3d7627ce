"""What makes the suite fast without changing what it checks (tests/test_suite_harness.py keeps these honest).

* Argon2id with the production cost (46 MiB, 1 pass, 1 lane) takes about 0.04 s of CPU per sign-in, and the
  suite signs in thousands of times. Tests hash and verify with the same algorithm and the same code paths,
  at the smallest cost Argon2 allows; PRODUCTION_HASHER keeps the app's own parameters for the test that pins them.
* Every test builds its own app, so every test used to compile the same Jinja templates again: the tests' apps
  share one in-memory bytecode cache (keyed by template name and source checksum, as Jinja's own caches are).
* Likewise SQLAlchemy compiles each statement once per engine: the tests' apps that open the same database with
  the same engine options share one engine (its pool is still closed after every test), so a statement is
  compiled once per test process instead of once per test. An in-memory SQLite database is never shared.
"""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import Engine

from casework.auth import passwords, service

PRODUCTION_HASHER = passwords._hasher
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def cheap_password_hashing() -> None:
    """Argon2id at its minimum cost for the whole test process (hashes made before verify as before)."""
    passwords._hasher = FAST_HASHER
    passwords.DUMMY_HASH = service.DUMMY_HASH = FAST_HASHER.hash("not a real password")


class SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for the test process; a changed source changes the checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


SHARED_BYTECODE = SharedBytecode()


def share_compiled_templates() -> None:
    """Every Flask app the tests create from now on (make_app, the gallery's walk, live servers) uses the cache."""
    Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SHARED_BYTECODE}


_make_engine = SQLAlchemy._make_engine
_engines: dict[str, Engine] = {}


def _shared_engine(self: SQLAlchemy, bind_key: str | None, options: dict[str, Any], app: Flask) -> Engine:
    url = str(options.get("url", ""))
    if url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url:
        return _make_engine(self, bind_key, options, app)
    key = repr((bind_key, sorted(options.items(), key=lambda item: item[0])))
    if key not in _engines:
        _engines[key] = _make_engine(self, bind_key, options, app)
    engine = _engines[key]
    engine.dispose()  # a new app gets fresh connections, as with an engine of its own; connections in use stay open
    return engine


def share_engines() -> None:
    SQLAlchemy._make_engine = _shared_engine  # type: ignore[method-assign]
