"""Postings, complaints and re-checks over the API, along one posting: opened (the notice issued), a retry
changes nothing, a complaint (its record, the household to re-check), the re-check (posted again), the close
refused while the re-posted result is up; bad input 422 by field, a read-only token 403, elsewhere 404."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, CaseType, Document, Posting, ReviewRun, RunKind
from tests.casework.api.helpers import issue
from tests.support.world import World


def _seed(app: Flask, world: World) -> tuple[int, int, int]:
    with app.app_context():
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 9, 1),
            settings={},
        )
        cases = [
            Case(
                case_type=CaseType.PERIODIC_REVIEW,
                run=run,
                household_id=world.households[key],
                origin="existing_list",
                state="meeting_passed",
                provisional_class=klass,
            )
            for key, klass in (("a1", "poor"), ("a2", "near_poor"))
        ]
        db.session.add_all(cases)
        db.session.commit()
        return run.id, cases[0].id, cases[1].id


def test_posting_complaint_recheck_close(app: Flask, client: FlaskClient, world: World, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 15))
    run, first, second = _seed(app, world)
    headers = issue(app, world, "canbo", "postings:write")
    url = f"/api/v1/runs/{run}/postings"
    body = {"case_ids": [first, second], "places": "Nhà văn hóa thôn; Trụ sở UBND xã", "starts_on": "2026-10-15"}

    bad = client.post(url, json={**body, "starts_on": "32/13/2026"}, headers=headers)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "starts_on"
    reader = issue(app, world, "canbo", "postings:read")
    assert client.post(url, json=body, headers=reader).status_code == 403
    opened = client.post(url, json=body, headers={**headers, "Idempotency-Key": "p-1"})
    assert opened.status_code == 201, opened.json
    again = client.post(url, json=body, headers={**headers, "Idempotency-Key": "p-1"})
    assert again.json["id"] == opened.json["id"]
    posting = opened.json
    assert posting["ends_on"] == "2026-10-20" and {c["state"] for c in posting["cases"]} == {"posted"}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Posting)) == 1
        assert db.session.get(Document, posting["notice_document_id"]).kind == "posting_notice"

    clock.set(dt.date(2026, 10, 16))
    complaint = {
        "case_id": first,
        "received_on": "2026-10-16",
        "received_time": "14:15",
        "channel": "phone",
        "anonymous": True,
        "kind": "data_error",
        "content": "Hộ thiếu 02 con nhỏ.",
    }
    complaints = f"/api/v1/postings/{posting['id']}/complaints"
    wrong = client.post(complaints, json={**complaint, "received_time": "25:00"}, headers=headers)
    assert wrong.status_code == 422 and wrong.json["errors"][0]["field"] == "received_time"
    filed = client.post(complaints, json=complaint, headers=headers)
    assert filed.status_code == 201, filed.json
    assert filed.json["case_state"] == "under_recheck" and filed.json["document_id"]

    clock.set(dt.date(2026, 10, 19))
    recheck = {
        "team": [{"name": "Hoàng Thị Lan", "position": "Phó Chủ tịch UBND xã"}, {"name": "Đỗ Thị Hà"}],
        "started_on": "2026-10-19",
        "finished_on": "2026-10-19",
        "conclusion": "class_changed",
        "notes": "Bổ sung 02 thành viên.",
    }
    unchanged = client.post(f"/api/v1/cases/{first}/recheck", json=recheck, headers=headers)
    assert unchanged.status_code == 422 and unchanged.json["errors"][0]["field"] == "new_class"
    done = client.post(f"/api/v1/cases/{first}/recheck", json={**recheck, "new_class": "near_poor"}, headers=headers)
    assert done.status_code == 201, done.json
    assert (done.json["old_class"], done.json["new_class"], done.json["case_state"]) == ("poor", "near_poor", "posted")
    assert client.post(f"/api/v1/cases/{second}/recheck", json=recheck, headers=headers).status_code == 409

    clock.set(dt.date(2026, 10, 21))
    early = client.post(f"/api/v1/postings/{posting['id']}/close", headers=headers)
    assert early.status_code == 409 and "23/10/2026" in early.json["errors"][0]["message"]
    clock.set(dt.date(2026, 10, 23))
    closed = client.post(f"/api/v1/postings/{posting['id']}/close", headers=headers)
    assert closed.status_code == 200 and {c["state"] for c in closed.json["cases"]} == {"posting_closed"}
    with app.app_context():
        assert db.session.get(Case, second).state == "posting_closed"

    elsewhere = issue(app, world, "canbo_b", "postings:write")
    assert client.get(f"/api/v1/postings/{posting['id']}", headers=elsewhere).status_code == 404
    assert client.post(url, json=body, headers=elsewhere).status_code == 404
