"""Dates follow the procedure: no step in the future or before the case's previous step, a written
reason for a step entered after the fact ("nhập bù"), and each step's own order rule.

Each back-dating attempt is refused with a Vietnamese message next to the date field, a 4xx status,
and nothing written. Monday 05/10/2026 is the day the request, the survey and the meeting happen.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from casework.cases.step_dates import StepDate, check
from casework.cycles.settings import working_calendar
from casework.errors import Refused
from casework.extensions import db
from casework.models import (
    AdminUnit,
    Case,
    CaseEvent,
    Complaint,
    Document,
    Posting,
    Recheck,
    UpperReview,
    VillageMeeting,
)
from tests.casework.cases.helpers import log_request, meeting, state_of, survey
from tests.support.cases import path_to
from tests.support.clock import Clock
from tests.support.world import World
from workflow.procedures.settings import ProcedureSettings


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def beside(response, field: str, message: str) -> bool:  # type: ignore[no-untyped-def]
    """The message stands in the field's own block (class has-error), not only at the top of the page."""
    html = response.get_data(as_text=True)
    pattern = (
        rf'<div class="field [^"]*has-error">(?:(?!<div class="field).)*?name="{field}"(?:(?!<div class="field).)*?'
    )
    return re.search(pattern + re.escape(message), html, re.S) is not None


def grace(app: Flask, world: World, days: int) -> None:
    """The province's grace before a past day counts as entered late."""
    with app.app_context():
        commune = db.session.get_one(AdminUnit, world.ids["commune_a"])
        commune.parent.settings = {**(commune.parent.settings or {}), "late_entry_grace_days": days}
        db.session.commit()


