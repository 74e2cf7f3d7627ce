"""Two people act on one case at the same moment: exactly one step is applied, with one event."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from casework.cases import transitions
from casework.extensions import db
from casework.models import Case, CaseEvent, CaseType, User
from tests.support.world import World, monthly_run


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_conflicting_steps_on_one_case_one_wins(app: Flask, world: World) -> None:
    with app.app_context():
        run = monthly_run(world)
        case = Case(
            case_type=CaseType.REGULAR_REVIEW,
            run=run,
            household_id=world.households["a1"],
            origin="request",
            state="requested",
        )
        db.session.add_all([run, case])
        db.session.commit()
        case_id = case.id
    steps = {
        "complete_survey": {
            "survey_complete": True,
            "rule_set_id": "vn_2022_2025",
            "provisional_class": "poor",
            "phieu_a_result": "continue_to_b",
        },
        "screen_out": {"phieu_a_result": "stop_not_poor"},
    }
    loaded = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(trigger: str) -> None:
        with app.app_context():
            mine = db.session.get(Case, case_id)
            actor = db.session.execute(select(User).where(User.username == "rasoat")).scalar_one()
            loaded.wait(timeout=10)  # both have read version 1 before either writes
            try:
                transitions.apply(mine, trigger, actor=actor, today=dt.date(2026, 10, 20), **steps[trigger])
                db.session.commit()
                outcomes[trigger] = "applied"
            except StaleDataError:
                db.session.rollback()
                outcomes[trigger] = "conflict"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=act, args=(trigger,)) for trigger in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["applied", "conflict"]
    with app.app_context():
        events = db.session.execute(select(CaseEvent).where(CaseEvent.case_id == case_id)).scalars().all()
        assert len(events) == 1
        winner = next(t for t, outcome in outcomes.items() if outcome == "applied")
        assert events[0].trigger == winner
        assert db.session.get(Case, case_id).state == ("surveyed" if winner == "complete_survey" else "screened_out")
