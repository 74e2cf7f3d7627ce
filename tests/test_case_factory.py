"""`create_case` reaches every state of every procedure, and the case page opens there."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import func, select

from casework.extensions import db
from casework.models import Case, CaseEvent, Posting, Survey
from tests.support.cases import path_to
from tests.support.clock import Clock
from tests.support.world import World, add_household
from workflow.procedures import PROCEDURES

STATES = [(name, state) for name, procedure in sorted(PROCEDURES.items()) for state in procedure.states]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_state_of_every_procedure_can_be_created_and_its_page_opens(  # type: ignore[no-untyped-def]
    app: Flask, world: World, create_case, login_as, clock: Clock
) -> None:
    clock.set(dt.date(2026, 10, 20))
    with app.app_context():
        households = [add_household(world, "a1", f"Hộ {number}") for number in range(len(STATES))]
        db.session.commit()
    client = login_as("canbo")
    for household, (procedure, state) in zip(households, STATES, strict=True):
        created = create_case(state, case_type=procedure, household=household)
        with app.app_context():
            assert db.session.get_one(Case, created.id).state == state
            events = db.session.scalar(select(func.count()).where(CaseEvent.case_id == created.id))
            assert events == len(created.path) + 1
        response = client.get(f"/cases/{created.id}")
        assert response.status_code == 200, (procedure, state, response.get_data(as_text=True)[:2000])


def test_the_way_is_the_shortest_from_the_creation() -> None:
    assert path_to("periodic_review", "requested") == ()
    assert path_to("periodic_review", "posted") == ("list_for_campaign", "complete_survey", "pass_meeting", "post")
    assert path_to("periodic_review", "posted", origin="existing_list")[0] == "complete_survey"
    with pytest.raises(ValueError, match="no way"):
        path_to("periodic_review", "nowhere")


def test_a_case_under_recheck_has_its_survey_meeting_posting_and_complaint(app: Flask, create_case) -> None:  # type: ignore[no-untyped-def]
    created = create_case("under_recheck")
    assert {"request", "survey", "meeting", "posting", "complaint"} <= set(created.rows)
    with app.app_context():
        posting = db.session.get_one(Posting, created.rows["posting"])
        assert [case.id for case in posting.cases] == [created.id]
        assert db.session.get_one(Survey, created.rows["survey"]).household_class == "poor"


def test_a_given_way_is_followed(app: Flask, create_case) -> None:  # type: ignore[no-untyped-def]
    way = ("list_for_campaign", "complete_survey", "pass_meeting", "post", "close_posting", "send_upper")
    created = create_case("upper_review", via=[*way, "record_upper_reply"][:-1])
    assert created.path == way and "upper_review" in created.rows
    with pytest.raises(ValueError, match="not a step"):
        create_case("posted", household="a2", via=["post"])
