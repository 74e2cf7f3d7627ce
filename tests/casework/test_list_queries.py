"""Every list page loads what it shows in a fixed number of SQL statements: the same count with 8 rows
as with 40 (no query per row). The statements are counted with SQLAlchemy's `before_cursor_execute`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event, select

from casework.extensions import db
from casework.households.data import HouseholdData
from casework.households.service import save_household
from casework.models import (
    AdminUnit,
    Case,
    CaseEvent,
    Document,
    MeetingVote,
    Posting,
    Relationship,
    ReviewRun,
    Role,
    RunKind,
    Sex,
    UnitLevel,
    Village,
    VillageMeeting,
)
from tests.support.cases import build_case
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World, add_user, member

STATES = ("listed", "surveyed", "requested", "meeting_passed", "posted", "upper_review")


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


class Seed:
    """Rows that grow together: households with a case each, a posting and a meeting listing every case, a
    case whose timeline has one event (and document) per officer, communes each with a village and a household."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rows = 0
        run_case = build_case("listed", world=world, household="a2")
        self.timeline_case = run_case.id
        self.run_id = run_case.run_id
        run = db.session.get_one(ReviewRun, self.run_id)
        village = db.session.get_one(Village, world.ids["village_a1"])
        self.posting = Posting(
            run_id=run.id, village_id=village.id, places="Nhà văn hóa", starts_on=run.starts_on, ends_on=run.ends_on
        )
        self.meeting = VillageMeeting(
            run_id=run.id,
            village_id=village.id,
            held_on=run.starts_on,
            attendee_count=30,
            chair_name="A",
            secretary_name="B",
        )
        db.session.add_all([self.posting, self.meeting])
        db.session.commit()
        self.posting_id, self.meeting_id = self.posting.id, self.meeting.id

    def grow(self, to: int) -> None:
        for number in range(self.rows, to):
            self._row(number)
        db.session.commit()
        self.rows = to

    def _row(self, number: int) -> None:
        world = self.world
        data = HouseholdData(
            village_id=world.ids["village_a1"],
            permanent_address="Thôn Lô Lô Chải",
            current_address="Thôn Lô Lô Chải",
            members=[
                member(f"Giàng Seo Chứ {number}", Sex.MALE, dt.date(1980, 1, 1), Relationship.HEAD),
                member(f"Vàng Thị Dợ {number}", Sex.FEMALE, dt.date(1982, 1, 1), Relationship.SPOUSE),
            ],
        )
        household = save_household(None, data, actor=None)
        made = build_case(STATES[number % len(STATES)], world=world, household=household.id, run=self.run_id)
        case = db.session.get_one(Case, made.id)
        posting = db.session.get_one(Posting, self.posting_id)
        posting.cases.append(case)
        db.session.add(
            MeetingVote(meeting_id=self.meeting_id, case_id=case.id, agree_count=20, attendee_count=30, passed=True)
        )
        officer = add_user(
            f"canbo{number}", Role.COMMUNE_STAFF, unit=db.session.get_one(AdminUnit, world.ids["commune_a"])
        )
        db.session.flush()
        document = Document(kind="case_receipt", case_id=self.timeline_case, sha256=f"{number:064d}")
        db.session.add(document)
        db.session.flush()
        db.session.add(
            CaseEvent(
                case_id=self.timeline_case,
                actor_user_id=officer.id,
                actor_role=Role.COMMUNE_STAFF.value,
                trigger="note",
                from_state="listed",
                to_state="listed",
                facts={"document_ids": [document.id]},
            )
        )
        province = db.session.get_one(AdminUnit, world.ids["province"])
        commune = AdminUnit(
            level=UnitLevel.COMMUNE,
            code=f"9{number:04d}",
            name=f"Xã Thử {number}",
            unit_type="rural_commune",
            parent=province,
            area_type="rural",
        )
        village = Village(commune=commune, name=f"Thôn Thử {number}")
        run = ReviewRun(
            commune=commune,
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 9, 1),
            ends_on=dt.date(2026, 12, 14),
            settings={},
        )
        db.session.add_all([commune, village, run])
        db.session.flush()
        save_household(
            None,
            HouseholdData(
                village_id=village.id,
                permanent_address="x",
                current_address="x",
                members=[member(f"Lò Văn Pó {number}", Sex.MALE, dt.date(1970, 1, 1), Relationship.HEAD)],
            ),
            actor=None,
        )


def _pages(seed: Seed, world: World) -> list[tuple[str, str]]:
    return [
        ("canbo", "/"),
        ("canbo", "/cases/queue"),
        ("canbo", "/households/"),
        ("tinh", "/households/"),
        ("canbo", "/runs"),
        ("tinh", "/runs"),
        ("admin", "/runs"),
        ("canbo", f"/runs/{seed.run_id}"),
        ("truongthon", f"/runs/{seed.run_id}"),
        ("canbo", f"/postings/{seed.posting_id}"),
        ("canbo", f"/meetings/{seed.meeting_id}"),
        ("truongthon", f"/runs/{seed.run_id}/villages/{world.ids['village_a1']}/meeting"),
        ("canbo", f"/cases/{seed.timeline_case}"),
        ("huyen", "/upper"),
    ]


def _measure(app: Flask, seed: Seed, world: World) -> dict[tuple[str, str], int]:
    counts = {}
    for username, path in _pages(seed, world):
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        with counting(app) as statements:
            response = client.get(path)
        assert response.status_code == 200, (username, path, response.status_code)
        counts[(username, path)] = len(statements)
    return counts


def test_list_pages_send_as_many_statements_for_40_rows_as_for_8(app: Flask, world: World, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 5))
    app.config["PAGE_SIZE"] = 200
    with app.app_context():
        seed = Seed(world)
        seed.grow(8)
    small = _measure(app, seed, world)
    with app.app_context():
        seed.grow(40)
    large = _measure(app, seed, world)
    grown = {page: (small[page], large[page]) for page in small if large[page] > small[page]}
    assert not grown, f"statements with 8 rows, with 40 rows: {grown}"
    assert large[("canbo", "/cases/queue")] < 30, large
    _check_what_users_see(app, world)


def _check_what_users_see(app: Flask, world: World) -> None:
    """The province officer picks a commune before its villages; the home page counts the work queue."""
    client = app.test_client()
    client.post("/login", data={"username": "tinh", "password": PASSWORD})
    page = client.get("/households/").get_data(as_text=True)
    assert 'name="commune"' in page and "Xã Thử 7" in page
    assert 'name="village"' not in page  # no village chooser until a commune is chosen
    with app.app_context():
        commune = db.session.execute(select(AdminUnit).where(AdminUnit.name == "Xã Thử 7")).scalar_one()
    page = client.get(f"/households/?commune={commune.id}").get_data(as_text=True)
    assert "Thôn Thử 7 – Xã Thử 7</option>" in page and "Thôn Thử 8" not in page
    assert "Lò Văn Pó 7" in page and "Lò Văn Pó 8" not in page
    client = app.test_client()
    client.post("/login", data={"username": "canbo", "password": PASSWORD})
    listed = len(re.findall(r'href="/cases/\d+"', client.get("/cases/queue").get_data(as_text=True)))
    assert listed > 0
    home = client.get("/").get_data(as_text=True)
    assert f"Việc cần làm ({listed} hồ sơ)" in home, home[home.find("hồ sơ)") - 30 :][:40]
