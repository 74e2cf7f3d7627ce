"""Signing in and out, throttling, password change, CSRF and session cookies."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from casework.extensions import db
from casework.models import AuditEntry
from tests.conftest import make_app
from tests.support.world import PASSWORD, World


def test_sign_in_lands_on_home_with_roles_and_sign_out_ends_the_session(world: World, client, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("truongthon")
    home = client.get("/").get_data(as_text=True)
    assert "Trưởng thôn" in home and "Thôn Lô Lô Chải" in home
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302  # back to the sign-in page


def test_pages_need_sign_in(world: World, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/households/{world.households['a1']}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_is_refused_and_audited(app: Flask, world: World, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": "canbo", "password": "sai-mat-khau"})
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(AuditEntry.action).where(AuditEntry.subject == "canbo")).scalars().all() == [
            "login_failed"
        ]


def test_after_sign_in_only_local_pages_are_followed(world: World, client) -> None:  # type: ignore[no-untyped-def]
    evil = client.post("/login?next=//evil.example/x", data={"username": "canbo", "password": PASSWORD})
    assert evil.headers["Location"] == "/"
    client.post("/logout")
    local = client.post("/login?next=/households/", data={"username": "canbo", "password": PASSWORD})
    assert local.headers["Location"] == "/households/"


def test_password_change(world: World, client, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("canbo")
    short = client.post(
        "/account/password", data={"current_password": PASSWORD, "new_password": "ngan", "confirm": "ngan"}
    )
    assert short.status_code == 422 and "ít nhất 12 ký tự" in short.get_data(as_text=True)
    wrong = client.post(
        "/account/password",
        data={"current_password": "x" * 12, "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"},
    )
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    done = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"},
    )
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # the browser that changed it stays signed in
    client.post("/logout")
    assert client.post("/login", data={"username": "canbo", "password": PASSWORD}).status_code == 401
    assert client.post("/login", data={"username": "canbo", "password": "mat-khau-moi-2026"}).status_code == 302


def test_forms_without_csrf_token_are_refused(app: Flask, world: World, scratch_dir) -> None:  # type: ignore[no-untyped-def]
    guarded = make_app(app.config["SQLALCHEMY_DATABASE_URI"], scratch_dir, WTF_CSRF_ENABLED=True)
    client = guarded.test_client()
    response = client.post("/login", data={"username": "canbo", "password": PASSWORD})
    assert response.status_code == 400
    assert "Hãy tải lại trang" in response.get_data(as_text=True)
    with guarded.app_context():
        db.engine.dispose()


def test_pages_with_personal_data_are_not_cached_and_cookies_are_hardened(world: World, client, login_as) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/login", data={"username": "canbo", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get(f"/households/{world.households['a1']}")
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]


def test_english_can_be_chosen(world: World, client, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as("canbo")
    client.post("/language/en", data={"next": "/households/"})
    page = client.get("/households/").get_data(as_text=True)
    assert "Households" in page and 'lang="en"' in page
