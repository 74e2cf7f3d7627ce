"""Every form and JSON endpoint, fed generated bad values (hypothesis): never a 5xx, and a refused
request writes nothing (every table keeps its row count, every case its state and version).

The field names come from the pages themselves (every `name=` of the route's own page, and of all the
pages, for routes that only take a POST); the values are what a clumsy user or an attacker sends:
empty, negative, huge, non-numbers, impossible dates, NUL characters, scripts, very long text,
repeated keys. One signed-in user per route, the one the role × route matrix says may use it, so the
values reach the form rather than a 403. The run is derandomised and bounded (a few examples per
route) to stay well under two minutes for both databases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.routing import Rule

from casework.extensions import db
from tests.support.clock import Clock
from tests.support.routes import OWN, Objects, build_objects
from tests.support.world import PASSWORD, World
from tests.test_route_matrix import LAST, ROUTES

SKIPPED = {"/login", "/logout", "/static/<path:filename>"}  # sign-in has its own test; these end the session
PREFERRED = ["canbo", "chutich", "truongthon", "huyen", "rasoat", "admin", "tinh", "mttq", "canbo_b"]
QUERY_NAMES = ["q", "village", "page", "year", "class", "unit", "form", "period", "month", "format", "case", "next"]
NAME = re.compile(r'name="([^"]+)"')
LINK_KEY = re.compile(r'href="[^"]*?[?&](?:amp;)?([a-z_]+)=')
NASTY = [
    "",
    " ",
    "-1",
    "0",
    "2147483648",
    "99999999999999999999",
    "1e309",
    "NaN",
    "٣",
    "²",
    "31/02/2026",
    "00/00/0000",
    "20/10/99999",
    "2026-10-20",
    "25:99",
    "<script>alert(1)</script>",
    "'; DROP TABLE users;--",
    "a\x00b",
    "\x00",
    "A" * 5000,
    "y",
    "on",
    "complete",
    "confirm",
    "all",
    "village:1",
    "commune:99999999999999999999",
]
VALUE = st.one_of(st.sampled_from(NASTY), st.sampled_from(NASTY), st.text(max_size=30))
# Every query-string key the page's own links use, swept with each of these (the links say which keys
# the view reads, so the sweep is short).
SWEEP = ["-1", "0", "999999", "99999999999999999999", "abc", "a\x00b", "²"]
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))
# Examples per route: (POST, GET). SQLite takes the full run; PostgreSQL a lighter one, as the route
# matrix does, for what only it refuses (NUL characters in text, integers past its INTEGER).
EXAMPLES = {"sqlite": (8, 5), "postgresql": (4, 2)}


def _row_state() -> tuple[tuple[int, ...], list[tuple[int, str, int]]]:
    """Row counts of every table (one statement) and every case's state and version."""
    tables = [table.name for table in db.metadata.sorted_tables]
    counts = db.session.execute(text("SELECT " + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables))).one()
    cases = db.session.execute(text("SELECT id, state, version_id FROM cases ORDER BY id")).all()
    db.session.rollback()
    return tuple(counts), [tuple(row) for row in cases]  # type: ignore[misc]


def _user_for(method: str, rule: Rule) -> str:
    who = ROUTES[(method, rule.rule)].who
    return next((user for user in PREFERRED if user in who), "canbo")


def _names(client: FlaskClient, url: str) -> tuple[list[str], list[str]]:
    """The route page's form field names, and the query-string keys of its links."""
    response = client.get(url)
    page = response.get_data(as_text=True) if response.status_code == 200 and response.mimetype == "text/html" else ""
    response.close()
    fields = sorted({name for name in NAME.findall(page) if name != "csrf_token"})
    return fields, sorted(set(LINK_KEY.findall(page)))


def _cells(app: Flask) -> list[tuple[str, Rule]]:
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule not in SKIPPED]
    cells = [(method, rule) for rule in rules for method in ("GET", "POST") if method in (rule.methods or ())]
    return sorted(
        cells, key=lambda cell: (cell[1].rule in LAST, LAST.index(cell[1].rule) if cell[1].rule in LAST else 0)
    )


def _fuzz(request: Callable[[dict[str, object]], tuple[int, bool]], names: list[str], examples: int) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUES)))
    def run(data: dict[str, object]) -> None:
        request(data)

    run()


def _post(app: Flask, client: FlaskClient, url: str) -> Callable[[dict[str, object]], tuple[int, bool]]:
    def request(data: dict[str, object]) -> tuple[int, bool]:
        with app.app_context():
            before = _row_state()
        response = client.post(url, data=data)
        response.close()
        assert response.status_code < 500, (url, data, response.status_code)
        if response.status_code >= 400:
            with app.app_context():
                assert _row_state() == before, f"POST {url} was refused ({response.status_code}) but wrote: {data!r}"
        return response.status_code, True

    return request


def _get(client: FlaskClient, url: str) -> Callable[[dict[str, object]], tuple[int, bool]]:
    def request(data: dict[str, object]) -> tuple[int, bool]:
        response = client.get(url, query_string=data)
        response.close()
        assert response.status_code < 500, (url, data, response.status_code)
        return response.status_code, False

    return request


def test_every_form_and_json_endpoint_survives_bad_values(app: Flask, world: World, clock: Clock, backend: str) -> None:
    clock.set(dt.date(2026, 10, 20))
    with app.app_context():
        objects: Objects = build_objects(world)
    clients: dict[str, FlaskClient] = {}
    every_name: set[str] = set(QUERY_NAMES)
    cells = _cells(app)
    plans = []
    for method, rule in cells:
        user = _user_for(method, rule)
        if user not in clients:
            clients[user] = app.test_client()
            assert clients[user].post("/login", data={"username": user, "password": PASSWORD}).status_code == 302
        url = objects.url(rule, OWN)
        fields, keys = _names(clients[user], url) if "GET" in (rule.methods or ()) else ([], [])
        every_name.update(fields)
        plans.append((method, url, clients[user], fields if method == "POST" else keys))
        if method == "GET":
            get = _get(clients[user], url)
            for key in keys:
                for value in SWEEP:
                    get({key: value})
    posts, gets = EXAMPLES[backend]
    for method, url, client, names in plans:
        if method == "POST":
            _fuzz(_post(app, client, url), names or sorted(every_name), posts)
        else:
            _fuzz(_get(client, url), sorted(set(names) | set(QUERY_NAMES)), gets)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sign_in_survives_bad_values(app: Flask, world: World) -> None:
    client = app.test_client()

    def request(data: dict[str, object]) -> tuple[int, bool]:
        response = client.post("/login", data=data)
        assert response.status_code in (302, 400, 401, 422, 429), (data, response.status_code)
        if response.status_code == 302:
            client.post("/logout")
        return response.status_code, True

    _fuzz(request, ["username", "password", "next"], 30)
