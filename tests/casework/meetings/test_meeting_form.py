"""The village meeting as QĐ 24 asks it: attendance by category, agree / disagree / abstain for each
household (or once for the whole list), the opinions raised and the Front's supervision. Counts that do
not fit the attendance are refused beside their field and nothing is written; the minutes carry it all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import CaseEvent, Document, MeetingVote, ReviewRun, VillageMeeting
from tests.casework.cases.helpers import meeting, state_of
from tests.casework.cases.test_step_dates import beside
from tests.casework.documents.pdftools import pdf_text
from tests.support.cases import build_case
from tests.support.clock import Clock
from tests.support.world import World, add_household

DAY = "05/10/2026"


@pytest.fixture
def village(app: Flask, world: World, clock: Clock) -> tuple[int, int, int, int]:
    """Two surveyed households of Thôn Lô Lô Chải waiting for their meeting: (run, village, Páo's, Chá's)."""
    clock.set(dt.date(2026, 10, 5))
    with app.app_context():
        second = add_household(world, "a1", head="Sùng Mí Chá")
        db.session.commit()
        first = build_case("surveyed", world=world, household="a1")
        other = build_case("surveyed", world=world, household=second, household_class="near_poor")
    return first.run_id, world.ids["village_a1"], first.id, other.id


def written(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(VillageMeeting)) or 0,
            db.session.scalar(select(func.count()).where(Document.kind == "meeting_minutes")) or 0,
            db.session.scalar(select(func.count()).select_from(CaseEvent)) or 0,
        )


def minutes_pdf(app: Flask) -> bytes:
    with app.app_context():
        document = db.session.execute(
            select(Document).where(Document.kind == "meeting_minutes").order_by(Document.id.desc()).limit(1)
        ).scalar_one()
        assert document.content is not None
        return document.content


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_counts_above_the_attendance_are_refused_beside_the_field_and_nothing_is_written(  # type: ignore[no-untyped-def]
    app: Flask, login_as, village
) -> None:
    run_id, village_id, pao, cha = village
    head = login_as("truongthon")
    before = written(app)

    response = meeting(head, run_id, village_id, {pao: (20, 8, 5), cha: 16}, attendees=30, day=DAY)
    assert response.status_code == 422
    message = "Đồng ý, không đồng ý và không biểu quyết cộng lại (33) nhiều hơn số người dự họp (30)."
    index = 0 if f'name="votes-0-case_id" type="hidden" value="{pao}"' in response.get_data(as_text=True) else 1
    assert beside(response, f"votes-{index}-agree_count", message)
    assert written(app) == before
    assert (state_of(app, pao), state_of(app, cha)) == ("surveyed", "surveyed")
    # What was typed is kept for the correction.
    assert 'value="8"' in response.get_data(as_text=True)

    nobody = meeting(head, run_id, village_id, {pao: 0, cha: 0}, attendees=0, day=DAY)
    assert nobody.status_code == 422
    assert "Ghi số người dự họp của ít nhất một thành phần." in nobody.get_data(as_text=True)

    words = meeting(head, run_id, village_id, {pao: 20, cha: 16}, attendees=30, day=DAY, attend_surveyors="hai")
    assert words.status_code == 422
    assert beside(words, "attend_surveyors", "Nhập số người bằng chữ số, ví dụ 12.")
    negative = meeting(head, run_id, village_id, {pao: 20, cha: 16}, attendees=30, day=DAY, attend_party_cell="-1")
    assert negative.status_code == 422 and beside(negative, "attend_party_cell", "Từ 0 đến 10000.")
    missing = meeting(
        head, run_id, village_id, {pao: 20, cha: 16}, attendees=30, day=DAY, **{"votes-1-agree_count": ""}
    )
    assert missing.status_code == 422 and beside(missing, "votes-1-agree_count", "Không được để trống.")
    assert written(app) == before


def test_fewer_than_half_agreeing_sends_the_household_back_to_survey(  # type: ignore[no-untyped-def]
    app: Flask, login_as, village
) -> None:
    run_id, village_id, pao, cha = village
    head = login_as("truongthon")
    # Páo: 14 of 30 agree (10 against, 6 abstain): below half. Chá: exactly half agree: passes.
    response = meeting(head, run_id, village_id, {pao: (14, 10, 6), cha: (15, 15, 0)}, attendees=30, day=DAY)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert (state_of(app, pao), state_of(app, cha)) == ("needs_resurvey", "meeting_passed")
    with app.app_context():
        votes = db.session.execute(
            select(MeetingVote.case_id, MeetingVote.agree_count, MeetingVote.disagree_count, MeetingVote.abstain_count)
        ).all()
        assert sorted(votes) == sorted([(pao, 14, 10, 6), (cha, 15, 15, 0)])
        recorded = db.session.execute(select(VillageMeeting)).scalar_one()
        assert recorded.attendee_count == 30
        assert recorded.attendance["village_head"] == 1 and recorded.attendance["other_households"] == 28
    page = head.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đồng ý 14/30 · không đồng ý 10 · không biểu quyết 6" in page
    assert "Không thông qua – rà soát lại" in page
    assert "Đại diện các hộ gia đình khác" in page  # the attendance by category, named


def test_the_minutes_carry_attendance_votes_opinions_supervision_and_signatures(  # type: ignore[no-untyped-def]
    app: Flask, login_as, village
) -> None:
    run_id, village_id, pao, cha = village
    head = login_as("truongthon")
    response = meeting(
        head,
        run_id,
        village_id,
        {pao: (20, 7, 3), cha: (12, 16, 2)},
        attendees=30,
        day=DAY,
        attend_steering="2",
        attend_surveyors="2",
        attend_other_households="24",
        opinions="Ông Lý Seo Dín đề nghị thôn rà soát kỹ thu nhập từ chăn nuôi.",
        supervisor_remarks="Cuộc họp được tổ chức dân chủ, công khai, đúng quy trình.",
        **{"votes-0-opinion": "Nhà bị lũ cuốn trôi, đề nghị ưu tiên hỗ trợ."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    text = flat(pdf_text(minutes_pdf(app)))
    assert "BIÊN BẢN HỌP DÂN" in text and "THÔN LÔ LÔ CHẢI" in text
    # Attendance by category, every category named, the total the sum of them (2+1+1+2+24).
    for line in (
        "Thành viên Ban Chỉ đạo rà soát cấp xã: 02 người;",
        "Công chức phụ trách công tác giảm nghèo cấp xã: 01 người;",
        "Trưởng thôn: 01 người;",
        "Đại diện chi bộ: không có;",
        "Đại diện các tổ chức đoàn thể: không có;",
        "Rà soát viên: 02 người;",
        "Đại diện các hộ gia đình được rà soát: không có;",
        "Đại diện các hộ gia đình khác: 24 người.",
        "Tổng số người dự họp: 30 người.",
    ):
        assert line in text, line
    # Each household's agree / disagree / abstain and result.
    assert re.search(r"Giàng Seo Páo .*?20 7 3 66,7% Thông qua", text), text
    assert re.search(r"Sùng Mí Chá .*?12 16 2 40,0% Không thông qua", text), text
    # The opinions raised and the Front's supervision.
    assert "Ông Lý Seo Dín đề nghị thôn rà soát kỹ thu nhập từ chăn nuôi." in text
    assert "Về hộ Giàng Seo Páo: Nhà bị lũ cuốn trôi, đề nghị ưu tiên hỗ trợ." in text
    assert "Giám sát: đại diện Ủy ban Mặt trận Tổ quốc Việt Nam xã Lũng Cú: Hầu Thị Say." in text
    assert "giám sát: Cuộc họp được tổ chức dân chủ, công khai, đúng quy trình." in text
    assert "đề nghị Ban Chỉ đạo rà soát xã rà soát lại và tổ chức họp dân lại: Sùng Mí Chá." in text
    # Who signs: the Front's supervisor, the secretary, the chair, and each household's representative.
    for line in ("ĐẠI DIỆN MTTQ VIỆT NAM", "THƯ KÝ", "CHỦ TRÌ", "TRƯỞNG THÔN", "Lò Thị Mai", "Thào Seo Sính"):
        assert line in text, line
    assert "ĐẠI DIỆN CÁC HỘ GIA ĐÌNH" in text and "Người đại diện ký, ghi rõ họ tên" in text
    assert "Hoàng" not in text and "None" not in text and "_" not in text


def test_the_whole_list_is_voted_once_and_its_counts_checked(  # type: ignore[no-untyped-def]
    app: Flask, login_as, village
) -> None:
    run_id, village_id, pao, cha = village
    with app.app_context():
        db.session.get_one(ReviewRun, run_id).settings = {"meeting_vote_mode": "whole_list"}
        db.session.commit()
    head = login_as("truongthon")
    form = head.get(f"/runs/{run_id}/villages/{village_id}/meeting").get_data(as_text=True)
    assert 'name="whole_list_agree"' in form and 'name="votes-0-agree_count"' not in form
    too_many = {"whole_list_agree": "20", "whole_list_disagree": "9", "whole_list_abstain": "2"}
    refused = meeting(head, run_id, village_id, {pao: 0, cha: 0}, attendees=30, day=DAY, **too_many)
    assert refused.status_code == 422
    assert beside(refused, "whole_list_agree", "cộng lại (31) nhiều hơn số người dự họp (30).")
    assert written(app)[0] == 0

    counts = {"whole_list_agree": "14", "whole_list_disagree": "10", "whole_list_abstain": "6"}
    response = meeting(head, run_id, village_id, {pao: 0, cha: 0}, attendees=30, day=DAY, **counts)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert (state_of(app, pao), state_of(app, cha)) == ("needs_resurvey", "needs_resurvey")
    text = flat(pdf_text(minutes_pdf(app)))
    assert (
        "Biểu quyết chung đối với toàn bộ danh sách: 14 người đồng ý, 10 người không đồng ý, "
        "6 người không biểu quyết trên tổng số 30 người dự họp (46,7% đồng ý): Không thông qua." in text
    )


def test_a_meeting_recorded_before_the_categories_still_reads(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        made = build_case("meeting_passed", world=world)  # a meeting as recorded before: no categories, no counts
        meeting_id = db.session.execute(select(VillageMeeting.id)).scalar_one()
    assert made.state == "meeting_passed"
    page = login_as("truongthon").get(f"/meetings/{meeting_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Đồng ý 20/30" in html and "không đồng ý" not in html  # not counted then: not shown as 0
