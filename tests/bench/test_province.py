"""The generated province of bench/province.py opens in the app like one typed in (PostgreSQL only:
the generator loads with COPY). One province of 2,000 households serves the whole module."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from casework.audit import verify_chains
from casework.extensions import db
from casework.models import Case, Household, Member
from tests.conftest import make_app
from tests.support import postgres

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import province as generator  # noqa: E402  (bench/ is not a package)

HOUSEHOLDS = 2000


@pytest.fixture(scope="module")
def province_app(postgres_cluster: postgres.Cluster, scratch_dir: Path) -> Iterator[tuple[Flask, Any]]:
    url = postgres.create_database(postgres_cluster, "province_test")
    app = make_app(url, scratch_dir)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        made = generator.generate(HOUSEHOLDS)
        db.session.remove()
    yield app, made
    with app.app_context():
        db.engine.dispose()


def signed_in(app: Flask, username: str) -> Any:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": generator.PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_the_province_has_its_households_members_and_a_case_in_every_state(province_app: Any) -> None:
    app, made = province_app
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Household)) == HOUSEHOLDS
        members = db.session.scalar(select(func.count()).select_from(Member))
        assert members == made.members and 2.5 * HOUSEHOLDS < members < 4.5 * HOUSEHOLDS
        states = set(db.session.scalars(select(Case.state).distinct()))
        assert states == set(generator.STATE_WEIGHTS)
        checked = verify_chains()
        assert [broken for _table, broken, _count in checked] == [None, None]
        assert sum(count for _table, _broken, count in checked) >= made.events


def test_commune_staff_search_and_open_households_and_cases(province_app: Any) -> None:
    app, _made = province_app
    client = signed_in(app, "canbo1")
    with app.app_context():
        member = db.session.scalars(select(Member).where(Member.position == 1).order_by(Member.id)).first()
        name, household_id = member.full_name, member.household_id
        case_id = db.session.scalars(select(Case.id).where(Case.household_id <= 100).order_by(Case.id)).first()
        pid = generator._person_id(member.id, member.birth_date, member.sex.value == "female")
    listing = page(client, "/households/?q=" + name)
    assert name in listing
    detail = page(client, f"/households/{household_id}")
    assert name in detail
    assert pid[:4] + "******" + pid[-2:] in detail  # the encrypted number decrypts (shown masked)
    page(client, f"/cases/{case_id}")
    page(client, "/cases/queue")
    page(client, "/")


def test_the_province_officer_opens_the_dashboard_and_a_report(province_app: Any) -> None:
    app, _made = province_app
    client = signed_in(app, "tinh")
    dashboard = page(client, "/dashboard")
    assert "Tỉnh Tuyên Quang" in dashboard
    reports = page(client, "/reports/")
    link = re.search(r'href="(/reports/view\?[^"]+)"', reports)
    if link:
        page(client, link.group(1).replace("&amp;", "&"))


def test_a_village_head_and_a_surveyor_open_their_pages(province_app: Any) -> None:
    app, _made = province_app
    page(signed_in(app, "truongthon1"), "/households/")
    surveyor = signed_in(app, "dtv1")
    page(surveyor, "/households/")
    page(surveyor, "/households/1/surveys/new")


def test_the_load_tests_surveyor_saves_the_draft_form_as_the_page_gives_it(province_app: Any) -> None:
    from page_forms import SURVEY_START, form_fields, typed

    app, _made = province_app
    surveyor = signed_in(app, "dtv1")
    fields = typed(form_fields(page(surveyor, "/households/7/surveys/new?standalone=1")), **SURVEY_START)
    saved = surveyor.post("/households/7/surveys/new?standalone=1", data=MultiDict([*fields, ("action", "draft")]))
    assert saved.status_code == 302, re.findall(r'class="error"[^>]*>([^<]+)', saved.get_data(as_text=True))
    assert "/edit" in saved.headers["Location"]
