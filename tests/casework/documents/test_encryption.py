"""Issued documents are encrypted at rest (envelope encryption): neither the PDF nor the context that
made it can be read from the database, yet the household's copy and its hash are unchanged; keys
rotate without touching what was issued."""

from __future__ import annotations

import hashlib

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text

from casework.extensions import db
from casework.models import Document
from tests.casework.cases.helpers import requests_logged
from tests.support.clock import Clock
from tests.support.world import World


def test_the_database_holds_no_readable_pdf_nor_id_number_yet_the_download_is_the_issued_pdf(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock
) -> None:
    id_number = requests_logged(app, client, world, clock)
    assert len(id_number) == 12
    with app.app_context():
        rows = db.session.execute(text("SELECT id, content, context_sealed, sha256 FROM documents")).all()
        assert len(rows) >= 2  # the Mẫu 01 and its receipt
        for row in rows:
            stored = bytes(row.content) + bytes(row.context_sealed)
            assert b"%PDF" not in stored and id_number.encode() not in stored
        documents = db.session.scalars(select(Document)).all()
        form = next(document for document in documents if document.kind == "request_form")
        assert id_number in str(form.context)  # re-issuing still has what it needs
    for row in rows:
        downloaded = client.get(f"/documents/{row.id}.pdf")
        assert downloaded.status_code == 200 and downloaded.data.startswith(b"%PDF")
        assert hashlib.sha256(downloaded.data).hexdigest() == row.sha256
