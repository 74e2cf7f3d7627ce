"""`flask backup OUT` and `flask restore IN`: a backup restored into an empty database gives back every
household, case, event and document, the documents byte for byte."""

from __future__ import annotations

import hashlib
import itertools
import stat
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import AuditEntry, Case, CaseEvent, Document, Household, Member
from tests.casework.cases.helpers import requests_logged
from tests.conftest import make_app
from tests.support import postgres
from tests.support.clock import Clock
from tests.support.world import World

COUNTED = (Household, Member, Case, CaseEvent, AuditEntry, Document)
_names = itertools.count()


def _inventory(app: Flask) -> dict[str, object]:
    with app.app_context():
        counts = {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in COUNTED}
        documents = db.session.scalars(select(Document)).all()
        return {
            **counts,
            "documents": sorted((doc.id, doc.sha256, hashlib.sha256(doc.content).hexdigest()) for doc in documents),
        }


def _empty_database(app: Flask, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    cluster = request.getfixturevalue("postgres_cluster")
    return postgres.create_database(cluster, f"restored_{next(_names)}")


def test_a_backup_restored_into_an_empty_database_holds_everything(
    app: Flask,
    world: World,
    client: FlaskClient,
    login_as,
    clock: Clock,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    requests_logged(app, client, world, clock, villages=("a1", "a2"))
    before = _inventory(app)
    assert before["Document"] >= 4 and before["Case"] == 2  # two Mẫu 01 and their receipts

    out = tmp_path / "sao-luu.bak"
    made = app.test_cli_runner().invoke(args=["backup", str(out)])
    assert made.exit_code == 0, made.output
    assert "Đã sao lưu" in made.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    restored = make_app(_empty_database(app, request, tmp_path), tmp_path / "restored-instance")
    done = restored.test_cli_runner().invoke(args=["restore", str(out)])
    assert done.exit_code == 0, done.output
    try:
        assert _inventory(restored) == before
    finally:
        with restored.app_context():
            db.engine.dispose()


def test_a_restore_never_writes_over_a_database_in_use(app: Flask, world: World, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.bak"
    assert app.test_cli_runner().invoke(args=["backup", str(out)]).exit_code == 0
    before = _inventory(app)
    refused = app.test_cli_runner().invoke(args=["restore", str(out)])
    assert refused.exit_code != 0 and "chỉ khôi phục vào một cơ sở dữ liệu trống" in refused.output
    assert _inventory(app) == before


def test_a_backup_never_overwrites_an_older_one(app: Flask, world: World, tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.bak"
    out.write_bytes(b"older backup")
    refused = app.test_cli_runner().invoke(args=["backup", str(out)])
    assert refused.exit_code != 0 and "đã có" in refused.output
    assert out.read_bytes() == b"older backup"
