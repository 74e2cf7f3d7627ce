"""Fixtures: the app on SQLite and on a real PostgreSQL cluster, a client, sign-in, a test world.

Tests that take `app` run once per database. The schema is built with `upgrade head` once per database
and test process, into a template; every test starts on a fresh copy of it (tests/support/databases.py),
so tests never see each other's rows.
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

from casework import create_app
from casework.extensions import db
from tests.support import postgres, speed
from tests.support.cases import CreatedCase, build_case
from tests.support.clock import Clock
from tests.support.databases import EMPTY, WITH_WORLD, Databases, PostgresDatabases, SqliteDatabases
from tests.support.signing import TestPki
from tests.support.world import PASSWORD, World

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
        # Long lists render their chunks in this process: no renderer pool per test worker
        # (tests/casework/documents/test_lists.py renders through the pool).
        "LIST_WORKERS": 1,
        "SIGNING_PKI_DIR": str(instance / "pki"),
        **TEST_KEYS,
        **overrides,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    return app


@pytest.fixture(scope="session")
def database_templates() -> dict[str, Databases]:
    """Per backend, the test database and its migrated templates, made on first use."""
    return {}


def _databases(backend: str, request: pytest.FixtureRequest, scratch_dir: Path) -> Databases:
    made: dict[str, Databases] = request.getfixturevalue("database_templates")
    if backend not in made:
        if backend == "sqlite":
            databases: Databases = SqliteDatabases(scratch_dir)
        else:
            databases = PostgresDatabases(request.getfixturevalue("postgres_cluster"))
        test_pki: TestPki = request.getfixturevalue("test_pki")
        databases.prepare(lambda url: make_app(url, scratch_dir), test_pki.register_officials)
        made[backend] = databases
    return made[backend]


@pytest.fixture(scope="session")
def sqlite_templates(request: pytest.FixtureRequest, scratch_dir: Path) -> SqliteDatabases:
    """The SQLite templates, for tests that copy the migrated schema into a database file of their own."""
    databases = _databases("sqlite", request, scratch_dir)
    assert isinstance(databases, SqliteDatabases)
    return databases


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest, scratch_dir: Path) -> Iterator[Flask]:
    """A fresh copy of the migrated database (with the test world in it when the test asks for `world`)."""
    databases = _databases(backend, request, scratch_dir)
    databases.restore(WITH_WORLD if "world" in request.fixturenames else EMPTY)
    application = make_app(databases.url, scratch_dir)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()  # close this test's connections before the next test replaces the database
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
def world(app: Flask, backend: str, database_templates: dict[str, Databases]) -> World:
    """The test world (tests/support/world.py) with the officials' certificates registered: `app`'s database
    was copied from the template that holds it."""
    return database_templates[backend].world_ids()


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


# Session-wide setups too costly to make on every worker: under pytest-xdist (`make test`), the tests that use
# one of them run on one worker per parameter, so each is made once.
SHARED_SESSION_SETUPS = ("walked",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        for name in SHARED_SESSION_SETUPS:
            if name in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(f"{name}-{params.get(name, '')}"))


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("CASEWORK_ENV", "testing")
    speed.cheap_password_hashing()
    speed.share_compiled_templates()
    speed.share_engines()
