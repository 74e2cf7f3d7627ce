"""The upper level's opinion on a periodic campaign: the chairman reports, the district official (or
commune staff, for a reply received outside the system) agrees or asks for named households to be re-checked."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.service import save_household
from casework.models import (
    Case,
    CaseEvent,
    CaseType,
    Document,
    HouseholdStatus,
    Relationship,
    ReviewRun,
    RunKind,
    Sex,
    UpperReview,
)
from tests.casework.cases.helpers import sign_step, state_of
from tests.casework.documents.pdftools import pdf_text
from tests.support.clock import Clock
from tests.support.signing import TestPki
from tests.support.world import World, member

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def today(clock: Clock) -> dt.date:
    day = dt.date(2025, 11, 20)  # inside the 2025 campaign window, 01/09-14/12
    return clock.set(day)


def campaign(app: Flask, world: World, *, posted: bool = False, **settings: str) -> tuple[int, dict[str, int]]:
    """A periodic campaign of commune a whose households finished posting: a1 poor, a2 near-poor, and a
    third household of a1 poor last year, now near-poor (it exits poverty). `posted`: a fourth still posted.
    The level is the district's unless given: the world's upper-level official is a district's."""
    settings.setdefault("upper_review_level", "district")
    with app.app_context():
        run = ReviewRun(
            commune_id=world.ids["commune_a"], kind=RunKind.PERIODIC_CAMPAIGN, period_year=2025,
            starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 12, 14), settings=settings,
        )  # fmt: skip
        db.session.add(run)

        def household(name: str, sex: Sex) -> int:
            data = HouseholdData(
                village_id=world.ids["village_a1"], permanent_address="Thôn Lô Lô Chải",
                current_address="Thôn Lô Lô Chải", members=[member(name, sex, dt.date(1980, 3, 2), Relationship.HEAD)],
            )  # fmt: skip
            return save_household(None, data, actor=None).id

        subjects = {"a1": (world.households["a1"], "poor"), "a2": (world.households["a2"], "near_poor")}
        subjects["exit"] = (household("Thào Mí Dế", Sex.MALE), "near_poor")
        db.session.add(HouseholdStatus(household_id=subjects["exit"][0], year=2024, household_class="poor"))
        if posted:
            subjects["posted"] = (household("Sùng Thị Súa", Sex.FEMALE), "poor")
        ids = {}
        for key, (household_id, household_class) in subjects.items():
            case = Case(
                case_type=CaseType.PERIODIC_REVIEW, run=run, household_id=household_id, origin="existing_list",
                state="posted" if key == "posted" else "posting_closed", provisional_class=household_class,
            )  # fmt: skip
            db.session.add(case)
            db.session.flush()
            ids[key] = case.id
        db.session.commit()
        return run.id, ids


def switch(client: FlaskClient, login_as, username: str) -> FlaskClient:  # type: ignore[no-untyped-def]
    client.post("/logout")
    return login_as(username)


def send(client: FlaskClient, run_id: int, number: str = "05"):  # type: ignore[no-untyped-def]
    return client.post(f"/runs/{run_id}/upper", data={"number": number, "symbol": "BC-UBND"})


def review_id(app: Flask, run_id: int) -> int:
    with app.app_context():
        return db.session.execute(select(func.max(UpperReview.id)).where(UpperReview.run_id == run_id)).scalar_one()


def states(app: Flask, ids: dict[str, int]) -> dict[str, str]:
    return {key: state_of(app, case_id) for key, case_id in ids.items()}


def sent(app: Flask, world: World, client: FlaskClient, login_as) -> tuple[int, dict[str, int], int]:  # type: ignore[no-untyped-def]
    run_id, ids = campaign(app, world)
    chairman = switch(client, login_as, "chutich")
    assert send(chairman, run_id).status_code == 302
    return run_id, ids, review_id(app, run_id)


