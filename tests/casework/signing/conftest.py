"""A district official's approval letter waiting for signature: where every signing route is tried."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models.signing import SigningRequest
from tests.casework.approvals.test_upper import sent, states, switch
from tests.support.clock import Clock
from tests.support.signing import PASSPHRASE, TestPki
from tests.support.world import World


@pytest.fixture
def today(clock: Clock) -> dt.date:
    return clock.set(dt.date(2025, 11, 20))  # inside the 2025 campaign the letter is about


@dataclass
class Pending:
    """The approval letter waiting for huyen's signature, and the cases it would move."""

    app: Flask
    client: FlaskClient
    pki: TestPki
    signing_id: int
    ids: dict[str, int]
    unit_id: int

    @property
    def original(self) -> bytes:
        with self.app.app_context():
            content = db.session.get_one(SigningRequest, self.signing_id).document.content
            assert content is not None
            return content

    def states(self) -> set[str]:
        return set(states(self.app, self.ids).values())

    def upload(self, data: bytes, filename: str = "da-ky.pdf"):  # type: ignore[no-untyped-def]
        return self.client.post(
            f"/signing/{self.signing_id}/upload",
            data={"signed_file": (io.BytesIO(data), filename)},
            content_type="multipart/form-data",
        )

    def sign_in_app(self, p12: bytes, passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
        return self.client.post(
            f"/signing/{self.signing_id}/pkcs12",
            data={"certificate_file": (io.BytesIO(p12), "chung-thu.p12"), "passphrase": passphrase},
            content_type="multipart/form-data",
        )

    def status(self) -> str:
        with self.app.app_context():
            return db.session.get_one(SigningRequest, self.signing_id).status


@pytest.fixture
def pending(app: Flask, world: World, client: FlaskClient, login_as, today, test_pki: TestPki) -> Pending:  # type: ignore[no-untyped-def]
    _run_id, ids, review = sent(app, world, client, login_as)
    official = switch(client, login_as, "huyen")
    response = official.post(f"/upper/{review}", data={"action": "approve", "number": "12", "symbol": "UBND"})
    found = re.search(r"/signing/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    with app.app_context():
        signing = db.session.execute(select(SigningRequest)).scalar_one()
        assert signing.status == "pending"
        unit_id = signing.signer_unit_id
    return Pending(app, official, test_pki, int(found.group(1)), ids, unit_id)
