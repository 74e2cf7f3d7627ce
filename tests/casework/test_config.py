"""Configuration: secrets are required outside development, and kept across restarts inside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from casework import create_app
from casework.config import ConfigurationError, build_config


def test_production_refuses_to_start_without_real_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_ENV", "production")
    with pytest.raises(ConfigurationError, match="CASEWORK_SECRET_KEY"):
        create_app()
    monkeypatch.setenv("CASEWORK_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError):
        build_config(tmp_path)


def test_production_starts_with_secrets_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_ENV", "production")
    monkeypatch.setenv("CASEWORK_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CASEWORK_PID_ENCRYPTION_KEYS", "k" * 44)
    monkeypatch.setenv("CASEWORK_PID_LOOKUP_KEY", "l" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://casework@db.internal/casework")
    config = build_config(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://casework@db.internal/casework"
    assert not (tmp_path / "dev-secrets.json").exists()


def test_development_makes_secrets_once_and_keeps_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_ENV", "development")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    first = build_config(tmp_path)
    second = build_config(tmp_path)
    assert first["SECRET_KEY"] == second["SECRET_KEY"] and len(first["SECRET_KEY"]) >= 32
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'casework.sqlite3'}"
    assert first["SESSION_COOKIE_SECURE"] is False  # the dev server speaks plain HTTP
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o077 == 0


def test_environment_variables_override_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEWORK_ENV", "development")
    monkeypatch.setenv("CASEWORK_PAGE_SIZE", "50")
    monkeypatch.setenv("CASEWORK_SESSION_COOKIE_SECURE", "true")
    config = build_config(tmp_path)
    assert config["PAGE_SIZE"] == 50 and config["SESSION_COOKIE_SECURE"] is True


def test_the_sqlite_database_and_its_queue_are_readable_by_their_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from casework.extensions import db
    from tests.conftest import TEST_KEYS

    loose = tmp_path / "old.sqlite3"
    loose.touch(mode=0o644)
    loose.chmod(0o644)
    for database in (tmp_path / "new.sqlite3", loose):
        app = create_app(
            {
                "ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                "JOBS_DB": str(tmp_path / "q"),
                **TEST_KEYS,
            }
        )
        with app.app_context():
            db.session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            db.session.commit()
            db.engine.dispose()
        assert database.stat().st_mode & 0o077 == 0, database
    assert (tmp_path / "q").stat().st_mode & 0o077 == 0


def _first_secret(folder: str) -> str:
    from casework.config import _dev_secrets

    return _dev_secrets(Path(folder))["SECRET_KEY"]


def test_processes_starting_together_share_one_set_of_development_secrets(tmp_path: Path) -> None:
    """The test workers of a fresh checkout start at once: none reads a half-written file, and the keys
    every one of them uses are the ones kept on disk."""
    import json
    import multiprocessing

    for attempt in range(5):
        folder = tmp_path / str(attempt)
        with multiprocessing.get_context("spawn").Pool(4) as pool:
            keys = pool.map(_first_secret, [str(folder)] * 8)
        kept = json.loads((folder / "dev-secrets.json").read_text())["SECRET_KEY"]
        assert set(keys) == {kept}
        assert [path.name for path in folder.iterdir()] == ["dev-secrets.json"]
