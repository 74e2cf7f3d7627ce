"""In English, the main pages show no Vietnamese state, step or role name (casework/vocabulary.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casework.extensions import db
from casework.models import Case
from casework.vocabulary import EVENT_LABELS, ROLE_LABELS, STATE_LABELS
from tests.casework.cases.helpers import log_request, survey
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World

VIETNAMESE_LABELS = sorted({*STATE_LABELS.values(), *EVENT_LABELS.values(), *ROLE_LABELS.values()})


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def english(app: Flask, username: str) -> FlaskClient:
    """Switched the way the language menu does it."""
    client = signed_in(app, username)
    assert client.post("/language/en", data={"next": "/"}).status_code == 302
    return client


def vietnamese_labels_on(client: FlaskClient, page: str) -> list[str]:
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    text = response.get_data(as_text=True)
    assert 'lang="en"' in text, page
    return [label for label in VIETNAMESE_LABELS if label in text]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_main_pages_in_english_name_no_state_step_or_role_in_vietnamese(app: Flask, world: World, clock: Clock) -> None:
    clock.set(dt.date(2026, 10, 1))
    staff = signed_in(app, "canbo")
    commune = world.ids["commune_a"]
    data = {"commune_id": str(commune), "year": "2026", "upper_review_level": "district"}
    assert staff.post("/runs/new", data=data).status_code == 302
    case_id = log_request(app, staff, world.households["a1"], "01/10/2026")
    with app.app_context():
        run_id = db.session.get(Case, case_id).run_id
    assert staff.post(f"/runs/{run_id}/list-requests").status_code == 302
    survey(app, signed_in(app, "rasoat"), case_id, b1="120", day="01/10/2026")  # a timeline of three steps

    report = f"/reports/view?form=7.1&unit=commune:{commune}&period=campaign&year=2026"
    pages = {
        "canbo": ["/", "/cases/queue", f"/cases/{case_id}", f"/runs/{run_id}", f"/households/{world.households['a1']}"],
        "chutich": ["/", "/cases/queue", f"/cases/{case_id}", f"/runs/{run_id}", report, "/dashboard"],
        "rasoat": ["/", "/cases/queue", f"/cases/{case_id}"],
        "truongthon": ["/", "/cases/queue", f"/cases/{case_id}"],
        "huyen": ["/", "/upper", "/reports/"],
        "admin": ["/", f"/cases/{case_id}", "/dashboard"],
    }
    found = {
        (username, page): labels
        for username, user_pages in pages.items()
        for page in user_pages
        if (labels := vietnamese_labels_on(english(app, username), page))
    }
    assert found == {}
