"""Sessions end everywhere on sign-out and password change; new passwords follow the rule; the
language switch goes back only to this site; the Server header names no software."""

from __future__ import annotations

import http.client
import threading

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tests.support.world import PASSWORD, World

NEW_PASSWORD = "mat-khau-moi-2026"


def _signed_in(app: Flask, username: str = "canbo") -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    return client


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_sign_out_ends_every_session_of_the_user_and_an_old_cookie_no_longer_works(app: Flask, world: World) -> None:
    office, phone, other_user = _signed_in(app), _signed_in(app), _signed_in(app, "chutich")
    stolen = _session_cookie(office)
    assert office.post("/logout").status_code == 302
    assert phone.get("/").status_code == 302 and "/login" in phone.get("/").headers["Location"]
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    assert replay.get("/").status_code == 302  # the cookie copied before sign-out signs nobody in
    assert other_user.get("/").status_code == 200  # another person's session is untouched
    assert _signed_in(app).get("/").status_code == 200  # signing in again works


def test_password_change_ends_the_other_sessions(app: Flask, world: World) -> None:
    office, phone = _signed_in(app), _signed_in(app)
    old = _session_cookie(office)
    changed = office.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert office.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old)
    assert replay.get("/").status_code == 302


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("ngan-qua", "ít nhất 12 ký tự"),
        ("password1234", "quá phổ biến hoặc dễ đoán"),
        ("123456789012", "quá phổ biến hoặc dễ đoán"),
        ("canbo-canbo-2026", "không được chứa tên đăng nhập"),
        ("CanBo@Lung-Cu-1", "không được chứa tên đăng nhập"),
    ],
)
def test_a_short_common_or_username_password_is_refused_next_to_its_field(
    app: Flask, world: World, new: str, message: str
) -> None:
    client = _signed_in(app)
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": new, "confirm": new}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    client.post("/logout")
    assert app.test_client().post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil.example", " //evil"],
)
def test_the_language_switch_goes_back_only_to_this_site(app: Flask, world: World, target: str) -> None:
    response = app.test_client().post("/language/en", data={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_language_switch_goes_back_to_the_page_it_was_on(app: Flask, world: World) -> None:
    response = app.test_client().post("/language/en", data={"next": "/households/?q=a"})
    assert response.headers["Location"] == "/households/?q=a"


def test_the_server_header_names_no_software_or_version(app: Flask, world: World) -> None:
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/login")
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        header = response.getheader("Server") or ""
        assert "werkzeug" not in header.lower() and "python" not in header.lower()
        connection.close()
    finally:
        server.shutdown()
        server.server_close()
