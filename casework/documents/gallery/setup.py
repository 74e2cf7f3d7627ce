"""A throwaway app: its own database (migrated like the tests'), the unit list, the demo and its CA.

The app's clock is driven here too: the walk sets "today" for each step so every step date is legal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask

from casework import ROOT, clock, create_app
from casework.extensions import db


class GalleryError(RuntimeError):
    """A step of the walk was refused, or the gallery could not be built; the message names the step."""


def throwaway_app(database_url: str, instance: Path) -> Flask:
    """An app on `database_url` with test-like settings: no CSRF tokens, jobs run at once, its own PKI folder."""
    app = create_app(
        {
            "ENV": "testing",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "JOBS_IMMEDIATE": True,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PID_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "PID_LOOKUP_KEY": secrets.token_urlsafe(48),
            "SIGNING_PKI_DIR": str(instance / "pki"),
            "PUBLIC_BASE_URL": "https://rasoat.example.gov.vn",
        }
    )
    app.instance_path = str(instance)
    return app


class AppClock:
    """Replaces casework.clock.today while the walk runs; `restore()` puts the real one back."""

    def __init__(self) -> None:
        self._real = clock.today
        self.day: dt.date | None = None

    def set(self, day: dt.date) -> dt.date:
        self.day = day
        clock.today = lambda: day  # type: ignore[assignment]
        return day

    def today_age(self, born: dt.date | None) -> int:
        day = self.day or self._real()
        if born is None:
            return 30
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def restore(self) -> None:
        clock.today = self._real  # type: ignore[assignment]


@contextlib.contextmanager
def driven_clock() -> Iterator[AppClock]:
    driven = AppClock()
    try:
        yield driven
    finally:
        driven.restore()


def _invoke(app: Flask, *args: str) -> None:
    with app.app_context():  # else a command would run in the app context already pushed (`flask documents`)
        result = app.test_cli_runner().invoke(args=list(args))
    if result.exit_code != 0:
        raise GalleryError(f"`flask {' '.join(args)}` failed: {result.output}{result.exception or ''}")


def prepare(app: Flask, households: int, *, migrate: bool = True) -> None:
    """Migrate (unless the database already is), load the units, seed the demo and its CA."""
    from flask_migrate import upgrade

    from casework.reference import clear_caches

    clear_caches()  # cached units of another database must not leak into this one
    if migrate:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            db.engine.dispose()
    _invoke(app, "units", "load")
    _invoke(app, "seed-demo", "--households", str(households))
    _invoke(app, "signing", "demo-ca")
