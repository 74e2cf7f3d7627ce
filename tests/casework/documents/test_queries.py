"""get_document: a document is read where its case's household is, a batch document in its commune."""

from __future__ import annotations

from flask import Flask

from casework.documents.queries import get_document
from casework.documents.service import store_upload
from casework.extensions import db
from casework.models import Case, CaseType, Document, User
from tests.support.world import World, monthly_run


def _user(world: World, username: str) -> User:
    return db.session.get_one(User, world.users[username])


def test_a_commune_document_is_read_in_its_commune_only(app: Flask, world: World) -> None:
    with app.app_context():
        document = store_upload("review_list", b"%PDF-1.7", actor=None, commune_id=world.ids["commune_a"])
        db.session.commit()
        assert get_document(_user(world, "canbo"), document.id) is document
        assert get_document(_user(world, "truongthon"), document.id) is document  # their village's commune
        assert get_document(_user(world, "canbo_b"), document.id) is None
        assert get_document(_user(world, "admin"), document.id) is document


def test_a_case_document_is_read_where_its_household_is(app: Flask, world: World) -> None:
    with app.app_context():
        run = monthly_run(world)
        case = Case(case_type=CaseType.REGULAR_REVIEW, run=run, household_id=world.households["a2"], state="requested")
        db.session.add_all([run, case])
        db.session.flush()
        document = store_upload("request_form", b"%PDF-1.7", actor=None, case_id=case.id)
        db.session.commit()
        assert get_document(_user(world, "canbo"), document.id) is document
        assert get_document(_user(world, "truongthon"), document.id) is None  # another village of the commune
        assert get_document(_user(world, "canbo_b"), document.id) is None


def test_a_missing_document_or_one_without_bytes_is_none(app: Flask, world: World) -> None:
    with app.app_context():
        # A record kept without its bytes (neither in the row nor in the documents store) has nothing to send.
        kept = Document(kind="review_list", commune_id=world.ids["commune_a"], sha256="0" * 64)
        db.session.add(kept)
        db.session.commit()
        assert get_document(_user(world, "admin"), kept.id) is None
        assert get_document(_user(world, "admin"), kept.id + 1000) is None
