"""A Mẫu 01 request walks the regular review: survey, a failed meeting back to survey, a passed one."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import Case, CaseEvent, Document, MeetingVote
from tests.casework.cases.helpers import log_request, meeting, state_of, survey
from tests.support.clock import Clock
from tests.support.world import World


@pytest.fixture
def today(clock: Clock) -> dt.date:
    day = dt.date(2026, 10, 5)
    return clock.set(day)


def test_failed_meeting_sends_the_case_back_to_survey_and_a_new_meeting_passes(
    app: Flask, world: World, login_as, today
) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "05/10/2026")
    staff.post("/logout")

    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="120", day="05/10/2026")
    assert state_of(app, case_id) == "surveyed"
    case_page = surveyor.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Đã khảo sát, phân loại" in case_page or "surveyed" in case_page
    surveyor.post("/logout")

    head = login_as("truongthon")
    with app.app_context():
        run_id = db.session.get(Case, case_id).run_id
    # The village head opens the campaign from the menu: their village and its meeting, no commune actions.
    run_page = head.get(f"/runs/{run_id}").get_data(as_text=True)
    assert f"/runs/{run_id}/villages/{world.ids['village_a1']}/meeting" in run_page
    assert "In danh sách hồ sơ của đợt" not in run_page
    assert head.post(f"/runs/{run_id}/lists/review").status_code == 404  # the commune's whole list is not theirs
    failed = meeting(head, run_id, world.ids["village_a1"], {case_id: 14}, attendees=30, day="05/10/2026")
    assert failed.status_code == 302
    result = head.get(failed.headers["Location"]).get_data(as_text=True)
    assert "14/30" in result and "Không thông qua" in result
    assert state_of(app, case_id) == "needs_resurvey"
    assert "Cần khảo sát lại" in head.get(f"/cases/{case_id}").get_data(as_text=True)
    # The survey must be redone before another meeting: the case is no longer on the meeting's list.
    again = meeting(head, run_id, world.ids["village_a1"], {case_id: 20}, attendees=30, day="05/10/2026")
    assert again.status_code == 409 and "không chờ họp dân" in again.get_data(as_text=True)
    assert state_of(app, case_id) == "needs_resurvey"
    head.post("/logout")

    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="118", day="05/10/2026")
    surveyor.post("/logout")
    head = login_as("truongthon")
    passed = meeting(head, run_id, world.ids["village_a1"], {case_id: 15}, attendees=30, day="05/10/2026")
    assert passed.status_code == 302
    assert state_of(app, case_id) == "meeting_passed"
    with app.app_context():
        triggers = (
            db.session.execute(select(CaseEvent.trigger).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
            .scalars()
            .all()
        )
        assert triggers == ["log_request", "complete_survey", "fail_meeting", "resurvey", "pass_meeting"]
        votes = db.session.execute(select(MeetingVote.agree_count, MeetingVote.passed).order_by(MeetingVote.id)).all()
        assert votes == [(14, False), (15, True)]
        assert db.session.execute(select(Document).where(Document.kind == "meeting_minutes")).scalars().all()
    timeline = head.get(f"/cases/{case_id}").get_data(as_text=True)
    assert timeline.count("Họp dân") >= 2


def test_meeting_counts_are_checked_and_nothing_moves_on_bad_input(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "05/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="120", day="05/10/2026")
    surveyor.post("/logout")
    head = login_as("truongthon")
    with app.app_context():
        run_id = db.session.get(Case, case_id).run_id
    response = meeting(head, run_id, world.ids["village_a1"], {case_id: 40}, attendees=30, day="05/10/2026")
    assert response.status_code == 422
    assert "cộng lại (40) nhiều hơn số người dự họp (30)." in response.get_data(as_text=True)
    assert state_of(app, case_id) == "surveyed"
    head.post("/logout")
    other = login_as("canbo_b")
    assert other.get(f"/runs/{run_id}/villages/{world.ids['village_a1']}/meeting").status_code == 404
    other.post("/logout")
    staff = login_as("canbo")  # the commune's own officer: told at once that the village head records it
    assert staff.get(f"/runs/{run_id}/villages/{world.ids['village_a1']}/meeting").status_code == 403


def test_batch_documents_are_read_in_their_own_commune_only(app: Flask, world: World, login_as, today) -> None:  # type: ignore[no-untyped-def]
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "05/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="120", day="05/10/2026")
    surveyor.post("/logout")
    head = login_as("truongthon")
    with app.app_context():
        run_id = db.session.get(Case, case_id).run_id
    assert (
        meeting(head, run_id, world.ids["village_a1"], {case_id: 20}, attendees=30, day="05/10/2026").status_code == 302
    )
    with app.app_context():
        minutes = db.session.execute(select(Document.id).where(Document.kind == "meeting_minutes")).scalar_one()
    response = head.get(f"/documents/{minutes}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    head.post("/logout")
    assert login_as("canbo").get(f"/documents/{minutes}.pdf").status_code == 200
    other = app.test_client()
    other.post("/login", data={"username": "canbo_b", "password": "mat-khau-thu-nghiem"})
    assert other.get(f"/documents/{minutes}.pdf").status_code == 404
