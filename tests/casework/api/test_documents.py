"""Documents over the API: a case's list, metadata, the PDF (access log with the token), the verification
of a reference and of a copy; another commune's document is 404, a token without the scope 403."""

from __future__ import annotations

import base64
import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEntry
from tests.casework.api.helpers import issue, token_id
from tests.casework.cases.helpers import log_request
from tests.support.world import World


def test_documents(app: Flask, client: FlaskClient, world: World, login_as, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 5))
    case_id = log_request(app, login_as("canbo"), world.households["a1"], "05/10/2026")
    client.get("/logout")
    headers = issue(app, world, "canbo", "documents:read")

    listed = client.get(f"/api/v1/documents?case={case_id}", headers=headers)
    assert listed.status_code == 200, listed.json
    first = listed.json["items"][0]
    assert first["kind_label"].startswith("Giấy đề nghị") and first["reference"]
    meta = client.get(f"/api/v1/documents/{first['id']}", headers=headers)
    assert meta.json == first

    pdf = client.get(f"/api/v1/documents/{first['id']}/content", headers=headers)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    with app.app_context():
        logged = db.session.execute(
            select(AuditEntry).where(
                AuditEntry.action == "document_download", AuditEntry.subject == f"document:{first['id']}"
            )
        ).scalar_one()
        assert logged.details["api_token"] == token_id(app, headers)

    copy = base64.b64encode(pdf.data).decode()
    verified = client.post(
        "/api/v1/documents/verify", json={"reference": first["reference"], "copy_pdf": copy}, headers=headers
    )
    assert verified.status_code == 200 and verified.json["copy_matches"] is True
    assert verified.json["kind_label"] == first["kind_label"] and verified.json["signed"] is False
    altered = base64.b64encode(pdf.data + b"\n% altered").decode()
    body = {"reference": first["reference"].lower(), "copy_pdf": altered}
    assert client.post("/api/v1/documents/verify", json=body, headers=headers).json["copy_matches"] is False
    bad = client.post(
        "/api/v1/documents/verify", json={"reference": first["reference"], "copy_pdf": "%%"}, headers=headers
    )
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "copy_pdf"
    unknown = client.post("/api/v1/documents/verify", json={"reference": "ZZZZZZZZ"}, headers=headers)
    assert unknown.status_code == 404
    missing = client.get("/api/v1/documents", headers=headers)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"] == "case"

    elsewhere = issue(app, world, "canbo_b", "documents:read")
    for url in (f"/api/v1/documents/{first['id']}", f"/api/v1/documents/{first['id']}/content"):
        assert client.get(url, headers=elsewhere).status_code == 404
    assert client.get(f"/api/v1/documents?case={case_id}", headers=elsewhere).status_code == 404
    no_scope = issue(app, world, "canbo", "cases:write")
    assert client.get(f"/api/v1/documents/{first['id']}/content", headers=no_scope).status_code == 403


def test_the_description_says_the_download_is_a_pdf(client) -> None:  # type: ignore[no-untyped-def]
    """A client generated from the description reads the download as a binary PDF, not JSON."""
    described = client.get("/api/v1/openapi.json").get_json()
    download = described["paths"]["/api/v1/documents/{document_id}/content"]["get"]["responses"]["200"]
    assert download["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