@pytest.fixture
def surveyed(app: Flask, world: World, login_as, clock: Clock) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A request received and surveyed on Monday 05/10/2026: (case id, run id)."""
    clock.set(dt.date(2026, 10, 5))
    staff = login_as("canbo")
    case_id = log_request(app, staff, world.households["a1"], "05/10/2026")
    staff.post("/logout")
    surveyor = login_as("rasoat")
    survey(app, surveyor, case_id, b1="120", day="05/10/2026")
    surveyor.post("/logout")
    with app.app_context():
        return case_id, db.session.get_one(Case, case_id).run_id


@pytest.fixture
def passed(app: Flask, world: World, login_as, clock: Clock, surveyed: tuple[int, int]) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    case_id, run_id = surveyed
    head = login_as("truongthon")
    assert (
        meeting(head, run_id, world.ids["village_a1"], {case_id: 20}, attendees=30, day="05/10/2026").status_code == 302
    )
    head.post("/logout")
    return surveyed


def post(client: FlaskClient, world: World, run_id: int, case_id: int, start: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}",
        data={"case_ids": [str(case_id)], "places": "Nhà văn hóa thôn", "starts_on": start, "action": "preview"},
    )


# ---- the village meeting -------------------------------------------------------------------------


def test_a_meeting_cannot_be_dated_before_the_survey_it_discusses(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, surveyed: tuple[int, int]
) -> None:
    case_id, run_id = surveyed
    before = count(app, CaseEvent)
    head = login_as("truongthon")
    response = meeting(head, run_id, world.ids["village_a1"], {case_id: 20}, attendees=30, day="02/10/2026")
    assert response.status_code == 422
    assert beside(response, "held_on", "Ngày họp (02/10/2026) trước ngày khảo sát của hộ được đưa ra họp (05/10/2026).")
    assert state_of(app, case_id) == "surveyed"
    assert count(app, VillageMeeting) == 0 and count(app, CaseEvent) == before


def test_a_meeting_entered_after_the_fact_needs_a_reason_and_shows_as_nhap_bu(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock, surveyed: tuple[int, int]
) -> None:
    case_id, run_id = surveyed
    clock.set(dt.date(2026, 10, 8))  # Thursday: the meeting of Tuesday 06/10 is entered from its paper minutes
    before = count(app, CaseEvent)
    head = login_as("truongthon")
    url = f"/runs/{run_id}/villages/{world.ids['village_a1']}/meeting"
    assert "late_reason" not in head.get(url).get_data(as_text=True)  # today's meeting asks no reason

    response = meeting(head, run_id, world.ids["village_a1"], {case_id: 20}, attendees=30, day="06/10/2026")
    assert response.status_code == 422
    message = "Ngày 06/10/2026 đã qua: nhập bù một bước đã làm trên giấy thì phải ghi lý do nhập bù."
    assert beside(response, "held_on", message)
    assert 'name="late_reason"' in response.get_data(as_text=True)  # the reason's field appears now
    assert state_of(app, case_id) == "surveyed"
    assert count(app, VillageMeeting) == 0 and count(app, CaseEvent) == before

    response = meeting(
        head,
        run_id,
        world.ids["village_a1"],
        {case_id: 20},
        attendees=30,
        day="06/10/2026",
        late_reason="Biên bản họp gửi về xã chậm do mưa lũ.",
    )
    assert response.status_code == 302
    assert state_of(app, case_id) == "meeting_passed"
    with app.app_context():
        event = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.trigger == "pass_meeting")
        ).scalar_one()
        assert (event.effective_on, event.late_reason) == (
            dt.date(2026, 10, 6),
            "Biên bản họp gửi về xã chậm do mưa lũ.",
        )
    page = " ".join(head.get(f"/cases/{case_id}").get_data(as_text=True).split())
    assert "nhập bù</span> Lý do: Biên bản họp gửi về xã chậm do mưa lũ." in page
    assert "Ngày thực hiện: 06/10/2026" in page


# ---- the posting ------------------------------------------------------------------------------------


def test_a_posting_cannot_start_before_the_meeting_that_passed_its_households(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, passed: tuple[int, int]
) -> None:
    case_id, run_id = passed
    staff = login_as("canbo")
    response = post(staff, world, run_id, case_id, "02/10/2026")
    assert response.status_code == 422
    message = "Ngày bắt đầu niêm yết (02/10/2026) trước ngày họp dân đã thông qua các hộ này (05/10/2026)."
    assert beside(response, "starts_on", message)
    assert state_of(app, case_id) == "meeting_passed" and count(app, Posting) == 0


def test_a_posting_cannot_start_before_it_is_recorded_beyond_the_grace(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock, passed: tuple[int, int]
) -> None:
    case_id, run_id = passed
    clock.set(dt.date(2026, 10, 7))  # Wednesday
    staff = login_as("canbo")
    response = post(staff, world, run_id, case_id, "05/10/2026")
    assert response.status_code == 422
    message = "Ngày bắt đầu niêm yết (05/10/2026) trước ngày ghi nhận thông báo: sớm nhất là ngày 07/10/2026."
    assert beside(response, "starts_on", message)
    future = post(staff, world, run_id, case_id, "08/10/2026")
    assert future.status_code == 422 and beside(future, "starts_on", "Ngày bắt đầu niêm yết không được ở tương lai.")
    assert state_of(app, case_id) == "meeting_passed" and count(app, Posting) == 0

    grace(app, world, 2)  # two working days: Monday 05/10 is still on time on Wednesday
    assert post(staff, world, run_id, case_id, "05/10/2026").status_code == 200  # the preview with its end
    confirmed = staff.post(
        f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}",
        data={
            "case_ids": [str(case_id)],
            "places": "Nhà văn hóa thôn",
            "starts_on": "05/10/2026",
            "ends_on": "08/10/2026",
            "action": "confirm",
        },
    )
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)[:2000]
    with app.app_context():
        event = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.trigger == "post")
        ).scalar_one()
        assert (event.effective_on, event.late_reason) == (dt.date(2026, 10, 5), None)


@pytest.fixture
def posting(app: Flask, world: World, login_as, passed: tuple[int, int]) -> int:  # type: ignore[no-untyped-def]
    """Posted on Monday 05/10/2026 for 3 working days counted from the next day: until Thursday 08/10."""
    case_id, run_id = passed
    staff = login_as("canbo")
    response = staff.post(
        f"/runs/{run_id}/postings/new?village={world.ids['village_a1']}",
        data={
            "case_ids": [str(case_id)],
            "places": "Nhà văn hóa thôn",
            "starts_on": "05/10/2026",
            "ends_on": "08/10/2026",
            "action": "confirm",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    staff.post("/logout")
    return int(response.headers["Location"].rsplit("/", 1)[1])


def complaint(day: str, case_id: int, **more: str) -> dict[str, str]:
    return {
        "case_id": str(case_id),
        "received_on": day,
        "received_time": "09:00",
        "channel": "in_person",
        "complainant": "Lò Thị Hoa",
        "kind": "inclusion",
        "content": "Hộ có xe tải.",
        **more,
    }


def test_the_notice_states_its_period_as_it_counts(app: Flask, posting: int) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        notice = db.session.get_one(Document, db.session.get_one(Posting, posting).document_id)
        period = notice.context["posting_period"]
    assert period == (
        "từ ngày 05 tháng 10 năm 2026 đến hết ngày 08 tháng 10 năm 2026 "
        "(03 ngày làm việc, không kể ngày bắt đầu niêm yết)"
    )


def test_a_back_dated_complaint_needs_a_reason_and_stays_within_its_posting(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock, passed: tuple[int, int], posting: int
) -> None:
    case_id, _ = passed
    clock.set(dt.date(2026, 10, 7))
    staff = login_as("canbo")
    before = count(app, CaseEvent)
    url = f"/postings/{posting}/complaints"
    early = staff.post(url, data=complaint("02/10/2026", case_id))
    assert early.status_code == 422
    assert beside(early, "received_on", "Ngày nhận trước ngày bắt đầu niêm yết (05/10/2026).")
    unexplained = staff.post(url, data=complaint("06/10/2026", case_id))
    assert unexplained.status_code == 422
    assert beside(unexplained, "received_on", "phải ghi lý do nhập bù")
    assert state_of(app, case_id) == "posted"
    assert count(app, Complaint) == 0 and count(app, CaseEvent) == before

    explained = staff.post(url, data=complaint("06/10/2026", case_id, late_reason="Đơn gửi qua trưởng thôn."))
    assert explained.status_code == 302
    assert state_of(app, case_id) == "under_recheck"
    with app.app_context():
        event = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.trigger == "file_complaint")
        ).scalar_one()
        assert (event.effective_on, event.late_reason) == (dt.date(2026, 10, 6), "Đơn gửi qua trưởng thôn.")


def test_recheck_lateness_is_judged_against_its_deadline_not_today(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock, passed: tuple[int, int], posting: int
) -> None:
    case_id, _ = passed
    grace(app, world, 3)
    clock.set(dt.date(2026, 10, 6))
    staff = login_as("canbo")
    assert staff.post(f"/postings/{posting}/complaints", data=complaint("06/10/2026", case_id)).status_code == 302
    # Received Tuesday 06/10: the re-check is due by Friday 09/10. Entered on Tuesday 13/10.
    clock.set(dt.date(2026, 10, 13))
    form = {
        "team": "Hoàng Thị Lan, Phó Chủ tịch UBND xã",
        "started_on": "07/10/2026",
        "conclusion": "rejected",
    }
    before_complaint = staff.post(
        f"/cases/{case_id}/recheck", data={**form, "started_on": "05/10/2026", "finished_on": "09/10/2026"}
    )
    assert before_complaint.status_code == 422
    assert beside(before_complaint, "started_on", "Phúc tra không thể bắt đầu trước ngày nhận khiếu nại (06/10/2026).")
    overdue = staff.post(f"/cases/{case_id}/recheck", data={**form, "finished_on": "12/10/2026"})
    assert overdue.status_code == 409
    assert "Quá hạn phúc tra: phải xong trong 3 ngày làm việc, tức hết ngày 09/10/2026." in overdue.get_data(
        as_text=True
    )
    assert count(app, Recheck) == 0 and state_of(app, case_id) == "under_recheck"

    on_time = staff.post(f"/cases/{case_id}/recheck", data={**form, "finished_on": "09/10/2026"})
    assert on_time.status_code == 302, on_time.get_data(as_text=True)[:2000]
    with app.app_context():
        event = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.trigger == "finish_recheck")
        ).scalar_one()
        assert (event.effective_on, event.late_reason) == (dt.date(2026, 10, 9), None)


def test_a_posting_cannot_close_before_its_whole_period_has_passed(  # type: ignore[no-untyped-def]
    app: Flask, world: World, login_as, clock: Clock, passed: tuple[int, int], posting: int
) -> None:
    case_id, _ = passed
    clock.set(dt.date(2026, 10, 8))  # the last day of the posting
    staff = login_as("canbo")
    page = " ".join(staff.get(f"/postings/{posting}").get_data(as_text=True).split())
    assert "Chưa hết thời gian niêm yết: kết thúc được từ ngày 09/10/2026." in page
    assert re.search(r'<button class="button" type="submit" disabled[^>]*>Kết thúc niêm yết', page)
    before = count(app, CaseEvent)
    early = staff.post(f"/postings/{posting}/close")
    assert early.status_code == 409
    assert "Chưa hết thời gian niêm yết (đến hết ngày 08/10/2026). Kết thúc được từ ngày 09/10/2026." in early.get_data(
        as_text=True
    )
    assert state_of(app, case_id) == "posted" and count(app, CaseEvent) == before
    with app.app_context():
        assert db.session.get_one(Posting, posting).closed_on is None

    # A holiday the commune adds within the period lengthens it: Thursday 08/10 becomes a rest day.
    with app.app_context():
        from casework.models import CalendarDay

        db.session.add(CalendarDay(day=dt.date(2026, 10, 8), kind="holiday", name="Nghỉ bù"))
        db.session.commit()
    clock.set(dt.date(2026, 10, 9))
    assert staff.post(f"/postings/{posting}/close").status_code == 409
    clock.set(dt.date(2026, 10, 10))
    assert staff.post(f"/postings/{posting}/close").status_code == 302
    assert state_of(app, case_id) == "posting_closed"


# ---- the one rule, and the decision ---------------------------------------------------------------


def test_no_step_is_dated_before_the_previous_step_of_its_case(  # type: ignore[no-untyped-def]
    app: Flask, create_case, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    created = create_case(state="posted")
    with app.test_request_context():
        case = db.session.get_one(Case, created.id)
        previous = max(e.effective_on for e in case.events)
        context = {"today": dt.date(2026, 10, 20), "settings": ProcedureSettings(), "calendar": working_calendar()}
        with pytest.raises(Refused) as refused:
            check([case], StepDate(previous - dt.timedelta(days=1), "held_on", "giấy"), **context)
        assert refused.value.field == "held_on"
        assert "trước ngày của bước trước đó của hồ sơ" in refused.value.message
        with pytest.raises(Refused) as future:
            check([case], StepDate(dt.date(2026, 10, 21), "held_on"), **context)
        assert "ở tương lai" in future.value.message
        assert check([case], StepDate(dt.date(2026, 10, 20), "held_on"), **context) is None
        assert check([case], StepDate(previous, "held_on", " giấy "), **context) == "giấy"


def decide(client: FlaskClient, run_id: int, day: dt.date):  # type: ignore[no-untyped-def]
    data = {"number": "12", "symbol": "QĐ-UBND", "issued_on": day.strftime("%d/%m/%Y")}
    return client.post(f"/runs/{run_id}/decision", data=data)


def test_a_decision_cannot_be_dated_before_the_upper_reply(  # type: ignore[no-untyped-def]
    app: Flask, create_case, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    via = (*path_to("periodic_review", "posting_closed"), "send_upper", "record_upper_reply")
    created = create_case(state="ready_for_decision", via=via)
    with app.app_context():
        replied = db.session.execute(select(UpperReview.replied_on)).scalar_one()
    chairman = login_as("chutich")
    before = count(app, CaseEvent)
    response = decide(chairman, created.run_id, replied - dt.timedelta(days=1))
    assert response.status_code == 422
    assert beside(response, "issued_on", f"trước ngày cấp trên trả lời ({replied.strftime('%d/%m/%Y')}).")
    assert state_of(app, created.id) == "ready_for_decision" and count(app, CaseEvent) == before
    assert count(app, Document) == 0


def test_without_an_upper_level_a_decision_follows_the_posting_close(  # type: ignore[no-untyped-def]
    app: Flask, create_case, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    created = create_case(
        state="ready_for_decision", via=(*path_to("periodic_review", "posting_closed"), "prepare_decision")
    )
    with app.app_context():
        closed = db.session.execute(select(Posting.closed_on)).scalar_one()
    chairman = login_as("chutich")
    response = decide(chairman, created.run_id, closed - dt.timedelta(days=1))
    assert response.status_code == 422
    assert beside(response, "issued_on", f"trước ngày kết thúc niêm yết ({closed.strftime('%d/%m/%Y')}).")
    assert state_of(app, created.id) == "ready_for_decision" and count(app, Document) == 0


def test_the_period_reads_plainly_when_the_first_day_counts() -> None:
    from casework.documents.context.posting import posting_period

    period = posting_period(dt.date(2026, 10, 5), dt.date(2026, 10, 7), 3, first_day_counts=True)
    assert period == "từ ngày 05 tháng 10 năm 2026 đến hết ngày 07 tháng 10 năm 2026 (03 ngày làm việc)"


def test_a_refusal_letter_cannot_be_dated_before_the_cases_previous_step(  # type: ignore[no-untyped-def]
    app: Flask, create_case, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    created = create_case(
        state="ready_for_decision", via=(*path_to("periodic_review", "posting_closed"), "prepare_decision")
    )
    with app.app_context():
        previous = max(e.effective_on for e in db.session.get_one(Case, created.id).events)
    chairman = login_as("chutich")
    day = (previous - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = chairman.post(
        f"/cases/{created.id}/refuse", data={"reasons": "Không đủ điều kiện.", "number": "7", "issued_on": day}
    )
    assert response.status_code == 422
    assert beside(response, "issued_on", f"trước ngày của bước trước đó của hồ sơ ({previous.strftime('%d/%m/%Y')}).")
    assert state_of(app, created.id) == "ready_for_decision" and count(app, Document) == 0
