"""A case sent back after a failed meeting waits for the surveyor; a survey always knows its case;
the same survey form sent twice keeps one survey."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, CaseEvent, Survey, SurveyStatus
from tests.casework.cases.helpers import POOR_HOUSE, survey
from tests.casework.surveys.test_views import answers
from tests.support.world import World


def state_of(app: Flask, case_id: int) -> str:
    with app.app_context():
        return db.session.get_one(Case, case_id).state


def surveys_of(app: Flask, household_id: int) -> list[Survey]:
    with app.app_context():
        return list(db.session.execute(select(Survey).where(Survey.household_id == household_id)).scalars())


def token_of(page: str) -> str:
    found = re.search(r'name="submission_token" type="hidden" value="(\w+)"', page) or re.search(
        r'id="submission_token" name="submission_token" type="hidden" value="(\w+)"', page
    )
    assert found, "the new-survey form carries its submission token"
    return found.group(1)


def test_a_failed_meeting_sends_the_case_to_the_surveyor_who_resurveys_it_from_the_case(
    app: Flask, world: World, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    made = create_case("needs_resurvey", case_type="regular_review")
    surveyor = login_as("rasoat")
    queue = surveyor.get("/cases/queue").get_data(as_text=True)
    assert f"/cases/{made.id}" in queue and "Cần khảo sát lại" in queue and "Khảo sát lại" in queue

    page = surveyor.get(f"/cases/{made.id}").get_data(as_text=True)
    assert "Cần khảo sát lại" in page and "needs_resurvey" not in page
    link = f"/households/{made.household_id}/surveys/new?case={made.id}"
    assert link.replace("&", "&amp;") in page or link in page
    form = surveyor.get(link).get_data(as_text=True)
    assert "Phiếu của hồ sơ" in form and f"#{made.id}" in form

    survey(app, surveyor, made.id, b1="118", day="20/10/2026")
    assert state_of(app, made.id) == "surveyed"
    with app.app_context():
        event = db.session.execute(
            select(CaseEvent).where(CaseEvent.case_id == made.id).order_by(CaseEvent.id.desc()).limit(1)
        ).scalar_one()
        assert (event.trigger, event.from_state, event.to_state, event.actor_role) == (
            "resurvey", "needs_resurvey", "surveyed", "reviewer"
        )  # fmt: skip
        kept = db.session.execute(select(Survey).where(Survey.case_id == made.id)).scalars().all()
        assert len(kept) == 2 and {s.status for s in kept} == {SurveyStatus.COMPLETED}  # the first one kept
    surveyor.post("/logout")
    head = login_as("truongthon")
    meeting_page = head.get(f"/runs/{made.run_id}/villages/{world.ids['village_a1']}/meeting").get_data(as_text=True)
    assert f'name="votes-0-case_id" type="hidden" value="{made.id}"' in meeting_page  # on the next meeting's list


def test_no_meeting_for_a_case_waiting_to_be_resurveyed(app: Flask, world: World, login_as, create_case, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    made = create_case("needs_resurvey", case_type="regular_review")
    head = login_as("truongthon")
    page = head.get(f"/runs/{made.run_id}/villages/{world.ids['village_a1']}/meeting").get_data(as_text=True)
    assert "Không có hộ nào đã rà soát xong đang chờ họp dân ở thôn này." in page
    assert f'type="hidden" value="{made.id}"' not in page
    case_page = head.get(f"/cases/{made.id}").get_data(as_text=True)
    assert "Cần khảo sát lại" in case_page
    run_page = head.get(f"/runs/{made.run_id}").get_data(as_text=True)
    assert "Cần khảo sát lại: 1" in run_page and "1 hộ cần khảo sát lại trước khi họp dân lại" in run_page


def test_a_survey_from_the_household_page_joins_the_only_open_case_and_says_so(
    app: Flask, world: World, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    made = create_case("requested", case_type="regular_review")
    surveyor = login_as("rasoat")
    opened = surveyor.get(f"/households/{made.household_id}/surveys/new")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"?case={made.id}")
    form = surveyor.get(opened.headers["Location"]).get_data(as_text=True)
    assert "phiếu này thuộc hồ sơ đó" in form and "Phiếu của hồ sơ" in form

    # A draft saved there belongs to the case, and completing it from the draft moves the case.
    data = {**answers(app, made.household_id, house=POOR_HOUSE, b1="120", insured="no"), "action": "draft"}
    data["reference_date"] = "20/10/2026"  # surveyed after the request was logged (steps keep their order)
    data["submission_token"] = token_of(form)
    saved = surveyor.post(opened.headers["Location"], data=data)
    assert saved.status_code == 302
    [draft] = surveys_of(app, made.household_id)
    assert (draft.case_id, draft.status) == (made.id, SurveyStatus.DRAFT)
    again = surveyor.get(opened.headers["Location"])  # the case's link again: the draft, not a second one
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/surveys/{draft.id}/edit")
    edit = surveyor.get(f"/surveys/{draft.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit).group(1)
    done = surveyor.post(f"/surveys/{draft.id}/edit", data={**data, "action": "complete", "version": version})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/cases/{made.id}")
    assert state_of(app, made.id) == "surveyed"
    assert len(surveys_of(app, made.household_id)) == 1


def test_with_several_open_cases_the_surveyor_chooses_and_nothing_is_saved_without_a_choice(
    app: Flask, world: World, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    first = create_case("listed", case_type="periodic_review")
    second = create_case("posted", case_type="exit_request")
    surveyor = login_as("rasoat")
    url = f"/households/{first.household_id}/surveys/new"
    chooser = surveyor.get(url)
    page = chooser.get_data(as_text=True)
    assert chooser.status_code == 200 and "Chọn hồ sơ mà phiếu rà soát này thuộc về" in page
    assert f"?case={first.id}" in page and f"?case={second.id}" not in page  # posted: no survey now
    assert f"#{second.id}" in page and "Hồ sơ không chờ phiếu rà soát ở bước này." in page
    assert "standalone=1" in page

    before = len(surveys_of(app, first.household_id))  # the exit case's survey
    data = {**answers(app, first.household_id, house=POOR_HOUSE, b1="120"), "action": "draft"}
    refused = surveyor.post(url, data=data)
    assert refused.status_code == 409 and "Chọn hồ sơ" in refused.get_data(as_text=True)
    assert len(surveys_of(app, first.household_id)) == before

    standalone = surveyor.get(url + "?standalone=1").get_data(as_text=True)
    assert "Phiếu độc lập" in standalone
    kept = surveyor.post(url + "?standalone=1", data={**data, "submission_token": token_of(standalone)})
    assert kept.status_code == 302
    alone = surveys_of(app, first.household_id)[-1]
    assert len(surveys_of(app, first.household_id)) == before + 1
    assert (alone.case_id, alone.status) == (None, SurveyStatus.DRAFT)


def test_the_same_form_sent_twice_keeps_one_draft_and_one_completed_survey(
    app: Flask, world: World, login_as, create_case, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 20))
    household = world.households["a1"]
    surveyor = login_as("rasoat")
    url = f"/households/{household}/surveys/new"
    token = token_of(surveyor.get(url).get_data(as_text=True))
    data = {**answers(app, household, house=POOR_HOUSE, b1="120"), "action": "draft", "submission_token": token}
    first = surveyor.post(url, data=data)
    second = surveyor.post(url, data=data)  # a double click
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    [draft] = surveys_of(app, household)
    assert draft.status is SurveyStatus.DRAFT

    made = create_case("needs_resurvey", case_type="regular_review", household=household)
    link = f"/households/{household}/surveys/new?case={made.id}"
    token = token_of(surveyor.get(link).get_data(as_text=True))
    complete = {**data, "action": "complete", "submission_token": token, "members-0-health_insured": "no"}
    complete["reference_date"] = "20/10/2026"  # after the failed meeting (steps keep their order)
    done = surveyor.post(link, data=complete)
    retried = surveyor.post(link, data=complete)  # a retry after a slow answer
    assert done.status_code == 302 and retried.status_code == 302
    assert retried.headers["Location"].endswith(f"/cases/{made.id}")
    assert "không tạo thêm phiếu thứ hai" in surveyor.get(retried.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        completed = db.session.execute(
            select(func.count(Survey.id)).where(Survey.case_id == made.id, Survey.status == SurveyStatus.COMPLETED)
        ).scalar_one()
        resurveys = db.session.execute(
            select(func.count(CaseEvent.id)).where(CaseEvent.case_id == made.id, CaseEvent.trigger == "resurvey")
        ).scalar_one()
    assert (completed, resurveys) == (2, 1)  # the first survey of the case (before the meeting) and this one
    assert state_of(app, made.id) == "surveyed"
