"""The recognised lists for downstream programmes: minimum fields, ID numbers masked; in full only for a
service account's token the administrator granted `recognised:read_identity`, with a purpose; every
call logged as a list export. Another commune's list is 404; a token without the scope 403."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import AdminUnit, ApiToken, AuditEntry, HouseholdStatus, User
from tests.casework.api.helpers import issue
from tests.support.world import World

SECRET = re.compile(r"rasoat_[A-Za-z0-9_-]{40,}")


def _statuses(app: Flask, world: World) -> None:
    with app.app_context():
        for key, household_class, movement in (
            ("a1", "poor", "new_poor"),
            ("a2", "near_poor", None),
            ("d1", "poor", None),
        ):
            db.session.add(
                HouseholdStatus(
                    household_id=world.households[key], year=2026, household_class=household_class, movement=movement
                )
            )
        db.session.commit()


def _service_token(app: Flask, client: FlaskClient, world: World, login_as) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        code = db.session.get(AdminUnit, world.ids["commune_a"]).code
    args = ["users", "service-account", "bhyt", "--name", "BHYT", "--role", "commune_staff", "--unit", code]
    assert app.test_cli_runner().invoke(args=args).exit_code == 0
    with app.app_context():
        account = db.session.execute(select(User).where(User.username == "bhyt")).scalar_one().id
    login_as("admin")
    data = {"name": "BHYT", "features": ["recognised"], "access": "read", "days": "30", "account": str(account)}
    page = client.post("/admin/api-tokens", data={**data, "identity": "y"})
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    client.post("/logout")
    return SECRET.findall(page.get_data(as_text=True))[0]


def test_recognised_lists(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    _statuses(app, world)
    commune = world.ids["commune_a"]
    url = f"/api/v1/recognised?commune={commune}&year=2026"
    officer = issue(app, world, "canbo", "recognised:read")
    listed = client.get(url, headers=officer)
    assert listed.status_code == 200, listed.json
    rows = {row["head_name"]: row for row in listed.json["items"]}
    assert set(rows) == {"Giàng Seo Páo", "Vàng Thị Mỷ"}
    poor = rows["Giàng Seo Páo"]
    assert poor["household_class"] == "poor" and poor["class_label"] and poor["movement_label"] == "Nghèo phát sinh"
    assert poor["head_personal_id"] != "002080001001" and poor["head_personal_id"].endswith("01")
    assert not poor["head_personal_id_full"] and poor["head_birth_year"] == 1980 and poor["village_name"]
    assert set(poor) == set(rows["Vàng Thị Mỷ"])  # no more than the minimum fields
    only_poor = client.get(url + "&class=near_poor", headers=officer).json["items"]
    assert [row["head_name"] for row in only_poor] == ["Vàng Thị Mỷ"]

    refused = client.get(url + "&identity=true&purpose=Cấp thẻ BHYT", headers=officer)
    assert refused.status_code == 403 and refused.json["errors"][0]["field"] == "identity"
    with app.app_context():  # a person's token holding the scope still gets no full numbers
        own = db.session.execute(select(ApiToken).order_by(ApiToken.id.desc())).scalars().first()
        own.scopes = [*own.scopes, "recognised:read_identity"]
        db.session.commit()
    assert client.get(url + "&identity=true&purpose=Cấp thẻ BHYT", headers=officer).status_code == 403

    other = client.get(f"/api/v1/recognised?commune={world.ids['commune_d']}&year=2026", headers=officer)
    assert other.status_code == 404
    assert client.get(url, headers=issue(app, world, "canbo", "households:read")).status_code == 403
    assert client.get(f"/api/v1/recognised?commune={commune}", headers=officer).json["errors"][0]["field"] == "year"

    service = {"Authorization": f"Bearer {_service_token(app, client, world, login_as)}"}
    assert client.get(url, headers=service).json["items"][0]["head_personal_id_full"] is False
    no_purpose = client.get(url + "&identity=true", headers=service)
    assert no_purpose.status_code == 422 and no_purpose.json["errors"][0]["field"] == "purpose"
    full = client.get(url + "&identity=true&purpose=Cấp thẻ BHYT năm 2027", headers=service)
    assert full.status_code == 200
    numbers = {row["head_name"]: row["head_personal_id"] for row in full.json["items"]}
    assert numbers == {"Giàng Seo Páo": "002080001001", "Vàng Thị Mỷ": "002185002002"}
    with app.app_context():
        logged = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "list_export").order_by(AuditEntry.id.desc())
        ).scalars()
        last = next(iter(logged))
        assert last.details["revealed"] == 2 and last.details["purpose"] == "Cấp thẻ BHYT năm 2027"
