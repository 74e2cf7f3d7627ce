"""The work queue lists the cases waiting on the user's roles, overdue ones first."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from casework.extensions import db
from casework.models import Case, CaseType
from tests.support.world import World, monthly_run


def test_each_role_sees_what_waits_on_it_overdue_first(app: Flask, world: World, login_as) -> None:  # type: ignore[no-untyped-def]
    with app.app_context():
        run = monthly_run(world)
        late = Case(
            case_type=CaseType.REGULAR_REVIEW,
            run=run,
            household_id=world.households["a2"],
            origin="request",
            state="requested",
            deadline=dt.date(2026, 10, 1),
        )
        soon = Case(
            case_type=CaseType.REGULAR_REVIEW,
            run=run,
            household_id=world.households["a1"],
            origin="request",
            state="requested",
            deadline=dt.date(2026, 12, 1),
        )
        db.session.add_all([run, late, soon])
        db.session.commit()
        late_id, soon_id = late.id, soon.id
    surveyor = login_as("rasoat").get("/cases/queue").get_data(as_text=True)
    assert surveyor.index(f"/cases/{late_id}") < surveyor.index(f"/cases/{soon_id}")
    assert "quá hạn" in surveyor and "Hoàn thành khảo sát, phân loại" in surveyor
    staff_client = app.test_client()
    staff_client.post("/login", data={"username": "canbo", "password": "mat-khau-thu-nghiem"})
    staff = staff_client.get("/cases/queue").get_data(as_text=True)
    assert f"/cases/{late_id}" not in staff  # nothing waits on the commune officer while the survey is due
    village_head = app.test_client()
    village_head.post("/login", data={"username": "truongthon", "password": "mat-khau-thu-nghiem"})
    page = village_head.get("/cases/queue").get_data(as_text=True)
    assert f"/cases/{soon_id}" in page and f"/cases/{late_id}" not in page  # a2 is another village
