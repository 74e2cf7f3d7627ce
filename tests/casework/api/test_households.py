"""Households over the API: scope (404 outside), token scope (403), validation (422 by field, in
Vietnamese or English), versions (409), Idempotency-Key replays, cursor paging, the access log."""

from __future__ import annotations

import datetime as dt
import threading

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from casework.extensions import db
from casework.models import AuditEntry, Household, IdempotentAnswer
from casework.models.base import utcnow
from tests.casework.api.helpers import expire, issue, token_id
from tests.casework.test_list_queries import counting
from tests.support.world import World, add_household


def _body(world: World, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "village_id": world.ids["village_a1"],
        "permanent_address": "Thôn Lô Lô Chải, xã Lũng Cú",
        "current_address": "Thôn Lô Lô Chải, xã Lũng Cú",
        "members": [
            {
                "full_name": "Vàng Thị Mai",
                "sex": "female",
                "birth_date": "1984-05-02",
                "relationship_to_head": "head",
                "activity_status": "employed",
                "id_document_type": "none",
            }
        ],
    }
    return {**body, **changes}


def _households(app: Flask) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Household.id))).scalar_one()


def test_read_list_and_scope(app: Flask, client: FlaskClient, world: World) -> None:
    headers = issue(app, world, "canbo", "households:read")
    own, other = world.households["a1"], world.households["d1"]
    listed = client.get("/api/v1/households", headers=headers)
    assert listed.status_code == 200
    ids = {item["id"] for item in listed.json["items"]}
    assert own in ids and other not in ids
    read = client.get(f"/api/v1/households/{own}", headers=headers)
    assert read.status_code == 200 and read.headers["ETag"] == f'"{read.json["version"]}"'
    assert read.json["members"][0]["full_name"]
    assert client.get(f"/api/v1/households/{other}", headers=headers).status_code == 404
    with app.app_context():
        logged = db.session.execute(select(AuditEntry).where(AuditEntry.action == "household_view")).scalars().all()
        assert [e.details.get("api_token") for e in logged] == [token_id(app, headers)]
        calls = db.session.execute(select(AuditEntry).where(AuditEntry.action == "api_call")).scalars().all()
        assert {e.subject for e in calls} == {f"api_token:{token_id(app, headers)}"}


def test_filters_and_cursor_paging(app: Flask, client: FlaskClient, world: World) -> None:
    with app.app_context():
        for name in ("Lò Văn Ánh", "Lò Văn Bình", "Lò Thị Cúc"):
            add_household(world, "a1", head=name)
        db.session.commit()
    headers = issue(app, world, "canbo", "households:read")
    found = client.get("/api/v1/households?q=lo van&limit=1", headers=headers)  # no diacritics, any case
    assert found.status_code == 200 and len(found.json["items"]) == 1 and found.json["next_cursor"]
    second = client.get(f"/api/v1/households?q=lo van&limit=1&cursor={found.json['next_cursor']}", headers=headers)
    assert second.json["next_cursor"] is None
    assert {found.json["items"][0]["head_name"], second.json["items"][0]["head_name"]} == {"Lò Văn Ánh", "Lò Văn Bình"}
    commune = client.get(f"/api/v1/households?commune={world.ids['commune_b']}", headers=headers)
    assert commune.json["items"] == []  # commune b is not canbo's
    bad = client.get("/api/v1/households?cursor=nonsense&limit=500", headers=headers)
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json["errors"]} == {"limit"}
    forged = client.get("/api/v1/households?cursor=WyJ4Il0", headers=headers)
    assert forged.status_code == 422 and forged.json["errors"][0]["field"] == "cursor"


