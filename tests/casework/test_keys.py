"""`flask keys rotate`: secrets move to the first configured key without touching what was issued."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework import crypto
from casework.extensions import db
from casework.models import Document, Household
from tests.casework.cases.helpers import requests_logged
from tests.support.clock import Clock
from tests.support.world import World


def test_rotating_the_keys_keeps_every_document_and_id_number_readable(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:
    id_number = requests_logged(app, client, world, clock)
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
