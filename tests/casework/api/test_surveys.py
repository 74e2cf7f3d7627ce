"""Surveys over the API: a draft, a stale update (409), completing with answers missing (422 by field),
completing (the case moves, the survey sheet is issued), the class with its reasons; idempotent retries;
another commune's household 404; a read-only token 403."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, Document, Household, Survey
from tests.casework.api.helpers import issue
from tests.casework.cases.helpers import POOR_HOUSE
from tests.support.world import World

MEMBER = {
    "health_insured": "no",
    "employment": "self_employed",
    "education_level": "primary",
    "attending_school": "no",
    "labour_contract": "no",
    "disabled": "no",
}


def test_survey_draft_complete_and_read(app: Flask, client: FlaskClient, world: World, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    clock.set(dt.date(2026, 10, 10))
    case = create_case("listed")
    with app.app_context():
        member = db.session.get(Household, case.household_id).members[0].id
    headers = issue(app, world, "rasoat", "surveys:write")
    body = {"household_id": case.household_id, "period_year": 2026, "reference_date": "2026-10-08"}

    unsure = client.post("/api/v1/surveys", json=body, headers=headers)
    assert unsure.status_code == 422 and unsure.json["errors"][0]["field"] == "case_id"
    draft_body = {**body, "case_id": case.id, "answers": {"wall": "earth"}}
    draft = client.post("/api/v1/surveys", json=draft_body, headers={**headers, "Idempotency-Key": "s-1"})
    assert draft.status_code == 201, draft.json
    assert draft.json["status"] == "draft" and draft.json["classification"] is None
    again = client.post("/api/v1/surveys", json=draft_body, headers={**headers, "Idempotency-Key": "s-1"})
    assert again.json["id"] == draft.json["id"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Survey)) == 1

    url = f"/api/v1/surveys/{draft.json['id']}"
    full = {**body, "case_id": case.id, "answers": {**POOR_HOUSE, "b1_total": 40, "farm_household": False}}
    stale = client.put(url, json={**full, "complete": True, "version": draft.json["version"] + 5}, headers=headers)
    assert stale.status_code == 409
    version = draft.json["version"]
    missing = client.put(url, json={**full, "complete": True, "version": version}, headers=headers)
    assert missing.status_code == 422 and missing.json["errors"][0]["field"].startswith("members.0.")
    members = [{"member_id": member, **MEMBER}]
    done = client.put(url, json={**full, "members": members, "complete": True, "version": version}, headers=headers)
    assert done.status_code == 200, done.json
    result = done.json["classification"]
    assert done.json["status"] == "completed" and result["household_class"] == "poor"
    assert result["class_label"] and result["reasons"] and result["rule_set"]
    with app.app_context():
        assert db.session.get(Case, case.id).state == "surveyed"
        kinds = db.session.execute(select(Document.kind).where(Document.case_id == case.id)).scalars().all()
        assert "survey_record" in kinds
    read = client.get(url, headers=headers)
    assert read.json["classification"] == result
    frozen = client.put(url, json={**full, "members": members, "version": done.json["version"]}, headers=headers)
    assert frozen.status_code == 409

    other = create_case("requested", household="d1")
    elsewhere = client.post("/api/v1/surveys", json={**body, "household_id": other.household_id}, headers=headers)
    assert elsewhere.status_code == 404
    reader = issue(app, world, "rasoat", "surveys:read")
    assert client.post("/api/v1/surveys", json=draft_body, headers=reader).status_code == 403
    assert client.get(url, headers=reader).status_code == 200