def test_the_chairman_sends_one_report_and_every_closed_case_waits_for_the_upper_level(
    app: Flask, world: World, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = campaign(app, world)
    chairman = login_as("chutich")
    page = chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    assert "cấp huyện" in page and "Ủy ban nhân dân huyện Đồng Văn" in page
    assert "từ 01/07/2025 không còn cấp huyện" in page  # district configured for a campaign after the reform
    assert "Hộ thoát nghèo" in page and "Thào Mí Dế" in page

    bad = chairman.post(f"/runs/{run_id}/upper", data={"number": "năm", "symbol": "bc ubnd"})
    assert bad.status_code == 422 and "Số văn bản là số nguyên từ 01 đến 99999" in bad.get_data(as_text=True)

    response = send(chairman, run_id)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert set(states(app, ids).values()) == {"upper_review"}
    with app.app_context():
        review = db.session.execute(select(UpperReview)).scalar_one()
        assert (review.level, review.sent_on, review.recipient) == ("district", today, "Ủy ban nhân dân huyện Đồng Văn")
        report = db.session.execute(select(Document)).scalar_one()  # one document for the whole batch
        assert (report.kind, report.id, report.document_number) == (
            "upper_report",
            review.report_document_id,
            "05/BC-UBND",
        )
        events = db.session.execute(select(CaseEvent)).scalars().all()
        assert {(e.trigger, e.actor_role, e.facts["unsettled_cases"]) for e in events} == {
            ("send_upper", "commune_chairman", 0)
        }
        text = pdf_text(report.content, layout=True)
    assert "Số: 05/BC-UBND" in text and "Kính gửi: Ủy ban nhân dân huyện Đồng Văn" in text
    # The household leaving poverty for near-poverty counts as exiting poverty and as near-poor.
    for label, households in (("Hộ nghèo", 1), ("Hộ cận nghèo", 2), ("Hộ thoát nghèo", 1)):
        assert re.search(rf"{label}\s+{households}\s+{households}\b", text), label  # one person each
    assert "Giàng Seo Páo" in text and "Vàng Thị Mỷ" in text and "Thào Mí Dế" in text
    assert "002080001001" not in text


def test_sending_while_a_case_is_still_posted_is_refused_and_nothing_changes(
    app: Flask, world: World, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = campaign(app, world, posted=True)
    chairman = login_as("chutich")
    assert "Còn 1 hồ sơ của đợt chưa kết thúc niêm yết" in chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    response = send(chairman, run_id)
    assert response.status_code == 409
    assert "Còn 1 hồ sơ của đợt chưa kết thúc niêm yết." in response.get_data(as_text=True)
    assert states(app, ids) == {
        "a1": "posting_closed",
        "a2": "posting_closed",
        "exit": "posting_closed",
        "posted": "posted",
    }
    with app.app_context():
        assert db.session.execute(select(func.count(UpperReview.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(Document.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(CaseEvent.id))).scalar_one() == 0


def test_no_report_when_the_campaign_skips_the_upper_level(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    run_id, ids = campaign(app, world, upper_review_level="none")
    chairman = login_as("chutich")
    assert "không xin ý kiến cấp trên" in chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    assert send(chairman, run_id).status_code == 409
    assert set(states(app, ids).values()) == {"posting_closed"}


def test_a_province_level_campaign_goes_to_the_province_and_not_to_the_district_official(
    app: Flask, world: World, client: FlaskClient, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    run_id, _ids = campaign(app, world, upper_review_level="province")
    chairman = login_as("chutich")
    page = chairman.get(f"/runs/{run_id}/upper").get_data(as_text=True)
    assert "Ủy ban nhân dân tỉnh Tuyên Quang" in page and "không còn cấp huyện" not in page
    assert send(chairman, run_id).status_code == 302
    official = switch(client, login_as, "huyen")
    review = review_id(app, run_id)
    assert official.get(f"/upper/{review}").status_code == 403  # a district official does not answer for the province
    assert f"/upper/{review}" not in official.get("/upper").get_data(as_text=True)


def test_the_district_official_approves_and_the_cases_wait_for_the_decision(
    app: Flask, world: World, client: FlaskClient, login_as, today, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    _run_id, ids, review = sent(app, world, client, login_as)
    official = switch(client, login_as, "huyen")
    inbox = official.get("/upper").get_data(as_text=True)
    assert "Xã Lũng Cú" in inbox and f"/upper/{review}" in inbox
    page = official.get(f"/upper/{review}").get_data(as_text=True)
    assert "Giàng Seo Páo" in page and "Thôn Lô Lô Chải" in page and "Hộ thoát nghèo" in page
    assert "002080001001" not in page and "002185002002" not in page  # no ID numbers for the upper level

    response = official.post(f"/upper/{review}", data={"action": "approve", "number": "12", "symbol": "UBND-LĐTBXH"})
    assert set(states(app, ids).values()) == {"upper_review"}  # the letter waits for the official's signature
    signed = sign_step(official, response, test_pki, "huyen")
    assert signed.status_code == 302, signed.get_data(as_text=True)[:3000]
    assert signed.headers["Location"] == response.headers["Location"]  # the official stays on the signed letter
    landed = official.get(signed.headers["Location"]).get_data(as_text=True)
    assert "Văn bản đã được ký số và kiểm tra chữ ký hợp lệ." in landed
    assert f'href="/upper/{review}">Quay lại kết quả rà soát của xã</a>' in landed
    assert set(states(app, ids).values()) == {"ready_for_decision"}
    with app.app_context():
        found = db.session.get(UpperReview, review)
        assert (found.outcome, found.replied_on, found.reply_by_id) == ("agreed", today, world.users["huyen"])
        letter = db.session.get(Document, found.reply_document_id)
        assert (letter.kind, letter.document_number) == ("upper_approval", "12/UBND-LĐTBXH")
        events = db.session.execute(select(CaseEvent).where(CaseEvent.trigger == "record_upper_reply")).scalars().all()
        assert {(e.actor_role, e.facts["upper_reply_outcome"]) for e in events} == {("upper_reviewer", "agreed")}
        assert len(events) == 3
        text = pdf_text(letter.content)
    assert "HUYỆN ĐỒNG VĂN" in text and "Thống nhất" in text and "Số: 12/UBND-LĐTBXH" in text
    assert f"/upper/{review}" not in official.get("/upper").get_data(as_text=True)


def test_a_recheck_sends_the_named_household_back_to_survey_and_the_others_wait(
    app: Flask, world: World, client: FlaskClient, login_as, today, test_pki: TestPki
) -> None:  # type: ignore[no-untyped-def]
    _run_id, ids, review = sent(app, world, client, login_as)
    official = switch(client, login_as, "huyen")
    unnamed = official.post(
        f"/upper/{review}", data={"action": "recheck", "number": "13", "symbol": "UBND", "note": "x"}
    )
    assert unnamed.status_code == 422 and "Chọn ít nhất một hộ cần phúc tra." in unnamed.get_data(as_text=True)

    data = {"action": "recheck", "number": "13", "symbol": "UBND", "case_ids": str(ids["a1"]),
            "note": "Hộ mới mua xe máy, cần xác minh thu nhập."}  # fmt: skip
    assert sign_step(official, official.post(f"/upper/{review}", data=data), test_pki, "huyen").status_code == 302
    assert states(app, ids) == {"a1": "needs_resurvey", "a2": "upper_review", "exit": "upper_review"}
    with app.app_context():
        found = db.session.get(UpperReview, review)
        assert (found.outcome, found.recheck_case_ids) == ("recheck_requested", [ids["a1"]])
        text = pdf_text(db.session.get(Document, found.reply_document_id).content)
    assert "tổ chức phúc tra" in text and "Giàng Seo Páo" in text and "Vàng Thị Mỷ" not in text

    # The others wait for a later reply, which moves only them.
    assert f"/upper/{review}" in official.get("/upper").get_data(as_text=True)
    approve = {"action": "approve", "number": "14", "symbol": "UBND"}
    assert sign_step(official, official.post(f"/upper/{review}", data=approve), test_pki, "huyen").status_code == 302
    assert states(app, ids) == {"a1": "needs_resurvey", "a2": "ready_for_decision", "exit": "ready_for_decision"}


def test_other_communes_see_nothing_and_read_only_roles_may_not_act(
    app: Flask, world: World, client: FlaskClient, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    run_id, ids, review = sent(app, world, client, login_as)
    pages = (f"/runs/{run_id}/upper", f"/upper/{review}", f"/upper/{review}/reply")
    other = switch(client, login_as, "canbo_b")
    assert [other.get(page).status_code for page in pages] == [404, 404, 404]
    assert (
        other.post(f"/upper/{review}", data={"action": "approve", "number": "1", "symbol": "UBND"}).status_code == 404
    )
    supervisor = switch(client, login_as, "mttq")
    assert [supervisor.get(page).status_code for page in (*pages, "/upper")] == [403, 403, 403, 403]
    assert send(supervisor, run_id).status_code == 403
    staff = switch(client, login_as, "canbo")
    assert staff.get(f"/upper/{review}").status_code == 403  # the official's page; staff record a received reply
    assert send(staff, run_id).status_code == 403  # only the chairman sends the report
    assert set(states(app, ids).values()) == {"upper_review"}


def reply_form(**changes: object) -> dict[str, object]:
    return {
        "replied_on": "25/11/2025", "sender": "UBND huyện Đồng Văn", "document_number": "2315/UBND-LĐTBXH",
        "outcome": "agreed_with_changes", "note": "Bổ sung nhân khẩu của hộ Vàng Thị Mỷ.",
        "file": (io.BytesIO(MINIMAL_PDF), "tra-loi.pdf"), **changes,
    }  # fmt: skip


def test_staff_record_a_reply_received_outside_the_system(
    app: Flask, world: World, client: FlaskClient, login_as, clock: Clock, today
) -> None:  # type: ignore[no-untyped-def]
    _run_id, ids, review = sent(app, world, client, login_as)
    clock.set(dt.date(2025, 11, 26))
    staff = switch(client, login_as, "canbo")
    assert f"/upper/{review}/reply" in staff.get("/upper").get_data(as_text=True)

    not_pdf = reply_form(file=(io.BytesIO(b"PK\x03\x04 a word document"), "tra-loi.docx"))
    response = staff.post(f"/upper/{review}/reply", data=not_pdf, content_type="multipart/form-data")
    assert response.status_code == 422 and "không phải PDF" in response.get_data(as_text=True)
    assert set(states(app, ids).values()) == {"upper_review"}
    with app.app_context():
        assert db.session.execute(select(Document.kind)).scalars().all() == ["upper_report"]

    response = staff.post(f"/upper/{review}/reply", data=reply_form(), content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert set(states(app, ids).values()) == {"ready_for_decision"}
    with app.app_context():
        found = db.session.get(UpperReview, review)
        assert (found.outcome, found.replied_on, found.reply_sender) == (
            "agreed_with_changes", dt.date(2025, 11, 25), "UBND huyện Đồng Văn"
        )  # fmt: skip
        stored = db.session.get(Document, found.reply_document_id)
        assert (stored.kind, stored.media_type, stored.content) == ("upper_reply", "application/pdf", MINIMAL_PDF)
        assert stored.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
        roles = db.session.execute(select(CaseEvent.actor_role).where(CaseEvent.trigger == "record_upper_reply"))
        assert set(roles.scalars()) == {"commune_staff"}


def test_staff_record_a_recheck_request_naming_a_household(
    app: Flask, world: World, client: FlaskClient, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    _run_id, ids, review = sent(app, world, client, login_as)
    staff = switch(client, login_as, "canbo")
    form = reply_form(outcome="recheck_requested", case_ids=str(ids["exit"]), replied_on="20/11/2025")
    assert staff.post(f"/upper/{review}/reply", data=form, content_type="multipart/form-data").status_code == 302
    assert states(app, ids) == {"a1": "upper_review", "a2": "upper_review", "exit": "needs_resurvey"}
