"""What every benchmark needs: an app with throwaway secrets, and a migrated PostgreSQL on a throwaway cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402  (after the sys.path insert)
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from casework import create_app  # noqa: E402
from tests.support import postgres  # noqa: E402


def bench_app(database_url: str = "sqlite://", **overrides: Any) -> Flask:
    return create_app(
        {
            "ENV": "testing",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "bench-secret-key-" + "x" * 32,
            "PID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "PID_LOOKUP_KEY": "bench-lookup-key-" + "y" * 32,
            **overrides,
        }
    )


@contextmanager
def postgres_app(**overrides: Any) -> Iterator[Flask]:
    """An app on a freshly migrated database of a throwaway PostgreSQL cluster, stopped afterwards."""
    cluster = postgres.start_cluster()
    try:
        app = bench_app(postgres.create_database(cluster, "bench"), **overrides)
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        yield app
    finally:
        cluster.stop()
