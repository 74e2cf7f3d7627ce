"""`flask keys rotate`: secrets move to the first configured key without touching what was issued."""

from __future__ import annotations

import datetime as dt

from cryptography.fernet import Fernet, InvalidToken
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework import crypto
from casework.extensions import db
from casework.models import Document, Household
from tests.casework.cases.helpers import log_request
from tests.support.clock import Clock
from tests.support.world import World


def _request_documents(app: Flask, world: World, client: FlaskClient, login_as, clock: Clock) -> str:
    clock.set(dt.date(2026, 10, 1))
    login_as("canbo")
    assert client.post("/runs/new", data={"commune_id": str(world.ids["commune_a"]), "year": "2026"}).status_code == 302
    log_request(app, client, world.households["a1"], "01/10/2026")
    with app.app_context():
        head = db.session.get_one(Household, world.households["a1"]).head
        return crypto.decrypt(head.personal_id_ciphertext)


def test_rotating_the_keys_keeps_every_document_and_id_number_readable(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:
    id_number = _request_documents(app, world, client, login_as, clock)
    with app.app_context():
        before = {d.id: d.content for d in db.session.scalars(select(Document))}
    old_key, new_key = app.config["PID_ENCRYPTION_KEYS"], Fernet.generate_key().decode()

    app.config["PID_ENCRYPTION_KEYS"] = new_key
    with app.app_context():
        try:
            db.session.scalars(select(Document)).first().content  # noqa: B018
            raise AssertionError("a document opened without its key")
        except InvalidToken:
            pass

    app.config["PID_ENCRYPTION_KEYS"] = f"{new_key},{old_key}"
    rotated = app.test_cli_runner().invoke(args=["keys", "rotate"])
    assert rotated.exit_code == 0, rotated.output
    assert "documents: " in rotated.output and "household_members: " in rotated.output

    app.config["PID_ENCRYPTION_KEYS"] = new_key  # the old key is gone
    with app.app_context():
        after = {d.id: d.content for d in db.session.scalars(select(Document))}
        head = db.session.get_one(Household, world.households["a1"]).head
        assert after == before and crypto.decrypt(head.personal_id_ciphertext) == id_number
    app.config["PID_ENCRYPTION_KEYS"] = old_key
