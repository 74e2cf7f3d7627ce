"""The demo seeds a plausible commune once, and each demo user sees only their own units."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from casework.demo import DEMO_PASSWORD, USERS
from casework.extensions import db
from casework.models import Household, Member, User


def _counts() -> tuple[int, int, int]:
    return tuple(
        db.session.execute(select(func.count()).select_from(model)).scalar_one() for model in (Household, Member, User)
    )  # type: ignore[return-value]


def test_seed_demo_is_idempotent_and_scoped(app: Flask) -> None:
    runner = app.test_cli_runner()
    assert "Units:" in runner.invoke(args=["units", "load"]).output
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    for spec in USERS:
        assert spec.username in first.output
    assert DEMO_PASSWORD in first.output
    with app.app_context():
        households, members, users = _counts()
        assert 300 <= households <= 340 and members > 2 * households and users == len(USERS)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        assert _counts() == (households, members, users)

    totals = {}
    for username in ("admin", "tinh", "huyen", "tinhpd", "canbo", "truongthon", "mttq"):
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
        page = client.get("/households/").get_data(as_text=True)
        totals[username] = int(re.search(r'data-testid="total">(\d+)', page).group(1))
    assert totals["admin"] == totals["tinh"] == totals["huyen"] == households  # both demo communes
    assert totals["tinhpd"] == households  # the province's approver, asked by default after 1/7/2025
    assert totals["canbo"] == totals["mttq"] == 300  # Xã Lũng Cú only
    assert 0 < totals["truongthon"] < 300  # one village
