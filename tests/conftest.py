"""Fixtures: the app on SQLite and on a real PostgreSQL cluster, a client, sign-in, a test world.

Tests that take `app` run once per database. The schema is built with `upgrade head` once per
database; after every test all tables are emptied, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from casework import create_app
from casework.extensions import db
from casework.models import chain
from tests.support import postgres
from tests.support.cases import CreatedCase, build_case
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import PASSWORD, World, build_world

BACKENDS = ["sqlite", "postgresql"]
TEST_KEYS = {
    "SECRET_KEY": "test-secret-key-" + "x" * 32,
    "PID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "PID_LOOKUP_KEY": "test-lookup-key-" + "y" * 32,
}


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[postgres.Cluster]:
    cluster = postgres.start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def scratch_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="casework-tests-") as path:
        yield Path(path)


def make_app(database_url: str, instance: Path, **overrides: object) -> Flask:
    config = {
        "ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "JOBS_IMMEDIATE": True,
        "SIGNING_PKI_DIR": str(instance / "pki"),
        **TEST_KEYS,
        **overrides,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    return app


@pytest.fixture(scope="session")
def database_urls() -> dict[str, str]:
    """One migrated database per backend, created on first use."""
    return {}


def _database_url(backend: str, request: pytest.FixtureRequest, scratch_dir: Path, cache: dict[str, str]) -> str:
    if backend not in cache:
        if backend == "sqlite":
            url = f"sqlite:///{scratch_dir / 'test.sqlite3'}"
        else:
            cluster = request.getfixturevalue("postgres_cluster")
            url = postgres.create_database(cluster, "casework_test")
        app = make_app(url, scratch_dir)
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
            db.engine.dispose()
        cache[backend] = url
    return cache[backend]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(
    backend: str, request: pytest.FixtureRequest, scratch_dir: Path, database_urls: dict[str, str]
) -> Iterator[Flask]:
    url = _database_url(backend, request, scratch_dir, database_urls)
    application = make_app(url, scratch_dir)
    yield application
    with application.app_context():
        db.session.remove()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()  # every test has its own app and engine: close its connections


def _empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        with chain.suspended(db.session.connection()):  # the audit tables refuse DELETE
            for table in tables:
                db.session.execute(text(f"DELETE FROM {table}"))
    db.session.commit()
    from casework.reference import clear_caches

    clear_caches()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def test_pki(scratch_dir: Path) -> TestPki:
    """The tests' certificate authority, where the app looks for its trust roots (<instance>/pki)."""
    return TestPki(scratch_dir / "pki")


@pytest.fixture
def world(app: Flask, test_pki: TestPki) -> World:
    with app.app_context():
        built = build_world()
        test_pki.register_officials()
        return built


@pytest.fixture
def create_case(app: Flask, world: World):  # type: ignore[no-untyped-def]
    """`create_case(state, household="a1", run=None, case_type=..., origin="request", via=None)`: a committed
    case in any state of its procedure, with the rows that state implies (tests/support/cases.py)."""

    def create(state: str, **options: object) -> CreatedCase:
        with app.app_context():
            return build_case(state, world=world, **options)  # type: ignore[arg-type]

    return create


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Today (and the moment) as the test says: `clock.set(date)`, `clock.advance(days)`, `clock.set_now(dt)`."""
    return Clock(monkeypatch)


@pytest.fixture
def login_as(client: FlaskClient):  # type: ignore[no-untyped-def]
    def sign_in(username: str, password: str = PASSWORD) -> FlaskClient:
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return sign_in


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("CASEWORK_ENV", "testing")
