"""The field app's server side: its shell, the rule sets it downloads, the user's settings and villages,
a village taken offline (in scope only, read into the access log) and the phone's API token."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import ApiToken, AuditEntry
from tests.casework.api.helpers import issue
from tests.support.world import World
from workflow.standards import load_rule_set

MEMBER_KEYS = ("id", "full_name", "sex", "birth_date", "ethnicity_code", "relationship_to_head", "activity_status")
MEMBER_KEYS += ("id_document_type", "id_issue_date", "id_issuer")


def test_the_shell_manifest_and_worker_need_no_sign_in_and_hold_no_personal_data(client: FlaskClient) -> None:
    page = client.get("/field/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Rà soát thực địa" in text and 'rel="manifest"' in text
    strings = json.loads(text.split('id="field-strings">', 1)[1].split("</script>", 1)[0])
    assert strings["download_button"] == "Tải về để làm ngoại tuyến"

    manifest = client.get("/field/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["display"] == "standalone" and manifest.json["start_url"] == "/field/"
    for icon in manifest.json["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200 and response.mimetype == "image/png"
        response.close()  # a static file is streamed: close it, or the file handle leaks

    worker = client.get("/field/sw.js").get_data(as_text=True)
    assert "/static/field/classify.js" in worker and "/field/rules/vn_2027_2030.json" in worker
    assert "/static/app.css" in worker  # every asset of the repo, no CDN
    assert "http" not in worker.split("const ASSETS", 1)[1].split("\n", 1)[0]


def test_rule_sets_are_versioned_by_their_files_and_classify_like_the_engine(client: FlaskClient) -> None:
    listed = client.get("/field/rules.json").json
    assert [item["id"] for item in listed] == ["vn_2016_2020", "vn_2022_2025", "vn_2027_2030"]
    current = next(item for item in listed if item["id"] == "vn_2022_2025")
    files = "vn_2022_2025 1.0.0; b1_scores_2022_illustrative 0.1.0; phieu_a_2022_illustrative 0.1.0"
    assert current["version"] == files
    answer = client.get(current["url"])
    assert answer.headers["ETag"] == f'"{current["digest"]}"'
    assert client.get(current["url"], headers={"If-None-Match": answer.headers["ETag"]}).status_code == 304
    exported = answer.json
    assert exported["income_rule"]["bands"][0]["up_to"]["rural"] == 1_500_000
    assert [spec["id"] for spec in exported["indicators"]] == [spec.id for spec in load_rule_set(2024).indicators]
    assert client.get("/field/rules/nope.json").status_code == 404


def test_the_cli_writes_the_rule_sets(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["field", "export-rules", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "vn_2027_2030: vn_2027_2030 1.0.0" in result.output
    data = json.loads((tmp_path / "vn_2027_2030.json").read_text(encoding="utf-8"))
    assert data["paths"]["classify"] == ["income"]
    assert json.loads((tmp_path / "rules.json").read_text(encoding="utf-8"))[0]["id"] == "vn_2016_2020"


def test_a_village_head_gets_settings_and_only_their_village(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    app.config["FIELD_WIPE_AFTER_DAYS"] = 3
    client = login_as("truongthon")
    session = client.get("/field/session.json").json
    assert session["wipe_after_days"] == 3
    assert [village["id"] for village in session["villages"]] == [world.ids["village_a1"]]

    own = client.get(f"/field/villages/{world.ids['village_a1']}.json")
    assert own.status_code == 200
    household = own.json["households"][0]
    assert household["head_name"] == "Giàng Seo Páo" and household["version"] >= 1
    assert household["members"][0]["personal_id_masked"].count("*") == 6  # never the whole number
    assert client.get(f"/field/villages/{world.ids['village_a2']}.json").status_code == 404
    with app.app_context():
        logged = db.session.execute(
            select(AuditEntry).where(AuditEntry.subject == f"household:{world.households['a1']}")
        ).scalars()
        assert any(entry.details.get("channel") == "field_download" for entry in logged)


def test_a_chairman_who_does_not_survey_is_refused(world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("chutich")
    assert client.get("/field/session.json").status_code == 403
    assert client.get(f"/field/villages/{world.ids['village_a1']}.json").status_code == 403
    assert client.post("/field/token").status_code == 403


def test_the_phone_gets_a_token_that_lives_as_long_as_its_data(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("rasoat")
    secret = client.post("/field/token").json["token"]
    api = app.test_client()
    answer = api.get(f"/api/v1/households/{world.households['a1']}", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    with app.app_context():
        token = db.session.execute(select(ApiToken)).scalar_one()
        lifetime = token.expires_at - token.created_at
        assert round(lifetime.total_seconds() / 86400) == app.config["FIELD_WIPE_AFTER_DAYS"]


def test_a_change_typed_offline_is_recorded_with_the_phones_time_and_its_arrival(
    app: Flask,
    world: World,
    login_as,  # type: ignore[no-untyped-def]
) -> None:
    secret = login_as("truongthon").post("/field/token").json["token"]
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    household = api.get(f"/api/v1/households/{world.households['a1']}", headers=bearer).json
    body = {
        "village_id": household["village_id"],
        "permanent_address": household["permanent_address"],
        "current_address": "Thôn Lô Lô Chải (nhà mới)",
        "members": [{key: member[key] for key in MEMBER_KEYS} for member in household["members"]],
    }
    headers = {
        **bearer,
        "If-Match": f'"{household["version"]}"',
        "Idempotency-Key": "phone-1-change-7",
        "X-Entered-Offline": "1",
        "X-Entered-At": "2026-12-02T08:15:00+07:00",
    }
    assert api.put(f"/api/v1/households/{household['id']}", json=body, headers=headers).status_code == 200
    # The phone's clock ahead of the server: the entry time is not trusted, the arrival still recorded.
    headers.update({"Idempotency-Key": "phone-1-change-8", "If-Match": f'"{household["version"] + 1}"'})
    headers["X-Entered-At"] = "2099-01-01T00:00:00+07:00"
    assert api.put(f"/api/v1/households/{household['id']}", json=body, headers=headers).status_code == 200
    with app.app_context():
        calls = db.session.execute(
            select(AuditEntry).where(AuditEntry.action == "api_call").order_by(AuditEntry.id)
        ).scalars()
        offline = [entry.details for entry in calls if entry.details.get("method") == "PUT"]
    assert offline[0]["entered_offline"] is True
    assert offline[0]["entered_at"] == "2026-12-02T08:15:00+07:00"
    assert offline[0]["arrived_at"] >= "2026-"
    assert offline[1]["entered_at"] is None and offline[1]["arrived_at"]


def test_signing_out_of_the_app_revokes_the_phones_token_and_no_one_elses(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    other = issue(app, world, "rasoat", "households:read")["Authorization"].removeprefix("Bearer ")
    phone = login_as("truongthon")
    secret = phone.post("/field/token").json["token"]
    assert phone.post("/field/token/revoke", headers={"Authorization": f"Bearer {other}"}).status_code == 404
    assert phone.post("/field/token/revoke").status_code == 404
    assert phone.post("/field/token/revoke", headers={"Authorization": f"Bearer {secret}"}).status_code == 204
    api = app.test_client()
    household = f"/api/v1/households/{world.households['a1']}"
    assert api.get(household, headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert api.get(household, headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_the_download_names_each_households_open_case_and_its_run(world: World, login_as, create_case) -> None:  # type: ignore[no-untyped-def]
    case = create_case("listed")
    client = login_as("truongthon")
    households = client.get(f"/field/villages/{world.ids['village_a1']}.json").json["households"]
    found = {household["id"]: household["open_case"] for household in households}
    assert found[world.households["a1"]] == {"id": case.id, "run_id": case.run_id, "awaits_survey": True}


def test_a_meeting_typed_offline_is_dated_by_the_day_it_was_typed(app: Flask, world: World, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    """Recorded on the phone the day it was held, arriving two days later: no late reason is asked, as the
    web would not have asked it that day; the same meeting typed online today needs one."""
    clock.set(dt.date(2026, 11, 22))
    case = create_case("surveyed")
    url = f"/api/v1/runs/{case.run_id}/villages/{world.ids['village_a1']}/meetings"
    body = {
        "held_on": "2026-11-20",
        "started_at": "08:00",
        "ended_at": "10:00",
        "venue": "Nhà văn hóa thôn",
        "chair": "Thào Seo Sính",
        "secretary": "Lò Thị Mai",
        "attendance": {"other_households": 20},
        "votes": [{"case_id": case.id, "agree_count": 18}],
    }
    head = issue(app, world, "truongthon", "meetings:write")
    late = app.test_client().post(url, json=body, headers=head)
    assert late.status_code == 422 and late.json["errors"][0]["field"] == "held_on"
    offline = {**head, "X-Entered-Offline": "1", "X-Entered-At": "2026-11-20T10:05:00+07:00"}
    assert app.test_client().post(url, json=body, headers=offline).status_code == 201
