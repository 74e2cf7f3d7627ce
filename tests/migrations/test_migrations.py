"""Migrations: one head, `upgrade head` builds the schema on both databases, and it matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import insert, text

from casework.extensions import db
from casework.models import AuditEntry

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


def test_there_is_a_single_head() -> None:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_models_and_migrations_agree(app: Flask) -> None:
    """The `app` fixture built this database with `upgrade head`; autogenerate must find nothing."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_audit_chain_migration_chains_the_rows_already_written(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A database in use before the chain: its rows are chained in id order and verify finds them intact."""
    from flask_migrate import upgrade

    from casework.audit import verify_chains
    from tests.conftest import make_app
    from tests.support import postgres

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'before.sqlite3'}"
    else:
        url = postgres.create_database(request.getfixturevalue("postgres_cluster"), "chain_backfill")
    app = make_app(url, tmp_path)
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="7e2d5c1a9b40")
        rows = [
            ("2026-01-05 08:00:00.123456", "login", "canbo", '{"ip": "10.0.0.1"}'),
            ("2026-01-05 09:30:00", "household_view", "household:7", '{"household_id": 7, "list": [1, 2]}'),
        ]
        with db.engine.begin() as connection:
            for at, action, subject, details in rows:
                connection.execute(
                    text("INSERT INTO audit_entries (at, action, subject, details) VALUES (:at, :a, :s, :d)"),
                    {"at": at, "a": action, "s": subject, "d": details},
                )
        upgrade(directory=str(MIGRATIONS))
        assert [(table, broken, count) for table, broken, count in verify_chains()] == [
            ("audit_entries", None, 2),
            ("case_events", None, 0),
        ]
        with db.engine.begin() as connection:  # the first row written after the migration extends the chain
            connection.execute(insert(AuditEntry.__table__), [{"action": "login", "subject": "admin"}])
        assert verify_chains()[0] == ("audit_entries", None, 3)
        db.session.remove()
        db.engine.dispose()
