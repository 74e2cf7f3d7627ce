"""Village meetings over the API: the village head records one (the minutes issued, the case moved, a retry
changes nothing); bad counts 422 by field; another role 403; a read-only token 403; elsewhere 404."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, Document, VillageMeeting
from tests.casework.api.helpers import issue
from tests.support.world import World


def test_record_meeting(app: Flask, client: FlaskClient, world: World, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 11, 20))
    case = create_case("surveyed")
    village = world.ids["village_a1"]
    url = f"/api/v1/runs/{case.run_id}/villages/{village}/meetings"
    body = {
        "held_on": "2026-11-20",
        "started_at": "08:00",
        "ended_at": "10:00",
        "venue": "Nhà văn hóa thôn Lô Lô Chải",
        "chair": "Thào Seo Sính",
        "secretary": "Lò Thị Mai",
        "attendance": {"village_head": 1, "poverty_officer": 1, "other_households": 18},
        "votes": [{"case_id": case.id, "agree_count": 17, "disagree_count": 2, "opinion": "Hộ khó khăn thật"}],
        "opinions": "Nhất trí với danh sách.",
    }
    head = issue(app, world, "truongthon", "meetings:write")

    nobody = client.post(url, json={**body, "attendance": {}}, headers=head)
    assert nobody.status_code == 422 and nobody.json["errors"][0]["field"] == "attendance"
    too_many = {**body, "votes": [{"case_id": case.id, "agree_count": 30}]}
    crowded = client.post(url, json=too_many, headers=head)
    assert crowded.status_code == 422 and crowded.json["errors"][0]["field"] == "votes.0.agree_count"
    assert client.post(url, json=body, headers=issue(app, world, "canbo", "meetings:write")).status_code == 403
    assert client.post(url, json=body, headers=issue(app, world, "truongthon", "meetings:read")).status_code == 403

    done = client.post(url, json=body, headers={**head, "Idempotency-Key": "m-1"})
    assert done.status_code == 201, done.json
    assert done.json["attendee_count"] == 20 and done.json["votes"][0]["passed"] is True
    again = client.post(url, json=body, headers={**head, "Idempotency-Key": "m-1"})
    assert again.status_code == 201 and again.json["id"] == done.json["id"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VillageMeeting)) == 1
        assert db.session.get(Case, case.id).state != "surveyed"
        minutes = db.session.get(Document, done.json["minutes_document_id"])
        assert minutes.kind == "meeting_minutes" and minutes.content.startswith(b"%PDF-")
    read = client.get(f"/api/v1/meetings/{done.json['id']}", headers=head)
    assert read.status_code == 200 and read.json == done.json

    other = create_case("surveyed", household="d1")
    elsewhere = f"/api/v1/runs/{other.run_id}/villages/{world.ids['village_d1']}/meetings"
    assert client.post(elsewhere, json=body, headers=head).status_code == 404
