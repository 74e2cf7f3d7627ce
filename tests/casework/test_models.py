"""Schema rules that protect personal data and history."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from casework.extensions import db
from casework.models import Case, CaseEvent, CaseType, Document, Household, Member, Relationship, ReviewRun, RunKind
from casework.models.events import AppendOnlyError
from tests.support.world import World

PERSONAL_TABLES = ("households", "household_members", "users", "surveys")


def test_every_column_of_a_personal_table_is_tagged() -> None:
    for table in PERSONAL_TABLES:
        for column in db.metadata.tables[table].columns:
            assert column.info.get("privacy") in {"basic", "sensitive", "none"}, (
                f"{table}.{column.name} has no privacy tag"
            )


def test_only_the_heads_name_and_village_are_listable() -> None:
    listable = {
        f"{t}.{c.name}" for t in PERSONAL_TABLES for c in db.metadata.tables[t].columns if c.info.get("public_listable")
    }
    assert listable == {"households.village_id", "household_members.full_name"}


def test_the_database_refuses_a_second_head(app: Flask, world: World) -> None:
    with app.app_context():
        household = db.session.get(Household, world.households["a1"])
        intruder = Member(
            full_name="Giàng Mí Sính",
            name_search_key="giang mi sinh",
            sort_key="1",
            sex=household.members[0].sex,
            birth_date=dt.date(1990, 1, 1),
            relationship_to_head=Relationship.HEAD,
            activity_status=household.members[0].activity_status,
        )
        household.members.append(intruder)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_case_events_and_documents_are_append_only(app: Flask, world: World) -> None:
    with app.app_context():
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.PERIODIC_CAMPAIGN,
            period_year=2026,
            starts_on=dt.date(2026, 9, 1),
        )
        case = Case(
            case_type=CaseType.PERIODIC_REVIEW,
            run=run,
            household_id=world.households["a1"],
            state="listed",
            origin="existing_list",
        )
        event = CaseEvent(case=case, trigger="list", from_state=None, to_state="listed")
        document = Document(kind="review_list", case=case, content=b"%PDF", sha256="0" * 64)
        db.session.add_all([run, case, event, document])
        db.session.commit()
        event.to_state = "surveyed"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.execute(select(Document)).scalar_one())
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()


def test_one_case_per_household_per_run(app: Flask, world: World) -> None:
    with app.app_context():
        run = ReviewRun(
            commune_id=world.ids["commune_a"],
            kind=RunKind.MONTHLY_CYCLE,
            period_year=2026,
            period_month=10,
            starts_on=dt.date(2026, 10, 15),
        )
        db.session.add(run)
        for _ in range(2):
            db.session.add(
                Case(case_type=CaseType.REGULAR_REVIEW, run=run, household_id=world.households["a1"], state="requested")
            )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
