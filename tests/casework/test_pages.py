"""Every page a role can reach from the menu opens without a server error, and says so in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask

from tests.casework.cases.helpers import log_request
from tests.support.clock import Clock
from tests.support.world import PASSWORD, World

PAGES = ["/", "/cases/queue", "/households/", "/runs", "/upper", "/calendar/", "/units/communes", "/account/password"]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_menu_pages_open_for_every_role(app: Flask, world: World, login_as, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(dt.date(2026, 10, 5))
    case_id = log_request(app, login_as("canbo"), world.households["a1"], "05/10/2026")
    for username in world.users:
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        for page in [*PAGES, f"/cases/{case_id}", f"/households/{world.households['a1']}"]:
            response = client.get(page)
            assert response.status_code in (200, 302, 403, 404), (username, page, response.status_code)
            if response.status_code == 200:
                assert 'lang="vi"' in response.get_data(as_text=True)
