"""Issue 4's walk: a household's Mẫu 01 during the annual campaign goes through survey, a failed
meeting and a re-survey, a passed meeting, posting with a complaint and re-check, the district's
approval and recognition, each step done by the role the law gives it, all shown in the timeline."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, CaseEvent, Document, HouseholdStatus, ReviewRun
from tests.casework.cases.helpers import log_request, meeting, sign_step, state_of, survey
from tests.casework.reports.test_kept_figures import province_figures_viewed
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import PASSWORD, World


def as_user(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def ok(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_a_request_goes_from_mau_01_to_recognition_through_every_step(
    app: Flask, world: World, clock: Clock, test_pki: TestPki
) -> None:
    clock.set(dt.date(2026, 10, 1))
    staff = as_user(app, "canbo")
    ok(
        staff.post(
            "/runs/new",
            data={"commune_id": str(world.ids["commune_a"]), "year": "2026", "upper_review_level": "district"},
        )
    )
    case_id = log_request(app, staff, world.households["a1"], "01/10/2026")
    before = province_figures_viewed(app, world)  # the province's figures, kept from here on
    with app.app_context():
        case = db.session.get(Case, case_id)
        run_id = case.run_id
        assert (
            case.case_type.value == "periodic_review"
            and db.session.get(ReviewRun, run_id).kind.value == "periodic_campaign"
        )
    ok(staff.post(f"/runs/{run_id}/list-requests"))
    assert state_of(app, case_id) == "listed"

    surveyor = as_user(app, "rasoat")
    survey(app, surveyor, case_id, b1="120", day="01/10/2026")  # Phiếu A shown, nothing ticked: continue to B
    assert state_of(app, case_id) == "surveyed"

    clock.set(dt.date(2026, 10, 2))
    head = as_user(app, "truongthon")
    ok(meeting(head, run_id, world.ids["village_a1"], {case_id: 10}, attendees=25, day="02/10/2026"))
    assert state_of(app, case_id) == "needs_resurvey"  # 10/25 < 50 %: back to survey
    survey(app, surveyor, case_id, b1="118", day="02/10/2026")
    assert state_of(app, case_id) == "surveyed"
    ok(meeting(head, run_id, world.ids["village_a1"], {case_id: 13}, attendees=25, day="02/10/2026"))
    assert state_of(app, case_id) == "meeting_passed"
    assert f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}" in staff.get(f"/runs/{run_id}").get_data(
        as_text=True
    )

    clock.set(dt.date(2026, 10, 5))  # Monday
    posting_form = {
        "case_ids": [str(case_id)],
        "places": "Nhà văn hóa thôn Lô Lô Chải; Trụ sở UBND xã",
        "starts_on": "05/10/2026",
        "action": "preview",
    }
    preview = staff.post(f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}", data=posting_form)
    end = re.search(r'name="ends_on"[^>]*value="([0-9/]+)"', preview.get_data(as_text=True)).group(1)
    posted = staff.post(
        f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}",
        data={**posting_form, "ends_on": end, "action": "confirm"},
    )
    ok(posted)
    posting_id = int(posted.headers["Location"].rsplit("/", 1)[1])
    assert state_of(app, case_id) == "posted"

    clock.set(dt.date(2026, 10, 6))
    ok(
        staff.post(
            f"/postings/{posting_id}/complaints",
            data={
                "case_id": str(case_id),
                "received_on": "06/10/2026",
                "received_time": "09:00",
                "channel": "in_person",
                "anonymous": "y",
                "kind": "inclusion",
                "content": "Hộ mới mua xe máy.",
            },
        )
    )
    assert state_of(app, case_id) == "under_recheck"
    ok(
        staff.post(
            f"/cases/{case_id}/recheck",
            data={
                "team": "Hoàng Thị Lan\nĐỗ Thị Hà",
                "started_on": "06/10/2026",
                "finished_on": "06/10/2026",
                "conclusion": "rejected",
                "notes": "Xe máy cũ, không làm thay đổi kết quả.",
            },
        )
    )
    assert state_of(app, case_id) == "posted"
    early = staff.post(f"/postings/{posting_id}/close")
    assert early.status_code == 409 and state_of(app, case_id) == "posted"
    clock.set(dt.date(2026, 10, 15))
    ok(staff.post(f"/postings/{posting_id}/close"))
    assert state_of(app, case_id) == "posting_closed"
    assert f"/runs/{run_id}/upper" in staff.get(f"/runs/{run_id}").get_data(as_text=True)

    chairman = as_user(app, "chutich")
    ok(chairman.post(f"/runs/{run_id}/upper", data={"number": "21", "symbol": "BC-UBND"}))
    assert state_of(app, case_id) == "upper_review"

    official = as_user(app, "huyen")
    inbox = official.get("/upper").get_data(as_text=True)
    review_id = int(re.search(r'href="/upper/(\d+)"', inbox).group(1))
    assert "002080001001" not in official.get(f"/upper/{review_id}").get_data(as_text=True)
    letter = official.post(f"/upper/{review_id}", data={"action": "approve", "number": "88", "symbol": "UBND"})
    assert state_of(app, case_id) == "upper_review"  # nothing moves before the official's signature
    ok(sign_step(official, letter, test_pki, "huyen"))
    assert state_of(app, case_id) == "ready_for_decision"

    decision = chairman.post(
        f"/runs/{run_id}/decision", data={"number": "30", "symbol": "QĐ-UBND", "issued_on": "15/10/2026"}
    )
    assert state_of(app, case_id) == "ready_for_decision"
    ok(sign_step(chairman, decision, test_pki, "chutich"))
    assert state_of(app, case_id) == "recognised"

    with app.app_context():
        events = db.session.execute(
            select(CaseEvent.trigger, CaseEvent.actor_role).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        ).all()
        assert events == [
            ("log_request", "commune_staff"),
            ("list_for_campaign", "commune_staff"),
            ("complete_survey", "reviewer"),
            ("fail_meeting", "village_head"),
            ("resurvey", "reviewer"),
            ("pass_meeting", "village_head"),
            ("post", "commune_staff"),
            ("file_complaint", "commune_staff"),
            ("finish_recheck", "commune_staff"),
            ("close_posting", "commune_staff"),
            ("send_upper", "commune_chairman"),
            ("record_upper_reply", "upper_reviewer"),
            ("recognise", "commune_chairman"),
        ]
        kinds = set(db.session.execute(select(Document.kind)).scalars())
        assert {
            "request_form",
            "request_receipt",
            "survey_record",
            "meeting_minutes",
            "posting_notice",
            "complaint_record",
            "recheck_record",
            "upper_report",
            "upper_approval",
            "recognition_decision",
            "certificate",
        } <= kinds
        status = db.session.execute(
            select(HouseholdStatus).where(HouseholdStatus.household_id == world.households["a1"])
        ).scalar_one()
        assert (status.year, status.household_class) == (2026, "poor")
        certificate = db.session.execute(select(Document).where(Document.kind == "certificate")).scalar_one()
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=certificate.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Giàng Seo Páo" in text and "30/QĐ-UBND" in text

    after = province_figures_viewed(app, world)  # the kept figures followed every step: equal to a fresh count
    poor = {row: counts["poor.households"] for row, counts in after.items()}
    assert poor[world.ids["commune_a"]] == 1 and sum(poor.values()) == 1 and before != after

    timeline = staff.get(f"/cases/{case_id}").get_data(as_text=True)
    for label in ("Tiếp nhận giấy đề nghị", "Rà soát lại", "Niêm yết", "Phúc tra", "Công nhận"):
        assert label.lower() in timeline.lower(), label
