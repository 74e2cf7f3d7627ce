"""Cases over the API: list and read with the timeline and the steps open now; a step fired through
its feature's service, refused for a role (403), a stale version (409), outside the scope (404)."""

from __future__ import annotations

import base64

from flask import Flask
from flask.testing import FlaskClient

from casework.extensions import db
from casework.models import Case
from tests.casework.api.helpers import issue
from tests.support.world import World

LETTER = base64.b64encode(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").decode()


def test_read_and_withdraw(app: Flask, client: FlaskClient, world: World, create_case) -> None:  # type: ignore[no-untyped-def]
    case = create_case("requested")
    other = create_case("requested", household="d1")
    headers = issue(app, world, "canbo", "cases:write")
    listed = client.get("/api/v1/cases", headers=headers)
    assert [item["id"] for item in listed.json["items"]] == [case.id]
    read = client.get(f"/api/v1/cases/{case.id}", headers=headers)
    assert read.status_code == 200 and read.json["state_label"]
    assert read.json["timeline"][0]["label"]
    withdraw = next(a for a in read.json["actions"] if a["trigger"] == "withdraw")
    assert withdraw["via_api"] and withdraw["page"]
    assert client.get(f"/api/v1/cases/{other.id}", headers=headers).status_code == 404

    url = f"/api/v1/cases/{case.id}/transitions"
    version = read.json["version"]
    bad = client.post(
        url, json={"trigger": "withdraw", "facts": {"letter_pdf": "bm90IGEgcGRm"}, "version": version}, headers=headers
    )
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "facts.letter_pdf"
    stale = client.post(
        url, json={"trigger": "withdraw", "facts": {"letter_pdf": LETTER}, "version": version - 1}, headers=headers
    )
    assert stale.status_code == 409
    done = client.post(
        url, json={"trigger": "withdraw", "facts": {"letter_pdf": LETTER}, "version": version}, headers=headers
    )
    assert done.status_code == 200, done.json
    assert done.json["timeline"][-1]["trigger"] == "withdraw"
    with app.app_context():
        assert db.session.get(Case, case.id).state == done.json["state"] != "requested"


def test_role_and_token_scope(app: Flask, client: FlaskClient, world: World, create_case) -> None:  # type: ignore[no-untyped-def]
    case = create_case("requested")
    url = f"/api/v1/cases/{case.id}/transitions"
    body = {"trigger": "withdraw", "facts": {"letter_pdf": LETTER}, "version": 1}
    reader = issue(app, world, "canbo", "cases:read", "households:write")
    assert client.post(url, json=body, headers=reader).status_code == 403
    front = issue(app, world, "mttq", "cases:write")  # the Front supervises: it takes no step
    refused = client.post(url, json=body, headers=front)
    assert refused.status_code == 403 and refused.json["errors"][0]["message"]
    unknown = client.post(url, json={**body, "trigger": "fly_away"}, headers=issue(app, world, "canbo", "cases:write"))
    assert unknown.status_code == 422
    with app.app_context():
        assert db.session.get(Case, case.id).state == "requested"