def test_tokens_and_sessions(app: Flask, client: FlaskClient, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    reader = issue(app, world, "canbo", "households:read")
    assert client.post("/api/v1/households", json=_body(world), headers=reader).status_code == 403
    assert client.get("/api/v1/households").status_code == 401
    login_as("canbo")  # a browser session opens no door of the API
    assert client.get("/api/v1/households").status_code == 401
    assert client.post("/api/v1/households", json=_body(world)).status_code == 401
    expire(app, token_id(app, reader))
    assert client.get("/api/v1/households", headers=reader).status_code == 401
    assert _households(app) == 5


def test_create_update_and_conflicts(app: Flask, client: FlaskClient, world: World) -> None:
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: a token needs no CSRF token (no session is read)
    headers = issue(app, world, "canbo", "households:write")
    created = client.post("/api/v1/households", json=_body(world), headers=headers)
    assert created.status_code == 201, created.json
    url = created.headers["Location"]
    version = created.json["version"]
    body = _body(world, current_address="Thôn Thèn Pả, xã Lũng Cú")
    body["members"][0]["id"] = created.json["members"][0]["id"]  # type: ignore[index]
    updated = client.put(url, json=body, headers={**headers, "If-Match": f'"{version}"'})
    assert updated.status_code == 200 and updated.json["current_address"] == "Thôn Thèn Pả, xã Lũng Cú"
    stale = client.put(url, json=body, headers={**headers, "If-Match": f'"{version}"'})
    assert stale.status_code == 409
    assert client.put(url, json=body, headers=headers).status_code == 428
    other = client.put(f"/api/v1/households/{world.households['d1']}", json=body, headers=headers)
    assert other.status_code == 404


def test_invalid_input_by_field_in_both_languages(app: Flask, client: FlaskClient, world: World) -> None:
    headers = issue(app, world, "canbo", "households:write")
    body = _body(world, village_id=world.ids["village_d1"])
    body["members"][0].update(birth_date="31/02/1984", full_name="")  # type: ignore[index]
    refused = client.post("/api/v1/households", json=body, headers=headers)
    assert refused.status_code == 422
    fields = {e["field"]: e["message"] for e in refused.json["errors"]}
    assert fields["members.0.full_name"] == "Không được để trống."
    assert "members.0.birth_date" in fields
    english = client.post("/api/v1/households", json={"members": []}, headers={**headers, "Accept-Language": "en"})
    assert english.status_code == 422
    assert {e["field"] for e in english.json["errors"]} >= {"village_id", "members"}
    assert "Không" not in english.get_data(as_text=True)
    broken = client.post("/api/v1/households", data="{", headers=headers, content_type="application/json")
    assert broken.status_code == 422 and broken.json["errors"][0]["message"] == "Nội dung không phải JSON hợp lệ."
    assert client.post("/api/v1/households", data={"village_id": "1"}, headers=headers).status_code == 415
    removed = client.delete("/api/v1/households", headers=headers)
    assert removed.status_code == 405 and "DELETE" in removed.json["errors"][0]["message"]
    assert _households(app) == 5


def test_idempotent_create(app: Flask, client: FlaskClient, world: World) -> None:
    headers = {**issue(app, world, "canbo", "households:write"), "Idempotency-Key": "mau01-0001"}
    first = client.post("/api/v1/households", json=_body(world), headers=headers)
    again = client.post("/api/v1/households", json=_body(world), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _households(app) == 6
    different = client.post("/api/v1/households", json=_body(world, current_address="Khác"), headers=headers)
    assert different.status_code == 422 and different.json["errors"][0]["field"] == "Idempotency-Key"
    assert _households(app) == 6
    with app.app_context():  # a week later the answer is gone with the next write: the key is free again
        db.session.execute(update(IdempotentAnswer).values(created_at=utcnow() - dt.timedelta(days=8)))
        db.session.commit()
    later = {**headers, "Idempotency-Key": "mau01-0002"}
    assert (
        client.post("/api/v1/households", json=_body(world, current_address="Khác"), headers=later).status_code == 201
    )
    with app.app_context():
        assert db.session.execute(select(IdempotentAnswer.key)).scalars().all() == ["mau01-0002"]


def test_the_same_key_sent_twice_at_once_writes_once(app: Flask, world: World) -> None:
    """A phone's automatic sync and its button can send one change at the same moment."""
    headers = {**issue(app, world, "canbo", "households:write"), "Idempotency-Key": "mau01-race"}
    barrier = threading.Barrier(2)
    answers: list = []

    def send() -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(client.post("/api/v1/households", json=_body(world), headers=headers))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json == answers[1].json
    assert _households(app) == 6


def _add_households(app: Flask, world: World, count: int) -> None:
    with app.app_context():
        for number in range(count):
            add_household(world, "a1" if number % 2 else "a2", head=f"Hờ A Chá {number:03d}")
        db.session.commit()


def test_a_page_of_100_sends_as_many_statements_as_a_page_of_25(app: Flask, client: FlaskClient, world: World) -> None:
    _add_households(app, world, 110)
    headers = issue(app, world, "canbo", "households:read")
    assert client.get("/api/v1/households?limit=1", headers=headers).status_code == 200  # the rate counter's row
    counts = {}
    for limit in (25, 100):
        with counting(app) as statements:
            answer = client.get(f"/api/v1/households?limit={limit}", headers=headers)
        assert answer.status_code == 200 and len(answer.json["items"]) == limit
        counts[limit] = len(statements)
    assert counts[25] == counts[100], counts
    shown = {(item["head_name"][:8], item["members"], item["commune_id"]) for item in answer.json["items"]}
    assert ("Hờ A Chá", 1, world.ids["commune_a"]) in shown and len(shown) <= 3, shown


def test_a_short_name_across_communes_is_refused_on_q(app: Flask, client: FlaskClient, world: World) -> None:
    province = issue(app, world, "tinh", "households:read")
    refused = client.get("/api/v1/households", query_string={"q": "Lò"}, headers=province)
    assert refused.status_code == 422
    [error] = refused.json["errors"]
    assert error["field"] == "q" and error["message"].startswith("Hãy gõ ít nhất 3 chữ cái của họ tên")
    english = client.get("/api/v1/households?q=Lò", headers={**province, "Accept-Language": "en"})
    assert english.status_code == 422 and "at least 3 letters" in english.json["errors"][0]["message"]

    def heads(**filters: object) -> list[str]:
        answer = client.get("/api/v1/households", query_string=filters, headers=province)
        assert answer.status_code == 200, answer.json
        return [item["head_name"] for item in answer.json["items"]]

    assert heads(q="Lò", commune=world.ids["commune_c"]) == ["Lò Văn Dính"]  # one commune: any query
    assert heads(q="Lò", village=world.ids["village_c1"]) == ["Lò Văn Dính"]
    assert heads(q="Lò Dính") == ["Lò Văn Dính"]  # a word of three letters
    assert heads(q="Lò", commune=world.ids["commune_d"]) == []  # another province's commune: nothing, no error
    officer = issue(app, world, "canbo", "households:read")  # one commune: a short query is served
    served = client.get("/api/v1/households?q=sé", headers=officer)
    assert served.status_code == 200 and [i["head_name"] for i in served.json["items"]] == ["Giàng Seo Páo"]
